#include "services/reporting/report_validator.h"

#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/api/resource_name.h"
#include "common/model/plan_model.h"
#include "services/reporting/rollup_engine.h"

namespace interplan::reporting {
namespace {

bool Finite(double x) { return std::isfinite(x); }

}  // namespace

void CheckReportContent(const v1::Report& report, const IndicatorCatalogue& catalogue,
                        const plans::v1::Plan& plan, const std::string& own_unit,
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
    // Disaggregations the indicator allows, each dimension once.
    std::set<int> dimensions;
    for (int c = 0; c < value.categories_size(); ++c) {
      const v1::Category& category = value.categories(c);
      const std::string field = absl::StrCat(path, ".categories[", c, "]");
      bool allowed = false;
      for (int d : indicator->disaggregations()) allowed = allowed || d == category.dimension();
      if (!allowed) {
        violations.Add(field + ".dimension",
                       absl::StrCat(indicator->code(), " is not disaggregated by ",
                                    v1::Disaggregation_Name(category.dimension())));
      } else if (!dimensions.insert(category.dimension()).second) {
        violations.Add(field + ".dimension", "the same dimension twice");
      }
      if (category.value().empty()) {
        violations.Add(field + ".value", "is required");
      } else if (category.dimension() == v1::SEX && category.value() != "female" &&
                 category.value() != "male" && category.value() != "unspecified") {
        violations.Add(field + ".value", "sex is female, male or unspecified");
      }
    }
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
    // The numbers, by the indicator's rule.
    if ((value.has_value() && !Finite(value.value())) ||
        (value.has_numerator() && !Finite(value.numerator())) ||
        (value.has_denominator() && !Finite(value.denominator()))) {
      violations.Add(path, "numbers must be finite");
      continue;
    }
    if (indicator->aggregation() == v1::RATIO_OF_SUMS) {
      if (!value.has_numerator() || !value.has_denominator()) {
        violations.Add(path + ".numerator",
                       absl::StrCat(indicator->code(),
                                    " is rolled up as a ratio of sums: give numerator and "
                                    "denominator"));
        continue;
      }
      if (value.numerator() < 0) violations.Add(path + ".numerator", "must not be negative");
      if (value.denominator() <= 0) violations.Add(path + ".denominator", "must be above 0");
      if (indicator->measure() == v1::PERCENT && value.numerator() > value.denominator()) {
        violations.Add(path + ".numerator",
                       absl::StrCat("numerator ", value.numerator(), " is above denominator ",
                                    value.denominator()));
      }
      if (value.has_value()) {
        if (indicator->measure() == v1::PERCENT && (value.value() < 0 || value.value() > 100)) {
          violations.Add(path + ".value", "a percentage must be between 0 and 100");
        } else if (value.denominator() > 0) {
          const double expected =
              RollupEngine::ValueOf(*indicator, 0, value.numerator(), value.denominator());
          if (std::fabs(expected - value.value()) > 0.05 * std::max(1.0, std::fabs(expected))) {
            violations.Add(path + ".value",
                           absl::StrCat("does not match numerator / denominator (", expected, ")"));
          }
        }
      }
      continue;
    }
    if (!value.has_value()) {
      violations.Add(path + ".value", "is required");
      continue;
    }
    if (indicator->measure() == v1::COUNT &&
        (value.value() < 0 || std::floor(value.value()) != value.value())) {
      violations.Add(path + ".value", "a count must be a whole number >= 0");
    }
    if (indicator->measure() == v1::PERCENT && (value.value() < 0 || value.value() > 100)) {
      violations.Add(path + ".value", "a percentage must be between 0 and 100");
    }
    if (indicator->measure() != v1::COUNT && indicator->measure() != v1::PERCENT &&
        value.value() < 0) {
      violations.Add(path + ".value", "must not be negative");
    }
  }
}

}  // namespace interplan::reporting
