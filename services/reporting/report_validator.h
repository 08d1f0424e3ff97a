// The checks of reporting's requests decidable without the database, each
// a pure function. A report's content: every value against the indicator
// catalogue (known indicator, allowed disaggregations, counts not negative,
// percentages within 0-100, numerator not above denominator, no value
// twice) and every task code against the plan, one field violation per
// problem. A value without a location was measured at the reporting
// agency's own unit, so it and the same value located at that unit are one
// value given twice: the second is refused (its field path named), else it
// would be rolled up twice. Then the states a report and its obligation
// must be in to be submitted or reviewed, and the filters of listings and
// counts, turned into what the stores and calculators take.
#ifndef INTERPLAN_SERVICES_REPORTING_REPORT_VALIDATOR_H_
#define INTERPLAN_SERVICES_REPORTING_REPORT_VALIDATOR_H_

#include <optional>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/api/list_window.h"
#include "common/errors/errors.h"
#include "interplan/plans/v1/plans.pb.h"
#include "interplan/reporting/v1/reporting.pb.h"
#include "services/reporting/compliance.h"
#include "services/reporting/indicator_catalogue.h"
#include "services/reporting/obligation_store.h"
#include "services/reporting/report_store.h"

namespace interplan::reporting {

// `own_unit` is the agency's unit ("units/51"), "" for a national body.
void CheckReportContent(const v1::Report& report, const IndicatorCatalogue& catalogue,
                        const plans::v1::Plan& plan, const std::string& own_unit,
                        FieldViolations& violations);

// When a report is submitted: `now`, or the day a paper report was handed
// in (report.submitted_at, to the microsecond), which must not be after
// `now` (a violation of report.submitted_at).
absl::Time SubmittedAt(const v1::Report& report, absl::Time now, FieldViolations& violations);

// FAILED_PRECONDITION (OBLIGATION_CANCELLED) when the obligation was
// cancelled.
absl::Status CheckNotCancelled(const ObligationRow& obligation);
// FAILED_PRECONDITION (ENTRY_LOCKED) when entry for the obligation closed
// (its lock date, or its exception's end) before `entry_day`, the day the
// report reached the service.
absl::Status CheckEntryOpen(const ObligationRow& obligation, const std::string& entry_day);
// FAILED_PRECONDITION (REPORT_STATUS) unless report `report_id` is new
// (`state` nullopt), returned or a draft.
absl::Status CheckResubmittable(const std::string& report_id,
                                const std::optional<ReportState>& state);
// FAILED_PRECONDITION (REPORT_STATUS) unless report `name` is submitted
// (or resubmitted), the only status it can be accepted or returned in.
absl::Status CheckReviewable(const std::string& name, v1::ReportStatus status, bool accept);
// A review's reason, cleaned; a return must say why.
absl::StatusOr<std::string> CheckReviewReason(const std::string& reason, bool accept);

// An OpenException request, checked.
struct ExceptionRequest {
  std::string obligation_id;
  std::string until;  // YYYY-MM-DD
};
absl::StatusOr<ExceptionRequest> CheckOpenExceptionRequest(const v1::OpenExceptionRequest& request);
// INVALID_ARGUMENT (until) unless `until` is after the obligation's lock
// date.
absl::Status CheckExceptionUntil(const ObligationRow& obligation, const std::string& until);

// A ListObligations request, checked.
struct ObligationListing {
  ObligationFilter filter;  // after_id from the page token; limit not set
  ListWindow window;
  std::optional<absl::CivilDay> as_of;
};
absl::StatusOr<ObligationListing> CheckListObligationsRequest(
    const v1::ListObligationsRequest& request);

// A ListReports request, checked: its filter (after_id from the page
// token, limit one more than the page) and its page.
struct ReportListing {
  ReportFilter filter;
  ListWindow window;
};
absl::StatusOr<ReportListing> CheckListReportsRequest(const v1::ListReportsRequest& request);

// A GetCompliance request counting `unit_name` (the unit the caller may
// read, report_access.h) as of `day`; violations added to `violations`
// (the query is meaningful only when there are none).
ComplianceQuery CheckComplianceRequest(const v1::GetComplianceRequest& request,
                                       const std::string& unit_name, absl::CivilDay day,
                                       FieldViolations& violations);

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_REPORT_VALIDATOR_H_
