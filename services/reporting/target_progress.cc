#include "services/reporting/target_progress.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors/errors.h"
#include "common/model/plan_model.h"
#include "common/model/target_comparison.h"
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

std::string StoredFrom(const google::type::Date& from) {
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(from, google::type::Date(), "", "");
  return validity.ok() ? validity->StoredFrom() : time::kOpenStart;
}

// What the measured value must reach: a goal and how it compares, once
// an increase or decrease has been turned into a level from the baseline.
struct Goal {
  double value = 0;
  pv1::TargetComparison comparison = pv1::TARGET_COMPARISON_AT_LEAST;
};

// The goal of `target` (whose value is stated); an error saying why when
// an increase or decrease has no baseline to start from.
absl::StatusOr<Goal> GoalOf(const v1::Indicator& indicator, const pv1::Target& target) {
  const double v = target.value();
  const double base = target.baseline();
  switch (target.comparison()) {
    case pv1::TARGET_COMPARISON_UNSPECIFIED:
      return Goal{v, indicator.direction() == v1::DIRECTION_LOWER_IS_BETTER
                         ? pv1::TARGET_COMPARISON_AT_MOST
                         : pv1::TARGET_COMPARISON_AT_LEAST};
    case pv1::TARGET_COMPARISON_AT_LEAST:
    case pv1::TARGET_COMPARISON_AT_MOST:
    case pv1::TARGET_COMPARISON_ABOUT:
    case pv1::TARGET_COMPARISON_EXACTLY:
      return Goal{v, target.comparison()};
    default:
      break;
  }
  if (!target.has_baseline()) {
    const bool increase = target.comparison() == pv1::TARGET_COMPARISON_INCREASE_BY ||
                          target.comparison() == pv1::TARGET_COMPARISON_INCREASE_BY_SHARE;
    return absl::FailedPreconditionError(increase ? "an increase needs a baseline"
                                                  : "a decrease needs a baseline");
  }
  switch (target.comparison()) {
    case pv1::TARGET_COMPARISON_INCREASE_BY:
      return Goal{base + v, pv1::TARGET_COMPARISON_AT_LEAST};
    case pv1::TARGET_COMPARISON_DECREASE_BY:
      return Goal{base - v, pv1::TARGET_COMPARISON_AT_MOST};
    case pv1::TARGET_COMPARISON_INCREASE_BY_SHARE:
      return Goal{base * (1 + v / 100), pv1::TARGET_COMPARISON_AT_LEAST};
    default:
      return Goal{base * (1 - v / 100), pv1::TARGET_COMPARISON_AT_MOST};
  }
}

// "About" is within 5% of the goal; "exactly" allows rounding only.
bool Meets(const Goal& goal, double value) {
  const double scale = std::max(1.0, std::abs(goal.value));
  switch (goal.comparison) {
    case pv1::TARGET_COMPARISON_AT_MOST:
      return value <= goal.value;
    case pv1::TARGET_COMPARISON_ABOUT:
      return std::abs(value - goal.value) <= 0.05 * std::abs(goal.value) + 1e-9 * scale;
    case pv1::TARGET_COMPARISON_EXACTLY:
      return std::abs(value - goal.value) <= 1e-9 * scale;
    default:
      return value >= goal.value;
  }
}

// Whether `value` is on the good side of `line`, heading from `baseline`
// towards the goal.
bool KeepsPace(const Goal& goal, double baseline, double line, double value) {
  const bool downwards =
      goal.comparison == pv1::TARGET_COMPARISON_AT_MOST ||
      (goal.comparison != pv1::TARGET_COMPARISON_AT_LEAST && goal.value < baseline);
  return downwards ? value <= line : value >= line;
}

// "due 2025", "due 2020-12-31": the target's due date as the plan gives it,
// or the last day of the plan.
std::string DueWords(const pv1::Target& target, absl::CivilDay due) {
  absl::StatusOr<time::PartialDate> partial = time::PartialDate::FromProto(target.due_date());
  return absl::StrCat(
      "due ", partial.ok() && partial->IsSet() ? partial->ToString() : time::FormatDate(due));
}

