#include "services/plans/plan_validator.h"

#include <cmath>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/api/resource_name.h"
#include "common/api/text_fields.h"
#include "common/model/target_comparison.h"
#include "common/time/date.h"
#include "common/time/partial_date.h"

namespace interplan::plans {
namespace {

namespace v1 = ::interplan::plans::v1;

bool IsShare(v1::TargetComparison comparison) {
  return comparison == v1::TARGET_COMPARISON_INCREASE_BY_SHARE ||
         comparison == v1::TARGET_COMPARISON_DECREASE_BY_SHARE;
}

// "a percentage", "a count", "a ratio".
std::string UnitWords(v1::TargetUnit unit) {
  switch (unit) {
    case v1::TARGET_UNIT_PERCENT:
      return "a percentage";
    case v1::TARGET_UNIT_COUNT:
      return "a count";
    case v1::TARGET_UNIT_RATIO:
      return "a ratio";
    default:
      return "no unit";
  }
}

// Whether a target in `unit` can state a value of an indicator that
// measures `measure`; an indicator with no measure takes any unit.
bool UnitFits(v1::TargetUnit unit, reporting::v1::Measure measure) {
  switch (measure) {
    case reporting::v1::MEASURE_COUNT:
      return unit == v1::TARGET_UNIT_COUNT;
    case reporting::v1::MEASURE_PERCENT:
      return unit == v1::TARGET_UNIT_PERCENT;
    case reporting::v1::MEASURE_RATIO:
    case reporting::v1::MEASURE_PER_100K:
      return unit == v1::TARGET_UNIT_RATIO;
    default:
      return true;
  }
}

std::string MeasureWords(reporting::v1::Measure measure) {
  switch (measure) {
    case reporting::v1::MEASURE_COUNT:
      return "a count";
    case reporting::v1::MEASURE_PERCENT:
      return "a percentage";
    case reporting::v1::MEASURE_RATIO:
      return "a ratio";
    case reporting::v1::MEASURE_PER_100K:
      return "a rate per 100,000 (a ratio)";
    default:
      return "nothing in particular";
  }
}

// Walks a plan, collecting violations and references.
class ContentChecker {
 public:
  ContentChecker(FieldViolations& violations, std::vector<std::string>* missing,
                 PlanReferences& references)
      : violations_(violations), missing_(missing), references_(references) {}

  void CheckPlan(const v1::Plan& plan, const std::string& path) {
    CheckHeader(plan, path);
    CheckDates(plan, path);
    CheckContentKnown(plan, path);
    if (plan.has_promulgated_by()) {
      CheckPromulgation(plan.promulgated_by(), path + ".promulgated_by");
    }
    CheckDistribution(plan.distribution(), path + ".distribution");
    for (int i = 0; i < plan.legal_bases_size(); ++i) {
      CheckDocument(plan.legal_bases(i), absl::StrCat(path, ".legal_bases[", i, "]"));
    }
    if (plan.has_implements_document()) {
      CheckDocument(plan.implements_document(), path + ".implements_document");
    }
    if (!plan.implements_plan().empty()) {
      absl::StatusOr<std::string> id =
          ParseResourceName(plan.implements_plan(), "plans", path + ".implements_plan");
      violations_.AddFrom("", id.status());
      if (id.ok()) references_.implements_plan = plan.implements_plan();
    }
    for (int i = 0; i < plan.sections_size(); ++i) {
      CheckSection(plan.sections(i), absl::StrCat(path, ".sections[", i, "]"));
    }
    for (int i = 0; i < plan.budget_size(); ++i) {
      CheckBudget(plan.budget(i), absl::StrCat(path, ".budget[", i, "]"));
    }
    for (int i = 0; i < plan.reporting_size(); ++i) {
      CheckReporting(plan.reporting(i), absl::StrCat(path, ".reporting[", i, "]"));
    }
    std::set<std::string> assignment_codes;
    for (int i = 0; i < plan.assignments_size(); ++i) {
      CheckAssignment(plan.assignments(i), absl::StrCat(path, ".assignments[", i, "]"),
                      assignment_codes);
    }
  }

 private:
  void Violation(const std::string& field, std::string description) {
    violations_.Add(field, std::move(description));
  }

  void Missing(const std::string& what) {
    if (missing_ != nullptr) missing_->push_back(what);
  }

  void Agency(const std::string& name, const std::string& field, const std::string& owner,
              AgencyUse use) {
    absl::StatusOr<std::string> id = ParseResourceName(name, "agencies", field);
    if (!id.ok()) {
      violations_.AddFrom("", id.status());
      return;
    }
    references_.agencies.push_back({name, field, owner, use});
  }

