// Progress against the targets of a plan on SQLite and PostgreSQL, with the
// numbers behind each class worked out by hand: Gò Vấp 2019-2020 (targets
// for the end of 2020 with no baseline: only met, not met or missed, and
// no line drawn from 0), the same targets with baselines (a straight line
// from the baseline on 1 January 2019 is half way on 1 January 2020), a
// target whose value the plan does not state, comparisons the plan words
// (at most, about, an increase from the baseline), and a plan with a target
// that names no catalogue indicator and a lower-is-better one.
#include <map>
#include <string>

#include "common/api/enum_names.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/reporting/reporting_test_support.h"

namespace interplan::reporting::test {
namespace {

namespace pv1 = ::interplan::plans::v1;

constexpr char kNoiVu[] = "agencies/go-vap-phong-noi-vu";  // units/764

class TargetProgressTest : public ReportingTest {
 protected:
  void SetUp() override {
    ReportingTest::SetUp();
    if (HasFatalFailure()) return;
    Sync();
  }

  absl::StatusOr<v1::TargetProgress> Progress(const std::string& plan, absl::CivilDay as_of) {
    v1::GetTargetProgressRequest request;
    request.set_plan(plan);
    *request.mutable_as_of() = Day(as_of);
    return reports_->GetTargetProgress(request, Call());
  }

