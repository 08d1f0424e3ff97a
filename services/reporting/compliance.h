// Reporting rates for a unit subtree, a plan or all plans, and a period,
// by agency and by child unit. An obligation whose agency or unit ceased
// before its due date is neither expected nor counted, so no rate exceeds
// 100%; the agency's validity is the one interplan-agencies gives now (or
// at most agency_max_age ago: agency_validity.h), so a retirement after
// the plan was followed counts. omit_agencies leaves out the by-agency
// groups, not that check. Units are those of the as_of date's hierarchy:
// an obligation of a unit that ceased counts under its successor, or under
// the successor of its nearest ancestor that has one (unit_succession.h).
// Inside the unit's own era the successor is the unit an operator linked
// it to (AddUnitSuccession), once the unit has ceased by the hierarchy's
// day: Phường 08 of Quận 3's obligations count under Phường Võ Thị Sáu,
// where it is then (its district, if it moved). A unit without such a
// link stays where it was recorded, so its nearest ancestor that
// continues counts it. interplan-agencies is asked once per unit version
// (and remembered: common/clients/remembering_agencies_client.h), and the
// path found is kept for later calls (unit_path_memo.h);
// when it cannot answer, an obligation of the era counts where it was
// recorded.
// Only obligations the caller's read scope allows are counted: a caller
// with no subtree as of that day counts those its own agency owes.
#ifndef INTERPLAN_SERVICES_REPORTING_COMPLIANCE_H_
#define INTERPLAN_SERVICES_REPORTING_COMPLIANCE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/access/access_policy.h"
#include "common/clients/remembering_agencies_client.h"
#include "common/storage/database.h"
#include "interplan/reporting/v1/reporting.pb.h"
#include "services/reporting/agency_validity.h"
#include "services/reporting/obligation_store.h"
#include "services/reporting/unit_path_memo.h"

namespace interplan::reporting {

// One GetCompliance, checked (report_validator.h).
struct ComplianceQuery {
  std::string unit_name;  // "units/51"; "" for the nation
  std::string unit_code;  // "51"; "" for the nation
  std::string plan_id;    // "" for all plans
  std::string period;     // as Period::ToString writes it
  std::string period_first;
  std::string period_last;  // YYYY-MM-DD
  bool exact_period = false;
  bool omit_agencies = false;
  absl::CivilDay day;        // states as of
  absl::CivilDay units_day;  // the hierarchy of (time::HierarchyDay)
};

class ComplianceCalculator {
 public:
  // `agency_max_age`: how old the agency records judged by may be. No
  // argument is owned.
  ComplianceCalculator(storage::Database& db, RememberingAgenciesClient& registry,
                       AgencyCache& agencies, absl::Duration agency_max_age);

  // The counts of `query` over what `scope` allows.
  absl::StatusOr<v1::Compliance> Compute(const ComplianceQuery& query,
                                         const access::ReadScope& scope, absl::Time deadline);

 private:
  // The subtree counted: the day and era of the as_of hierarchy and the
  // unit's path in it ("" for the nation).
  struct Subtree {
    absl::CivilDay day;
    std::string era;
    std::string root;
  };
  absl::StatusOr<Subtree> SubtreeOf(const ComplianceQuery& query, absl::Time deadline);
  // The obligations of the query's plan and period.
  absl::StatusOr<std::vector<ObligationRow>> ObligationsOf(const ComplianceQuery& query);
  // The obligations inside `subtree` that `scope` allows, with their unit
  // paths in its era (same order).
  absl::Status KeepInside(const Subtree& subtree, const access::ReadScope& scope,
                          absl::Time deadline, std::vector<ObligationRow>& rows,
                          std::vector<std::string>& paths);
  // The counts of `inside` (paths alongside) as a Compliance answer.
  v1::Compliance Tally(const ComplianceQuery& query, const Subtree& subtree,
                       const std::vector<ObligationRow>& inside,
                       const std::vector<std::string>& paths, const KnownAgencies& agencies,
                       absl::Time deadline);

  storage::Database& db_;
  RememberingAgenciesClient& registry_;
  AgencyCache& agencies_;
  const absl::Duration agency_max_age_;
  ObligationStore obligations_;
  UnitPathMemo paths_;  // unit versions' paths, across calls
};

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_COMPLIANCE_H_