  void Unit(const std::string& name, const std::string& field, const std::string& owner) {
    absl::StatusOr<std::string> code = ParseResourceName(name, "units", field);
    if (!code.ok()) {
      violations_.AddFrom("", code.status());
      return;
    }
    references_.units.push_back({name, field, owner});
  }

  // Collective references: the words, a kind and a level; `within`, when
  // given, a unit that must lie inside the plan's (CheckPlanReferences).
  // Members are the service's to fill (services/plans/group_members.h).
  void Groups(const google::protobuf::RepeatedPtrField<v1::AgencyGroup>& groups,
              const std::string& path, const std::string& owner) {
    for (int i = 0; i < groups.size(); ++i) {
      const v1::AgencyGroup& group = groups.Get(i);
      const std::string field = absl::StrCat(path, "[", i, "]");
      if (group.text().empty()) {
        Violation(field + ".text", absl::StrCat(owner, ": the group's words as written"));
      }
      if (group.kind() == agencies::v1::AGENCY_KIND_UNSPECIFIED ||
          !agencies::v1::AgencyKind_IsValid(group.kind())) {
        Violation(field + ".kind",
                  absl::StrCat(owner,
                               ": the kind of agency the group denotes (\"UBND các xã\" "
                               "is AGENCY_KIND_PEOPLES_COMMITTEE)"));
      }
      if (group.level() == agencies::v1::UNIT_LEVEL_UNSPECIFIED ||
          !agencies::v1::UnitLevel_IsValid(group.level())) {
        Violation(field + ".level", absl::StrCat(owner,
                                                 ": the level of the members' units (\"các xã\" is "
                                                 "UNIT_LEVEL_COMMUNE)"));
      }
      if (!group.within().empty()) {
        Unit(group.within(), field + ".within", owner);
        references_.group_units.push_back({group.within(), field + ".within", owner});
      }
    }
  }

  // A partial date that must be well formed; returns it when set.
  std::optional<time::PartialDate> Date(const google::type::Date& date, const std::string& field) {
    absl::StatusOr<time::PartialDate> parsed = time::PartialDate::FromProto(date);
    if (!parsed.ok()) {
      Violation(field, std::string(parsed.status().message()));
      return std::nullopt;
    }
    if (!parsed->IsSet()) return std::nullopt;
    return *parsed;
  }

  // Whether a date is (possibly) inside the plan's period.
  void WithinPeriod(const time::PartialDate& date, const std::string& field,
                    const std::string& owner, const char* what) {
    if (!references_.period.has_value()) return;
    const std::optional<absl::CivilDay> earliest = date.EarliestDay();
    const std::optional<absl::CivilDay> latest = date.LatestDay();
    if (!earliest.has_value() || !latest.has_value()) return;
    if (*latest < references_.period->FirstDay() || *earliest > references_.period->LastDay()) {
      Violation(field,
                absl::StrCat(owner, ": ", what, " ", date.ToString(),
                             " is outside the plan period ", references_.period->ToString()));
    }
  }

  void CheckHeader(const v1::Plan& plan, const std::string& path) {
    if (plan.issuer().empty()) {
      Violation(path + ".issuer", "is required");
    } else {
      Agency(plan.issuer(), path + ".issuer", "the plan", AgencyUse::kIssuer);
    }
    if (plan.title().empty()) Violation(path + ".title", "is required");
    if (plan.unit().empty()) {
      Violation(path + ".unit", "is required");
    } else {
      Unit(plan.unit(), path + ".unit", "the plan");
      references_.unit = plan.unit();
    }
    if (plan.period().empty()) {
      Violation(path + ".period", "is required (\"2021\", \"2019/2020\")");
    } else {
      absl::StatusOr<time::Period> period = time::Period::Parse(plan.period());
      if (period.ok()) {
        references_.period = *period;
      } else {
        Violation(path + ".period", std::string(period.status().message()));
      }
    }
  }