// Classes `item` holding `value` against `goal`, due `due`, as of `day`:
// with a baseline, against the straight line from it; without, only met
// or not (missed once the due date has passed).
void Classify(const pv1::Target& target, const Goal& goal, double value, absl::CivilDay due,
              absl::CivilDay day, absl::CivilDay first, v1::TargetProgress::Item* item) {
  const std::string due_words = DueWords(target, due);
  const bool below = value < goal.value;
  const std::string side = below ? "below target" : "above target";
  if (Meets(goal, value)) {
    item->set_class_(v1::PROGRESS_CLASS_MET);
    item->set_reason("target met");
    return;
  }
  if (day > due) {
    item->set_class_(v1::PROGRESS_CLASS_MISSED);
    item->set_reason(absl::StrCat(side, ", ", due_words, " has passed"));
    return;
  }
  if (!target.has_baseline()) {
    item->set_class_(v1::PROGRESS_CLASS_NOT_MET);
    item->set_reason(absl::StrCat(side, ", ", due_words, "; no baseline to judge the pace"));
    return;
  }
  const double span = static_cast<double>(due - first);
  const double elapsed = static_cast<double>(day - first);
  const double fraction = span <= 0 ? 1 : std::clamp(elapsed / span, 0.0, 1.0);
  const double line = target.baseline() + (goal.value - target.baseline()) * fraction;
  item->set_expected_by_now(line);
  const bool pace = KeepsPace(goal, target.baseline(), line, value);
  item->set_class_(pace ? v1::PROGRESS_CLASS_ON_TRACK : v1::PROGRESS_CLASS_AT_RISK);
  item->set_reason(absl::StrCat(side, ", ", pace ? "on pace" : "behind the pace from the baseline",
                                ", ", due_words));
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
  if (target.has_value()) item->set_target_value(target.value());
  *item->mutable_due_date() = target.due_date();
  item->set_comparison_words(target.comparison_words());
  std::optional<v1::Indicator> indicator;
  if (!target.indicator().empty()) indicator = catalogue_.Find(target.indicator());
  if (!indicator.has_value()) {
    item->set_class_(v1::PROGRESS_CLASS_NOT_MEASURABLE);
    item->set_explanation(target.indicator().empty() ? "the target names no catalogue indicator"
                                                     : "the indicator is not in the catalogue");
    item->set_reason(target.indicator().empty() ? "no catalogue indicator"
                                                : "indicator not in the catalogue");
    return absl::OkStatus();
  }
  absl::StatusOr<time::PartialDate> due_partial = time::PartialDate::FromProto(target.due_date());
  const absl::CivilDay due =
      due_partial.ok() && due_partial->IsSet() ? *due_partial->LatestDay() : node.period_last;
  // The latest period with data that ended by as_of.
  absl::StatusOr<std::optional<RollupRow>> best = LatestTotal(node, indicator->code(), day);
  if (!best.ok()) return best.status();
  if (best->has_value()) {
    const RollupRow& row = **best;
    newest = std::max(newest, row.update_time_micros);
    item->set_value(
        RollupEngine::ValueOf(*indicator, row.sum_value, row.sum_numerator, row.sum_denominator));
    item->set_period(row.period);
    item->set_numerator(row.sum_numerator);
    item->set_denominator(row.sum_denominator);
  }
  Judge(*indicator, target, best->has_value(), due, day, node.period_first, item);
  return absl::OkStatus();
}

void TargetProgressCalculator::Judge(const v1::Indicator& indicator, const pv1::Target& target,
                                     bool has_data, absl::CivilDay due, absl::CivilDay day,
                                     absl::CivilDay first, v1::TargetProgress::Item* item) {
  if (!target.has_value()) {
    item->set_class_(v1::PROGRESS_CLASS_NO_TARGET_VALUE);
    item->set_reason("no target value");
    item->set_explanation("the plan names the indicator but states no value to reach");
    return;
  }
  absl::StatusOr<Goal> goal = GoalOf(indicator, target);
  if (!goal.ok()) {
    item->set_class_(v1::PROGRESS_CLASS_NOT_MEASURABLE);
    item->set_reason(std::string(goal.status().message()));
    item->set_explanation(
        absl::StrCat(goal.status().message(), " to start from, and the target gives none"));
    return;
  }
  item->set_comparison(plans::ComparisonPhrase(goal->comparison));
  if (!has_data) {
    item->set_class_(day > due ? v1::PROGRESS_CLASS_MISSED : v1::PROGRESS_CLASS_NO_DATA);
    item->set_reason(day > due
                         ? absl::StrCat("no accepted data, ", DueWords(target, due), " has passed")
                         : "no accepted data");
    item->set_explanation(day > due ? "no accepted data, and the due date has passed"
                                    : "no accepted data yet");
    return;
  }
  Classify(target, *goal, item->value(), due, day, first, item);
  std::string explanation = absl::StrFormat(
      "%.2f for %s against %s %.2f due %s", item->value(), item->period(),
      plans::ComparisonPhrase(goal->comparison), goal->value, time::FormatDate(due));
  if (item->has_expected_by_now()) {
    absl::StrAppend(&explanation, absl::StrFormat("; a straight line from the baseline %.2f "
                                                  "would be at %.2f by %s",
                                                  target.baseline(), item->expected_by_now(),
                                                  time::FormatDate(day)));
  } else if (!target.has_baseline()) {
    absl::StrAppend(&explanation, "; the plan gives no baseline to draw a line from");
  }
  item->set_explanation(explanation);
}

}  // namespace interplan::reporting
