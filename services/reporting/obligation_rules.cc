#include "services/reporting/obligation_rules.h"

#include <map>
#include <optional>
#include <utility>

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
    case pv1::REPORT_KIND_SEMI_ANNUAL:
      return v1::REPORT_KIND_SEMI_ANNUAL;
    case pv1::REPORT_KIND_ANNUAL:
      return v1::REPORT_KIND_ANNUAL;
    case pv1::REPORT_KIND_AD_HOC:
      return v1::REPORT_KIND_AD_HOC;
    case pv1::REPORT_KIND_REVIEW:
      return v1::REPORT_KIND_REVIEW;
    case pv1::REPORT_KIND_PERIODIC:
      return v1::REPORT_KIND_PERIODIC;
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
  if (line.kind() == pv1::REPORT_KIND_SEMI_ANNUAL) {
    absl::StatusOr<time::Period> half = time::Period::Containing(time::Period::Kind::kHalf, due);
    if (half.ok()) return *half;
    return std::nullopt;
  }
  return plan_period;
}

// One occasion a schedule line is due: the day, and the period it covers.
struct Occasion {
  absl::CivilDay due;
  time::Period period;
};

// `month`/`day` in `year`; 29 February is the 28th in a common year.
absl::CivilDay DayIn(int year, int month, int day) {
  const absl::CivilDay candidate(year, month, day);
  if (candidate.month() != month) return absl::CivilDay(year, month, day - 1);
  return candidate;
}

// When a line is due and what each time covers: once (its due date), or for
// a yearly line every year of the plan's period.
std::vector<Occasion> OccasionsOf(const pv1::ReportingRequirement& line,
                                  const time::Period& plan_period) {
  std::vector<Occasion> occasions;
  if (line.recurrence() == pv1::REPORT_RECURRENCE_EVERY_YEAR) {
    const pv1::DayOfYear& day = line.annual_due();
    if (day.month() < 1 || day.month() > 12 || day.day() < 1 || day.day() > 31) return occasions;
    for (int year = plan_period.Year(); year <= plan_period.LastDay().year(); ++year) {
      const absl::CivilDay due = DayIn(year, day.month(), day.day());
      absl::StatusOr<time::Period> this_year = time::Period::ForYear(year);
      if (!this_year.ok()) continue;
      std::optional<time::Period> period = PeriodOf(line, *this_year, due);
      if (period.has_value()) occasions.push_back({due, *period});
    }
    return occasions;
  }
  absl::StatusOr<time::PartialDate> due_date = time::PartialDate::FromProto(line.due_date());
  if (!due_date.ok() || !due_date->IsSet()) return occasions;  // no deadline, no obligation
  const absl::CivilDay due = *due_date->LatestDay();
  std::optional<time::Period> period = PeriodOf(line, plan_period, due);
  if (period.has_value()) occasions.push_back({due, *period});
  return occasions;
}

// The obligation of `agency` for one occasion of a line, keyed by its id.
std::pair<std::string, ObligationSpec> SpecOf(const pv1::Plan& plan, const std::string& plan_id,
                                              const std::string& agency,
                                              const std::string& recipient,
                                              const pv1::ReportingRequirement& line,
                                              absl::CivilDay due, const time::Period& period,
                                              int lock_after_days) {
  ObligationSpec spec;
  spec.plan_id = plan_id;
  spec.plan_revision = plan.revision();
  spec.agency_id = agency;
  spec.recipient_id = recipient;
  spec.kind = KindOf(line.kind());
  spec.period = period.ToString();
  spec.period_first = period.FirstDay();
  spec.period_last = period.LastDay();
  spec.due = due;
  spec.lock = due + lock_after_days;
  spec.due_text = line.due_text();
  spec.id = absl::StrCat("o", absl::Hex(Fnv1a64(absl::StrCat(plan_id, "|", agency, "|", spec.kind,
                                                             "|", spec.period, "|", recipient)),
                                        absl::kZeroPad16));
  std::string id = spec.id;
  return {std::move(id), std::move(spec)};
}

}  // namespace

std::vector<ObligationSpec> ObligationsOf(const pv1::Plan& plan, int lock_after_days) {
  std::vector<ObligationSpec> specs;
  if (plan.status() != pv1::PLAN_STATUS_ISSUED && plan.status() != pv1::PLAN_STATUS_AMENDED &&
      plan.status() != pv1::PLAN_STATUS_CLOSED) {
    return specs;
  }
  absl::StatusOr<time::Period> plan_period = time::Period::Parse(plan.period());
  if (!plan_period.ok()) return specs;
  const std::string plan_id = IdOf(plan.name());
  std::map<std::string, ObligationSpec> by_id;
  for (const pv1::ReportingRequirement& line : plan.reporting()) {
    const std::vector<Occasion> occasions = OccasionsOf(line, *plan_period);
    if (occasions.empty()) continue;
    const std::string recipient =
        !line.recipient().empty() ? IdOf(line.recipient()) : IdOf(plan.issuer());
    std::set<std::string> reporters;
    for (const std::string& agency : line.reporting_agencies()) reporters.insert(IdOf(agency));
    // Reporters named collectively: the members the plans service resolved.
    const std::set<std::string> members = plans::MemberIds(line.reporter_groups());
    reporters.insert(members.begin(), members.end());
    if (line.all_assigned_agencies()) {
      std::set<std::string> assigned = plans::AssignedAgencyIds(plan);
      reporters.insert(assigned.begin(), assigned.end());
    }
    reporters.erase(recipient);
    for (const auto& [due, period] : occasions) {
      for (const std::string& agency : reporters) {
        // The first line wins on duplicates.
        by_id.emplace(SpecOf(plan, plan_id, agency, recipient, line, due, period, lock_after_days));
      }
    }
  }
  for (auto& [id, spec] : by_id) specs.push_back(std::move(spec));
  return specs;
}

}  // namespace interplan::reporting