  // The plan's own number and date, and the day references are checked on:
  // the plan's date, else the date of the decision that issues it, else the
  // first day of its period.
  void CheckDates(const v1::Plan& plan, const std::string& path) {
    std::optional<time::PartialDate> issued = Date(plan.issue_date(), path + ".issue_date");
    std::optional<time::PartialDate> decided;
    if (plan.has_promulgated_by()) {
      decided = Date(plan.promulgated_by().issue_date(), path + ".promulgated_by.issue_date");
    }
    if (issued.has_value()) {
      references_.reference_date = issued->LatestDay();
      if (!issued->IsComplete()) Missing("issue_date: the day (or month) is left blank");
    } else if (decided.has_value()) {
      references_.reference_date = decided->LatestDay();
      Missing("issue_date: none of its own; the decision's date is used");
    } else {
      Missing("issue_date: no date printed");
      if (references_.period.has_value()) {
        references_.reference_date = references_.period->FirstDay();
      }
    }
    if (plan.document_number().empty()) {
      Missing(plan.has_promulgated_by()
                  ? "document_number: none of its own (issued by the decision in promulgated_by)"
                  : "document_number: none printed");
    } else if (absl::StartsWith(plan.document_number(), "/")) {
      Missing("document_number: the number is left blank");
    }
  }

  // A plan has sections, unless it is known only in part: then it is known
  // by its number and date, and has no sections yet.
  void CheckContentKnown(const v1::Plan& plan, const std::string& path) {
    if (!v1::PlanContent_IsValid(plan.content())) {
      Violation(path + ".content", absl::StrCat("unknown value ", plan.content()));
      return;
    }
    if (plan.content() != v1::PLAN_CONTENT_HEADER_ONLY) {
      if (plan.sections().empty()) {
        Violation(path + ".sections",
                  "a plan needs content (a plan known only by its number, date, title and "
                  "issuer is registered with content PLAN_CONTENT_HEADER_ONLY)");
      }
      return;
    }
    if (!plan.sections().empty()) {
      Violation(path + ".sections",
                "a plan known only in part (PLAN_CONTENT_HEADER_ONLY) has no sections yet; "
                "amend it with content PLAN_CONTENT_FULL when its text is entered");
    }
    const v1::PromulgatingDocument& decision = plan.promulgated_by();
    const bool numbered = !plan.document_number().empty() ||
                          (plan.has_promulgated_by() && !decision.number().empty());
    if (!numbered) {
      Violation(path + ".document_number",
                "is required for a plan known only in part (its own number, or the number of "
                "the decision in promulgated_by)");
    }
    const bool dated = plan.issue_date().year() != 0 ||
                       (plan.has_promulgated_by() && decision.issue_date().year() != 0);
    if (!dated) {
      Violation(path + ".issue_date",
                "is required for a plan known only in part (its own date, or the decision's)");
    }
  }

  void CheckPromulgation(const v1::PromulgatingDocument& decision, const std::string& path) {
    if (decision.kind() == v1::DOCUMENT_KIND_UNSPECIFIED) {
      Violation(path + ".kind", "is required (DOCUMENT_KIND_DECISION for a Quyết định)");
    }
    if (decision.number().empty()) {
      Missing("promulgated_by.number: none printed");
    } else if (absl::StartsWith(decision.number(), "/")) {
      Missing("promulgated_by.number: the number is left blank");
    }
    if (!decision.issuer().empty()) {
      Agency(decision.issuer(), path + ".issuer", "the promulgating decision", AgencyUse::kIssuer);
    }
    // The issue date itself is read (and checked) with the plan's dates.
    absl::StatusOr<time::PartialDate> issued = time::PartialDate::FromProto(decision.issue_date());
    std::optional<time::PartialDate> effective =
        Date(decision.effective_date(), path + ".effective_date");
    if (!issued.ok() || !issued->IsSet()) {
      Missing("promulgated_by.issue_date: no date printed");
      return;
    }
    if (!effective.has_value()) {
      if (!decision.effective_from_signing()) Missing("promulgated_by.effective_date: not stated");
      return;
    }
    if (*effective->LatestDay() < *issued->EarliestDay()) {
      Violation(path + ".effective_date",
                absl::StrCat("the decision takes effect on ", effective->ToString(),
                             ", before it was issued on ", issued->ToString()));
    } else if (decision.effective_from_signing() && issued->IsComplete() &&
               effective->IsComplete() && *effective->EarliestDay() != *issued->EarliestDay()) {
      Violation(path + ".effective_date",
                absl::StrCat("the decision is in force from signing (effective_from_signing), "
                             "so from ",
                             issued->ToString(), ", not ", effective->ToString()));
    }
  }

