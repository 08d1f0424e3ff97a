// An overview filled from canned answers, with no process and no network:
// each unit's plans, compliance counts, key indicator values and Action
// Month figures land in its own row, the province's own bodies in theirs,
// and the totals hold the whole; a service that did not answer leaves its
// figures out.
#include "gateway/overview_sections.h"

#include <string>

#include "gateway/overview_answers.h"
#include "gateway/overview_rows.h"
#include "gtest/gtest.h"

namespace interplan::gateway {
namespace {

namespace av1 = ::interplan::agencies::v1;
namespace pv1 = ::interplan::plans::v1;
namespace rv1 = ::interplan::reporting::v1;
namespace cv1 = ::interplan::campaigns::v1;

void AddUnit(const std::string& code, const std::string& path, const std::string& display_name,
             av1::ListUnitsResponse* units) {
  av1::Unit* unit = units->add_units();
  unit->set_name("units/" + code);
  unit->set_code(code);
  unit->set_path(path);
  unit->set_display_name(display_name);
  unit->mutable_valid_from()->set_year(2020);
}

rv1::ComplianceCounts Counts(int expected, int submitted, int on_time, int late) {
  rv1::ComplianceCounts counts;
  counts.set_expected(expected);
  counts.set_submitted(submitted);
  counts.set_on_time(on_time);
  counts.set_late(late);
  counts.set_missing(expected - submitted);
  counts.set_submission_rate(expected == 0 ? 0 : static_cast<double>(submitted) / expected);
  return counts;
}

// A summed value over `count` reports.
rv1::RollupValue Sum(double value, int count) {
  rv1::RollupValue v;
  v.set_value(value);
  v.set_count(count);
  return v;
}

void AddPlan(const std::string& path, pv1::PlanStatus status, int tasks, int issue_year,
             std::vector<std::string> agencies, pv1::ListPlanDigestsResponse* digests) {
  pv1::PlanDigest* d = digests->add_digests();
  d->set_unit_path(path);
  d->set_status(status);
  d->set_tasks(tasks);
  d->mutable_reference_date()->set_year(2022);
  if (issue_year != 0) d->mutable_issue_date()->set_year(issue_year);
  for (const std::string& agency : agencies) d->add_agencies(agency);
}

void AddChildCampaign(const std::string& unit, int activities, int female, int male,
                      cv1::CampaignFigures* figures) {
  cv1::CampaignFigures::ChildFigures* child = figures->add_children();
  child->set_unit(unit);
  child->set_activities(activities);
  child->mutable_participants()->set_female(female);
  child->mutable_participants()->set_male(male);
  child->mutable_participants()->set_total(female + male);
}

// Ho Chi Minh City (79) in 2022, two districts, every service answering.
OverviewAnswers ProvinceAnswers() {
  OverviewAnswers answers;
  answers.year = 2022;
  answers.as_of = absl::CivilDay(2022, 12, 31);
  answers.unit_code = "79";
  answers.unit.emplace();
  answers.unit->set_name("units/79");
  answers.unit->set_code("79");
  answers.unit->set_path("79");
  answers.unit->set_display_name("Thành phố Hồ Chí Minh");
  answers.unit->mutable_valid_from()->set_year(2020);
  answers.rows.emplace();
  AddUnit("760", "79/760", "Quận 1", &*answers.rows);
  AddUnit("769", "79/769", "Thành phố Thủ Đức", &*answers.rows);

  answers.digests.emplace();
  AddPlan("79/760", pv1::PLAN_STATUS_ISSUED, 4, 2022, {"agencies/a", "agencies/b"},
          &*answers.digests);
  AddPlan("79/760/26734", pv1::PLAN_STATUS_AMENDED, 2, 2021, {"agencies/b"}, &*answers.digests);
  AddPlan("79/769", pv1::PLAN_STATUS_DRAFT, 9, 0, {"agencies/c"}, &*answers.digests);
  AddPlan("79", pv1::PLAN_STATUS_ISSUED, 5, 2022, {"agencies/d"}, &*answers.digests);
  AddPlan("79/769", pv1::PLAN_STATUS_WITHDRAWN, 7, 2022, {"agencies/e"}, &*answers.digests);
  AddPlan("01/001", pv1::PLAN_STATUS_ISSUED, 3, 2022, {"agencies/f"}, &*answers.digests);

  rv1::Compliance year;
  *year.mutable_total() = Counts(10, 7, 5, 2);
  rv1::Compliance::Group* district = year.add_by_child_unit();
  district->set_key("units/760");
  *district->mutable_counts() = Counts(4, 3, 2, 1);
  rv1::Compliance::Group* own = year.add_by_child_unit();
  own->set_key("units/79");
  *own->mutable_counts() = Counts(6, 4, 3, 1);
  answers.compliance.push_back({"2022-H1", std::nullopt});  // reporting was late for H1
  answers.compliance.push_back({"2022", year});

  OverviewAnswers::KeyIndicator indicator{"LOC-COMM-OFFICIALS", rv1::Indicator(), rv1::Rollup()};
  indicator.indicator->set_display_name_vi("Số cán bộ");
  indicator.indicator->set_aggregation(rv1::AGGREGATION_RULE_SUM);
  rv1::NationalTarget* target = indicator.indicator->add_national_targets();
  target->set_year(2025);
  target->set_value(100);
  target->set_comparison(rv1::COMPARISON_AT_LEAST);
  indicator.rollup->set_aggregation(rv1::AGGREGATION_RULE_SUM);
  *indicator.rollup->add_values() = Sum(120, 5);
  rv1::Rollup::Child* q1 = indicator.rollup->add_children();
  q1->set_unit("units/760");
  *q1->add_values() = Sum(30, 2);
  rv1::Rollup::Child* thu_duc = indicator.rollup->add_children();
  thu_duc->set_unit("units/769");
  *thu_duc->add_values() = Sum(50, 2);
  answers.key_indicators.push_back(indicator);

  answers.campaign.emplace();
  cv1::CampaignFigures* current = answers.campaign->mutable_current();
  current->set_campaign("campaigns/action-month-2022");
  current->mutable_start_date()->set_year(2022);
  current->mutable_start_date()->set_month(11);
  current->mutable_start_date()->set_day(15);
  current->set_activities(12);
  current->mutable_participants()->set_female(300);
  current->mutable_participants()->set_male(200);
  current->mutable_participants()->set_total(500);
  AddChildCampaign("units/760", 5, 100, 50, current);
  AddChildCampaign("units/769", 4, 80, 70, current);
  return answers;
}

struct Filled {
  v1::Overview overview;
  OverviewRows rows;
};

Filled Fill(const OverviewAnswers& answers) {
  Filled filled;
  filled.overview = StartOverview(answers);
  filled.rows = IndexRows(answers, &filled.overview);
  FillPlans(answers, filled.rows);
  FillCompliance(answers, filled.rows);
  FillKeyIndicators(answers, filled.rows, &filled.overview);
  FillActionMonth(answers, filled.rows);
  return filled;
}

const v1::OverviewRow& RowOf(const v1::Overview& overview, const std::string& unit) {
  for (const v1::OverviewRow& row : overview.rows()) {
    if (row.unit() == unit) return row;
  }
  ADD_FAILURE() << "no row " << unit;
  static const v1::OverviewRow* const kNone = new v1::OverviewRow();
  return *kNone;
}

TEST(OverviewSectionsTest, ProvinceRowsAreTheDistrictsThenTheProvincesOwnBodies) {
  Filled filled = Fill(ProvinceAnswers());
  const v1::Overview& o = filled.overview;
  EXPECT_EQ(o.unit(), "units/79");
  EXPECT_EQ(o.display_name(), "Thành phố Hồ Chí Minh");
  ASSERT_EQ(o.rows_size(), 3);
  EXPECT_EQ(o.rows(0).unit(), "units/760");
  EXPECT_EQ(o.rows(1).unit(), "units/769");
  EXPECT_EQ(o.rows(2).unit(), "units/79");
  EXPECT_EQ(o.rows(2).display_name(), "Thành phố Hồ Chí Minh (cấp tỉnh)");
  EXPECT_EQ(o.totals().unit(), "units/79");
}

TEST(OverviewSectionsTest, PlansCountInTheirDistrictTheOwnRowAndTheTotals) {
  const v1::Overview o = Fill(ProvinceAnswers()).overview;
  const v1::PlanFigures& q1 = RowOf(o, "units/760").plans();
  EXPECT_EQ(q1.plans(), 2);  // the district's and its ward's
  EXPECT_EQ(q1.tasks(), 6);
  EXPECT_EQ(q1.assigned_agencies(), 2);
  EXPECT_EQ(q1.latest_issue_date().year(), 2022);
  EXPECT_EQ(q1.latest_status(), "ISSUED");
  const v1::PlanFigures& thu_duc = RowOf(o, "units/769").plans();
  EXPECT_EQ(thu_duc.plans(), 0);  // a draft, and a withdrawn plan that does not count
  EXPECT_EQ(thu_duc.drafts(), 1);
  EXPECT_EQ(thu_duc.assigned_agencies(), 0);
  EXPECT_EQ(RowOf(o, "units/79").plans().plans(), 1);
  EXPECT_EQ(RowOf(o, "units/79").plans().tasks(), 5);
  // Hanoi's plan is outside the view.
  EXPECT_EQ(o.totals().plans().plans(), 3);
  EXPECT_EQ(o.totals().plans().drafts(), 1);
  EXPECT_EQ(o.totals().plans().tasks(), 11);
  EXPECT_EQ(o.totals().plans().assigned_agencies(), 3);
}

TEST(OverviewSectionsTest, ComplianceCountsLandInEachRowAndAMissingPeriodIsLeftOut) {
  const v1::Overview o = Fill(ProvinceAnswers()).overview;
  ASSERT_EQ(o.totals().compliance_size(), 1);
  EXPECT_EQ(o.totals().compliance(0).period(), "2022");
  EXPECT_EQ(o.totals().compliance(0).expected(), 10);
  EXPECT_EQ(o.totals().compliance(0).submitted(), 7);
  const v1::ComplianceFigures& q1 = RowOf(o, "units/760").compliance(0);
  EXPECT_EQ(q1.expected(), 4);
  EXPECT_EQ(q1.submitted(), 3);
  EXPECT_EQ(q1.on_time(), 2);
  EXPECT_EQ(q1.late(), 1);
  EXPECT_DOUBLE_EQ(q1.submission_rate(), 0.75);
  const v1::ComplianceFigures& own = RowOf(o, "units/79").compliance(0);
  EXPECT_EQ(own.expected(), 6);
  EXPECT_EQ(own.submitted(), 4);
  // A district with no group is there with zeros.
  ASSERT_EQ(RowOf(o, "units/769").compliance_size(), 1);
  EXPECT_EQ(RowOf(o, "units/769").compliance(0).expected(), 0);
}

TEST(OverviewSectionsTest, IndicatorValuesGoToTheirChildAndTheOwnRowHoldsTheRest) {
  const v1::Overview o = Fill(ProvinceAnswers()).overview;
  ASSERT_EQ(o.indicators_size(), 1);
  EXPECT_EQ(o.indicators(0).indicator(), "indicators/LOC-COMM-OFFICIALS");
  EXPECT_EQ(o.indicators(0).display_name(), "Số cán bộ");
  EXPECT_DOUBLE_EQ(o.indicators(0).target(), 100);
  EXPECT_EQ(o.indicators(0).target_year(), 2025);
  ASSERT_EQ(o.totals().indicators_size(), 1);
  EXPECT_DOUBLE_EQ(o.totals().indicators(0).value(), 120);
  EXPECT_TRUE(o.totals().indicators(0).meets_target());
  EXPECT_DOUBLE_EQ(RowOf(o, "units/760").indicators(0).value(), 30);
  EXPECT_FALSE(RowOf(o, "units/760").indicators(0).meets_target());
  EXPECT_DOUBLE_EQ(RowOf(o, "units/769").indicators(0).value(), 50);
  EXPECT_TRUE(RowOf(o, "units/79").indicators(0).has_value());
  EXPECT_DOUBLE_EQ(RowOf(o, "units/79").indicators(0).value(), 40);  // 120 - 30 - 50
}

TEST(OverviewSectionsTest, ActionMonthFiguresGoToTheirChildAndTheOwnRowHoldsTheRest) {
  const v1::Overview o = Fill(ProvinceAnswers()).overview;
  EXPECT_EQ(o.totals().campaigns().campaign(), "campaigns/action-month-2022");
  EXPECT_EQ(o.totals().campaigns().activities(), 12);
  EXPECT_EQ(o.totals().campaigns().participants(), 500);
  EXPECT_EQ(RowOf(o, "units/760").campaigns().activities(), 5);
  EXPECT_EQ(RowOf(o, "units/760").campaigns().female(), 100);
  EXPECT_EQ(RowOf(o, "units/769").campaigns().male(), 70);
  const v1::CampaignFigures& own = RowOf(o, "units/79").campaigns();
  EXPECT_EQ(own.activities(), 3);  // 12 - 5 - 4
  EXPECT_EQ(own.female(), 120);
  EXPECT_EQ(own.participants(), 200);
}

TEST(OverviewSectionsTest, NationalRowsAreProvincesAndPlansGoByTheFirstPathElement) {
  OverviewAnswers answers;
  answers.year = 2022;
  answers.as_of = absl::CivilDay(2022, 12, 31);
  answers.rows.emplace();
  AddUnit("01", "01", "Hà Nội", &*answers.rows);
  AddUnit("79", "79", "Thành phố Hồ Chí Minh", &*answers.rows);
  answers.digests.emplace();
  AddPlan("01/001", pv1::PLAN_STATUS_ISSUED, 3, 2022, {"agencies/a"}, &*answers.digests);
  AddPlan("79/760", pv1::PLAN_STATUS_ISSUED, 4, 2022, {"agencies/b"}, &*answers.digests);
  AddPlan("79", pv1::PLAN_STATUS_ISSUED, 1, 2022, {"agencies/b"}, &*answers.digests);
  rv1::Compliance year;
  *year.mutable_total() = Counts(20, 15, 10, 5);
  rv1::Compliance::Group* hcmc = year.add_by_child_unit();
  hcmc->set_key("units/79");
  *hcmc->mutable_counts() = Counts(8, 8, 8, 0);
  answers.compliance.push_back({"2022", year});
  const v1::Overview o = Fill(answers).overview;
  EXPECT_EQ(o.display_name(), "Việt Nam");
  ASSERT_EQ(o.rows_size(), 2);  // no row of the nation's own
  EXPECT_EQ(RowOf(o, "units/01").plans().plans(), 1);
  EXPECT_EQ(RowOf(o, "units/79").plans().plans(), 2);
  EXPECT_EQ(RowOf(o, "units/79").plans().tasks(), 5);
  EXPECT_EQ(RowOf(o, "units/79").plans().assigned_agencies(), 1);
  EXPECT_EQ(RowOf(o, "units/79").compliance(0).on_time(), 8);
  EXPECT_EQ(RowOf(o, "units/01").compliance(0).expected(), 0);
  EXPECT_EQ(o.totals().compliance(0).expected(), 20);
  // No Action Month that year, no indicators configured: nothing made up.
  EXPECT_FALSE(o.totals().has_campaigns());
  EXPECT_EQ(o.totals().indicators_size(), 0);
}

TEST(OverviewSectionsTest, AServiceThatDidNotAnswerLeavesItsFiguresOut) {
  OverviewAnswers answers = ProvinceAnswers();
  answers.digests.reset();
  answers.campaign.reset();
  answers.key_indicators[0].rollup.reset();
  const v1::Overview o = Fill(answers).overview;
  EXPECT_FALSE(o.totals().has_plans());
  EXPECT_FALSE(RowOf(o, "units/760").has_plans());
  EXPECT_FALSE(RowOf(o, "units/760").has_campaigns());
  ASSERT_EQ(RowOf(o, "units/760").indicators_size(), 1);
  EXPECT_FALSE(RowOf(o, "units/760").indicators(0).has_value());
  EXPECT_FALSE(RowOf(o, "units/79").indicators(0).has_value());
  EXPECT_EQ(o.indicators(0).target_year(), 2025);  // the catalogue still answered
}

TEST(OverviewSectionsTest, PlansOfAnOlderHierarchyGoWhereTheirProvinceWent) {
  OverviewAnswers answers;
  answers.year = 2025;
  answers.as_of = absl::CivilDay(2025, 12, 31);
  answers.rows.emplace();
  AddUnit("79", "79", "Thành phố Hồ Chí Minh", &*answers.rows);
  (*answers.rows->mutable_units())[0].mutable_valid_from()->set_year(2025);
  (*answers.rows->mutable_units())[0].mutable_valid_from()->set_month(7);
  (*answers.rows->mutable_units())[0].mutable_valid_from()->set_day(1);
  answers.digests.emplace();
  AddPlan("74/718", pv1::PLAN_STATUS_ISSUED, 6, 2025, {"agencies/x"}, &*answers.digests);
  (*answers.digests->mutable_digests())[0].mutable_reference_date()->set_year(2025);
  (*answers.digests->mutable_digests())[0].mutable_reference_date()->set_month(3);
  Filled filled;
  filled.overview = StartOverview(answers);
  filled.rows = IndexRows(answers, &filled.overview);
  EXPECT_EQ(filled.rows.era_start, absl::CivilDay(2025, 7, 1));
  EXPECT_EQ(OlderUnitCodes(answers, filled.rows), std::vector<std::string>{"74"});
  filled.rows.placed["74"] = "79";  // Bình Dương joined Ho Chi Minh City
  FillPlans(answers, filled.rows);
  EXPECT_EQ(RowOf(filled.overview, "units/79").plans().plans(), 1);
  EXPECT_EQ(RowOf(filled.overview, "units/79").plans().tasks(), 6);
}

}  // namespace
}  // namespace interplan::gateway
