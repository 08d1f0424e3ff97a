// ReportRegistry::GetTargetProgress: each target of a plan against the
// latest rolled-up value of its indicator over the plan's unit, classed
// met / on track / at risk / missed (or no data, or not measurable when the
// target names no catalogue indicator), with the numbers behind the class.
// Read by whoever may read the plan's unit as of the plan's reference date,
// its issuer and the agencies it assigns duties to (report_access.h).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/api/resource_name.h"
#include "common/errors/errors.h"
#include "common/model/plan_model.h"
#include "common/time/date.h"
#include "common/time/partial_date.h"
#include "common/time/period.h"
#include "common/time/timestamp.h"
#include "common/time/validity.h"
#include "services/reporting/report_registry.h"

namespace interplan::reporting {
namespace {

namespace pv1 = ::interplan::plans::v1;

std::string StoredFrom(const type::v1::PartialDate& from) {
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(from, type::v1::PartialDate(), "", "");
  return validity.ok() ? validity->StoredFrom() : time::kOpenStart;
}

}  // namespace

absl::StatusOr<v1::TargetProgress> ReportRegistry::GetTargetProgress(
    const v1::GetTargetProgressRequest& request, const CallContext& call) {
  FieldViolations violations;
  absl::StatusOr<std::string> plan_id = ParseResourceName(request.plan(), "plans", "plan");
  violations.AddFrom("", plan_id.status());
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  violations.AddFrom("", as_of.status());
  if (!violations.empty()) return violations.ToStatus();
  SyncQuietly(call);
  const absl::CivilDay day = as_of->value_or(Today());

  pv1::Plan plan;
  bool found = false;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::optional<pv1::Plan>> followed = feed_.FollowedPlan(txn, *plan_id);
    if (!followed.ok()) return followed.status();
    found = followed->has_value();
    if (found) plan = std::move(**followed);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!found) {
    return ResourceNotFoundError("interplan.plans.v1.Plan", request.plan(),
                                 "not issued, or not seen by reporting yet");
  }
  absl::StatusOr<time::Period> plan_period = time::Period::Parse(plan.period());
  if (!plan_period.ok()) return plan_period.status();
  absl::StatusOr<time::PartialDate> reference = time::PartialDate::FromProto(plan.reference_date());
  const absl::CivilDay reference_day =
      reference.ok() && reference->IsComplete() ? *reference->ToDay() : plan_period->FirstDay();
  // The plan's unit in the hierarchy of its time: where its values roll up.
  absl::StatusOr<std::optional<agencies::v1::Unit>> unit =
      registry_.UnitAt(plan.unit().substr(6), reference_day, call.deadline);
  if (!unit.ok()) return unit.status();
  if (!unit->has_value()) return absl::FailedPreconditionError("the plan's unit is unknown");
  const std::string era = StoredFrom((*unit)->valid_from());
  const std::string path = (*unit)->path();
  access::Target readable;
  readable.resource = request.plan();
  readable.agency = plans::IdOf(plan.issuer());
  for (const std::string& id : plans::AssignedAgencyIds(plan)) readable.readers.push_back(id);
  readable.unit_path = path;
  readable.day = reference_day;
  absl::Status allowed = access_.CheckRead(call, readable);
  if (!allowed.ok()) return allowed;

  std::vector<const pv1::Target*> targets;
  plans::ForEachTarget(plan, [&](const pv1::Target& target) { targets.push_back(&target); });
  v1::TargetProgress progress;
  progress.set_plan(request.plan());
  int64_t newest = 0;
  for (const pv1::Target* target : targets) {
    v1::TargetProgress::Item* item = progress.add_items();
    item->set_target(target->code());
    item->set_indicator(target->indicator());
    item->set_description(target->description());
    item->set_target_value(target->value());
    *item->mutable_due_date() = target->due_date();
    if (target->indicator().empty()) {
      item->set_class_(v1::NOT_MEASURABLE);
      item->set_explanation("the target names no catalogue indicator");
      continue;
    }
    std::optional<v1::Indicator> indicator = catalogue_.Find(target->indicator());
    if (!indicator.has_value()) {
      item->set_class_(v1::NOT_MEASURABLE);
      item->set_explanation("the indicator is not in the catalogue");
      continue;
    }
    absl::StatusOr<time::PartialDate> due_partial =
        time::PartialDate::FromProto(target->due_date());
    const absl::CivilDay due = due_partial.ok() && due_partial->IsSet() ? *due_partial->LatestDay()
                                                                        : plan_period->LastDay();
    // The latest period with data that ended by as_of.
    std::vector<storage::Row> rows;
    status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
      absl::StatusOr<std::vector<storage::Row>> found = txn.Query(
          "SELECT period, sum_value, sum_numerator, sum_denominator, value_count,"
          " update_time_micros FROM rollups WHERE era = $1 AND indicator = $2 AND"
          " node_path = $3 AND category_key = ''",
          {era, indicator->code(), path});
      if (!found.ok()) return found.status();
      rows = std::move(*found);
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    const storage::Row* best = nullptr;
    absl::CivilDay best_end;
    for (const storage::Row& row : rows) {
      if (row[4].AsInt() == 0) continue;
      absl::StatusOr<time::Period> p = time::Period::Parse(row[0].AsText());
      if (!p.ok() || p->LastDay() > day) continue;
      if (best == nullptr || p->LastDay() > best_end) {
        best = &row;
        best_end = p->LastDay();
      }
    }
    const double baseline = target->has_baseline() ? target->baseline() : 0;
    const double span = static_cast<double>(due - plan_period->FirstDay());
    const double elapsed = static_cast<double>(day - plan_period->FirstDay());
    const double fraction = span <= 0 ? 1 : std::clamp(elapsed / span, 0.0, 1.0);
    item->set_expected_by_now(baseline + (target->value() - baseline) * fraction);
    if (best == nullptr) {
      item->set_class_(v1::NO_DATA);
      item->set_explanation(day > due ? "no accepted data, and the due date has passed"
                                      : "no accepted data yet");
      if (day > due) item->set_class_(v1::MISSED);
      continue;
    }
    const storage::Row& row = *best;
    newest = std::max(newest, row[5].AsInt());
    const double value =
        RollupEngine::ValueOf(*indicator, row[1].AsDouble(), row[2].AsDouble(), row[3].AsDouble());
    item->set_value(value);
    item->set_period(row[0].AsText());
    item->set_numerator(row[2].AsDouble());
    item->set_denominator(row[3].AsDouble());
    const bool lower_is_better = indicator->direction() == v1::LOWER_IS_BETTER;
    const bool met = lower_is_better ? value <= target->value() : value >= target->value();
    const bool keeping_pace =
        lower_is_better ? value <= item->expected_by_now() : value >= item->expected_by_now();
    if (met) {
      item->set_class_(v1::MET);
    } else if (day > due) {
      item->set_class_(v1::MISSED);
    } else {
      item->set_class_(keeping_pace ? v1::ON_TRACK : v1::AT_RISK);
    }
    item->set_explanation(absl::StrFormat(
        "%.2f for %s against %.2f due %s; a straight line from %.2f would be at %.2f by %s", value,
        row[0].AsText(), target->value(), time::FormatDate(due), baseline, item->expected_by_now(),
        time::FormatDate(day)));
  }
  if (newest > 0) {
    *progress.mutable_data_as_of() = time::TimestampFromMicros(newest);
  }
  return progress;
}

}  // namespace interplan::reporting