  void CheckDistribution(const v1::Distribution& distribution, const std::string& path) {
    std::set<std::string> named;
    for (int i = 0; i < distribution.addressees_size(); ++i) {
      const v1::Distribution::Addressee& line = distribution.addressees(i);
      const std::string at = absl::StrCat(path, ".addressees[", i, "]");
      if (line.text().empty()) {
        Violation(at + ".text", "the addressee as written is required");
      }
      if (line.agency().empty()) continue;
      if (!named.insert(line.agency()).second) {
        Violation(at + ".agency", absl::StrCat("\"Nơi nhận\": ", line.agency(), " is named twice"));
      }
      Agency(line.agency(), at + ".agency", "\"Nơi nhận\"", AgencyUse::kAddressee);
    }
  }

  void CheckDocument(const v1::DocumentReference& document, const std::string& path) {
    if (document.kind() == v1::DOCUMENT_KIND_UNSPECIFIED) {
      Violation(path + ".kind", "is required");
    }
    Date(document.date(), path + ".date");
    if (!document.issuer_agency().empty()) {
      Agency(document.issuer_agency(), path + ".issuer_agency",
             absl::StrCat("document ", document.number()), AgencyUse::kDocumentIssuer);
    }
    if (document.number().empty() && document.title().empty()) {
      Violation(path, "a cited document needs a number or a title");
    }
  }

  void CheckSection(const v1::Section& section, const std::string& path) {
    if (section.code().empty()) {
      Violation(path + ".code", "is required");
    } else if (!section_codes_.insert(section.code()).second) {
      Violation(path + ".code", absl::StrCat("duplicate section code ", section.code()));
    }
    for (int i = 0; i < section.tasks_size(); ++i) {
      CheckTask(section.tasks(i), absl::StrCat(path, ".tasks[", i, "]"));
    }
    for (int i = 0; i < section.targets_size(); ++i) {
      CheckTarget(section.targets(i), absl::StrCat(path, ".targets[", i, "]"));
    }
    for (int i = 0; i < section.sections_size(); ++i) {
      CheckSection(section.sections(i), absl::StrCat(path, ".sections[", i, "]"));
    }
  }

  void CheckTask(const v1::Task& task, const std::string& path) {
    const std::string owner = absl::StrCat("task ", task.code().empty() ? "?" : task.code());
    if (task.code().empty()) {
      Violation(path + ".code", "is required");
    } else if (!task_codes_.insert(task.code()).second) {
      Violation(path + ".code", absl::StrCat("duplicate task code ", task.code()));
    }
    if (task.content().empty() && task.title().empty()) {
      Violation(path + ".content", absl::StrCat(owner, ": a task needs content"));
    }
    if (task.kind() == v1::TASK_KIND_UNSPECIFIED) {
      Violation(path + ".kind", absl::StrCat(owner, ": is required"));
    }
    if (task.lead().empty()) {
      Violation(path + ".lead", absl::StrCat(owner, ": a task needs a lead agency"));
    } else {
      Agency(task.lead(), path + ".lead", owner,
             task.lead_requested() ? AgencyUse::kRequestedLead : AgencyUse::kLead);
    }
    std::set<std::string> named = {task.lead()};
    for (int i = 0; i < task.coordinating_size(); ++i) {
      const std::string field = absl::StrCat(path, ".coordinating[", i, "]");
      if (!named.insert(task.coordinating(i)).second) {
        Violation(field, absl::StrCat(owner, ": ", task.coordinating(i), " is named twice"));
      }
      Agency(task.coordinating(i), field, owner, AgencyUse::kCoordinating);
    }
    for (int i = 0; i < task.requested_size(); ++i) {
      const std::string field = absl::StrCat(path, ".requested[", i, "]");
      if (!named.insert(task.requested(i)).second) {
        Violation(field, absl::StrCat(owner, ": ", task.requested(i), " is named twice"));
      }
      Agency(task.requested(i), field, owner, AgencyUse::kRequested);
    }
    Groups(task.coordinating_groups(), path + ".coordinating_groups", owner);
    std::optional<time::PartialDate> start = Date(task.start_date(), path + ".start_date");
    std::optional<time::PartialDate> end = Date(task.end_date(), path + ".end_date");
    if (start.has_value()) WithinPeriod(*start, path + ".start_date", owner, "start date");
    if (end.has_value()) WithinPeriod(*end, path + ".end_date", owner, "end date");
    if (start.has_value() && end.has_value() && end->LatestDay() < start->EarliestDay()) {
      Violation(path + ".end_date", absl::StrCat(owner, ": ends before it starts"));
    }
    if (task.has_annual_window()) {
      const v1::AnnualWindow& w = task.annual_window();
      for (const auto& [month, day, field] : {std::tuple{w.start_month(), w.start_day(), "start"},
                                              std::tuple{w.end_month(), w.end_day(), "end"}}) {
        // Any year will do to check a month and day; 2024 allows 29 February.
        if (!time::PartialDate::Create(2024, month, day).ok() || month == 0 || day == 0) {
          Violation(absl::StrCat(path, ".annual_window.", field, "_month"),
                    absl::StrCat(owner, ": not a day of the year"));
        }
      }
    }
    for (int i = 0; i < task.locations_size(); ++i) {
      Unit(task.locations(i), absl::StrCat(path, ".locations[", i, "]"), owner);
    }
  }