  static std::map<std::string, v1::TargetProgress::Item> ByTarget(
      const v1::TargetProgress& progress) {
    std::map<std::string, v1::TargetProgress::Item> items;
    for (const auto& item : progress.items()) items[item.target()] = item;
    return items;
  }
};

TEST_P(TargetProgressTest, GoVapTargetsAreClassedWithTheNumbersBehindThem) {
  // The district's 2019 report: officials reached 40/100, residents
  // 20/100, gender-equality staff trained 100/100, support access 30/100;
  // nothing on women leaders trained.
  v1::Report report2019 =
      NewReport(kGoVap, kNoiVu, v1::REPORT_KIND_ANNUAL, "2019", At(2019, 11, 1));
  *report2019.add_values() = Ratio("LOC-COMM-OFFICIALS", 40, 100);
  *report2019.add_values() = Ratio("LOC-COMM-RESIDENTS", 20, 100);
  *report2019.add_values() = Ratio("LOC-GE-STAFF-TRAINED", 100, 100);
  *report2019.add_values() = Ratio("LOC-GE-SUPPORT-ACCESS", 30, 100);
  now_ = At(2020, 1, 5);  // accepted on 5 January 2020, by the registry's clock
  SubmitAccepted(report2019);

  // On 1 January 2020: 365 of the 730 days from 2019-01-01 to the due date
  // 2020-12-31 have passed, so the straight line is at half the target.
  absl::StatusOr<v1::TargetProgress> progress = Progress(kGoVap, absl::CivilDay(2020, 1, 1));
  ASSERT_TRUE(progress.ok()) << DescribeStatus(progress.status());
  EXPECT_EQ(progress->plan(), kGoVap);
  std::map<std::string, v1::TargetProgress::Item> items = ByTarget(*progress);
  ASSERT_EQ(items.size(), 5u);
  // The plan gives no baselines: a target short of its value before the
  // due date is "not met", never on track or at risk against a line from 0.
  struct Expected {
    std::string target, indicator;
    double target_value, value, numerator;
    v1::ProgressClass klass;
    std::string reason;
  };
  const std::string short_reason = "below target, due 2020-12-31; no baseline to judge the pace";
  const std::vector<Expected> expected = {
      {"II.1.1.1-a", "indicators/LOC-COMM-OFFICIALS", 70, 40, 40, v1::PROGRESS_CLASS_NOT_MET,
       short_reason},
      {"II.1.1.1-b", "indicators/LOC-COMM-RESIDENTS", 50, 20, 20, v1::PROGRESS_CLASS_NOT_MET,
       short_reason},
      {"II.1.2.1-a", "indicators/LOC-GE-STAFF-TRAINED", 100, 100, 100, v1::PROGRESS_CLASS_MET,
       "target met"},
      {"II.1.4.1-a", "indicators/LOC-GE-SUPPORT-ACCESS", 100, 30, 30, v1::PROGRESS_CLASS_NOT_MET,
       short_reason},
  };
  for (const Expected& e : expected) {
    SCOPED_TRACE(e.target);
    const v1::TargetProgress::Item& item = items[e.target];
    EXPECT_EQ(item.indicator(), e.indicator);
    EXPECT_DOUBLE_EQ(item.target_value(), e.target_value);
    EXPECT_DOUBLE_EQ(item.value(), e.value);
    EXPECT_EQ(item.period(), "2019");
    EXPECT_DOUBLE_EQ(item.numerator(), e.numerator);
    EXPECT_DOUBLE_EQ(item.denominator(), 100);
    EXPECT_FALSE(item.has_expected_by_now());
    EXPECT_EQ(item.class_(), e.klass) << api::ShortEnumName(item.class_());
    EXPECT_EQ(item.reason(), e.reason);
    EXPECT_EQ(item.comparison(), "at least");
    EXPECT_FALSE(item.explanation().empty());
  }
  EXPECT_EQ(items["II.1.1.1-a"].due_date().year(), 2020);
  EXPECT_EQ(items["II.1.1.1-a"].due_date().month(), 12);
  EXPECT_EQ(items["II.1.3.1-a"].class_(), v1::PROGRESS_CLASS_NO_DATA);
  EXPECT_EQ(items["II.1.3.1-a"].reason(), "no accepted data");
  EXPECT_EQ(items["II.1.3.1-a"].comparison_words(), "Phân đầu");
  EXPECT_EQ(items["II.1.3.1-a"].indicator(), "indicators/LOC-WOMEN-LEADERS-TRAINED");
  ASSERT_TRUE(progress->has_data_as_of());
  EXPECT_EQ(time::FromTimestamp(progress->data_as_of()), At(2020, 1, 5));

  // Before any period with data has ended, there is no data yet.
  absl::StatusOr<v1::TargetProgress> early = Progress(kGoVap, absl::CivilDay(2019, 6, 30));
  ASSERT_TRUE(early.ok());
  for (const auto& item : early->items()) {
    EXPECT_EQ(item.class_(), v1::PROGRESS_CLASS_NO_DATA) << item.target();
  }

  // The 2020 report brings officials to 75/100: met. After the due date,
  // what is short is missed (residents still 20%), and a target with no
  // data at all past its due date is missed too.
  v1::Report report2020 =
      NewReport(kGoVap, kNoiVu, v1::REPORT_KIND_ANNUAL, "2020", At(2020, 11, 1));
  *report2020.add_values() = Ratio("LOC-COMM-OFFICIALS", 75, 100);
  SubmitAccepted(report2020);
  absl::StatusOr<v1::TargetProgress> after = Progress(kGoVap, absl::CivilDay(2021, 1, 1));
  ASSERT_TRUE(after.ok());
  items = ByTarget(*after);
  EXPECT_EQ(items["II.1.1.1-a"].class_(), v1::PROGRESS_CLASS_MET);
  EXPECT_EQ(items["II.1.1.1-a"].period(), "2020");
  EXPECT_DOUBLE_EQ(items["II.1.1.1-a"].value(), 75);
  EXPECT_FALSE(items["II.1.1.1-a"].has_expected_by_now());
  EXPECT_EQ(items["II.1.1.1-b"].class_(), v1::PROGRESS_CLASS_MISSED);
  EXPECT_EQ(items["II.1.1.1-b"].reason(), "below target, due 2020-12-31 has passed");
  EXPECT_EQ(items["II.1.1.1-b"].period(), "2019");
  EXPECT_DOUBLE_EQ(items["II.1.1.1-b"].value(), 20);
  EXPECT_EQ(items["II.1.2.1-a"].class_(), v1::PROGRESS_CLASS_MET);
  EXPECT_EQ(items["II.1.3.1-a"].class_(), v1::PROGRESS_CLASS_MISSED);
  EXPECT_EQ(items["II.1.3.1-a"].reason(), "no accepted data, due 2020-12-31 has passed");
  EXPECT_EQ(items["II.1.4.1-a"].class_(), v1::PROGRESS_CLASS_MISSED);
}

// A Gò Vấp plan of 2019-2020 whose targets are for 31 December 2020, on
// the indicators of seed 002, for the tests below to give baselines,
// comparisons and values.
pv1::Plan GoVapTargetsPlan() {
  pv1::Plan content = MinimalPlan("units/764", "agencies/go-vap-ubnd", "2019/2020",
                                  absl::CivilDay(2019, 1, 10), kNoiVu);
  *content.add_reporting() =
      ReportingLine(pv1::REPORT_KIND_ANNUAL, "2019", absl::CivilDay(2019, 11, 20), {kNoiVu},
                    "agencies/go-vap-ubnd");
  return content;
}

pv1::Target* AddTarget(pv1::Plan* plan, const std::string& code, const std::string& indicator) {
  pv1::Target* target = plan->mutable_sections(0)->add_targets();
  target->set_code(code);
  target->set_indicator(indicator);
  target->set_description(indicator);
  target->set_unit(pv1::TARGET_UNIT_PERCENT);
  *target->mutable_due_date() = Day(2020, 12, 31);
  return target;
}

TEST_P(TargetProgressTest, WithABaselineTheLineStartsThere) {
  const std::string plan_id = UniqueId("go-vap-baselines");
  pv1::Plan content = GoVapTargetsPlan();
  // Officials from 20% to at least 70%: half way on 2020-01-01 is 45;
  // 40 is behind. Residents from 10% to at least 50%: the line is at 30;
  // 35 keeps pace. Support access "tăng thêm" 40 points from 20%: the goal
  // is 60, the line 40; 30 is behind.
  pv1::Target* officials = AddTarget(&content, "B1", "indicators/LOC-COMM-OFFICIALS");
  officials->set_value(70);
  officials->set_baseline(20);
  pv1::Target* residents = AddTarget(&content, "B2", "indicators/LOC-COMM-RESIDENTS");
  residents->set_value(50);
  residents->set_baseline(10);
  pv1::Target* access = AddTarget(&content, "B3", "indicators/LOC-GE-SUPPORT-ACCESS");
  access->set_value(40);
  access->set_baseline(20);
  access->set_comparison(pv1::TARGET_COMPARISON_INCREASE_BY);
  access->set_comparison_words("tăng thêm");
  absl::StatusOr<pv1::Plan> issued = CreateIssuedPlan(content, plan_id);
  ASSERT_TRUE(issued.ok()) << issued.status();
  Sync();
  v1::Report report =
      NewReport("plans/" + plan_id, kNoiVu, v1::REPORT_KIND_ANNUAL, "2019", At(2019, 11, 1));
  *report.add_values() = Ratio("LOC-COMM-OFFICIALS", 40, 100);
  *report.add_values() = Ratio("LOC-COMM-RESIDENTS", 35, 100);
  *report.add_values() = Ratio("LOC-GE-SUPPORT-ACCESS", 30, 100);
  SubmitAccepted(report);

  absl::StatusOr<v1::TargetProgress> progress =
      Progress("plans/" + plan_id, absl::CivilDay(2020, 1, 1));
  ASSERT_TRUE(progress.ok()) << DescribeStatus(progress.status());
  std::map<std::string, v1::TargetProgress::Item> items = ByTarget(*progress);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items["B1"].class_(), v1::PROGRESS_CLASS_AT_RISK);
  EXPECT_NEAR(items["B1"].expected_by_now(), 45, 1e-9);
  EXPECT_EQ(items["B1"].reason(),
            "below target, behind the pace from the baseline, due 2020-12-31");
  EXPECT_EQ(items["B2"].class_(), v1::PROGRESS_CLASS_ON_TRACK);
  EXPECT_NEAR(items["B2"].expected_by_now(), 30, 1e-9);
  EXPECT_EQ(items["B2"].reason(), "below target, on pace, due 2020-12-31");
  EXPECT_EQ(items["B3"].class_(), v1::PROGRESS_CLASS_AT_RISK);
  EXPECT_NEAR(items["B3"].expected_by_now(), 40, 1e-9);
  EXPECT_EQ(items["B3"].comparison(), "at least");
  EXPECT_EQ(items["B3"].comparison_words(), "tăng thêm");
}

TEST_P(TargetProgressTest, ValueNotStatedAndWordedComparisons) {
  const std::string plan_id = UniqueId("go-vap-worded");
  pv1::Plan content = GoVapTargetsPlan();
  // N1 names the indicator but no number; A1 "dưới" 30 (at most) with
  // 25 measured is met although a higher value is better for the
  // indicator; K1 "khoảng" 50 with 48 measured is within 5%; K2 "khoảng"
  // 50 with 40 is not; I1 "tăng" by 10 points with no baseline cannot be
  // judged.
  AddTarget(&content, "N1", "indicators/LOC-COMM-OFFICIALS");
  pv1::Target* at_most = AddTarget(&content, "A1", "indicators/LOC-COMM-RESIDENTS");
  at_most->set_value(30);
  at_most->set_comparison_words("dưới");
  pv1::Target* about = AddTarget(&content, "K1", "indicators/LOC-GE-STAFF-TRAINED");
  about->set_value(50);
  about->set_comparison_words("khoảng");
  pv1::Target* about_far = AddTarget(&content, "K2", "indicators/LOC-GE-SUPPORT-ACCESS");
  about_far->set_value(50);
  about_far->set_comparison_words("khoảng");
  pv1::Target* increase = AddTarget(&content, "I1", "indicators/LOC-WOMEN-LEADERS-TRAINED");
  increase->set_value(10);
  increase->set_comparison(pv1::TARGET_COMPARISON_INCREASE_BY);
  increase->set_comparison_words("tăng");
  absl::StatusOr<pv1::Plan> issued = CreateIssuedPlan(content, plan_id);
  ASSERT_TRUE(issued.ok()) << issued.status();
  Sync();
  v1::Report report =
      NewReport("plans/" + plan_id, kNoiVu, v1::REPORT_KIND_ANNUAL, "2019", At(2019, 11, 1));
  *report.add_values() = Ratio("LOC-COMM-OFFICIALS", 40, 100);
  *report.add_values() = Ratio("LOC-COMM-RESIDENTS", 25, 100);
  *report.add_values() = Ratio("LOC-GE-STAFF-TRAINED", 48, 100);
  *report.add_values() = Ratio("LOC-GE-SUPPORT-ACCESS", 40, 100);
  *report.add_values() = Ratio("LOC-WOMEN-LEADERS-TRAINED", 40, 100);
  SubmitAccepted(report);

  absl::StatusOr<v1::TargetProgress> progress =
      Progress("plans/" + plan_id, absl::CivilDay(2020, 1, 1));
  ASSERT_TRUE(progress.ok()) << DescribeStatus(progress.status());
  std::map<std::string, v1::TargetProgress::Item> items = ByTarget(*progress);
  ASSERT_EQ(items.size(), 5u);
  // Not stated is not 0: 40% measured is not "met" against a 0.
  EXPECT_EQ(items["N1"].class_(), v1::PROGRESS_CLASS_NO_TARGET_VALUE);
  EXPECT_FALSE(items["N1"].has_target_value());
  EXPECT_EQ(items["N1"].reason(), "no target value");
  EXPECT_DOUBLE_EQ(items["N1"].value(), 40);
  EXPECT_EQ(items["A1"].class_(), v1::PROGRESS_CLASS_MET);
  EXPECT_EQ(items["A1"].comparison(), "at most");
  EXPECT_EQ(items["K1"].class_(), v1::PROGRESS_CLASS_MET);
  EXPECT_EQ(items["K1"].comparison(), "about");
  EXPECT_EQ(items["K2"].class_(), v1::PROGRESS_CLASS_NOT_MET);
  EXPECT_EQ(items["K2"].reason(), "below target, due 2020-12-31; no baseline to judge the pace");
  EXPECT_EQ(items["I1"].class_(), v1::PROGRESS_CLASS_NOT_MEASURABLE);
  EXPECT_EQ(items["I1"].reason(), "an increase needs a baseline");
}

TEST_P(TargetProgressTest, NotMeasurableAndLowerIsBetterTargets) {
  const std::string plan_id = UniqueId("go-vap-targets-2020");
  const std::string plan = "plans/" + plan_id;
  pv1::Plan content =
      MinimalPlan("units/764", "agencies/go-vap-ubnd", "2020", absl::CivilDay(2020, 1, 10), kNoiVu);
  pv1::Section* section = content.mutable_sections(0);
  pv1::Target* described = section->add_targets();
  described->set_code("T1");
  described->set_description("Tỷ lệ khu phố có câu lạc bộ nữ công nhân nhà trọ");
  described->set_value(50);
  described->set_unit(pv1::TARGET_UNIT_PERCENT);
  pv1::Target* sex_ratio = section->add_targets();
  sex_ratio->set_code("T2");
  sex_ratio->set_indicator("indicators/NSGE-4.1");
  sex_ratio->set_description("Tỷ số giới tính khi sinh");
  sex_ratio->set_value(111);
  sex_ratio->set_unit(pv1::TARGET_UNIT_RATIO);
  *sex_ratio->mutable_due_date() = Day(2020, 12, 31);
  pv1::Target* maternal = section->add_targets();
  maternal->set_code("T3");
  maternal->set_indicator("indicators/NSGE-4.2");
  maternal->set_description("Tỷ số tử vong mẹ trên 100.000 trẻ đẻ sống");
  maternal->set_value(42);
  maternal->set_unit(pv1::TARGET_UNIT_RATIO);
  *content.add_reporting() =
      ReportingLine(pv1::REPORT_KIND_ANNUAL, "2020", absl::CivilDay(2020, 11, 20),
                    {"agencies/go-vap-phong-y-te"}, "agencies/go-vap-phong-noi-vu");
  absl::StatusOr<pv1::Plan> issued = CreateIssuedPlan(content, plan_id);
  ASSERT_TRUE(issued.ok()) << issued.status();
  Sync();
  // Sex ratio 1080/1000 = 108 boys per 100 girls (at most 111: met);
  // maternal deaths 3 per 5,000 births = 60 per 100,000 (at most 42: missed
  // after the due date).
  v1::Report report = NewReport(plan, "agencies/go-vap-phong-y-te", v1::REPORT_KIND_ANNUAL, "2020",
                                At(2020, 11, 15));
  *report.add_values() = Ratio("NSGE-4.1", 1080, 1000);
  *report.add_values() = Ratio("NSGE-4.2", 3, 5000);
  SubmitAccepted(report);

  absl::StatusOr<v1::TargetProgress> progress = [&] {
    v1::GetTargetProgressRequest request;
    request.set_plan(plan);
    *request.mutable_as_of() = Day(2021, 1, 15);
    return reports_->GetTargetProgress(request, Call());
  }();
  ASSERT_TRUE(progress.ok()) << DescribeStatus(progress.status());
  std::map<std::string, v1::TargetProgress::Item> items = ByTarget(*progress);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items["T1"].class_(), v1::PROGRESS_CLASS_NOT_MEASURABLE);
  EXPECT_TRUE(items["T1"].indicator().empty());
  EXPECT_EQ(items["T2"].class_(), v1::PROGRESS_CLASS_MET);
  EXPECT_DOUBLE_EQ(items["T2"].value(), 108);
  EXPECT_DOUBLE_EQ(items["T2"].numerator(), 1080);
  EXPECT_DOUBLE_EQ(items["T2"].denominator(), 1000);
  EXPECT_EQ(items["T3"].class_(), v1::PROGRESS_CLASS_MISSED);
  EXPECT_DOUBLE_EQ(items["T3"].value(), 60);

  // Unknown plans are named.
  v1::GetTargetProgressRequest unknown;
  unknown.set_plan("plans/no-such-plan");
  EXPECT_EQ(reports_->GetTargetProgress(unknown, Call()).status().code(),
            absl::StatusCode::kNotFound);
}

INSTANTIATE_ON_BOTH_ENGINES(TargetProgressTest);

}  // namespace
}  // namespace interplan::reporting::test
