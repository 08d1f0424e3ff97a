#include "services/reporting/obligation_rules.h"

#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/api/fingerprint.h"
#include "common/model/plan_model.h"
#include "common/time/partial_date.h"
#include "common/time/period.h"

namespace interplan::reporting {
namespace {

namespace pv1 = ::interplan::plans::v1;

using plans::IdOf;

v1::ReportKind KindOf(pv1::ReportKind kind) {
  switch (kind) {
    case pv1::SEMI_ANNUAL:
      return v1::SEMI_ANNUAL;
    case pv1::ANNUAL:
      return v1::ANNUAL;
    case pv1::AD_HOC:
      return v1::AD_HOC;
    case pv1::REVIEW:
      return v1::REVIEW;
    case pv1::PERIODIC:
      return v1::PERIODIC;
    default:
      return v1::REPORT_KIND_UNSPECIFIED;
  }
}

// The period a schedule line reports on: as written, or for a half-year
// report the half its due date falls in, or else the plan's period.
std::optional<time::Period> PeriodOf(const pv1::ReportingRequirement& line,
                                     const time::Period& plan_period, absl::CivilDay due) {
  if (!line.period().empty()) {
    absl::StatusOr<time::Period> period = time::Period::Parse(line.period());
    if (period.ok()) return *period;
    return std::nullopt;
  }
  if (line.kind() == pv1::SEMI_ANNUAL) {
    absl::StatusOr<time::Period> half = time::Period::Containing(time::Period::Kind::kHalf, due);
    if (half.ok()) return *half;
    return std::nullopt;
  }
  return plan_period;
}

}  // namespace

std::vector<ObligationSpec> ObligationsOf(const pv1::Plan& plan, int lock_after_days) {
  std::vector<ObligationSpec> specs;
  if (plan.status() != pv1::ISSUED && plan.status() != pv1::AMENDED &&
      plan.status() != pv1::CLOSED) {
    return specs;
  }
  absl::StatusOr<time::Period> plan_period = time::Period::Parse(plan.period());
  if (!plan_period.ok()) return specs;
  const std::string plan_id = IdOf(plan.name());
  std::map<std::string, ObligationSpec> by_id;
  for (const pv1::ReportingRequirement& line : plan.reporting()) {
    absl::StatusOr<time::PartialDate> due_date = time::PartialDate::FromProto(line.due_date());
    if (!due_date.ok() || !due_date->IsSet()) continue;  // no deadline, no obligation
    const absl::CivilDay due = *due_date->LatestDay();
    std::optional<time::Period> period = PeriodOf(line, *plan_period, due);
    if (!period.has_value()) continue;
    const std::string recipient =
        !line.recipient().empty() ? IdOf(line.recipient()) : IdOf(plan.issuer());
    std::set<std::string> reporters;
    for (const std::string& agency : line.reporting_agencies()) reporters.insert(IdOf(agency));
    if (line.all_assigned_agencies()) {
      std::set<std::string> assigned = plans::AssignedAgencyIds(plan);
      reporters.insert(assigned.begin(), assigned.end());
    }
    reporters.erase(recipient);
    for (const std::string& agency : reporters) {
      ObligationSpec spec;
      spec.plan_id = plan_id;
      spec.plan_revision = plan.revision();
      spec.agency_id = agency;
      spec.recipient_id = recipient;
      spec.kind = KindOf(line.kind());
      spec.period = period->ToString();
      spec.period_first = period->FirstDay();
      spec.period_last = period->LastDay();
      spec.due = due;
      spec.lock = due + lock_after_days;
      spec.due_text = line.due_text();
      spec.id =
          absl::StrCat("o", absl::Hex(Fnv1a64(absl::StrCat(plan_id, "|", agency, "|", spec.kind,
                                                           "|", spec.period, "|", recipient)),
                                      absl::kZeroPad16));
      by_id.emplace(spec.id, std::move(spec));  // the first line wins on duplicates
    }
  }
  for (auto& [id, spec] : by_id) specs.push_back(std::move(spec));
  return specs;
}

}  // namespace interplan::reporting