  void CheckTarget(const v1::Target& target, const std::string& path) {
    const std::string owner = absl::StrCat("target ", target.code().empty() ? "?" : target.code());
    if (target.code().empty()) {
      Violation(path + ".code", "is required");
    } else if (!target_codes_.insert(target.code()).second) {
      Violation(path + ".code", absl::StrCat("duplicate target code ", target.code()));
    }
    if (target.indicator().empty() && target.description().empty()) {
      Violation(path + ".description",
                absl::StrCat(owner, ": name a catalogue indicator or describe one"));
    }
    const bool share = IsShare(target.comparison());
    if (!target.indicator().empty()) {
      absl::StatusOr<std::string> code =
          ParseResourceName(target.indicator(), "indicators", path + ".indicator");
      violations_.AddFrom("", code.status());
      if (code.ok()) {
        references_.indicators.push_back(
            {target.indicator(), path + ".indicator", owner, target.unit(), path + ".unit", share});
      }
    }
    CheckTargetValue(target, path, owner);
    CheckComparison(target, path, owner);
    if (target.has_baseline() && target.baseline() < 0) {
      Violation(path + ".baseline", absl::StrCat(owner, ": must be >= 0"));
    }
    std::optional<time::PartialDate> due = Date(target.due_date(), path + ".due_date");
    if (due.has_value()) WithinPeriod(*due, path + ".due_date", owner, "due date");
    if (!target.lead().empty()) {
      Agency(target.lead(), path + ".lead", owner, AgencyUse::kCoordinating);
    }
    for (int i = 0; i < target.coordinating_size(); ++i) {
      Agency(target.coordinating(i), absl::StrCat(path, ".coordinating[", i, "]"), owner,
             AgencyUse::kCoordinating);
    }
  }

  // The value in its unit; a value the plan does not state is not checked.
  void CheckTargetValue(const v1::Target& target, const std::string& path,
                        const std::string& owner) {
    if (target.unit() == v1::TARGET_UNIT_UNSPECIFIED || !v1::TargetUnit_IsValid(target.unit())) {
      Violation(path + ".unit", absl::StrCat(owner, ": is required (percent, count, ratio)"));
      return;
    }
    if (!target.has_value()) return;  // "not stated", which is not 0
    const double value = target.value();
    if (!std::isfinite(value)) {
      Violation(path + ".value", absl::StrCat(owner, ": is not a number"));
      return;
    }
    // An increase by a share may exceed 100% of the baseline.
    const bool open_percent = target.comparison() == v1::TARGET_COMPARISON_INCREASE_BY_SHARE;
    if (target.unit() == v1::TARGET_UNIT_PERCENT && (value < 0 || (value > 100 && !open_percent))) {
      Violation(path + ".value",
                absl::StrCat(owner, ": a percentage must be between 0 and 100, got ", value));
    } else if (target.unit() == v1::TARGET_UNIT_COUNT &&
               (value < 0 || std::floor(value) != value)) {
      Violation(path + ".value",
                absl::StrCat(owner, ": a count must be a whole number >= 0, got ", value));
    } else if (target.unit() == v1::TARGET_UNIT_RATIO && value < 0) {
      Violation(path + ".value", absl::StrCat(owner, ": a ratio must be >= 0"));
    }
  }

  // The comparison is one the API knows, agrees with the plan's words, and
  // a share is a percentage.
  void CheckComparison(const v1::Target& target, const std::string& path,
                       const std::string& owner) {
    if (!v1::TargetComparison_IsValid(target.comparison())) {
      Violation(path + ".comparison", absl::StrCat(owner, ": unknown comparison ",
                                                   static_cast<int>(target.comparison())));
      return;
    }
    if (!ComparisonAgreesWithWords(target)) {
      std::vector<std::string> meant;
      for (v1::TargetComparison c : ComparisonsOfWords(target.comparison_words())) {
        meant.push_back(ComparisonPhrase(c));
      }
      Violation(
          path + ".comparison",
          absl::StrCat(owner, ": ", v1::TargetComparison_Name(target.comparison()), " (",
                       ComparisonPhrase(target.comparison()), ") contradicts the plan's words \"",
                       target.comparison_words(), "\" (", absl::StrJoin(meant, " or "), ")"));
    }
    if (IsShare(target.comparison()) && target.unit() != v1::TARGET_UNIT_PERCENT &&
        target.unit() != v1::TARGET_UNIT_UNSPECIFIED) {
      Violation(path + ".unit", absl::StrCat(owner,
                                             ": a change by a share of the baseline is a "
                                             "percentage: use unit TARGET_UNIT_PERCENT"));
    }
  }

