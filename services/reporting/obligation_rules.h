// Which reports a plan's reporting schedule makes each agency owe: one
// obligation per (reporting agency, kind, period, recipient) of a schedule
// line with a due date. A line that recurs every year ("hằng năm, trước
// ngày 15/12") has a due date in each year of the plan's period, so it owes
// one report per year. Lines without one ("định kỳ theo quy định") set no
// deadline anyone can miss, so they make no obligations. Pure functions.
#ifndef INTERPLAN_SERVICES_REPORTING_OBLIGATION_RULES_H_
#define INTERPLAN_SERVICES_REPORTING_OBLIGATION_RULES_H_

#include <set>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "interplan/plans/v1/plans.pb.h"
#include "interplan/reporting/v1/reporting.pb.h"

namespace interplan::reporting {

struct ObligationSpec {
  std::string id;  // stable: the same plan line gives the same id again
  std::string plan_id;
  int64_t plan_revision = 0;
  std::string agency_id;
  std::string recipient_id;
  v1::ReportKind kind = v1::REPORT_KIND_UNSPECIFIED;
  std::string period;  // canonical ("2022-H1")
  absl::CivilDay period_first;
  absl::CivilDay period_last;
  absl::CivilDay due;
  absl::CivilDay lock;
  std::string due_text;
};

// The obligations of a plan in its current state: none unless it is
// issued, amended or closed. `lock_after_days`: how long after the due
// date entry stays open.
std::vector<ObligationSpec> ObligationsOf(const plans::v1::Plan& plan, int lock_after_days);

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_OBLIGATION_RULES_H_
