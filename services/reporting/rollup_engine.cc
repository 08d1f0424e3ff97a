#include "services/reporting/rollup_engine.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/api/enum_names.h"
#include "common/api/resource_name.h"
#include "common/errors/errors.h"
#include "common/time/date.h"
#include "common/time/period.h"
#include "common/time/timestamp.h"
#include "common/time/unit_era.h"
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

}  // namespace

double RollupEngine::ValueOf(const v1::Indicator& indicator, double sum_value, double numerator,
                             double denominator) {
  if (indicator.aggregation() != v1::AGGREGATION_RULE_RATIO_OF_SUMS) return sum_value;
  if (denominator == 0) return 0;
  const double scale = indicator.scale() == 0 ? 1 : indicator.scale();
  return scale * numerator / denominator;
}

std::string RollupEngine::CategoryKey(
    const google::protobuf::RepeatedPtrField<v1::Category>& categories) {
  std::vector<std::pair<int, std::string>> parts;
  for (const v1::Category& c : categories) {
    parts.push_back(
        {c.dimension(),
         absl::StrCat(absl::AsciiStrToLower(api::ShortEnumName(c.dimension())), "=", c.value())});
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
    if (!api::ParseEnumName(kv[0], &dimension)) continue;
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

absl::StatusOr<std::vector<RollupNode>> RollupEngine::NodesOf(const std::string& code,
                                                              bool aggregates, absl::CivilDay on,
                                                              absl::CivilDay period_last,
                                                              absl::CivilDay today,
                                                              absl::Time deadline) {
  std::vector<RollupNode> nodes;
  if (code.empty()) {
    // A national body's figure: the nation of every hierarchy from the
    // end of its period to today.
    absl::StatusOr<std::vector<std::string>> eras = ErasBetween(period_last, today, deadline);
    if (!eras.ok()) return eras.status();
    for (const std::string& era : *eras) nodes.push_back({era, "", "-"});
    return nodes;
  }
  absl::StatusOr<std::optional<av1::Unit>> unit = registry_.UnitAt(code, on, deadline);
  if (!unit.ok()) return unit.status();
  if (!unit->has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("unit ", code, " did not exist on ", time::FormatDate(on)));
  }
  AddPathNodes(EraOf((*unit)->valid_from()), (*unit)->path(), aggregates, &nodes);
  if (!aggregates) return nodes;
  // The units an operator says took it over in its own era, then its
  // successor in a later one.
  absl::StatusOr<HolderInEra> held = FollowInEra(registry_, **unit, std::nullopt, deadline);
  if (!held.ok()) return held.status();
  for (const av1::Unit& taker : held->takers) {
    AddPathNodes(EraOf(taker.valid_from()), taker.path(), true, &nodes);
  }
  absl::StatusOr<std::optional<av1::UnitRef>> successor =
      SuccessorOf(registry_, **unit, "", deadline);
  if (!successor.ok()) return successor.status();
  if (successor->has_value()) {
    AddPathNodes(EraOf((*successor)->valid_from()), (*successor)->path(), true, &nodes);
  }
  // A taker shares ancestors with the unit (its district, the nation):
  // each node once, or the value would count twice there.
  std::set<std::pair<std::string, std::string>> seen;
  nodes.erase(std::remove_if(nodes.begin(), nodes.end(),
                             [&seen](const RollupNode& node) {
                               return !seen.insert({node.era, node.node_path}).second;
                             }),
              nodes.end());
  return nodes;
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
    const bool aggregates = indicator->aggregation() != v1::AGGREGATION_RULE_NOT_AGGREGATABLE;
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
      absl::StatusOr<std::vector<RollupNode>> nodes =
          NodesOf(code, aggregates, on, *period_last, today, deadline);
      if (!nodes.ok()) return nodes.status();
      cached = nodes_by_location.emplace(memo, std::move(*nodes)).first;
    }
    PlannedValue p;
    p.indicator = indicator->code();
    p.period = report.period();
    p.category_key = CategoryKey(value.categories());
    p.value = value.has_value() ? value.value() : 0;
    p.numerator = value.has_numerator() ? value.numerator() : 0;
    p.denominator = value.has_denominator() ? value.denominator() : 0;
    p.replaces = indicator->aggregation() == v1::AGGREGATION_RULE_LATEST_VALUE || !aggregates;
    p.nodes = cached->second;
    planned.push_back(std::move(p));
  }
  return planned;
}

namespace {

// Adds (sign +1) or takes back (sign -1) `values` into `changes`, one
// change per row: values of one report meet in shared nodes (two wards'
// in their district), and a statement may not touch a row twice.
// Replacing values in report order: the last one stays.
void AddChanges(const std::vector<PlannedValue>& values, int sign, int shard,
                std::map<RollupKey, RollupChange>& changes) {
  for (const PlannedValue& value : values) {
    for (const RollupNode& node : value.nodes) {
      RollupChange& change = changes[RollupKey(node.era, value.indicator, value.period,
                                               node.node_path, value.category_key)];
      change.parent_path = node.parent_path;
      change.shard = value.replaces ? 0 : shard;
      change.count += sign;
      if (!value.replaces) {
        change.value += sign * value.value;
        change.numerator += sign * value.numerator;
        change.denominator += sign * value.denominator;
      } else if (sign > 0) {
        change.replaces = true;
        change.value = value.value;
        change.numerator = value.numerator;
        change.denominator = value.denominator;
      }
    }
  }
}

}  // namespace

