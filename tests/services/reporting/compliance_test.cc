// Compliance (reporting rates) on SQLite and PostgreSQL against counts
// worked out by hand: Quảng Ngãi 2022 by agency and by district, in the
// hierarchy of 2022 and of 2026; and units and agencies that ceased before
// a due date, which are neither expected nor counted, so no rate passes
// 100%: Gò Vấp's bodies (last day 2025-06-30) under a 2025 plan, and an
// agency created and retired mid-year through interplan-agencies' API.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/fingerprint.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/reporting/agency_validity.h"
#include "tests/services/reporting/reporting_test_support.h"

namespace interplan::reporting::test {
namespace {

namespace pv1 = ::interplan::plans::v1;
namespace av1 = ::interplan::agencies::v1;
using ::testing::UnorderedElementsAreArray;

constexpr char kYTe[] = "agencies/quang-ngai-so-y-te";
constexpr char kGdDt[] = "agencies/quang-ngai-so-gddt";
constexpr char kBinhSon[] = "agencies/quang-ngai-binh-son-ubnd";  // units/524
constexpr char kTuNghia[] = "agencies/quang-ngai-tu-nghia-ubnd";  // units/528

class ComplianceTest : public ReportingTest {
 protected:
  void SetUp() override {
    ReportingTest::SetUp();
    if (HasFatalFailure()) return;
    Sync();
  }

