#include "services/reporting/rollup_engine.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/api/resource_name.h"
#include "common/errors/errors.h"
#include "common/time/date.h"
#include "common/time/period.h"
#include "common/time/validity.h"

namespace interplan::reporting {
namespace {

namespace av1 = ::interplan::agencies::v1;

std::string StoredFrom(const type::v1::PartialDate& from) {
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(from, type::v1::PartialDate(), "", "");
  return validity.ok() ? validity->StoredFrom() : time::kOpenStart;
}

// The nodes of a unit's path, nation included: "79/764" -> "", "79", "79/764".
void AddPathNodes(const std::string& era, const std::string& path, bool ancestors,
                  std::vector<RollupNode>* nodes) {
  if (path.empty()) {
    nodes->push_back({era, "", "-"});
    return;
  }
  std::vector<std::string> parts = absl::StrSplit(path, '/');
  if (!ancestors) {
    const std::string parent = absl::StrJoin(parts.begin(), parts.end() - 1, "/");
    nodes->push_back({era, path, parent});
    return;
  }
  nodes->push_back({era, "", "-"});
  std::string node;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string parent = node;
    node = i == 0 ? parts[0] : absl::StrCat(node, "/", parts[i]);
    nodes->push_back({era, node, parent});
  }
}

// The nodes a value at `unit` feeds: its own hierarchy, and the later one
// through its successor (the most detailed one) when it has ceased.
std::vector<RollupNode> NodesOf(const av1::Unit& unit, bool ancestors) {
  std::vector<RollupNode> nodes;
  AddPathNodes(StoredFrom(unit.valid_from()), unit.path(), ancestors, &nodes);
  const av1::UnitRef* successor = nullptr;
  for (const av1::UnitRef& ref : unit.successors()) {
    if (successor == nullptr || ref.level() > successor->level()) successor = &ref;
  }
  if (successor != nullptr) {
    AddPathNodes(StoredFrom(successor->valid_from()), successor->path(), ancestors, &nodes);
  }
  return nodes;
}

}  // namespace

double RollupEngine::ValueOf(const v1::Indicator& indicator, double sum_value, double numerator,
                             double denominator) {
  if (indicator.aggregation() != v1::RATIO_OF_SUMS) return sum_value;
  if (denominator == 0) return 0;
  const double scale = indicator.scale() == 0 ? 1 : indicator.scale();
  return scale * numerator / denominator;
}

std::string RollupEngine::CategoryKey(
    const google::protobuf::RepeatedPtrField<v1::Category>& categories) {
  std::vector<std::pair<int, std::string>> parts;
  for (const v1::Category& c : categories) {
    parts.push_back({c.dimension(), absl::StrCat(absl::AsciiStrToLower(
                                                     v1::Disaggregation_Name(c.dimension())),
                                                 "=", c.value())});
  }
  std::sort(parts.begin(), parts.end());
  std::vector<std::string> keys;
  for (auto& [dimension, key] : parts) keys.push_back(std::move(key));
  return absl::StrJoin(keys, ";");
}

void RollupEngine::CategoriesOf(const std::string& key,
                                google::protobuf::RepeatedPtrField<v1::Category>* out) {
  if (key.empty()) return;
  for (absl::string_view part : absl::StrSplit(key, ';')) {
    std::vector<std::string> kv = absl::StrSplit(part, absl::MaxSplits('=', 1));
    if (kv.size() != 2) continue;
    v1::Disaggregation dimension;
    if (!v1::Disaggregation_Parse(absl::AsciiStrToUpper(kv[0]), &dimension)) continue;
    v1::Category* category = out->Add();
    category->set_dimension(dimension);
    category->set_value(kv[1]);
  }
}

absl::StatusOr<std::string> RollupEngine::EraAt(absl::CivilDay day, absl::Time deadline) {
  return registry_.EraAt(day, deadline);
}

