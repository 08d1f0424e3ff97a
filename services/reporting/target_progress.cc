#include "services/reporting/target_progress.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors/errors.h"
#include "common/model/plan_model.h"
#include "common/time/date.h"
#include "common/time/partial_date.h"
#include "common/time/period.h"
#include "common/time/timestamp.h"
#include "common/time/validity.h"
#include "services/reporting/report_registry.h"
#include "services/reporting/rollup_engine.h"

namespace interplan::reporting {
namespace {

namespace pv1 = ::interplan::plans::v1;

std::string StoredFrom(const type::v1::PartialDate& from) {
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(from, type::v1::PartialDate(), "", "");
  return validity.ok() ? validity->StoredFrom() : time::kOpenStart;
}

// Classes `item` (its expected_by_now set) by `value` of `indicator`
// against `target`, due `due`, as of `day`.
void Classify(const v1::Indicator& indicator, const pv1::Target& target, double value,
              absl::CivilDay due, absl::CivilDay day, v1::TargetProgress::Item* item) {
  const bool lower_is_better = indicator.direction() == v1::LOWER_IS_BETTER;
  const bool met = lower_is_better ? value <= target.value() : value >= target.value();
  const bool keeping_pace =
      lower_is_better ? value <= item->expected_by_now() : value >= item->expected_by_now();
  if (met) {
    item->set_class_(v1::MET);
  } else if (day > due) {
    item->set_class_(v1::MISSED);
  } else {
    item->set_class_(keeping_pace ? v1::ON_TRACK : v1::AT_RISK);
  }
}

}  // namespace

TargetProgressCalculator::TargetProgressCalculator(storage::Database& db,
                                                   IndicatorCatalogue& catalogue,
                                                   RememberingAgenciesClient& registry,
                                                   PlanFeed& feed)
    : db_(db), catalogue_(catalogue), registry_(registry), feed_(feed) {}

absl::StatusOr<TargetProgressCalculator::PlanNode> TargetProgressCalculator::FindPlan(
    const std::string& plan_id, const std::string& plan_name, absl::Time deadline) {
  PlanNode node;
  bool found = false;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::optional<pv1::Plan>> followed = feed_.FollowedPlan(txn, plan_id);
    if (!followed.ok()) return followed.status();
    found = followed->has_value();
    if (found) node.plan = std::move(**followed);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!found) {
    return ResourceNotFoundError("interplan.plans.v1.Plan", plan_name,
                                 "not issued, or not seen by reporting yet");
  }
  absl::StatusOr<time::Period> plan_period = time::Period::Parse(node.plan.period());
  if (!plan_period.ok()) return plan_period.status();
  node.period_first = plan_period->FirstDay();
  node.period_last = plan_period->LastDay();
  absl::StatusOr<time::PartialDate> reference =
      time::PartialDate::FromProto(node.plan.reference_date());
  node.reference_day =
      reference.ok() && reference->IsComplete() ? *reference->ToDay() : node.period_first;
  // The plan's unit in the hierarchy of its time: where its values roll up.
  absl::StatusOr<std::optional<agencies::v1::Unit>> unit =
      registry_.UnitAt(node.plan.unit().substr(6), node.reference_day, deadline);
  if (!unit.ok()) return unit.status();
  if (!unit->has_value()) return absl::FailedPreconditionError("the plan's unit is unknown");
  node.era = StoredFrom((*unit)->valid_from());
  node.path = (*unit)->path();
  return node;
}

access::Target TargetProgressCalculator::ReadTarget(const PlanNode& node,
                                                    const std::string& plan_name) {
  access::Target readable;
  readable.resource = plan_name;
  readable.agency = plans::IdOf(node.plan.issuer());
  for (const std::string& id : plans::AssignedAgencyIds(node.plan)) readable.readers.push_back(id);
  readable.unit_path = node.path;
  readable.day = node.reference_day;
  return readable;
}

