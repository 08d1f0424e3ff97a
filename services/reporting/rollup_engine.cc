#include "services/reporting/rollup_engine.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/api/resource_name.h"
#include "common/errors/errors.h"
#include "common/time/date.h"
#include "common/time/period.h"
#include "common/time/timestamp.h"
#include "common/time/validity.h"
#include "services/reporting/unit_succession.h"

namespace interplan::reporting {
namespace {

namespace av1 = ::interplan::agencies::v1;

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

// One roll-up row's change, summed over the values of one Apply.
struct Cell {
  std::string parent_path;
  double value = 0, numerator = 0, denominator = 0;
  int64_t count = 0;
};

// era, indicator, period, node_path, category_key: the table's key order.
using CellKey = std::tuple<std::string, std::string, std::string, std::string, std::string>;

constexpr char kInsert[] =
    "INSERT INTO rollups (era, indicator, period, node_path, category_key, parent_path,"
    " sum_value, sum_numerator, sum_denominator, value_count, update_time_micros) VALUES ";
constexpr char kNewest[] =
    " update_time_micros = CASE WHEN excluded.update_time_micros > rollups.update_time_micros"
    " THEN excluded.update_time_micros ELSE rollups.update_time_micros END";
// Values added to the node's sums.
constexpr char kAddConflict[] =
    " ON CONFLICT (era, indicator, period, node_path, category_key) DO UPDATE SET"
    " sum_value = rollups.sum_value + excluded.sum_value,"
    " sum_numerator = rollups.sum_numerator + excluded.sum_numerator,"
    " sum_denominator = rollups.sum_denominator + excluded.sum_denominator,"
    " value_count = rollups.value_count + excluded.value_count,";
// Values replacing the node's, unless it holds one accepted later.
constexpr char kReplaceConflict[] =
    " ON CONFLICT (era, indicator, period, node_path, category_key) DO UPDATE SET"
    " sum_value = CASE WHEN excluded.update_time_micros >= rollups.update_time_micros"
    " THEN excluded.sum_value ELSE rollups.sum_value END,"
    " sum_numerator = CASE WHEN excluded.update_time_micros >= rollups.update_time_micros"
    " THEN excluded.sum_numerator ELSE rollups.sum_numerator END,"
    " sum_denominator = CASE WHEN excluded.update_time_micros >= rollups.update_time_micros"
    " THEN excluded.sum_denominator ELSE rollups.sum_denominator END,"
    " value_count = rollups.value_count + excluded.value_count,";

// Upserts `cells` with `conflict` (kAddConflict or kReplaceConflict), a
// batch of rows per statement. Batches are 64, 16, 4 or 1 rows, so a
// connection prepares at most four statements of each kind.
absl::Status Upsert(storage::Transaction& txn, const std::map<CellKey, Cell>& cells,
                    const char* conflict, int64_t now_micros) {
  constexpr int kColumns = 11;
  auto it = cells.begin();
  size_t left = cells.size();
  while (left > 0) {
    size_t batch = 64;
    while (batch > left) batch /= 4;
    std::string sql = kInsert;
    storage::Params params;
    params.reserve(batch * kColumns);
    for (size_t row = 0; row < batch; ++row, ++it) {
      const auto& [era, indicator, period, node_path, category_key] = it->first;
      const Cell& cell = it->second;
      absl::StrAppend(&sql, row == 0 ? "(" : ", (");
      for (int c = 1; c <= kColumns; ++c) {
        absl::StrAppend(&sql, c == 1 ? "$" : ", $", row * kColumns + c);
      }
      sql += ")";
      params.insert(params.end(),
                    {era, indicator, period, node_path, category_key, cell.parent_path, cell.value,
                     cell.numerator, cell.denominator, cell.count, now_micros});
    }
    absl::StrAppend(&sql, conflict, kNewest);
    absl::Status status = txn.Execute(sql, params).status();
    if (!status.ok()) return status;
    left -= batch;
  }
  return absl::OkStatus();
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
    parts.push_back(
        {c.dimension(), absl::StrCat(absl::AsciiStrToLower(v1::Disaggregation_Name(c.dimension())),
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

absl::StatusOr<std::vector<std::string>> RollupEngine::ErasBetween(absl::CivilDay first,
                                                                   absl::CivilDay last,
                                                                   absl::Time deadline) {
  absl::StatusOr<std::string> from = registry_.EraAt(first, deadline);
  if (!from.ok()) return from.status();
  absl::StatusOr<std::string> to = registry_.EraAt(std::max(first, last), deadline);
  if (!to.ok()) return to.status();
  absl::StatusOr<std::vector<std::string>> seen = registry_.Eras();
  if (!seen.ok()) return seen.status();
  std::set<std::string> eras = {*from, *to};
  for (const std::string& era : *seen) {
    if (era > *from && era < *to) eras.insert(era);
  }
  return std::vector<std::string>(eras.begin(), eras.end());
}

absl::StatusOr<std::vector<PlannedValue>> RollupEngine::Plan(const v1::Report& report,
                                                             const ObligationRow& obligation,
                                                             absl::CivilDay today,
                                                             absl::Time deadline) {
  absl::StatusOr<absl::CivilDay> period_last = time::ParseDate(obligation.period_last);
  if (!period_last.ok()) return period_last.status();
  // The version of the agency's unit the obligation recorded: on its first
  // day ("0001-01-01" for an open start), which is inside it even when the
  // unit ceased before the due date.
  absl::StatusOr<absl::CivilDay> unit_day = time::ParseDate(obligation.unit_valid_from);
  if (!unit_day.ok()) unit_day = time::ParseDate(obligation.due_date);
  if (!unit_day.ok()) return unit_day.status();
  std::map<std::string, std::vector<RollupNode>> nodes_by_location;
  std::vector<PlannedValue> planned;
  for (const v1::IndicatorValue& value : report.values()) {
    std::optional<v1::Indicator> indicator = catalogue_.Find(value.indicator());
    if (!indicator.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat("unknown indicator ", value.indicator()));
    }
    const bool aggregates = indicator->aggregation() != v1::NOT_AGGREGATABLE;
    // Where it was measured: its own location, else the agency's unit.
    std::string code;
    absl::CivilDay on = *period_last;
    if (!value.location().empty()) {
      code = value.location().substr(6);
    } else if (!obligation.unit_code.empty()) {
      code = obligation.unit_code;
      on = *unit_day;
    }
    const std::string memo = absl::StrCat(code, "|", aggregates);
    auto cached = nodes_by_location.find(memo);
    if (cached == nodes_by_location.end()) {
      std::vector<RollupNode> nodes;
      if (code.empty()) {
        // A national body's figure: the nation of every hierarchy from the
        // end of its period to today.
        absl::StatusOr<std::vector<std::string>> eras = ErasBetween(*period_last, today, deadline);
        if (!eras.ok()) return eras.status();
        for (const std::string& era : *eras) nodes.push_back({era, "", "-"});
      } else {
        absl::StatusOr<std::optional<av1::Unit>> unit = registry_.UnitAt(code, on, deadline);
        if (!unit.ok()) return unit.status();
        if (!unit->has_value()) {
          return absl::FailedPreconditionError(
              absl::StrCat("unit ", code, " did not exist on ", time::FormatDate(on)));
        }
        AddPathNodes(EraOf((*unit)->valid_from()), (*unit)->path(), aggregates, &nodes);
        if (aggregates) {
          absl::StatusOr<std::optional<av1::UnitRef>> successor =
              SuccessorOf(registry_, **unit, "", deadline);
          if (!successor.ok()) return successor.status();
          if (successor->has_value()) {
            AddPathNodes(EraOf((*successor)->valid_from()), (*successor)->path(), true, &nodes);
          }
        }
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
    p.replaces = indicator->aggregation() == v1::LATEST_VALUE || !aggregates;
    p.nodes = cached->second;
    planned.push_back(std::move(p));
  }
  return planned;
}

absl::Status RollupEngine::Apply(storage::Transaction& txn, const std::vector<PlannedValue>& values,
                                 int sign, absl::Time now) {
  // Values of one report meet in shared nodes (two wards' in their
  // district): one row change per node, and a statement may not touch a
  // row twice. Replacing values in report order: the last one stays.
  std::map<CellKey, Cell> added, replaced;
  for (const PlannedValue& value : values) {
    const bool replace = value.replaces && sign > 0;
    for (const RollupNode& node : value.nodes) {
      Cell& cell = (replace ? replaced : added)[CellKey(node.era, value.indicator, value.period,
                                                        node.node_path, value.category_key)];
      cell.parent_path = node.parent_path;
      cell.count += sign;
      if (replace) {
        cell.value = value.value;
        cell.numerator = value.numerator;
        cell.denominator = value.denominator;
      } else if (!value.replaces) {
        cell.value += sign * value.value;
        cell.numerator += sign * value.numerator;
        cell.denominator += sign * value.denominator;
      }
    }
  }
  const int64_t now_micros = absl::ToUnixMicros(now);
  absl::Status status = Upsert(txn, added, kAddConflict, now_micros);
  if (!status.ok()) return status;
  return Upsert(txn, replaced, kReplaceConflict, now_micros);
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
      return ResourceNotFoundError(
          "interplan.agencies.v1.Unit", request.unit(),
          absl::StrCat("no unit with this code on ", time::FormatDate(day)));
    }
    era = EraOf((*unit)->valid_from());
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
      value->set_value(
          ValueOf(*indicator, row[1].AsDouble(), row[2].AsDouble(), row[3].AsDouble()));
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
    *rollup.mutable_data_as_of() = time::TimestampFromMicros(newest);
  }
  return rollup;
}

}  // namespace interplan::reporting