  void CheckBudget(const v1::BudgetLine& line, const std::string& path) {
    if (line.source() == v1::BUDGET_SOURCE_UNSPECIFIED) {
      Violation(path + ".source", "is required");
    }
    if (line.has_amount_vnd() && line.amount_vnd() < 0) {
      Violation(path + ".amount_vnd", "must be >= 0");
    }
  }

  void CheckReporting(const v1::ReportingRequirement& report, const std::string& path) {
    if (report.kind() == v1::REPORT_KIND_UNSPECIFIED) {
      Violation(path + ".kind", "is required");
    }
    if (!report.period().empty()) {
      absl::StatusOr<time::Period> period = time::Period::Parse(report.period());
      if (!period.ok()) Violation(path + ".period", std::string(period.status().message()));
    }
    Date(report.due_date(), path + ".due_date");
    CheckRecurrence(report, path);
    const std::string owner = absl::StrCat("reporting ", path.substr(path.rfind('[')));
    for (int i = 0; i < report.reporting_agencies_size(); ++i) {
      Agency(report.reporting_agencies(i), absl::StrCat(path, ".reporting_agencies[", i, "]"),
             owner, AgencyUse::kReporting);
    }
    Groups(report.reporter_groups(), path + ".reporter_groups", owner);
    if (report.reporting_agencies().empty() && !report.all_assigned_agencies() &&
        report.reporters().empty() && report.reporter_groups().empty()) {
      Violation(path + ".reporting_agencies",
                "name who reports (agencies, all_assigned_agencies, reporter_groups, or "
                "reporters as written)");
    }
    if (!report.recipient().empty()) {
      Agency(report.recipient(), path + ".recipient", owner, AgencyUse::kRecipient);
    }
  }

  // A yearly line gives the day of each year it is due, and neither a
  // period nor a due date of its own: each year of the plan is its period.
  void CheckRecurrence(const v1::ReportingRequirement& report, const std::string& path) {
    if (!v1::ReportRecurrence_IsValid(report.recurrence())) {
      Violation(path + ".recurrence", absl::StrCat("unknown value ", report.recurrence()));
      return;
    }
    const v1::DayOfYear& day = report.annual_due();
    if (report.recurrence() == v1::REPORT_RECURRENCE_UNSPECIFIED) {
      if (report.has_annual_due()) {
        Violation(path + ".annual_due",
                  "a day of each year needs recurrence REPORT_RECURRENCE_EVERY_YEAR");
      }
      return;
    }
    // Any leap year will do to check a month and day.
    if (day.month() == 0 || day.day() == 0 ||
        !time::PartialDate::Create(2024, day.month(), day.day()).ok()) {
      Violation(path + ".annual_due",
                absl::StrCat("a yearly report needs the day of each year it is due (", day.day(),
                             "/", day.month(), " is not one)"));
    }
    if (!report.period().empty()) {
      Violation(path + ".period",
                "a yearly report covers each year of the plan in turn: leave period empty");
    }
    if (report.due_date().year() != 0) {
      Violation(path + ".due_date",
                "a yearly report is due on annual_due of each year: leave due_date empty");
    }
  }

  void CheckAssignment(const v1::Assignment& assignment, const std::string& path,
                       std::set<std::string>& codes) {
    const std::string owner = absl::StrCat("assignment ", assignment.code());
    if (!assignment.code().empty() &&
        !codes.insert(assignment.code() + assignment.agency()).second) {
      Violation(path + ".code", absl::StrCat("duplicate assignment ", assignment.code(), " for ",
                                             assignment.agency()));
    }
    Groups(assignment.addressee_groups(), path + ".addressee_groups", owner);
    if (assignment.agency().empty()) {
      if (assignment.addressees().empty() && assignment.addressee_groups().empty()) {
        Violation(path + ".agency",
                  "name the agency, addressee_groups, or the addressees as written");
      }
    } else {
      Agency(assignment.agency(), path + ".agency", owner,
             assignment.role() == v1::ASSIGNMENT_ROLE_REQUESTED ? AgencyUse::kRequestedDuty
                                                                : AgencyUse::kAssigned);
    }
    if (assignment.role() == v1::ASSIGNMENT_ROLE_UNSPECIFIED) {
      Violation(path + ".role", "is required (assigned or requested)");
    }
    if (assignment.duties().empty()) Violation(path + ".duties", "is required");
    for (int i = 0; i < assignment.with_agencies_size(); ++i) {
      Agency(assignment.with_agencies(i), absl::StrCat(path, ".with_agencies[", i, "]"), owner,
             AgencyUse::kCoordinating);
    }
  }

