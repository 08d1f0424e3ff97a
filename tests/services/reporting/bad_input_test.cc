// Every bad report of the issue, on SQLite and PostgreSQL: INVALID_ARGUMENT
// with one field violation per problem, at the exact field path, and
// nothing stored (no report, version, transition, roll-up, request log
// entry, and the obligations unchanged).
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/reporting/reporting_test_support.h"

namespace interplan::reporting::test {
namespace {

using ::testing::ElementsAreArray;

constexpr char kYTe[] = "agencies/quang-ngai-so-y-te";

class BadInputTest : public ReportingTest {
 protected:
  void SetUp() override {
    ReportingTest::SetUp();
    if (HasFatalFailure()) return;
    Sync();
    // Every report reaches the service on 1 December 2022, after the
    // good one was handed in and before entry for it closes (29 January
    // 2023), so a submitted_at "in the future" is measured against this.
    enter_when_handed_in_ = false;
    now_ = At(2022, 12, 1);
  }

  // A good annual report of the Quảng Ngãi Health department.
  static v1::Report Good() {
    return NewReport(kQuangNgai, kYTe, v1::REPORT_KIND_ANNUAL, "2022", At(2022, 11, 20));
  }
};

TEST_P(BadInputTest, EachProblemIsNamedAtItsFieldAndNothingIsStored) {
  struct Case {
    std::string what;
    std::function<void(v1::Report*)> spoil;
    std::vector<std::string> fields;
  };
  const std::vector<Case> cases = {
      {"unknown plan",
       [](v1::Report* r) { r->set_plan("plans/no-such-plan-2022"); },
       {"report.plan"}},
      {"unknown period", [](v1::Report* r) { r->set_period("2023"); }, {"report.period"}},
      {"a kind the plan sets no report of for the period",
       [](v1::Report* r) { r->set_kind(v1::REPORT_KIND_REVIEW); },
       {"report.period"}},
      {"agency with no obligation (only requested by the plan)",
       [](v1::Report* r) { r->set_agency("agencies/quang-ngai-hoi-lhpn"); },
       {"report.agency"}},
      {"agency of another province",
       [](v1::Report* r) { r->set_agency("agencies/dak-lak-so-y-te"); },
       {"report.agency"}},
      {"unknown indicator",
       [](v1::Report* r) { *r->add_values() = Count("NO-SUCH-INDICATOR", 3); },
       {"report.values[0].indicator"}},
      {"a disaggregation the indicator does not allow",
       [](v1::Report* r) { *r->add_values() = Count("NSGE-1.1-N", 3, "female"); },
       {"report.values[0].categories[0].dimension"}},
      {"a ratio indicator by a dimension it does not allow",
       [](v1::Report* r) {
         v1::IndicatorValue v = Ratio("NSGE-2.1", 5, 10);
         v1::Category* c = v.add_categories();
         c->set_dimension(v1::DISAGGREGATION_ETHNICITY);
         c->set_value("Hrê");
         *r->add_values() = v;
       },
       {"report.values[0].categories[0].dimension"}},
      {"negative count",
       [](v1::Report* r) { *r->add_values() = Count("CAMPAIGN-PARTICIPANTS", -5, "female"); },
       {"report.values[0].value"}},
      {"a count that is not whole",
       [](v1::Report* r) { *r->add_values() = Count("CAMPAIGN-PARTICIPANTS", 2.5); },
       {"report.values[0].value"}},
      {"numerator above denominator",
       [](v1::Report* r) { *r->add_values() = Ratio("LOC-COMM-OFFICIALS", 120, 100); },
       {"report.values[0].numerator"}},
      {"percent above 100",
       [](v1::Report* r) {
         v1::IndicatorValue v = Ratio("LOC-COMM-OFFICIALS", 50, 100);
         v.set_value(150);
         *r->add_values() = v;
       },
       {"report.values[0].value"}},
      {"percent below 0",
       [](v1::Report* r) {
         v1::IndicatorValue v = Ratio("LOC-COMM-OFFICIALS", 0, 100);
         v.set_value(-1);
         *r->add_values() = v;
       },
       {"report.values[0].value"}},
      {"a percentage without its numerator and denominator",
       [](v1::Report* r) {
         v1::IndicatorValue v;
         v.set_indicator("indicators/LOC-COMM-OFFICIALS");
         v.set_value(70);
         *r->add_values() = v;
       },
       {"report.values[0].numerator"}},
      {"the same value twice",
       [](v1::Report* r) {
         *r->add_values() = Count("CAMPAIGN-PARTICIPANTS", 10, "female");
         *r->add_values() = Count("CAMPAIGN-PARTICIPANTS", 12, "male");
         *r->add_values() = Count("CAMPAIGN-PARTICIPANTS", 11, "female");
       },
       {"report.values[2]"}},
      {"a task the plan does not have",
       [](v1::Report* r) {
         v1::TaskProgress* t = r->add_tasks();
         t->set_task("IX.9");
         t->set_state(v1::TASK_STATE_DONE);
       },
       {"report.tasks[0].task"}},
      {"a location that did not exist",
       [](v1::Report* r) {
         *r->add_values() = Count("CAMPAIGN-PARTICIPANTS", 10, "", "units/99999");
       },
       {"report.values[0].location"}},
      {"handed in in the future",
       [this](v1::Report* r) {
         *r->mutable_submitted_at() = time::ToTimestamp(now_ + absl::Hours(48));
       },
       {"report.submitted_at"}},
      {"several problems at once: one violation each",
       [](v1::Report* r) {
         *r->add_values() = Count("NO-SUCH-INDICATOR", 3);
         *r->add_values() = Count("CAMPAIGN-PARTICIPANTS", -1, "male");
         *r->add_values() = Ratio("LOC-COMM-OFFICIALS", 30, 20, "female");
         *r->add_values() = Count("CAMPAIGN-PARTICIPANTS", 4, "male");
       },
       {"report.values[0].indicator", "report.values[1].value", "report.values[2].numerator",
        "report.values[3]"}},
  };
  // A good report goes through, so the bad ones fail for their problem.
  const std::string empty = DumpStore();
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    SCOPED_TRACE(c.what);
    v1::Report report = Good();
    c.spoil(&report);
    absl::StatusOr<v1::Report> result = Submit(report, absl::StrCat("bad-", i));
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument)
        << DescribeStatus(result.status());
    EXPECT_THAT(FieldsOf(result.status()), ElementsAreArray(c.fields))
        << DescribeStatus(result.status());
    EXPECT_EQ(DumpStore(), empty);
  }
  EXPECT_EQ(CountRows("reports"), 0);
  EXPECT_EQ(CountRows("report_versions"), 0);
  EXPECT_EQ(CountRows("report_transitions"), 0);
  EXPECT_EQ(CountRows("rollups"), 0);
  EXPECT_EQ(CountRows("request_log"), 0);
  EXPECT_EQ(CountRows("obligations", "report_id <> ''"), 0);

