#include "gateway/indicator_figures.h"

#include <cmath>

namespace interplan::gateway {
namespace {

namespace rv1 = ::interplan::reporting::v1;

const rv1::RollupValue* TotalOf(
    const google::protobuf::RepeatedPtrField<rv1::RollupValue>& values) {
  for (const rv1::RollupValue& value : values) {
    if (value.categories().empty()) return &value;
  }
  return nullptr;
}

}  // namespace

const rv1::NationalTarget* TargetFor(const rv1::Indicator& indicator, int year) {
  const rv1::NationalTarget* later = nullptr;    // the earliest at or after `year`
  const rv1::NationalTarget* earlier = nullptr;  // the latest before it
  for (const rv1::NationalTarget& target : indicator.national_targets()) {
    if (target.year() >= year) {
      if (later == nullptr || target.year() < later->year()) later = &target;
    } else if (earlier == nullptr || target.year() > earlier->year()) {
      earlier = &target;
    }
  }
  return later != nullptr ? later : earlier;
}

void SetTarget(const rv1::Indicator& indicator, int year, v1::IndicatorFigures* figures) {
  const rv1::NationalTarget* target = TargetFor(indicator, year);
  if (target == nullptr) return;
  figures->set_target(target->value());
  figures->set_target_year(target->year());
  const double value = figures->value();
  switch (target->comparison()) {
    case rv1::COMPARISON_AT_MOST:
      figures->set_comparison("at most");
      figures->set_meets_target(figures->has_value() && value <= target->value());
      break;
    case rv1::COMPARISON_ABOUT:
      // "About 60%": within a twentieth of the target either way.
      figures->set_comparison("about");
      figures->set_meets_target(figures->has_value() &&
                                std::fabs(value - target->value()) <= 0.05 * target->value());
      break;
    default:
      figures->set_comparison("at least");
      figures->set_meets_target(figures->has_value() && value >= target->value());
  }
}

void SetRollupValue(const google::protobuf::RepeatedPtrField<rv1::RollupValue>& values,
                    v1::IndicatorFigures* figures) {
  const rv1::RollupValue* total = TotalOf(values);
  if (total == nullptr || total->count() <= 0) return;
  figures->set_value(total->value());
  figures->set_numerator(total->numerator());
  figures->set_denominator(total->denominator());
  figures->set_has_value(true);
}

std::optional<rv1::RollupValue> OwnTotal(const rv1::Rollup& rollup,
                                         const rv1::Indicator& indicator) {
  const rv1::RollupValue* total = TotalOf(rollup.values());
  if (total == nullptr) return std::nullopt;
  const rv1::AggregationRule rule = rollup.aggregation() != rv1::AGGREGATION_RULE_UNSPECIFIED
                                        ? rollup.aggregation()
                                        : indicator.aggregation();
  if (rule != rv1::AGGREGATION_RULE_SUM && rule != rv1::AGGREGATION_RULE_RATIO_OF_SUMS)
    return std::nullopt;
  rv1::RollupValue own = *total;
  for (const rv1::Rollup::Child& child : rollup.children()) {
    const rv1::RollupValue* part = TotalOf(child.values());
    if (part == nullptr) continue;
    own.set_value(own.value() - part->value());
    own.set_numerator(own.numerator() - part->numerator());
    own.set_denominator(own.denominator() - part->denominator());
    own.set_count(own.count() - part->count());
  }
  if (own.count() <= 0) return std::nullopt;
  if (rule == rv1::AGGREGATION_RULE_RATIO_OF_SUMS) {
    const double scale = indicator.scale() == 0 ? 1 : indicator.scale();
    own.set_value(own.denominator() == 0 ? 0 : scale * own.numerator() / own.denominator());
  }
  return own;
}

}  // namespace interplan::gateway