  // Quảng Ngãi 2022, 54 obligations (27 agencies x 6-month and annual):
  //   Health (province)      6-month on time, accepted; annual on time, accepted
  //   Education (province)   6-month late (10 June)
  //   Bình Sơn (524)         annual on time, returned
  //   Tư Nghĩa (528)         6-month late (20 June), accepted
  //   everyone else          nothing
  void SubmitQuangNgai() {
    SubmitAccepted(
        NewReport(kQuangNgai, kYTe, v1::REPORT_KIND_SEMI_ANNUAL, "2022-H1", At(2022, 5, 20)));
    SubmitAccepted(NewReport(kQuangNgai, kYTe, v1::REPORT_KIND_ANNUAL, "2022", At(2022, 11, 25)));
    MustSubmit(
        NewReport(kQuangNgai, kGdDt, v1::REPORT_KIND_SEMI_ANNUAL, "2022-H1", At(2022, 6, 10)));
    const v1::Report binh_son = MustSubmit(
        NewReport(kQuangNgai, kBinhSon, v1::REPORT_KIND_ANNUAL, "2022", At(2022, 11, 28)));
    ASSERT_TRUE(Return(binh_son.name(), "Thiếu biểu số liệu").ok());
    SubmitAccepted(
        NewReport(kQuangNgai, kTuNghia, v1::REPORT_KIND_SEMI_ANNUAL, "2022-H1", At(2022, 6, 20)));
  }
};

TEST_P(ComplianceTest, QuangNgai2022ByAgencyAndByDistrict) {
  SubmitQuangNgai();
  if (HasFatalFailure()) return;
  absl::StatusOr<v1::Compliance> compliance =
      Compliance("units/51", "", "2022", absl::CivilDay(2022, 12, 31));
  ASSERT_TRUE(compliance.ok()) << DescribeStatus(compliance.status());
  EXPECT_EQ(compliance->period(), "2022");
  // 5 of 54 handed in: 3 on time, 2 late; 49 missing; 3 accepted, 1 returned.
  ExpectCounts(&compliance->total(),
               {.expected = 54,
                .submitted = 5,
                .on_time = 3,
                .late = 2,
                .missing = 49,
                .accepted = 3,
                .returned = 1},
               "total");
  ExpectCounts(GroupCounts(compliance->by_agency(), kYTe),
               {.expected = 2, .submitted = 2, .on_time = 2, .accepted = 2}, "Health");
  ExpectCounts(GroupCounts(compliance->by_agency(), kGdDt),
               {.expected = 2, .submitted = 1, .late = 1, .missing = 1}, "Education");
  ExpectCounts(GroupCounts(compliance->by_agency(), kBinhSon),
               {.expected = 2, .submitted = 1, .on_time = 1, .missing = 1, .returned = 1},
               "Bình Sơn");
  ExpectCounts(GroupCounts(compliance->by_agency(), "agencies/quang-ngai-cong-an"),
               {.expected = 2, .missing = 2}, "Police");
  EXPECT_EQ(compliance->by_agency_size(), 27);
  // By child unit (the 2022 hierarchy): the province's own bodies under
  // units/51, each district under its own code.
  ExpectCounts(
      GroupCounts(compliance->by_child_unit(), "units/51"),
      {.expected = 28, .submitted = 3, .on_time = 2, .late = 1, .missing = 25, .accepted = 2},
      "the province's own bodies");
  ExpectCounts(GroupCounts(compliance->by_child_unit(), "units/524"),
               {.expected = 2, .submitted = 1, .on_time = 1, .missing = 1, .returned = 1},
               "Bình Sơn district");
  ExpectCounts(GroupCounts(compliance->by_child_unit(), "units/528"),
               {.expected = 2, .submitted = 1, .late = 1, .missing = 1, .accepted = 1},
               "Tư Nghĩa district");
  ExpectCounts(GroupCounts(compliance->by_child_unit(), "units/536"), {.expected = 2, .missing = 2},
               "Lý Sơn district");
  EXPECT_EQ(compliance->by_child_unit_size(), 14);
  // Each child unit by its name of the day; the province's own bodies by
  // the province's.
  std::map<std::string, std::string> names;
  for (const v1::Compliance::Group& group : compliance->by_child_unit()) {
    names[group.key()] = group.display_name();
  }
  EXPECT_EQ(names["units/51"], "Tỉnh Quảng Ngãi");
  EXPECT_EQ(names["units/524"], "Huyện Bình Sơn");
  EXPECT_EQ(names["units/536"], "Huyện Lý Sơn");

  // Mid-year: the annual reports are pending, and what was handed in after
  // the day asked about does not count yet.
  absl::StatusOr<v1::Compliance> mid_year =
      Compliance("units/51", kQuangNgai, "2022", absl::CivilDay(2022, 6, 15));
  ASSERT_TRUE(mid_year.ok()) << DescribeStatus(mid_year.status());
  ExpectCounts(&mid_year->total(),
               {.expected = 54,
                .submitted = 2,
                .on_time = 1,
                .late = 1,
                .missing = 25,
                .pending = 27,
                .accepted = 1},
               "on 15 June");
  // One half-year only.
  absl::StatusOr<v1::Compliance> half =
      Compliance("units/51", "", "2022-H1", absl::CivilDay(2022, 12, 31));
  ASSERT_TRUE(half.ok());
  ExpectCounts(
      &half->total(),
      {.expected = 27, .submitted = 3, .on_time = 1, .late = 2, .missing = 24, .accepted = 2},
      "2022-H1");
  // Exactly one period: "2022" alone is the 27 annual reports.
  v1::GetComplianceRequest exact;
  exact.set_unit("units/51");
  exact.set_period("2022");
  exact.set_exact_period(true);
  *exact.mutable_as_of() = Day(2022, 12, 31);
  absl::StatusOr<v1::Compliance> annual = reports_->GetCompliance(exact, Call());
  ASSERT_TRUE(annual.ok()) << DescribeStatus(annual.status());
  ExpectCounts(
      &annual->total(),
      {.expected = 27, .submitted = 2, .on_time = 2, .missing = 25, .accepted = 1, .returned = 1},
      "exactly 2022");
  // The same without the by-agency groups: the counts do not change.
  exact.set_omit_agencies(true);
  absl::StatusOr<v1::Compliance> basic = reports_->GetCompliance(exact, Call());
  ASSERT_TRUE(basic.ok()) << DescribeStatus(basic.status());
  EXPECT_FALSE(annual->by_agency().empty());
  EXPECT_TRUE(basic->by_agency().empty());
  EXPECT_EQ(basic->total().SerializeAsString(), annual->total().SerializeAsString());
  ASSERT_EQ(basic->by_child_unit_size(), annual->by_child_unit_size());
  for (int i = 0; i < basic->by_child_unit_size(); ++i) {
    EXPECT_EQ(basic->by_child_unit(i).SerializeAsString(),
              annual->by_child_unit(i).SerializeAsString());
  }
  // One district's subtree.
  absl::StatusOr<v1::Compliance> district =
      Compliance("units/524", "", "2022", absl::CivilDay(2022, 12, 31));
  ASSERT_TRUE(district.ok());
  ExpectCounts(&district->total(),
               {.expected = 2, .submitted = 1, .on_time = 1, .missing = 1, .returned = 1},
               "units/524");
  // Another province has none of these.
  absl::StatusOr<v1::Compliance> elsewhere =
      Compliance("units/66", "", "2022", absl::CivilDay(2022, 12, 31));
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_EQ(elsewhere->total().expected(), 0);

  // The nation, all plans.
  absl::StatusOr<v1::Compliance> nation = Compliance("", "", "2022", absl::CivilDay(2022, 12, 31));
  ASSERT_TRUE(nation.ok());
  EXPECT_EQ(nation->total().expected(), 54);
  EXPECT_EQ(nation->total().submitted(), 5);

  absl::StatusOr<v1::Compliance> bad = Compliance("units/51", "", "", absl::CivilDay(2022, 1, 1));
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(bad.status()), ::testing::ElementsAre("period"));
}

// The same obligations judged in the hierarchy of 2026: the districts are
// gone and their obligations count under the new Quảng Ngãi (51), with the
// same totals as in 2022: the past does not change with the map.
TEST_P(ComplianceTest, AReportHandedInOnItsDueDateIsOnTime) {
  // Health's 6-month report in the last minutes of its due date (Vietnam
  // time), Education's in the first minutes of the day after.
  const v1::Obligation health = ObligationOf(kQuangNgai, kYTe, v1::REPORT_KIND_SEMI_ANNUAL,
                                             "2022-H1", absl::CivilDay(2022, 12, 31));
  if (HasFatalFailure()) return;
  const google::type::Date& due = health.due_date();
  ASSERT_TRUE(due.year() == 2022 && due.month() > 0 && due.day() > 0) << health.DebugString();
  const absl::CivilDay due_day(due.year(), due.month(), due.day());
  const absl::CivilDay day_after = due_day + 1;
  MustSubmit(NewReport(kQuangNgai, kYTe, v1::REPORT_KIND_SEMI_ANNUAL, "2022-H1",
                       At(2022, due.month(), due.day(), 23, 50)));
  MustSubmit(NewReport(kQuangNgai, kGdDt, v1::REPORT_KIND_SEMI_ANNUAL, "2022-H1",
                       At(2022, day_after.month(), day_after.day(), 0, 10)));
  if (HasFatalFailure()) return;

  absl::StatusOr<v1::Compliance> compliance =
      Compliance("units/51", kQuangNgai, "2022-H1", absl::CivilDay(2022, 12, 31));
  ASSERT_TRUE(compliance.ok()) << DescribeStatus(compliance.status());
  ExpectCounts(GroupCounts(compliance->by_agency(), kYTe),
               {.expected = 1, .submitted = 1, .on_time = 1}, "Health, on its due date");
  ExpectCounts(GroupCounts(compliance->by_agency(), kGdDt),
               {.expected = 1, .submitted = 1, .late = 1}, "Education, the day after");
  // Asked on the due date itself: handed in, on time, nothing missing yet
  // among those two.
  absl::StatusOr<v1::Compliance> that_day = Compliance("units/51", kQuangNgai, "2022-H1", due_day);
  ASSERT_TRUE(that_day.ok()) << DescribeStatus(that_day.status());
  ExpectCounts(GroupCounts(that_day->by_agency(), kYTe),
               {.expected = 1, .submitted = 1, .on_time = 1}, "Health, asked on the due date");
  ExpectCounts(GroupCounts(that_day->by_agency(), kGdDt), {.expected = 1, .pending = 1},
               "Education, asked on the due date");
}

TEST_P(ComplianceTest, QuangNgai2022InTheHierarchyOf2026HasTheSameTotals) {
  SubmitQuangNgai();
  if (HasFatalFailure()) return;
  absl::StatusOr<v1::Compliance> today =
      Compliance("units/51", "", "2022", absl::CivilDay(2026, 1, 1));
  ASSERT_TRUE(today.ok()) << DescribeStatus(today.status());
  absl::StatusOr<v1::Compliance> nation = Compliance("", "", "2022", absl::CivilDay(2026, 1, 1));
  ASSERT_TRUE(nation.ok()) << DescribeStatus(nation.status());
  EXPECT_LE(today->total().submission_rate(), 100);
  EXPECT_EQ(today->total().submitted(), 5);
  // Lý Sơn district (units/536) has no successor in the 2025-07 list (its
  // communes became the special zone Đặc khu Lý Sơn, listed without old
  // codes): its two obligations count under its province's successor.
  ExpectCounts(&today->total(),
               {.expected = 54,
                .submitted = 5,
                .on_time = 3,
                .late = 2,
                .missing = 49,
                .accepted = 3,
                .returned = 1},
               "total as of 2026");
  ASSERT_EQ(today->by_child_unit_size(), 1);
  EXPECT_EQ(today->by_child_unit(0).key(), "units/51");
  EXPECT_EQ(nation->total().expected(), 54);
}

// Gò Vấp 2025: the wards and district offices end on 2025-06-30, so they
// owe the 6-month report (due 5 June) but not the annual one (due 5
// November).
TEST_P(ComplianceTest, GoVapBodiesThatCeasedBeforeTheDueDateAreNeitherExpectedNorCounted) {
  const std::string plan_id = UniqueId("go-vap-2025");
  const std::string plan = "plans/" + plan_id;
  pv1::Plan content = MinimalPlan("units/764", "agencies/go-vap-ubnd", "2025",
                                  absl::CivilDay(2025, 1, 10), "agencies/go-vap-phong-noi-vu");
  const std::vector<std::string> reporters = {"agencies/go-vap-phuong-12-ubnd",
                                              "agencies/go-vap-phuong-14-ubnd",
                                              "agencies/go-vap-phong-vhtt"};
  *content.add_reporting() =
      ReportingLine(pv1::REPORT_KIND_SEMI_ANNUAL, "2025-H1", absl::CivilDay(2025, 6, 5), reporters,
                    "agencies/go-vap-phong-noi-vu");
  *content.add_reporting() =
      ReportingLine(pv1::REPORT_KIND_ANNUAL, "2025", absl::CivilDay(2025, 11, 5), reporters,
                    "agencies/go-vap-phong-noi-vu");
  absl::StatusOr<pv1::Plan> issued = CreateIssuedPlan(content, plan_id);
  ASSERT_TRUE(issued.ok()) << issued.status();
  Sync();
  const std::vector<v1::Obligation> obligations =
      Obligations(plan, "", "", absl::CivilDay(2025, 12, 31));
  ASSERT_EQ(obligations.size(), 6u);
  for (const v1::Obligation& o : obligations) {
    EXPECT_EQ(o.state(), o.kind() == v1::REPORT_KIND_ANNUAL ? v1::OBLIGATION_STATE_NOT_EXPECTED
                                                            : v1::OBLIGATION_STATE_MISSING)
        << o.name();
  }

  // Ward 12 on time, the culture office late; ward 14 hands in its annual
  // report while it still exists: not counted, it was never expected.
  MustSubmit(NewReport(plan, "agencies/go-vap-phuong-12-ubnd", v1::REPORT_KIND_SEMI_ANNUAL,
                       "2025-H1", At(2025, 6, 1)));
  MustSubmit(NewReport(plan, "agencies/go-vap-phong-vhtt", v1::REPORT_KIND_SEMI_ANNUAL, "2025-H1",
                       At(2025, 6, 20)));
  MustSubmit(NewReport(plan, "agencies/go-vap-phuong-14-ubnd", v1::REPORT_KIND_ANNUAL, "2025",
                       At(2025, 6, 25)));

  // In the hierarchy of 2025-06-30 (the district still exists).
  absl::StatusOr<v1::Compliance> old =
      Compliance("units/764", plan, "2025", absl::CivilDay(2025, 6, 30));
  ASSERT_TRUE(old.ok()) << DescribeStatus(old.status());
  ExpectCounts(
      &old->total(),
      {.expected = 3, .submitted = 2, .on_time = 1, .late = 1, .missing = 1, .not_expected = 3},
      "Gò Vấp total on 2025-06-30");
  ExpectCounts(GroupCounts(old->by_child_unit(), "units/26881"),
               {.expected = 1, .submitted = 1, .on_time = 1, .not_expected = 1}, "Phường 12");
  ExpectCounts(GroupCounts(old->by_child_unit(), "units/26882"),
               {.expected = 1, .missing = 1, .not_expected = 1}, "Phường 14");
  ExpectCounts(GroupCounts(old->by_child_unit(), "units/764"),
               {.expected = 1, .submitted = 1, .late = 1, .not_expected = 1},
               "the district's own office");
  ExpectCounts(GroupCounts(old->by_agency(), "agencies/go-vap-phuong-14-ubnd"),
               {.expected = 1, .missing = 1, .not_expected = 1}, "Phường 14 UBND");
}

// Gò Vấp 2019-2020: the annual reports the 16 ward People's Committees of
// 2019 owe (due 5 November), counted in the units of each period. Worked
// out by hand from the submissions below:
//   2019: on time 1, 3, 4, 5, 6, 7 (6); late 8, 9 (2); missing the other 8.
//     expected 16, submitted 8, on time 6, late 2, missing 8: 50.0%.
//   2020: on time 1, 3, 4, 5, 6, 7, 8, 9, 10, 11 (10); late 12 (1);
//     missing 13, 14, 15, 16, 17 (5).
//   2019/2020: expected 32, submitted 19, on time 16, late 3, missing 13:
//     59.375%.
// Four of these wards (1 and 15 of 2019, 4, 9) are gone from 2025-01-01
// and Gò Vấp from 2025-07-01: as of today the district is no unit.
TEST_P(ComplianceTest, GoVap2019And2020AreCountedInTheSixteenWardsOfTheirDay) {
  const std::string plan_id = UniqueId("go-vap-2019-2020");
  const std::string plan = "plans/" + plan_id;
  // Ward number -> its People's Committee of 2019 (reference agencies).
  const std::vector<std::pair<int, std::string>> wards = {
      {1, "go-vap-phuong-1-ubnd-26896"}, {3, "go-vap-phuong-3-ubnd"},
      {4, "go-vap-phuong-4-ubnd"},       {5, "go-vap-phuong-5-ubnd"},
      {6, "go-vap-phuong-6-ubnd"},       {7, "go-vap-phuong-7-ubnd"},
      {8, "go-vap-phuong-8-ubnd"},       {9, "go-vap-phuong-9-ubnd"},
      {10, "go-vap-phuong-10-ubnd"},     {11, "go-vap-phuong-11-ubnd"},
      {12, "go-vap-phuong-12-ubnd"},     {13, "go-vap-phuong-13-ubnd"},
      {14, "go-vap-phuong-14-ubnd"},     {15, "go-vap-phuong-15-ubnd-26869"},
      {16, "go-vap-phuong-16-ubnd"},     {17, "go-vap-phuong-17-ubnd"}};
  std::vector<std::string> reporters;
  for (const auto& [number, id] : wards) reporters.push_back("agencies/" + id);
  pv1::Plan content = MinimalPlan("units/764", "agencies/go-vap-ubnd", "2019/2020",
                                  absl::CivilDay(2019, 5, 8), "agencies/go-vap-phong-ldtbxh");
  *content.add_reporting() =
      ReportingLine(pv1::REPORT_KIND_ANNUAL, "2019", absl::CivilDay(2019, 11, 5), reporters,
                    "agencies/go-vap-phong-ldtbxh");
  *content.add_reporting() =
      ReportingLine(pv1::REPORT_KIND_ANNUAL, "2020", absl::CivilDay(2020, 11, 5), reporters,
                    "agencies/go-vap-phong-ldtbxh");
  absl::StatusOr<pv1::Plan> issued = CreateIssuedPlan(content, plan_id);
  ASSERT_TRUE(issued.ok()) << DescribeStatus(issued.status());
  Sync();
  ASSERT_EQ(Obligations(plan).size(), 32u);
  for (const auto& [number, id] : wards) {
    const std::string agency = "agencies/" + id;
    if (number <= 7)
      MustSubmit(NewReport(plan, agency, v1::REPORT_KIND_ANNUAL, "2019", At(2019, 11, 1)));
    if (number == 8 || number == 9) {
      MustSubmit(NewReport(plan, agency, v1::REPORT_KIND_ANNUAL, "2019", At(2019, 11, 20)));
    }
    if (number <= 11)
      MustSubmit(NewReport(plan, agency, v1::REPORT_KIND_ANNUAL, "2020", At(2020, 11, 2)));
    if (number == 12)
      MustSubmit(NewReport(plan, agency, v1::REPORT_KIND_ANNUAL, "2020", At(2020, 12, 1)));
  }

  // No as_of: the units of 2019-12-31, states as of today.
  absl::StatusOr<v1::Compliance> year_2019 = Compliance("units/764", plan, "2019", std::nullopt);
  ASSERT_TRUE(year_2019.ok()) << DescribeStatus(year_2019.status());
  EXPECT_EQ(year_2019->units_as_of().DebugString(),
            Day(absl::CivilDay(2019, 12, 31)).DebugString());
  ExpectCounts(&year_2019->total(),
               {.expected = 16, .submitted = 8, .on_time = 6, .late = 2, .missing = 8}, "2019");
  EXPECT_DOUBLE_EQ(year_2019->total().submission_rate(), 50.0);
  EXPECT_EQ(year_2019->by_child_unit_size(), 16);
  ExpectCounts(GroupCounts(year_2019->by_child_unit(), "units/26896"),
               {.expected = 1, .submitted = 1, .on_time = 1}, "Phường 1 of 2019");
  ExpectCounts(GroupCounts(year_2019->by_child_unit(), "units/26869"),
               {.expected = 1, .missing = 1}, "Phường 15 of 2019");

  absl::StatusOr<v1::Compliance> both = Compliance("units/764", plan, "2019/2020", std::nullopt);
  ASSERT_TRUE(both.ok()) << DescribeStatus(both.status());
  ExpectCounts(&both->total(),
               {.expected = 32, .submitted = 19, .on_time = 16, .late = 3, .missing = 13},
               "2019/2020");
  EXPECT_DOUBLE_EQ(both->total().submission_rate(), 100.0 * 19 / 32);
  EXPECT_EQ(both->by_child_unit_size(), 16);

  // Asked as of today, Gò Vấp is no unit any more.
  absl::StatusOr<v1::Compliance> today =
      Compliance("units/764", plan, "2019", absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(today.status().code(), absl::StatusCode::kNotFound) << today.status();
}

// Quận 3's annual reports of 2020 (reporting_test_support.h: Phường 08
// linked by an operator to Phường Võ Thị Sáu, Phường 07 without a link,
// both ceased on 2021-01-31), due 5 November. Worked out by hand:
//   Phường 08 on time (1 November), Võ Thị Sáu late (20 November),
//   Phường 07 missing.
//   as of 2021-06-30: Võ Thị Sáu expected 2, submitted 2, on time 1, late
//     1 (100%); Quận 3 expected 3, submitted 2, on time 1, late 1,
//     missing 1, Phường 07's under its own code in Quận 3 (no ward took it).
//   as of 2020-12-31 each ward counts its own: Phường 08 1 on time, Võ Thị
//     Sáu (Phường 06) 1 late, Phường 07 1 missing.
TEST_P(ComplianceTest, ACeasedWardsObligationsCountInTheWardAnOperatorLinkedItTo) {
  ASSERT_TRUE(LinkWard8ToVoThiSau().ok());
  absl::StatusOr<Quan3Plan> quan_3 = CreateQuan3Plan();
  ASSERT_TRUE(quan_3.ok()) << DescribeStatus(quan_3.status());
  Sync();
  MustSubmit(
      NewReport(quan_3->plan, quan_3->ward_8, v1::REPORT_KIND_ANNUAL, "2020", At(2020, 11, 1)));
  MustSubmit(NewReport(quan_3->plan, quan_3->vo_thi_sau, v1::REPORT_KIND_ANNUAL, "2020",
                       At(2020, 11, 20)));

  const absl::CivilDay after(2021, 6, 30);
  absl::StatusOr<v1::Compliance> ward = Compliance("units/27139", quan_3->plan, "2020", after);
  ASSERT_TRUE(ward.ok()) << DescribeStatus(ward.status());
  ExpectCounts(&ward->total(), {.expected = 2, .submitted = 2, .on_time = 1, .late = 1},
               "Võ Thị Sáu as of 2021-06-30");
  EXPECT_DOUBLE_EQ(ward->total().submission_rate(), 100);
  ExpectCounts(GroupCounts(ward->by_agency(), quan_3->ward_8),
               {.expected = 1, .submitted = 1, .on_time = 1}, "Phường 08's committee");

  absl::StatusOr<v1::Compliance> district = Compliance("units/770", quan_3->plan, "2020", after);
  ASSERT_TRUE(district.ok()) << DescribeStatus(district.status());
  ExpectCounts(&district->total(),
               {.expected = 3, .submitted = 2, .on_time = 1, .late = 1, .missing = 1},
               "Quận 3 as of 2021-06-30");
  EXPECT_EQ(district->by_child_unit_size(), 2);
  ExpectCounts(GroupCounts(district->by_child_unit(), "units/27139"),
               {.expected = 2, .submitted = 2, .on_time = 1, .late = 1}, "Võ Thị Sáu in Quận 3");
  ExpectCounts(GroupCounts(district->by_child_unit(), "units/27124"), {.expected = 1, .missing = 1},
               "Phường 07, linked to no ward");
  EXPECT_EQ(Compliance("units/27121", quan_3->plan, "2020", after).status().code(),
            absl::StatusCode::kNotFound);

  absl::StatusOr<v1::Compliance> before =
      Compliance("units/770", quan_3->plan, "2020", absl::CivilDay(2020, 12, 31));
  ASSERT_TRUE(before.ok()) << DescribeStatus(before.status());
  EXPECT_EQ(before->by_child_unit_size(), 3);
  ExpectCounts(GroupCounts(before->by_child_unit(), "units/27121"),
               {.expected = 1, .submitted = 1, .on_time = 1}, "Phường 08 in 2020");
  ExpectCounts(GroupCounts(before->by_child_unit(), "units/27139"),
               {.expected = 1, .submitted = 1, .late = 1}, "Phường 06 in 2020");

  // As of 2026: Phường 08's obligation follows the link to Võ Thị Sáu's
  // successor, the new Phường Xuân Hòa (code 27139 again); Phường 07's
  // counts on the city itself (Quận 3's successor in the 2025-07 list).
  absl::StatusOr<v1::Compliance> today =
      Compliance("units/79", quan_3->plan, "2020", absl::CivilDay(2026, 1, 1));
  ASSERT_TRUE(today.ok()) << DescribeStatus(today.status());
  ExpectCounts(&today->total(),
               {.expected = 3, .submitted = 2, .on_time = 1, .late = 1, .missing = 1},
               "the city as of 2026");
  ExpectCounts(GroupCounts(today->by_child_unit(), "units/27139"),
               {.expected = 2, .submitted = 2, .on_time = 1, .late = 1}, "Phường Xuân Hòa");
  ExpectCounts(GroupCounts(today->by_child_unit(), "units/79"), {.expected = 1, .missing = 1},
               "the city itself");
}

// Reporting remembers the units it looked up (known_units) when it
// followed the plan: a link an operator adds later must still count.
// Phường 08 as remembered before the link, without successors.
TEST_P(ComplianceTest, ALinkAddedAfterTheWardWasRememberedCounts) {
  ASSERT_TRUE(LinkWard8ToVoThiSau().ok());
  absl::StatusOr<Quan3Plan> quan_3 = CreateQuan3Plan();
  ASSERT_TRUE(quan_3.ok()) << DescribeStatus(quan_3.status());
  Sync();
  MustSubmit(
      NewReport(quan_3->plan, quan_3->ward_8, v1::REPORT_KIND_ANNUAL, "2020", At(2020, 11, 1)));
  av1::GetUnitRequest get;
  get.set_name("units/27121");
  *get.mutable_as_of() = Day(2020, 12, 31);
  absl::StatusOr<av1::Unit> ward_8 = Agencies()->GetUnit(get, absl::Now() + absl::Seconds(30));
  ASSERT_TRUE(ward_8.ok()) << ward_8.status();
  ASSERT_FALSE(ward_8->successors().empty());
  ward_8->clear_successors();
  absl::Status forgotten = db_->Write([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<int64_t> changed =
        txn.Execute("UPDATE known_units SET data = $1 WHERE code = '27121'",
                    {storage::Blob{ward_8->SerializeAsString()}});
    if (!changed.ok()) return changed.status();
    return *changed == 1 ? absl::OkStatus() : absl::InternalError("Phường 08 was not remembered");
  });
  ASSERT_TRUE(forgotten.ok()) << forgotten;

  absl::StatusOr<v1::Compliance> ward =
      Compliance("units/27139", quan_3->plan, "2020", absl::CivilDay(2021, 6, 30));
  ASSERT_TRUE(ward.ok()) << DescribeStatus(ward.status());
  ExpectCounts(&ward->total(), {.expected = 2, .submitted = 1, .on_time = 1, .missing = 1},
               "Võ Thị Sáu with Phường 08 remembered without its link");
}

// With interplan-agencies down, what reporting remembered answers: the
// link read once it was there still counts.
TEST_P(ComplianceTest, ALinkedWardCountsFromMemoryWhileAgenciesIsDown) {
  ASSERT_TRUE(LinkWard8ToVoThiSau().ok());
  absl::StatusOr<Quan3Plan> quan_3 = CreateQuan3Plan();
  ASSERT_TRUE(quan_3.ok()) << DescribeStatus(quan_3.status());
  Sync();
  MustSubmit(
      NewReport(quan_3->plan, quan_3->ward_8, v1::REPORT_KIND_ANNUAL, "2020", At(2020, 11, 1)));
  const absl::CivilDay after(2021, 6, 30);
  const Counts expected = {.expected = 2, .submitted = 1, .on_time = 1, .missing = 1};
  absl::StatusOr<v1::Compliance> up = Compliance("units/27139", quan_3->plan, "2020", after);
  ASSERT_TRUE(up.ok()) << DescribeStatus(up.status());
  ExpectCounts(&up->total(), expected, "Võ Thị Sáu, agencies up");

  ::interplan::testing::UnreachableAgencies dead;
  RememberingAgenciesClient from_memory(*db_, dead);
  reports_ = std::make_unique<ReportRegistry>(
      *db_, *committer_, *catalogue_, from_memory, *feed_, *rollups_, [this] { return now_; },
      /*agency_max_age=*/absl::Minutes(10));
  absl::StatusOr<v1::Compliance> down = Compliance("units/27139", quan_3->plan, "2020", after);
  reports_.reset();
  ASSERT_TRUE(down.ok()) << DescribeStatus(down.status());
  ExpectCounts(&down->total(), expected, "Võ Thị Sáu, agencies down");
}

// The Gò Vấp bodies' 2025 reports judged in the hierarchy of 2026: the
// wards are in the new Phường An Hội Tây (26882), the district's office
// directly under HCMC (79).
class GoVap2025Test : public ComplianceTest {
 protected:
  // A 2025 plan whose reports come from wards 12 and 14 and the culture
  // office: the 6-month report (due 5 June) and, with `annual`, the annual
  // one (due 5 November, after they all ceased).
  //
  // Obligations are read in the order of their ids (a hash of plan, agency,
  // kind, period and recipient, as obligation_rules.cc makes them). With
  // `ceased_first`, the plan id is picked so that the annual obligations of
  // ward 12 and of the culture office come before their 6-month ones.
  std::string CreatePlan(bool annual, bool ceased_first = false) {
    std::string plan_id = UniqueId("go-vap-2025-new");
    if (ceased_first) {
      auto id = [](const std::string& plan, const std::string& agency, v1::ReportKind kind,
                   const std::string& period) {
        return absl::StrCat("o", absl::Hex(Fnv1a64(absl::StrCat(plan, "|", agency, "|", kind, "|",
                                                                period, "|go-vap-phong-noi-vu")),
                                           absl::kZeroPad16));
      };
      const std::string base = plan_id;
      for (int n = 0;; ++n) {
        plan_id = absl::StrCat(base, "-", n);
        bool first = true;
        for (const char* agency : {"go-vap-phuong-12-ubnd", "go-vap-phong-vhtt"}) {
          first = first && id(plan_id, agency, v1::REPORT_KIND_ANNUAL, "2025") <
                               id(plan_id, agency, v1::REPORT_KIND_SEMI_ANNUAL, "2025-H1");
        }
        if (first) break;
      }
    }
    pv1::Plan content = MinimalPlan("units/764", "agencies/go-vap-ubnd", "2025",
                                    absl::CivilDay(2025, 1, 10), "agencies/go-vap-phong-noi-vu");
    const std::vector<std::string> reporters = {"agencies/go-vap-phuong-12-ubnd",
                                                "agencies/go-vap-phuong-14-ubnd",
                                                "agencies/go-vap-phong-vhtt"};
    *content.add_reporting() =
        ReportingLine(pv1::REPORT_KIND_SEMI_ANNUAL, "2025-H1", absl::CivilDay(2025, 6, 5),
                      reporters, "agencies/go-vap-phong-noi-vu");
    if (annual) {
      *content.add_reporting() =
          ReportingLine(pv1::REPORT_KIND_ANNUAL, "2025", absl::CivilDay(2025, 11, 5), reporters,
                        "agencies/go-vap-phong-noi-vu");
    }
    absl::StatusOr<pv1::Plan> issued = CreateIssuedPlan(content, plan_id);
    EXPECT_TRUE(issued.ok()) << issued.status();
    Sync();
    const std::string plan = "plans/" + plan_id;
    MustSubmit(NewReport(plan, "agencies/go-vap-phuong-12-ubnd", v1::REPORT_KIND_SEMI_ANNUAL,
                         "2025-H1", At(2025, 6, 1)));
    MustSubmit(NewReport(plan, "agencies/go-vap-phong-vhtt", v1::REPORT_KIND_SEMI_ANNUAL, "2025-H1",
                         At(2025, 6, 20)));
    return plan;
  }

  void ExpectNewHierarchy(const v1::Compliance& today, int not_expected_wards,
                          int not_expected_district) {
    ExpectCounts(&today.total(),
                 {.expected = 3,
                  .submitted = 2,
                  .on_time = 1,
                  .late = 1,
                  .missing = 1,
                  .not_expected = not_expected_wards + not_expected_district},
                 "HCMC total as of 2026");
    ExpectCounts(GroupCounts(today.by_child_unit(), "units/26882"),
                 {.expected = 2,
                  .submitted = 1,
                  .on_time = 1,
                  .missing = 1,
                  .not_expected = not_expected_wards},
                 "Phường An Hội Tây");
    ExpectCounts(GroupCounts(today.by_child_unit(), "units/79"),
                 {.expected = 1, .submitted = 1, .late = 1, .not_expected = not_expected_district},
                 "the former district's office");
  }
};

TEST_P(GoVap2025Test, SixMonthReportsCountUnderTheSuccessors) {
  const std::string plan = CreatePlan(/*annual=*/false);
  absl::StatusOr<v1::Compliance> today =
      Compliance("units/79", plan, "2025", absl::CivilDay(2026, 1, 1));
  ASSERT_TRUE(today.ok()) << DescribeStatus(today.status());
  ExpectNewHierarchy(*today, 0, 0);
}

TEST_P(GoVap2025Test, CeasedObligationsDoNotDisplaceTheExpectedOnes) {
  const std::string plan = CreatePlan(/*annual=*/true, /*ceased_first=*/true);
  absl::StatusOr<v1::Compliance> today =
      Compliance("units/79", plan, "2025", absl::CivilDay(2026, 1, 1));
  ASSERT_TRUE(today.ok()) << DescribeStatus(today.status());
  EXPECT_LE(today->total().submission_rate(), 100);
  // The annual obligations (due 2025-11-05, after the wards and the
  // district ceased) come first in id order; they count as not expected
  // under the successors, and the 6-month ones of the same units still
  // count as expected there.
  ExpectNewHierarchy(*today, 2, 1);
}

// An agency created through interplan-agencies and retired on 31 August
// 2023: it owes the 6-month report (due 15 June) but not the annual one
// (due 30 November).
class RetiredAgencyTest : public ComplianceTest {
 protected:
  // Creates an agency of Quảng Ngãi province; its name.
  std::string CreateAgency(const std::string& id) {
    av1::CreateAgencyRequest request;
    request.set_agency_id(id);
    request.mutable_agency()->set_display_name(absl::StrCat("Ban Quản lý dự án thử nghiệm ", id));
    request.mutable_agency()->set_short_name("BQLDA thử nghiệm");
    request.mutable_agency()->set_kind(av1::AGENCY_KIND_OTHER);
    request.mutable_agency()->set_unit("units/51");
    request.mutable_agency()->set_assignable(true);
    absl::StatusOr<av1::Agency> created = Agencies()->agency_registry().CreateAgency(request);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->name() : "";
  }

  void Retire(const std::string& agency, absl::CivilDay last_day) {
    av1::RetireAgencyRequest request;
    request.set_name(agency);
    *request.mutable_valid_to() = Day(last_day);
    absl::StatusOr<av1::Agency> retired = Agencies()->agency_registry().RetireAgency(request);
    ASSERT_TRUE(retired.ok()) << retired.status();
  }

  // A 2023 plan of Quảng Ngãi whose reports come from `agency` and the
  // Health department.
  std::string CreatePlan(const std::string& agency) {
    const std::string plan_id = UniqueId("quang-ngai-2023");
    pv1::Plan content = MinimalPlan("units/51", "agencies/quang-ngai-ubnd", "2023",
                                    absl::CivilDay(2023, 1, 5), kYTe);
    const std::vector<std::string> reporters = {agency, kYTe};
    *content.add_reporting() =
        ReportingLine(pv1::REPORT_KIND_SEMI_ANNUAL, "2023-H1", absl::CivilDay(2023, 6, 15),
                      reporters, "agencies/quang-ngai-so-ldtbxh");
    *content.add_reporting() =
        ReportingLine(pv1::REPORT_KIND_ANNUAL, "2023", absl::CivilDay(2023, 11, 30), reporters,
                      "agencies/quang-ngai-so-ldtbxh");
    absl::StatusOr<pv1::Plan> issued = CreateIssuedPlan(content, plan_id);
    EXPECT_TRUE(issued.ok()) << issued.status();
    return "plans/" + plan_id;
  }

  void ExpectRetiredAgencyLeftOut(const std::string& plan, const std::string& agency) {
    absl::StatusOr<v1::Compliance> compliance =
        Compliance("units/51", plan, "2023", absl::CivilDay(2023, 12, 31));
    ASSERT_TRUE(compliance.ok()) << DescribeStatus(compliance.status());
    // Expected: its 6-month report and Health's two; the annual report of
    // the retired agency is not expected, and its (early) annual report is
    // not counted.
    ExpectCounts(&compliance->total(),
                 {.expected = 3, .submitted = 2, .on_time = 2, .missing = 1, .not_expected = 1},
                 "plan total");
    ExpectCounts(GroupCounts(compliance->by_agency(), agency),
                 {.expected = 1, .submitted = 1, .on_time = 1, .not_expected = 1},
                 "the retired agency");
    EXPECT_EQ(
        ObligationOf(plan, agency, v1::REPORT_KIND_ANNUAL, "2023", absl::CivilDay(2023, 12, 31))
            .state(),
        v1::OBLIGATION_STATE_NOT_EXPECTED);
  }

  void SubmitReports(const std::string& plan, const std::string& agency) {
    MustSubmit(NewReport(plan, agency, v1::REPORT_KIND_SEMI_ANNUAL, "2023-H1", At(2023, 6, 10)));
    MustSubmit(NewReport(plan, agency, v1::REPORT_KIND_ANNUAL, "2023", At(2023, 8, 20)));
    MustSubmit(NewReport(plan, kYTe, v1::REPORT_KIND_SEMI_ANNUAL, "2023-H1", At(2023, 6, 12)));
  }
};

TEST_P(RetiredAgencyTest, RetiredBeforeReportingLearnsOfThePlan) {
  const std::string agency = CreateAgency(UniqueId("qn-bqlda-a"));
  ASSERT_FALSE(agency.empty());
  Retire(agency, absl::CivilDay(2023, 8, 31));
  const std::string plan = CreatePlan(agency);
  Sync();
  SubmitReports(plan, agency);
  ExpectRetiredAgencyLeftOut(plan, agency);
}

TEST_P(RetiredAgencyTest, RetiredAfterReportingLearntOfThePlan) {
  const std::string agency = CreateAgency(UniqueId("qn-bqlda-b"));
  ASSERT_FALSE(agency.empty());
  const std::string plan = CreatePlan(agency);
  Sync();
  EXPECT_EQ(ObligationOf(plan, agency, v1::REPORT_KIND_ANNUAL, "2023", absl::CivilDay(2023, 1, 31))
                .state(),
            v1::OBLIGATION_STATE_PENDING);
  // The agency is dissolved after the plan was issued, as happens to
  // real ones (the 2025 reorganisation came after the 2025 plans).
  Retire(agency, absl::CivilDay(2023, 8, 31));
  Sync();
  SubmitReports(plan, agency);
  absl::StatusOr<v1::Compliance> compliance =
      Compliance("units/51", plan, "2023", absl::CivilDay(2023, 12, 31));
  ASSERT_TRUE(compliance.ok()) << DescribeStatus(compliance.status());
  EXPECT_LE(compliance->total().submission_rate(), 100);
  ExpectRetiredAgencyLeftOut(plan, agency);
}

// The service keeps agency records for a while (--agency_max_age): a
// retirement counts once the record it learnt is older than the bound,
// and a retirement made before the record was learnt counts at once.
TEST_P(RetiredAgencyTest, RetirementCountsOnceTheRememberedRecordIsTooOld) {
  const std::string agency = CreateAgency(UniqueId("qn-bqlda-c"));
  ASSERT_FALSE(agency.empty());
  const std::string id = agency.substr(std::string("agencies/").size());
  absl::Time clock = absl::Now();
  AgencyCache cache(*registry_, [&clock] { return clock; });
  ObligationRow annual;
  annual.agency_id = id;
  annual.due_date = "2023-11-30";
  auto ceased = [&](absl::Duration max_age) {
    std::vector<ObligationRow> rows = {annual};
    absl::Status status =
        ApplyAgencyValidity(cache, max_age, absl::Now() + absl::Seconds(30), rows);
    EXPECT_TRUE(status.ok()) << status;
    return rows[0].ceased;
  };
  EXPECT_FALSE(ceased(absl::Minutes(1)));
  Retire(agency, absl::CivilDay(2023, 8, 31));
  // Within the bound the remembered record answers; without one, or past
  // it, interplan-agencies does.
  clock += absl::Seconds(30);
  EXPECT_FALSE(ceased(absl::Minutes(1)));
  EXPECT_TRUE(ceased(absl::ZeroDuration()));
  clock += absl::Seconds(31);
  EXPECT_TRUE(ceased(absl::Minutes(1)));
}

TEST_P(RetiredAgencyTest, RetiredAgencyLeftOutWithRememberedAgencies) {
  reports_ = std::make_unique<ReportRegistry>(
      *db_, *committer_, *catalogue_, *registry_, *feed_, *rollups_, [this] { return now_; },
      /*agency_max_age=*/absl::Minutes(10));
  const std::string agency = CreateAgency(UniqueId("qn-bqlda-d"));
  ASSERT_FALSE(agency.empty());
  Retire(agency, absl::CivilDay(2023, 8, 31));
  const std::string plan = CreatePlan(agency);
  Sync();
  SubmitReports(plan, agency);
  ExpectRetiredAgencyLeftOut(plan, agency);
  // Asked again within the bound, from memory: the same answer.
  ExpectRetiredAgencyLeftOut(plan, agency);
}

INSTANTIATE_ON_BOTH_ENGINES(ComplianceTest);
INSTANTIATE_ON_BOTH_ENGINES(RetiredAgencyTest);
INSTANTIATE_ON_BOTH_ENGINES(GoVap2025Test);

}  // namespace
}  // namespace interplan::reporting::test