  // The good report itself is accepted with the same values the bad ones
  // spoilt, and a bad request id after it changes nothing.
  v1::Report good = Good();
  *good.add_values() = Count("CAMPAIGN-PARTICIPANTS", 10, "female");
  *good.add_values() = Ratio("LOC-COMM-OFFICIALS", 50, 100);
  absl::StatusOr<v1::Report> ok = Submit(good, "good-1");
  ASSERT_TRUE(ok.ok()) << DescribeStatus(ok.status());
  EXPECT_EQ(CountRows("reports"), 1);
}

TEST_P(BadInputTest, AReportNamesItsObligationOrAllOfPlanAgencyPeriodAndKind) {
  const std::string empty = DumpStore();
  v1::Report nothing;
  absl::StatusOr<v1::Report> result = Submit(nothing);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(result.status()),
              ElementsAreArray({"report.plan", "report.agency", "report.period", "report.kind"}))
      << DescribeStatus(result.status());
  v1::Report unknown;
  unknown.set_obligation("obligations/o0000000000000000");
  result = Submit(unknown);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(result.status()), ElementsAreArray({"report.obligation"}));
  EXPECT_EQ(DumpStore(), empty);
}

// The Health department sits in units/51: a value with no location and the
// same value located at units/51 are one cell given twice, and would be
// counted twice in every roll-up.
TEST_P(BadInputTest, TheSameValueTwiceWhetherOrNotItsOwnUnitIsNamed) {
  v1::Report report = Good();
  *report.add_values() = Count("CAMPAIGN-PARTICIPANTS", 10, "female");
  *report.add_values() = Count("CAMPAIGN-PARTICIPANTS", 10, "female", "units/51");
  const std::string empty = DumpStore();
  absl::StatusOr<v1::Report> result = Submit(report);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument)
      << DescribeStatus(result.status());
  EXPECT_THAT(FieldsOf(result.status()), ElementsAreArray({"report.values[1]"}));
  EXPECT_EQ(DumpStore(), empty);

  // Named first and left out second: the same value, the second refused.
  v1::Report reversed = Good();
  *reversed.add_values() = Count("CAMPAIGN-PARTICIPANTS", 10, "female", "units/51");
  *reversed.add_values() = Count("CAMPAIGN-PARTICIPANTS", 12, "male");
  *reversed.add_values() = Count("CAMPAIGN-PARTICIPANTS", 10, "female");
  result = Submit(reversed);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument)
      << DescribeStatus(result.status());
  EXPECT_THAT(FieldsOf(result.status()), ElementsAreArray({"report.values[2]"}));
  EXPECT_EQ(DumpStore(), empty);

  // Another unit (a district of the province) is another value.
  v1::Report elsewhere = Good();
  *elsewhere.add_values() = Count("CAMPAIGN-PARTICIPANTS", 10, "female");
  *elsewhere.add_values() = Count("CAMPAIGN-PARTICIPANTS", 10, "female", "units/524");
  result = Submit(elsewhere);
  EXPECT_TRUE(result.ok()) << DescribeStatus(result.status());
}

INSTANTIATE_ON_BOTH_ENGINES(BadInputTest);

}  // namespace
}  // namespace interplan::reporting::test
