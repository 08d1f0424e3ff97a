#include "services/reporting/report_validator.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/api/enum_names.h"
#include "common/api/list_window.h"
#include "common/api/resource_name.h"
#include "common/model/plan_model.h"
#include "common/text/clean_text.h"
#include "common/time/date.h"
#include "common/time/period.h"
#include "common/time/timestamp.h"
#include "common/time/validity.h"
#include "services/reporting/rollup_engine.h"

namespace interplan::reporting {
namespace {

bool Finite(double x) { return std::isfinite(x); }

void CheckTasks(const v1::Report& report, const plans::v1::Plan& plan,
                FieldViolations& violations) {
  const std::set<std::string> task_codes = plans::TaskCodes(plan);
  std::set<std::string> tasks_seen;
  for (int i = 0; i < report.tasks_size(); ++i) {
    const v1::TaskProgress& task = report.tasks(i);
    const std::string path = absl::StrCat("report.tasks[", i, "]");
    if (task_codes.count(task.task()) == 0) {
      violations.Add(path + ".task",
                     absl::StrCat("plan ", plan.name(), " has no task \"", task.task(), "\""));
    } else if (!tasks_seen.insert(task.task()).second) {
      violations.Add(path + ".task", absl::StrCat("task ", task.task(), " is reported twice"));
    }
    if (task.state() == v1::TASK_STATE_UNSPECIFIED || !v1::TaskState_IsValid(task.state())) {
      violations.Add(path + ".state", "is required (not started, in progress, done, dropped)");
    }
  }
}

// Disaggregations the indicator allows, each dimension once.
void CheckCategories(const v1::IndicatorValue& value, const v1::Indicator& indicator,
                     const std::string& path, FieldViolations& violations) {
  std::set<int> dimensions;
  for (int c = 0; c < value.categories_size(); ++c) {
    const v1::Category& category = value.categories(c);
    const std::string field = absl::StrCat(path, ".categories[", c, "]");
    bool allowed = false;
    for (int d : indicator.disaggregations()) allowed = allowed || d == category.dimension();
    if (!allowed) {
      violations.Add(field + ".dimension",
                     absl::StrCat(indicator.code(), " is not disaggregated by ",
                                  api::ShortEnumName(category.dimension())));
    } else if (!dimensions.insert(category.dimension()).second) {
      violations.Add(field + ".dimension", "the same dimension twice");
    }
    if (category.value().empty()) {
      violations.Add(field + ".value", "is required");
    } else if (category.dimension() == v1::DISAGGREGATION_SEX && category.value() != "female" &&
               category.value() != "male" && category.value() != "unspecified") {
      violations.Add(field + ".value", "sex is female, male or unspecified");
    }
  }
}

// The numbers of a value rolled up as a ratio of sums.
void CheckRatio(const v1::IndicatorValue& value, const v1::Indicator& indicator,
                const std::string& path, FieldViolations& violations) {
  if (!value.has_numerator() || !value.has_denominator()) {
    violations.Add(path + ".numerator",
                   absl::StrCat(indicator.code(),
                                " is rolled up as a ratio of sums: give numerator and "
                                "denominator"));
    return;
  }
  if (value.numerator() < 0) violations.Add(path + ".numerator", "must not be negative");
  if (value.denominator() <= 0) violations.Add(path + ".denominator", "must be above 0");
  if (indicator.measure() == v1::MEASURE_PERCENT && value.numerator() > value.denominator()) {
    violations.Add(path + ".numerator",
                   absl::StrCat("numerator ", value.numerator(), " is above denominator ",
                                value.denominator()));
  }
  if (!value.has_value()) return;
  if (indicator.measure() == v1::MEASURE_PERCENT && (value.value() < 0 || value.value() > 100)) {
    violations.Add(path + ".value", "a percentage must be between 0 and 100");
  } else if (value.denominator() > 0) {
    const double expected =
        RollupEngine::ValueOf(indicator, 0, value.numerator(), value.denominator());
    if (std::fabs(expected - value.value()) > 0.05 * std::max(1.0, std::fabs(expected))) {
      violations.Add(path + ".value",
                     absl::StrCat("does not match numerator / denominator (", expected, ")"));
    }
  }
}

// The numbers, by the indicator's rule.
void CheckNumbers(const v1::IndicatorValue& value, const v1::Indicator& indicator,
                  const std::string& path, FieldViolations& violations) {
  if ((value.has_value() && !Finite(value.value())) ||
      (value.has_numerator() && !Finite(value.numerator())) ||
      (value.has_denominator() && !Finite(value.denominator()))) {
    violations.Add(path, "numbers must be finite");
    return;
  }
  if (indicator.aggregation() == v1::AGGREGATION_RULE_RATIO_OF_SUMS) {
    CheckRatio(value, indicator, path, violations);
    return;
  }
  if (!value.has_value()) {
    violations.Add(path + ".value", "is required");
    return;
  }
  if (indicator.measure() == v1::MEASURE_COUNT &&
      (value.value() < 0 || std::floor(value.value()) != value.value())) {
    violations.Add(path + ".value", "a count must be a whole number >= 0");
  }
  if (indicator.measure() == v1::MEASURE_PERCENT && (value.value() < 0 || value.value() > 100)) {
    violations.Add(path + ".value", "a percentage must be between 0 and 100");
  }
  if (indicator.measure() != v1::MEASURE_COUNT && indicator.measure() != v1::MEASURE_PERCENT &&
      value.value() < 0) {
    violations.Add(path + ".value", "must not be negative");
  }
}

void CheckValues(const v1::Report& report, const IndicatorCatalogue& catalogue,
                 const std::string& own_unit, FieldViolations& violations) {
  std::set<std::string> values_seen;
  for (int i = 0; i < report.values_size(); ++i) {
    const v1::IndicatorValue& value = report.values(i);
    const std::string path = absl::StrCat("report.values[", i, "]");
    std::optional<v1::Indicator> indicator = catalogue.Find(value.indicator());
    if (value.indicator().empty() || !absl::StartsWith(value.indicator(), "indicators/") ||
        !indicator.has_value()) {
      violations.Add(path + ".indicator",
                     absl::StrCat("unknown indicator \"", value.indicator(), "\""));
      continue;
    }
    CheckCategories(value, *indicator, path, violations);
    if (!value.location().empty()) {
      absl::StatusOr<std::string> code =
          ParseResourceName(value.location(), "units", path + ".location");
      violations.AddFrom("", code.status());
    }
    // Where it was measured: no location is the agency's own unit.
    const std::string& location = value.location().empty() ? own_unit : value.location();
    const std::string key = absl::StrCat(
        indicator->code(), "|", RollupEngine::CategoryKey(value.categories()), "|", location);
    if (!values_seen.insert(key).second) {
      violations.Add(path, absl::StrCat("the same value (", indicator->code(),
                                        ", same categories and location) is given twice"));
    }
    CheckNumbers(value, *indicator, path, violations);
  }
}

}  // namespace

void CheckReportContent(const v1::Report& report, const IndicatorCatalogue& catalogue,
                        const plans::v1::Plan& plan, const std::string& own_unit,
                        FieldViolations& violations) {
  CheckTasks(report, plan, violations);
  CheckValues(report, catalogue, own_unit, violations);
}

absl::Time SubmittedAt(const v1::Report& report, absl::Time now, FieldViolations& violations) {
  if (!report.has_submitted_at()) return now;
  // To the microsecond, as it is stored.
  const absl::Time submitted_at =
      absl::FromUnixMicros(absl::ToUnixMicros(time::FromTimestamp(report.submitted_at())));
  if (submitted_at > now) violations.Add("report.submitted_at", "is in the future");
  return submitted_at;
}

absl::Status CheckNotCancelled(const ObligationRow& obligation) {
  if (!obligation.cancelled) return absl::OkStatus();
  return WithErrorInfo(absl::FailedPreconditionError(absl::StrCat(
                           "obligations/", obligation.id,
                           " was cancelled: its plan was withdrawn or amended without it")),
                       "OBLIGATION_CANCELLED");
}

absl::Status CheckEntryOpen(const ObligationRow& obligation, const std::string& entry_day) {
  const std::string open_until = std::max(obligation.lock_date, obligation.exception_until);
  if (entry_day <= open_until) return absl::OkStatus();
  return WithErrorInfo(absl::FailedPreconditionError(
                           absl::StrCat("entry for obligations/", obligation.id, " closed after ",
                                        open_until, " (this report reached the service on ",
                                        entry_day, "); the recipient can open an exception")),
                       "ENTRY_LOCKED",
                       {{"obligation", absl::StrCat("obligations/", obligation.id)}});
}

absl::Status CheckResubmittable(const std::string& report_id,
                                const std::optional<ReportState>& state) {
  if (!state.has_value()) return absl::OkStatus();
  if (state->status == v1::REPORT_STATUS_RETURNED || state->status == v1::REPORT_STATUS_DRAFT)
    return absl::OkStatus();
  return WithErrorInfo(absl::FailedPreconditionError(absl::StrCat(
                           "reports/", report_id, " is ", api::ShortEnumName(state->status),
                           "; only a returned report can be submitted again")),
                       "REPORT_STATUS");
}

absl::Status CheckReviewable(const std::string& name, v1::ReportStatus status, bool accept) {
  if (status == v1::REPORT_STATUS_SUBMITTED || status == v1::REPORT_STATUS_RESUBMITTED)
    return absl::OkStatus();
  return WithErrorInfo(absl::FailedPreconditionError(absl::StrCat(
                           name, " is ", api::ShortEnumName(status),
                           "; only a submitted report can be ", accept ? "accepted" : "returned")),
                       "REPORT_STATUS");
}

absl::StatusOr<std::string> CheckReviewReason(const std::string& reason, bool accept) {
  absl::StatusOr<std::string> clean_reason = text::CleanText(reason);
  if (!clean_reason.ok()) {
    return InvalidFieldError("reason", std::string(clean_reason.status().message()));
  }
  if (!accept && clean_reason->empty()) {
    return InvalidFieldError("reason", "say why the report goes back");
  }
  return clean_reason;
}

absl::StatusOr<ExceptionRequest> CheckOpenExceptionRequest(
    const v1::OpenExceptionRequest& request) {
  FieldViolations violations;
  absl::StatusOr<std::string> id =
      ParseResourceName(request.obligation(), "obligations", "obligation");
  violations.AddFrom("", id.status());
  absl::StatusOr<std::optional<absl::CivilDay>> until =
      time::OptionalDayFromProto(request.until(), "until");
  violations.AddFrom("", until.status());
  if (until.ok() && !until->has_value()) violations.Add("until", "is required");
  if (!violations.empty()) return violations.ToStatus();
  ExceptionRequest checked;
  checked.obligation_id = *id;
  checked.until = time::FormatDate(**until);
  return checked;
}

absl::Status CheckExceptionUntil(const ObligationRow& obligation, const std::string& until) {
  if (until > obligation.lock_date) return absl::OkStatus();
  return InvalidFieldError("until",
                           absl::StrCat("must be after the lock date ", obligation.lock_date));
}

absl::StatusOr<ObligationListing> CheckListObligationsRequest(
    const v1::ListObligationsRequest& request) {
  FieldViolations violations;
  ObligationListing listing;
  if (!request.agency().empty()) {
    absl::StatusOr<std::string> id = ParseResourceName(request.agency(), "agencies", "agency");
    violations.AddFrom("", id.status());
    if (id.ok()) listing.filter.agency_id = *id;
  }
  if (!request.plan().empty()) {
    absl::StatusOr<std::string> id = ParseResourceName(request.plan(), "plans", "plan");
    violations.AddFrom("", id.status());
    if (id.ok()) listing.filter.plan_id = *id;
  }
  if (!request.period().empty()) {
    absl::StatusOr<time::Period> period = time::Period::Parse(request.period());
    if (!period.ok()) {
      violations.Add("period", std::string(period.status().message()));
    } else {
      listing.filter.period = period->ToString();
    }
  }
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  violations.AddFrom("", as_of.status());
  listing.window =
      ListWindow::Of(request, request.page_size(), request.page_token(), 200, 1000, &violations);
  if (!violations.empty()) return violations.ToStatus();
  listing.filter.after_id = listing.window.after();
  listing.as_of = *as_of;
  return listing;
}

absl::StatusOr<ReportListing> CheckListReportsRequest(const v1::ListReportsRequest& request) {
  FieldViolations violations;
  ReportListing listing;
  ReportFilter& filter = listing.filter;
  if (!request.plan().empty()) {
    absl::StatusOr<std::string> id = ParseResourceName(request.plan(), "plans", "plan");
    violations.AddFrom("", id.status());
    if (id.ok()) filter.plan_id = *id;
  }
  if (!request.agency().empty()) {
    absl::StatusOr<std::string> id = ParseResourceName(request.agency(), "agencies", "agency");
    violations.AddFrom("", id.status());
    if (id.ok()) filter.agency_id = *id;
  }
  if (!request.period().empty()) {
    absl::StatusOr<time::Period> period = time::Period::Parse(request.period());
    if (!period.ok()) {
      violations.Add("period", std::string(period.status().message()));
    } else {
      filter.period = period->ToString();
    }
  }
  filter.status = request.status();
  listing.window =
      ListWindow::Of(request, request.page_size(), request.page_token(), 100, 1000, &violations);
  if (!violations.empty()) return violations.ToStatus();
  filter.after_id = listing.window.after();
  filter.limit = listing.window.fetch_limit();
  return listing;
}

ComplianceQuery CheckComplianceRequest(const v1::GetComplianceRequest& request,
                                       const std::string& unit_name, absl::CivilDay day,
                                       FieldViolations& violations) {
  ComplianceQuery query;
  query.unit_name = unit_name;
  query.day = day;
  query.exact_period = request.exact_period();
  query.omit_agencies = request.omit_agencies();
  if (!unit_name.empty()) {
    absl::StatusOr<std::string> code = ParseResourceName(unit_name, "units", "unit");
    violations.AddFrom("", code.status());
    if (code.ok()) query.unit_code = *code;
  }
  if (!request.plan().empty()) {
    absl::StatusOr<std::string> id = ParseResourceName(request.plan(), "plans", "plan");
    violations.AddFrom("", id.status());
    if (id.ok()) query.plan_id = *id;
  }
  absl::StatusOr<time::Period> period = time::Period::Parse(request.period());
  if (!period.ok()) {
    violations.Add("period", std::string(period.status().message()));
    return query;
  }
  query.period = period->ToString();
  query.period_first = time::FormatDate(period->FirstDay());
  query.period_last = time::FormatDate(period->LastDay());
  return query;
}

}  // namespace interplan::reporting
