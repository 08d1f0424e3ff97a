// The figures of an indicator in a view: which national target a year is
// judged against, how a value meets it, the total among disaggregated
// values, and what a unit's own bodies hold beyond its children.
#include "gateway/indicator_figures.h"

#include "gtest/gtest.h"

namespace interplan::gateway {
namespace {

namespace rv1 = ::interplan::reporting::v1;

rv1::Indicator WithTargets(std::initializer_list<std::pair<int, double>> targets,
                           rv1::Comparison comparison = rv1::COMPARISON_AT_LEAST) {
  rv1::Indicator indicator;
  indicator.set_code("NSGE-1.1");
  indicator.set_aggregation(rv1::AGGREGATION_RULE_RATIO_OF_SUMS);
  indicator.set_scale(100);
  for (const auto& [year, value] : targets) {
    rv1::NationalTarget* target = indicator.add_national_targets();
    target->set_year(year);
    target->set_value(value);
    target->set_comparison(comparison);
  }
  return indicator;
}

rv1::RollupValue Value(double value, double numerator, double denominator, int64_t count,
                       const std::string& sex = "") {
  rv1::RollupValue v;
  v.set_value(value);
  v.set_numerator(numerator);
  v.set_denominator(denominator);
  v.set_count(count);
  if (!sex.empty()) {
    rv1::Category* category = v.add_categories();
    category->set_dimension(rv1::DISAGGREGATION_SEX);
    category->set_value(sex);
  }
  return v;
}

TEST(TargetForTest, TheYearsOwnTargetElseTheNextElseTheLast) {
  // Listed out of order on purpose.
  const rv1::Indicator indicator = WithTargets({{2030, 75}, {2025, 60}});
  EXPECT_EQ(TargetFor(indicator, 2022)->year(), 2025);
  EXPECT_EQ(TargetFor(indicator, 2025)->year(), 2025);
  EXPECT_EQ(TargetFor(indicator, 2026)->year(), 2030);
  EXPECT_EQ(TargetFor(indicator, 2030)->year(), 2030);
  EXPECT_EQ(TargetFor(indicator, 2031)->year(), 2030);
  EXPECT_EQ(TargetFor(WithTargets({}), 2022), nullptr);
}

TEST(SetTargetTest, ComparisonsAndValuesMeetingThem) {
  v1::IndicatorFigures at_least;
  at_least.set_has_value(true);
  at_least.set_value(60);
  SetTarget(WithTargets({{2025, 60}}), 2022, &at_least);
  EXPECT_EQ(at_least.comparison(), "at least");
  EXPECT_DOUBLE_EQ(at_least.target(), 60);
  EXPECT_EQ(at_least.target_year(), 2025);
  EXPECT_TRUE(at_least.meets_target());

  v1::IndicatorFigures at_most;
  at_most.set_has_value(true);
  at_most.set_value(111.5);
  SetTarget(WithTargets({{2025, 111}}, rv1::COMPARISON_AT_MOST), 2024, &at_most);
  EXPECT_EQ(at_most.comparison(), "at most");
  EXPECT_FALSE(at_most.meets_target());

  v1::IndicatorFigures about;
  about.set_has_value(true);
  about.set_value(58);  // within 5% of 60
  SetTarget(WithTargets({{2030, 60}}, rv1::COMPARISON_ABOUT), 2030, &about);
  EXPECT_EQ(about.comparison(), "about");
  EXPECT_TRUE(about.meets_target());
  about.set_value(56);
  SetTarget(WithTargets({{2030, 60}}, rv1::COMPARISON_ABOUT), 2030, &about);
  EXPECT_FALSE(about.meets_target());

  // No value meets nothing, not even "at most".
  v1::IndicatorFigures none;
  SetTarget(WithTargets({{2025, 111}}, rv1::COMPARISON_AT_MOST), 2022, &none);
  EXPECT_DOUBLE_EQ(none.target(), 111);
  EXPECT_FALSE(none.meets_target());

  v1::IndicatorFigures no_target;
  no_target.set_has_value(true);
  SetTarget(WithTargets({}), 2022, &no_target);
  EXPECT_EQ(no_target.comparison(), "");
  EXPECT_EQ(no_target.target_year(), 0);
}

TEST(SetRollupValueTest, TheTotalIsTheValueWithoutCategories) {
  google::protobuf::RepeatedPtrField<rv1::RollupValue> values;
  *values.Add() = Value(75, 3, 4, 2, "female");
  *values.Add() = Value(50, 5, 10, 3);
  *values.Add() = Value(40, 2, 5, 2, "male");
  v1::IndicatorFigures f;
  SetRollupValue(values, &f);
  EXPECT_TRUE(f.has_value());
  EXPECT_DOUBLE_EQ(f.value(), 50);
  EXPECT_DOUBLE_EQ(f.numerator(), 5);
  EXPECT_DOUBLE_EQ(f.denominator(), 10);

  // Only disaggregated values: no total, no value (not a zero).
  google::protobuf::RepeatedPtrField<rv1::RollupValue> by_sex;
  *by_sex.Add() = Value(75, 3, 4, 2, "female");
  v1::IndicatorFigures none;
  SetRollupValue(by_sex, &none);
  EXPECT_FALSE(none.has_value());
}

// A province whose departments reported 6500/7200 and whose one district
// reported 98/150: the departments' share is what is left.
TEST(OwnTotalTest, RatioOfSumsSubtractsNumeratorsAndDenominators) {
  rv1::Rollup rollup;
  rollup.set_aggregation(rv1::AGGREGATION_RULE_RATIO_OF_SUMS);
  *rollup.add_values() = Value(100.0 * 6598 / 7350, 6598, 7350, 3);
  *rollup.add_values() = Value(90, 9, 10, 1, "female");
  rv1::Rollup::Child* district = rollup.add_children();
  district->set_unit("units/522");
  *district->add_values() = Value(100.0 * 98 / 150, 98, 150, 1);
  std::optional<rv1::RollupValue> own = OwnTotal(rollup, WithTargets({}));
  ASSERT_TRUE(own.has_value());
  EXPECT_DOUBLE_EQ(own->numerator(), 6500);
  EXPECT_DOUBLE_EQ(own->denominator(), 7200);
  EXPECT_NEAR(own->value(), 100.0 * 6500 / 7200, 1e-9);
  EXPECT_EQ(own->count(), 2);
  EXPECT_TRUE(own->categories().empty());
}

TEST(OwnTotalTest, SumsSubtractValues) {
  rv1::Rollup rollup;
  rollup.set_aggregation(rv1::AGGREGATION_RULE_SUM);
  *rollup.add_values() = Value(700, 0, 0, 3);
  for (double part : {200.0, 300.0}) {
    *rollup.add_children()->add_values() = Value(part, 0, 0, 1);
  }
  rv1::Indicator count;
  count.set_aggregation(rv1::AGGREGATION_RULE_SUM);
  std::optional<rv1::RollupValue> own = OwnTotal(rollup, count);
  ASSERT_TRUE(own.has_value());
  EXPECT_DOUBLE_EQ(own->value(), 200);
  EXPECT_EQ(own->count(), 1);
}

TEST(OwnTotalTest, NothingOfItsOwnOrNothingToSubtract) {
  rv1::Rollup all_children;
  all_children.set_aggregation(rv1::AGGREGATION_RULE_SUM);
  *all_children.add_values() = Value(500, 0, 0, 2);
  *all_children.add_children()->add_values() = Value(500, 0, 0, 2);
  EXPECT_FALSE(OwnTotal(all_children, rv1::Indicator()).has_value());

  rv1::Rollup latest = all_children;
  latest.set_aggregation(rv1::AGGREGATION_RULE_LATEST_VALUE);
  latest.mutable_children(0)->mutable_values(0)->set_count(1);
  EXPECT_FALSE(OwnTotal(latest, rv1::Indicator()).has_value());

  EXPECT_FALSE(OwnTotal(rv1::Rollup(), rv1::Indicator()).has_value());
}

}  // namespace
}  // namespace interplan::gateway