absl::StatusOr<v1::TargetProgress> TargetProgressCalculator::Progress(const PlanNode& node,
                                                                      const std::string& plan_name,
                                                                      absl::CivilDay day) {
  std::vector<const pv1::Target*> targets;
  plans::ForEachTarget(node.plan, [&](const pv1::Target& target) { targets.push_back(&target); });
  v1::TargetProgress progress;
  progress.set_plan(plan_name);
  int64_t newest = 0;
  for (const pv1::Target* target : targets) {
    absl::Status measured = Measure(node, *target, day, progress.add_items(), newest);
    if (!measured.ok()) return measured;
  }
  if (newest > 0) {
    *progress.mutable_data_as_of() = time::TimestampFromMicros(newest);
  }
  return progress;
}

absl::StatusOr<std::optional<RollupRow>> TargetProgressCalculator::LatestTotal(
    const PlanNode& node, const std::string& indicator, absl::CivilDay day) {
  std::vector<RollupRow> rows;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::vector<RollupRow>> found =
        rollups_.NodeTotals(txn, node.era, indicator, node.path);
    if (!found.ok()) return found.status();
    rows = std::move(*found);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  std::optional<RollupRow> best;
  absl::CivilDay best_end;
  for (const RollupRow& row : rows) {
    if (row.value_count == 0) continue;
    absl::StatusOr<time::Period> p = time::Period::Parse(row.period);
    if (!p.ok() || p->LastDay() > day) continue;
    if (!best.has_value() || p->LastDay() > best_end) {
      best = row;
      best_end = p->LastDay();
    }
  }
  return best;
}

absl::Status TargetProgressCalculator::Measure(const PlanNode& node, const pv1::Target& target,
                                               absl::CivilDay day, v1::TargetProgress::Item* item,
                                               int64_t& newest) {
  item->set_target(target.code());
  item->set_indicator(target.indicator());
  item->set_description(target.description());
  item->set_target_value(target.value());
  *item->mutable_due_date() = target.due_date();
  if (target.indicator().empty()) {
    item->set_class_(v1::NOT_MEASURABLE);
    item->set_explanation("the target names no catalogue indicator");
    return absl::OkStatus();
  }
  std::optional<v1::Indicator> indicator = catalogue_.Find(target.indicator());
  if (!indicator.has_value()) {
    item->set_class_(v1::NOT_MEASURABLE);
    item->set_explanation("the indicator is not in the catalogue");
    return absl::OkStatus();
  }
  absl::StatusOr<time::PartialDate> due_partial = time::PartialDate::FromProto(target.due_date());
  const absl::CivilDay due =
      due_partial.ok() && due_partial->IsSet() ? *due_partial->LatestDay() : node.period_last;
  // The latest period with data that ended by as_of.
  absl::StatusOr<std::optional<RollupRow>> best = LatestTotal(node, indicator->code(), day);
  if (!best.ok()) return best.status();
  const double baseline = target.has_baseline() ? target.baseline() : 0;
  const double span = static_cast<double>(due - node.period_first);
  const double elapsed = static_cast<double>(day - node.period_first);
  const double fraction = span <= 0 ? 1 : std::clamp(elapsed / span, 0.0, 1.0);
  item->set_expected_by_now(baseline + (target.value() - baseline) * fraction);
  if (!best->has_value()) {
    item->set_class_(v1::NO_DATA);
    item->set_explanation(day > due ? "no accepted data, and the due date has passed"
                                    : "no accepted data yet");
    if (day > due) item->set_class_(v1::MISSED);
    return absl::OkStatus();
  }
  const RollupRow& row = **best;
  newest = std::max(newest, row.update_time_micros);
  const double value =
      RollupEngine::ValueOf(*indicator, row.sum_value, row.sum_numerator, row.sum_denominator);
  item->set_value(value);
  item->set_period(row.period);
  item->set_numerator(row.sum_numerator);
  item->set_denominator(row.sum_denominator);
  Classify(*indicator, target, value, due, day, item);
  item->set_explanation(absl::StrFormat(
      "%.2f for %s against %.2f due %s; a straight line from %.2f would be at %.2f by %s", value,
      row.period, target.value(), time::FormatDate(due), baseline, item->expected_by_now(),
      time::FormatDate(day)));
  return absl::OkStatus();
}

}  // namespace interplan::reporting