  FieldViolations& violations_;
  std::vector<std::string>* missing_;
  PlanReferences& references_;
  std::set<std::string> section_codes_;
  std::set<std::string> task_codes_;
  std::set<std::string> target_codes_;
};

const char* UseName(AgencyUse use) {
  switch (use) {
    case AgencyUse::kIssuer:
      return "issuer";
    case AgencyUse::kLead:
    case AgencyUse::kRequestedLead:
      return "lead";
    case AgencyUse::kCoordinating:
      return "coordinating agency";
    case AgencyUse::kRequested:
      return "requested agency";
    case AgencyUse::kAssigned:
    case AgencyUse::kRequestedDuty:
      return "agency";
    case AgencyUse::kReporting:
      return "reporting agency";
    case AgencyUse::kRecipient:
      return "recipient";
    case AgencyUse::kDocumentIssuer:
      return "issuer";
    case AgencyUse::kAddressee:
      return "addressee";
  }
  return "agency";
}

std::string FormatProtoDate(const google::type::Date& date) {
  absl::StatusOr<time::PartialDate> parsed = time::PartialDate::FromProto(date);
  return parsed.ok() ? parsed->ToString() : "?";
}

// Whether unit path `path` is `root` or below it.
bool PathWithin(absl::string_view path, absl::string_view root) {
  return path == root ||
         (absl::StartsWith(path, root) && path.size() > root.size() && path[root.size()] == '/');
}

// A plan makes reports owed only inside its own unit: each agency a
// reporting line names sits in the plan's unit's subtree, or is a national
// body (no unit). Agencies or units not resolved are named elsewhere.
void CheckReportersInside(const PlanReferences& references, const ResolvedReferences& resolved,
                          FieldViolations& violations) {
  auto plan_unit = resolved.units.find(references.unit);
  if (plan_unit == resolved.units.end()) return;
  for (const AgencyReference& ref : references.agencies) {
    if (ref.use != AgencyUse::kReporting) continue;
    auto agency = resolved.agencies.find(ref.name);
    if (agency == resolved.agencies.end() || agency->second.unit().empty()) continue;
    auto unit = resolved.units.find(agency->second.unit());
    if (unit == resolved.units.end()) continue;
    if (!PathWithin(unit->second.path(), plan_unit->second.path())) {
      violations.Add(
          ref.field,
          absl::StrCat(ref.owner, ": reporting agency ", ref.name, " (", agency->second.unit(),
                       ") is outside the plan's unit ", references.unit,
                       ": a plan makes reports owed only inside its own unit"));
    }
  }
}

// A group's `within` lies inside the plan's unit: a plan names only its
// own unit's agencies collectively.
void CheckGroupsInside(const PlanReferences& references, const ResolvedReferences& resolved,
                       FieldViolations& violations) {
  auto plan_unit = resolved.units.find(references.unit);
  if (plan_unit == resolved.units.end()) return;
  for (const UnitReference& ref : references.group_units) {
    auto unit = resolved.units.find(ref.name);
    if (unit == resolved.units.end()) continue;  // missing: reported with the units
    if (!PathWithin(unit->second.path(), plan_unit->second.path())) {
      violations.Add(ref.field, absl::StrCat(ref.owner, ": the group lies in ", ref.name, " (",
                                             unit->second.display_name(),
                                             "), outside the plan's unit ", references.unit));
    }
  }
}

}  // namespace

std::set<std::string> PlanReferences::UnitsOfReporters(
    const std::map<std::string, agencies::v1::Agency>& agencies) const {
  std::set<std::string> units;
  for (const AgencyReference& ref : this->agencies) {
    if (ref.use != AgencyUse::kReporting) continue;
    auto it = agencies.find(ref.name);
    if (it != agencies.end() && !it->second.unit().empty()) units.insert(it->second.unit());
  }
  return units;
}

std::set<std::string> PlanReferences::AgencyNames() const {
  std::set<std::string> names;
  for (const AgencyReference& ref : agencies) names.insert(ref.name);
  return names;
}

std::set<std::string> PlanReferences::UnitNames() const {
  std::set<std::string> names;
  for (const UnitReference& ref : units) names.insert(ref.name);
  return names;
}

PlanReferences CheckPlanContent(v1::Plan* plan, const std::string& path,
                                FieldViolations& violations, std::vector<std::string>* missing) {
  PlanReferences references;
  const size_t bytes = plan->ByteSizeLong();
  if (bytes > kMaxPlanBytes) {
    violations.Add(path, absl::StrCat("is ", bytes, " bytes; a plan may be at most ", kMaxPlanBytes,
                                      " bytes (4 MiB)"));
    return references;
  }
  CleanTextFields(plan, path, violations);
  FillComparisonsFromWords(plan);
  ContentChecker(violations, missing, references).CheckPlan(*plan, path);
  return references;
}

void CheckPlanReferences(const PlanReferences& references, const ResolvedReferences& resolved,
                         FieldViolations& violations) {
  if (!references.reference_date.has_value()) return;  // content errors already
  const absl::CivilDay day = *references.reference_date;
  const std::string on = absl::StrCat(" on ", time::FormatDate(day));
  for (const AgencyReference& ref : references.agencies) {
    const std::string who = absl::StrCat(ref.owner, ": ", UseName(ref.use), " ", ref.name);
    if (resolved.missing_agencies.count(ref.name) > 0) {
      violations.Add(ref.field, absl::StrCat(who, " is not a known agency"));
      continue;
    }
    auto it = resolved.agencies.find(ref.name);
    if (it == resolved.agencies.end()) continue;
    const agencies::v1::Agency& agency = it->second;
    if (ref.use != AgencyUse::kDocumentIssuer) {
      absl::StatusOr<time::PartialDate> from = time::PartialDate::FromProto(agency.valid_from());
      absl::StatusOr<time::PartialDate> to = time::PartialDate::FromProto(agency.valid_to());
      const bool started = !from.ok() || !from->IsSet() || *from->EarliestDay() <= day;
      const bool ended = to.ok() && to->IsSet() && *to->LatestDay() < day;
      if (!started) {
        violations.Add(ref.field, absl::StrCat(who, " did not exist yet", on, " (from ",
                                               FormatProtoDate(agency.valid_from()), ")"));
        continue;
      }
      if (ended) {
        violations.Add(ref.field,
                       absl::StrCat(who, " was retired", on, " (last day ",
                                    FormatProtoDate(agency.valid_to()), ")",
                                    agency.successor().empty()
                                        ? ""
                                        : absl::StrCat("; its successor is ", agency.successor())));
        continue;
      }
    }
    const bool requested_only = agency.has_assignable() && !agency.assignable();
    if (requested_only && ref.use == AgencyUse::kLead) {
      violations.Add(ref.field,
                     absl::StrCat(who, " (", agency.display_name(),
                                  ") can only be requested, not assigned; mark the lead "
                                  "as requested (\"Đề nghị ... chủ trì\") or name another"));
    }
    if (requested_only && ref.use == AgencyUse::kAssigned) {
      violations.Add(ref.field,
                     absl::StrCat(who, " (", agency.display_name(),
                                  ") can only be requested: use role ASSIGNMENT_ROLE_REQUESTED"));
    }
  }
  CheckReportersInside(references, resolved, violations);
  CheckGroupsInside(references, resolved, violations);
  for (const UnitReference& ref : references.units) {
    if (resolved.missing_units.count(ref.name) > 0) {
      violations.Add(ref.field, absl::StrCat(ref.owner, ": unit ", ref.name, " did not exist", on));
    }
  }
  for (const IndicatorReference& ref : references.indicators) {
    auto it = resolved.indicators.find(ref.name);
    if (it == resolved.indicators.end()) {
      violations.Add(ref.field, absl::StrCat(ref.owner, ": unknown indicator ", ref.name));
      continue;
    }
    if (ref.share || ref.unit == plans::v1::TARGET_UNIT_UNSPECIFIED) continue;
    if (!UnitFits(ref.unit, it->second)) {
      violations.Add(ref.unit_field,
                     absl::StrCat(ref.owner, ": ", UnitWords(ref.unit), " does not fit ", ref.name,
                                  ", which the catalogue measures as ", MeasureWords(it->second)));
    }
  }
}

}  // namespace interplan::plans
