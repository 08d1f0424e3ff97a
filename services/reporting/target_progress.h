// Progress against a plan's targets: each target against the latest
// rolled-up value of its indicator over the plan's unit, compared as the
// target says (at least, at most, about, exactly, or an increase or
// decrease from its baseline; by default as the indicator's direction
// says), classed met / on track / at risk / missed when the target has a
// baseline to draw a line from, only met / not met / missed without one;
// or no data, no target value (the plan states no number, which is not 0),
// or not measurable (no catalogue indicator); with the numbers behind the
// class and the reason in a few words. The
// plan is read as reporting follows it (plan_feed.h); who may read its
// progress is for report_access.h to judge, on ReadTarget.
#ifndef INTERPLAN_SERVICES_REPORTING_TARGET_PROGRESS_H_
#define INTERPLAN_SERVICES_REPORTING_TARGET_PROGRESS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/access/access_policy.h"
#include "common/clients/remembering_agencies_client.h"
#include "common/storage/database.h"
#include "interplan/plans/v1/plans.pb.h"
#include "interplan/reporting/v1/reporting.pb.h"
#include "services/reporting/indicator_catalogue.h"
#include "services/reporting/plan_feed.h"
#include "services/reporting/rollup_store.h"

namespace interplan::reporting {

class TargetProgressCalculator {
 public:
  // No argument is owned.
  TargetProgressCalculator(storage::Database& db, IndicatorCatalogue& catalogue,
                           RememberingAgenciesClient& registry, PlanFeed& feed);

  // A followed plan and the node its values roll up to: its unit in the
  // hierarchy of its reference date.
  struct PlanNode {
    plans::v1::Plan plan;
    absl::CivilDay period_first;
    absl::CivilDay period_last;
    absl::CivilDay reference_day;
    std::string era;
    std::string path;
  };

  // Plan `plan_id` (named `plan_name`) with its node; NOT_FOUND when
  // reporting has not seen it issued.
  absl::StatusOr<PlanNode> FindPlan(const std::string& plan_id, const std::string& plan_name,
                                    absl::Time deadline);
  // The plan's progress as access rules see it: readable by whoever may
  // read its unit as of its reference date, its issuer and the agencies
  // it assigns duties to.
  static access::Target ReadTarget(const PlanNode& node, const std::string& plan_name);

  // Every target of the plan as of `day`.
  absl::StatusOr<v1::TargetProgress> Progress(const PlanNode& node, const std::string& plan_name,
                                              absl::CivilDay day);

 private:
  // The plan's latest total for `indicator` of a period that ended by
  // `day`; nullopt when none has a counted value.
  absl::StatusOr<std::optional<RollupRow>> LatestTotal(const PlanNode& node,
                                                       const std::string& indicator,
                                                       absl::CivilDay day);
  // Fills `item` for `target`; `newest` keeps the latest data time.
  absl::Status Measure(const PlanNode& node, const plans::v1::Target& target, absl::CivilDay day,
                       v1::TargetProgress::Item* item, int64_t& newest);
  // Classes `item` (its value set when `has_data`) and says why.
  static void Judge(const v1::Indicator& indicator, const plans::v1::Target& target, bool has_data,
                    absl::CivilDay due, absl::CivilDay day, absl::CivilDay first,
                    v1::TargetProgress::Item* item);

  storage::Database& db_;
  IndicatorCatalogue& catalogue_;
  RememberingAgenciesClient& registry_;
  PlanFeed& feed_;
  RollupStore rollups_;
};

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_TARGET_PROGRESS_H_