absl::Status RollupEngine::Apply(storage::Transaction& txn,
                                 const std::vector<PlannedValue>& take_back,
                                 const std::vector<PlannedValue>& add, absl::Time now, int shard) {
  std::map<RollupKey, RollupChange> changes;
  AddChanges(take_back, -1, shard, changes);
  AddChanges(add, +1, shard, changes);
  return store_.Upsert(txn, changes, absl::ToUnixMicros(now));
}

absl::StatusOr<RollupEngine::RollupQuery> RollupEngine::CheckRollupRequest(
    const v1::GetRollupRequest& request) const {
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
  RollupQuery query;
  query.indicator = *indicator;
  query.period = period->ToString();
  query.unit_code = code;
  query.as_of = *as_of;
  return query;
}

absl::StatusOr<RollupEngine::NodeOnDay> RollupEngine::NodeAt(const std::string& unit_code,
                                                             const std::string& unit_name,
                                                             absl::CivilDay day,
                                                             absl::Time deadline) {
  NodeOnDay node;
  if (unit_code.empty()) {
    absl::StatusOr<std::string> era = registry_.EraAt(day, deadline);
    if (!era.ok()) return era.status();
    node.era = *era;
    node.display_name = "Việt Nam";
    return node;
  }
  absl::StatusOr<std::optional<agencies::v1::Unit>> unit =
      registry_.UnitAt(unit_code, day, deadline);
  if (!unit.ok()) return unit.status();
  if (!unit->has_value()) {
    return ResourceNotFoundError("interplan.agencies.v1.Unit", unit_name,
                                 absl::StrCat("no unit with this code on ", time::FormatDate(day)));
  }
  node.era = EraOf((*unit)->valid_from());
  node.path = (*unit)->path();
  node.display_name = (*unit)->display_name();
  return node;
}

void RollupEngine::SetValue(const v1::Indicator& indicator, const RollupRow& row,
                            v1::RollupValue* value, int64_t& newest) {
  CategoriesOf(row.category_key, value->mutable_categories());
  value->set_numerator(row.sum_numerator);
  value->set_denominator(row.sum_denominator);
  value->set_value(ValueOf(indicator, row.sum_value, row.sum_numerator, row.sum_denominator));
  value->set_count(row.value_count);
  newest = std::max(newest, row.update_time_micros);
}

void RollupEngine::AddChildren(const v1::Indicator& indicator, const std::vector<RollupRow>& rows,
                               absl::CivilDay day, absl::Time deadline, v1::Rollup& rollup,
                               int64_t& newest) {
  std::map<std::string, std::vector<const RollupRow*>> children;
  for (const RollupRow& row : rows) {
    if (row.value_count == 0) continue;
    children[row.node_path].push_back(&row);
  }
  for (const auto& [child_path, child_rows] : children) {
    v1::Rollup::Child* child = rollup.add_children();
    const std::string child_code = child_path.substr(child_path.rfind('/') + 1);
    child->set_unit(absl::StrCat("units/", child_code));
    absl::StatusOr<std::string> name = registry_.DisplayNameAt(child_code, day, deadline);
    if (name.ok()) child->set_display_name(*name);
    for (const RollupRow* row : child_rows) SetValue(indicator, *row, child->add_values(), newest);
  }
}

absl::StatusOr<v1::Rollup> RollupEngine::GetRollup(const v1::GetRollupRequest& request,
                                                   absl::CivilDay today, absl::Time deadline) {
  absl::StatusOr<RollupQuery> query = CheckRollupRequest(request);
  if (!query.ok()) return query.status();
  const v1::Indicator& indicator = query->indicator;
  const absl::CivilDay day =
      time::HierarchyDay(query->as_of, time::PeriodLastDay(query->period), today);
  v1::Rollup rollup;
  rollup.set_indicator(indicator.name());
  rollup.set_unit(request.unit());
  rollup.set_period(query->period);
  rollup.set_aggregation(indicator.aggregation());
  time::DayToProto(day, rollup.mutable_as_of());
  absl::StatusOr<NodeOnDay> node = NodeAt(query->unit_code, request.unit(), day, deadline);
  if (!node.ok()) return node.status();
  rollup.set_unit_display_name(node->display_name);
  std::vector<RollupRow> own, children;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::vector<RollupRow>> rows =
        store_.NodeRows(txn, node->era, indicator.code(), query->period, node->path);
    if (!rows.ok()) return rows.status();
    own = std::move(*rows);
    children.clear();
    if (!request.by_child()) return absl::OkStatus();
    rows = store_.ChildRows(txn, node->era, indicator.code(), query->period, node->path);
    if (!rows.ok()) return rows.status();
    children = std::move(*rows);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  int64_t newest = 0;
  for (const RollupRow& row : own) {
    if (row.value_count != 0) SetValue(indicator, row, rollup.add_values(), newest);
  }
  AddChildren(indicator, children, day, deadline, rollup, newest);
  if (newest > 0) {
    *rollup.mutable_data_as_of() = time::TimestampFromMicros(newest);
  }
  return rollup;
}

}  // namespace interplan::reporting