absl::StatusOr<std::vector<PlannedValue>> RollupEngine::Plan(const v1::Report& report,
                                                             const ObligationRow& obligation,
                                                             absl::Time deadline) {
  absl::StatusOr<absl::CivilDay> period_last = time::ParseDate(obligation.period_last);
  if (!period_last.ok()) return period_last.status();
  absl::StatusOr<absl::CivilDay> due = time::ParseDate(obligation.due_date);
  if (!due.ok()) return due.status();
  std::map<std::string, std::vector<RollupNode>> nodes_by_location;
  std::vector<PlannedValue> planned;
  for (const v1::IndicatorValue& value : report.values()) {
    std::optional<v1::Indicator> indicator = catalogue_.Find(value.indicator());
    if (!indicator.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat("unknown indicator ", value.indicator()));
    }
    const bool ancestors = indicator->aggregation() != v1::NOT_AGGREGATABLE;
    // Where it was measured: its own location, else the agency's unit.
    std::string code;
    absl::CivilDay on = *period_last;
    if (!value.location().empty()) {
      code = value.location().substr(6);
    } else if (!obligation.unit_code.empty()) {
      code = obligation.unit_code;
      absl::StatusOr<time::Validity> stored =
          time::Validity::FromStored(obligation.unit_valid_from, time::kOpenEnd);
      on = *due;
      // The unit the obligation recorded: look it up on its own first day
      // if the due date is outside it.
      if (stored.ok() && stored->from.has_value() && on < *stored->from) on = *stored->from;
    }
    const std::string memo = absl::StrCat(code, "|", ancestors);
    auto cached = nodes_by_location.find(memo);
    if (cached == nodes_by_location.end()) {
      std::vector<RollupNode> nodes;
      if (code.empty()) {
        // A national body's figure: the nation of every hierarchy.
        absl::StatusOr<std::vector<std::string>> eras = registry_.Eras();
        if (!eras.ok()) return eras.status();
        for (const std::string& era : *eras) nodes.push_back({era, "", "-"});
      } else {
        absl::StatusOr<std::optional<av1::Unit>> unit = registry_.UnitAt(code, on, deadline);
        if (!unit.ok()) return unit.status();
        if (!unit->has_value()) {
          return absl::FailedPreconditionError(
              absl::StrCat("unit ", code, " did not exist on ", time::FormatDate(on)));
        }
        nodes = NodesOf(**unit, ancestors);
      }
      cached = nodes_by_location.emplace(memo, std::move(nodes)).first;
    }
    PlannedValue p;
    p.indicator = indicator->code();
    p.period = report.period();
    p.category_key = CategoryKey(value.categories());
    p.value = value.has_value() ? value.value() : 0;
    p.numerator = value.has_numerator() ? value.numerator() : 0;
    p.denominator = value.has_denominator() ? value.denominator() : 0;
    p.nodes = cached->second;
    planned.push_back(std::move(p));
  }
  return planned;
}

absl::Status RollupEngine::Apply(storage::Transaction& txn,
                                 const std::vector<PlannedValue>& values, int sign) {
  const int64_t now = absl::ToUnixMicros(absl::Now());
  for (const PlannedValue& value : values) {
    for (const RollupNode& node : value.nodes) {
      absl::Status status =
          txn.Execute(
                 "INSERT INTO rollups (era, indicator, period, category_key, node_path,"
                 " parent_path, sum_value, sum_numerator, sum_denominator, value_count,"
                 " update_time_micros) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                 " ON CONFLICT (era, indicator, period, category_key, node_path) DO UPDATE SET"
                 " sum_value = rollups.sum_value + excluded.sum_value,"
                 " sum_numerator = rollups.sum_numerator + excluded.sum_numerator,"
                 " sum_denominator = rollups.sum_denominator + excluded.sum_denominator,"
                 " value_count = rollups.value_count + excluded.value_count,"
                 " update_time_micros = excluded.update_time_micros",
                 {node.era, value.indicator, value.period, value.category_key, node.node_path,
                  node.parent_path, sign * value.value, sign * value.numerator,
                  sign * value.denominator, static_cast<int64_t>(sign), now})
              .status();
      if (!status.ok()) return status;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Rollup> RollupEngine::GetRollup(const v1::GetRollupRequest& request,
                                                   absl::CivilDay today, absl::Time deadline) {
  FieldViolations violations;
  std::optional<v1::Indicator> indicator = catalogue_.Find(request.indicator());
  if (request.indicator().empty()) {
    violations.Add("indicator", "is required");
  } else if (!indicator.has_value()) {
    violations.Add("indicator", absl::StrCat("unknown indicator ", request.indicator()));
  }
  absl::StatusOr<time::Period> period = time::Period::Parse(request.period());
  if (!period.ok()) violations.Add("period", std::string(period.status().message()));
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  violations.AddFrom("", as_of.status());
  std::string code;
  if (!request.unit().empty()) {
    absl::StatusOr<std::string> parsed = ParseResourceName(request.unit(), "units", "unit");
    violations.AddFrom("", parsed.status());
    if (parsed.ok()) code = *parsed;
  }
  if (!violations.empty()) return violations.ToStatus();
  const absl::CivilDay day = as_of->value_or(today);

  v1::Rollup rollup;
  rollup.set_indicator(indicator->name());
  rollup.set_unit(request.unit());
  rollup.set_period(period->ToString());
  rollup.set_aggregation(indicator->aggregation());
  time::DayToProto(day, rollup.mutable_as_of());
  std::string era, path;
  if (code.empty()) {
    absl::StatusOr<std::string> found = registry_.EraAt(day, deadline);
    if (!found.ok()) return found.status();
    era = *found;
    rollup.set_unit_display_name("Việt Nam");
  } else {
    absl::StatusOr<std::optional<agencies::v1::Unit>> unit = registry_.UnitAt(code, day, deadline);
    if (!unit.ok()) return unit.status();
    if (!unit->has_value()) {
      return ResourceNotFoundError("interplan.agencies.v1.Unit", request.unit(),
                                   absl::StrCat("no unit with this code on ",
                                                time::FormatDate(day)));
    }
    era = StoredFrom((*unit)->valid_from());
    path = (*unit)->path();
    rollup.set_unit_display_name((*unit)->display_name());
  }
  int64_t newest = 0;
  std::map<std::string, std::vector<storage::Row>> children;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    rollup.clear_values();
    children.clear();
    absl::StatusOr<std::vector<storage::Row>> rows = txn.Query(
        "SELECT category_key, sum_value, sum_numerator, sum_denominator, value_count,"
        " update_time_micros FROM rollups WHERE era = $1 AND indicator = $2 AND period = $3"
        " AND node_path = $4 ORDER BY category_key",
        {era, indicator->code(), rollup.period(), path});
    if (!rows.ok()) return rows.status();
    for (const storage::Row& row : *rows) {
      if (row[4].AsInt() == 0) continue;
      v1::RollupValue* value = rollup.add_values();
      CategoriesOf(row[0].AsText(), value->mutable_categories());
      value->set_numerator(row[2].AsDouble());
      value->set_denominator(row[3].AsDouble());
      value->set_value(ValueOf(*indicator, row[1].AsDouble(), row[2].AsDouble(),
                               row[3].AsDouble()));
      value->set_count(row[4].AsInt());
      newest = std::max(newest, row[5].AsInt());
    }
    if (!request.by_child()) return absl::OkStatus();
    absl::StatusOr<std::vector<storage::Row>> child_rows = txn.Query(
        "SELECT node_path, category_key, sum_value, sum_numerator, sum_denominator,"
        " value_count, update_time_micros FROM rollups WHERE era = $1 AND indicator = $2"
        " AND period = $3 AND parent_path = $4 ORDER BY node_path, category_key",
        {era, indicator->code(), rollup.period(), path});
    if (!child_rows.ok()) return child_rows.status();
    for (storage::Row& row : *child_rows) {
      if (row[5].AsInt() == 0) continue;
      children[row[0].AsText()].push_back(std::move(row));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  for (const auto& [child_path, rows] : children) {
    v1::Rollup::Child* child = rollup.add_children();
    const std::string child_code = child_path.substr(child_path.rfind('/') + 1);
    child->set_unit(absl::StrCat("units/", child_code));
    absl::StatusOr<std::optional<agencies::v1::Unit>> unit =
        registry_.UnitAt(child_code, day, deadline);
    if (unit.ok() && unit->has_value()) child->set_display_name((*unit)->display_name());
    for (const storage::Row& row : rows) {
      v1::RollupValue* value = child->add_values();
      CategoriesOf(row[1].AsText(), value->mutable_categories());
      value->set_numerator(row[3].AsDouble());
      value->set_denominator(row[4].AsDouble());
      value->set_value(
          ValueOf(*indicator, row[2].AsDouble(), row[3].AsDouble(), row[4].AsDouble()));
      value->set_count(row[5].AsInt());
      newest = std::max(newest, row[6].AsInt());
    }
  }
  if (newest > 0) {
    rollup.mutable_data_as_of()->set_seconds(newest / 1000000);
    rollup.mutable_data_as_of()->set_nanos(static_cast<int32_t>(newest % 1000000) * 1000);
  }
  return rollup;
}

}  // namespace interplan::reporting
