// Roll-ups on SQLite and PostgreSQL against numbers worked out by hand:
// percentages as the sum of numerators over the sum of denominators (never
// an average of percentages), sums for counts, disaggregations kept, ward
// -> district -> province -> nation; only accepted values, a resubmission
// replacing what was returned; across the 2025 merger both ways (Gò Vấp's
// Phường 12 and 14 under units/764 in the old hierarchy, under the new
// Phường An Hội Tây, code 26882, in the new one, the nation the same);
// data_as_of once something is accepted.
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/reporting/rollup_store.h"
#include "services/reporting/schema.h"
#include "tests/services/reporting/reporting_test_support.h"

namespace interplan::reporting::test {
namespace {

using ::testing::ElementsAre;

constexpr char kWard12[] = "agencies/go-vap-phuong-12-ubnd";  // units/26881
constexpr char kWard14[] = "agencies/go-vap-phuong-14-ubnd";  // units/26882
constexpr char kNoiVu[] = "agencies/go-vap-phong-noi-vu";     // units/764
constexpr char kDakLakYTe[] = "agencies/dak-lak-so-y-te";     // units/66

constexpr absl::CivilDay kOld{2020, 12, 31};  // the hierarchy of 2020
constexpr absl::CivilDay kNew{2026, 1, 1};    // after the 2025 merger

// numerator / denominator of one roll-up value, and how many went in.
struct Expect {
  double numerator, denominator;
  int64_t count;
};

class RollupTest : public ReportingTest {
 protected:
  void SetUp() override {
    ReportingTest::SetUp();
    if (HasFatalFailure()) return;
    Sync();
  }

  // Checks one ratio-of-sums value: the sums, the percentage made of them.
  void ExpectRatio(const std::string& indicator, const std::string& unit, absl::CivilDay as_of,
                   const std::string& sex, Expect e, double scale = 100) {
    SCOPED_TRACE(absl::StrCat(indicator, " ", unit.empty() ? "nation" : unit, " ",
                              sex.empty() ? "total" : sex, " as of ",
                              absl::FormatCivilTime(as_of)));
    absl::StatusOr<v1::Rollup> rollup = Rollup(indicator, unit, "2020", as_of);
    ASSERT_TRUE(rollup.ok()) << DescribeStatus(rollup.status());
    EXPECT_EQ(rollup->aggregation(), v1::AGGREGATION_RULE_RATIO_OF_SUMS);
    std::optional<v1::RollupValue> value = ValueFor(*rollup, sex);
    ASSERT_TRUE(value.has_value()) << rollup->DebugString();
    EXPECT_DOUBLE_EQ(value->numerator(), e.numerator);
    EXPECT_DOUBLE_EQ(value->denominator(), e.denominator);
    EXPECT_NEAR(value->value(), scale * e.numerator / e.denominator, 1e-9);
    EXPECT_EQ(value->count(), e.count);
  }

  void ExpectSum(const std::string& indicator, const std::string& unit, absl::CivilDay as_of,
                 const std::string& sex, double sum, int64_t count) {
    SCOPED_TRACE(absl::StrCat(indicator, " ", unit.empty() ? "nation" : unit, " ",
                              sex.empty() ? "total" : sex, " as of ",
                              absl::FormatCivilTime(as_of)));
    absl::StatusOr<v1::Rollup> rollup = Rollup(indicator, unit, "2020", as_of);
    ASSERT_TRUE(rollup.ok()) << DescribeStatus(rollup.status());
    EXPECT_EQ(rollup->aggregation(), v1::AGGREGATION_RULE_SUM);
    std::optional<v1::RollupValue> value = ValueFor(*rollup, sex);
    ASSERT_TRUE(value.has_value()) << rollup->DebugString();
    EXPECT_DOUBLE_EQ(value->value(), sum);
    EXPECT_EQ(value->count(), count);
  }

  v1::Report Annual2020(const std::string& plan, const std::string& agency) {
    return NewReport(plan, agency, v1::REPORT_KIND_ANNUAL, "2020", At(2020, 11, 1));
  }

  // The data set every test below starts from: two Gò Vấp wards with
  // different denominators, a Gò Vấp district office, and a Đắk Lắk
  // department; every report accepted (ward 12's after a return).
  void SubmitTheDataSet() {
    v1::Report ward12_first = Annual2020(kGoVap, kWard12);
    *ward12_first.add_values() = Ratio("LOC-COMM-OFFICIALS", 59, 60);
    *ward12_first.add_values() = Count("CAMPAIGN-PARTICIPANTS", 999);
    const v1::Report returned = MustSubmit(ward12_first);
    ASSERT_TRUE(Return(returned.name(), "Số liệu chưa khớp").ok());

    v1::Report ward12 = Annual2020(kGoVap, kWard12);
    *ward12.add_values() = Ratio("LOC-COMM-OFFICIALS", 30, 40, "female");
    *ward12.add_values() = Ratio("LOC-COMM-OFFICIALS", 10, 20, "male");
    *ward12.add_values() = Ratio("LOC-COMM-OFFICIALS", 40, 60);
    *ward12.add_values() = Count("CAMPAIGN-PARTICIPANTS", 70, "female");
    *ward12.add_values() = Count("CAMPAIGN-PARTICIPANTS", 50, "male");
    *ward12.add_values() = Count("CAMPAIGN-PARTICIPANTS", 120);
    *ward12.add_values() = Ratio("NSGE-4.1", 1120, 1000);
    *ward12.add_values() = Ratio("NSGE-4.2", 1, 1000);
    v1::IndicatorValue care = Count("NSGE-3.1", 1.8);
    *ward12.add_values() = care;
    const v1::Report resubmitted = MustSubmit(ward12);
    ASSERT_EQ(resubmitted.version(), 2);
    // Nothing accepted yet: the roll-up is empty and says no data time.
    absl::StatusOr<v1::Rollup> before = Rollup("LOC-COMM-OFFICIALS", "", "2020", kOld);
    ASSERT_TRUE(before.ok()) << DescribeStatus(before.status());
    EXPECT_TRUE(before->values().empty());
    EXPECT_FALSE(before->has_data_as_of());

    // Each acceptance a minute after the last, by the registry's clock.
    now_ = At(2021, 1, 10, 9, 0);
    ward12_accepted_ = now_;
    ASSERT_TRUE(Accept(resubmitted.name()).ok());

    v1::Report ward14 = Annual2020(kGoVap, kWard14);
    *ward14.add_values() = Ratio("LOC-COMM-OFFICIALS", 5, 50, "female");
    *ward14.add_values() = Ratio("LOC-COMM-OFFICIALS", 15, 30, "male");
    *ward14.add_values() = Ratio("LOC-COMM-OFFICIALS", 20, 80);
    *ward14.add_values() = Count("CAMPAIGN-PARTICIPANTS", 30, "female");
    *ward14.add_values() = Count("CAMPAIGN-PARTICIPANTS", 50, "male");
    *ward14.add_values() = Count("CAMPAIGN-PARTICIPANTS", 80);
    *ward14.add_values() = Ratio("NSGE-4.1", 530, 500);
    *ward14.add_values() = Ratio("NSGE-4.2", 0, 1500);
    now_ += absl::Minutes(1);
    SubmitAccepted(ward14);

    v1::Report district = Annual2020(kGoVap, kNoiVu);
    *district.add_values() = Ratio("LOC-COMM-OFFICIALS", 100, 400);
    *district.add_values() = Count("CAMPAIGN-PARTICIPANTS", 200, "female");
    *district.add_values() = Count("CAMPAIGN-PARTICIPANTS", 200);
    now_ += absl::Minutes(1);
    SubmitAccepted(district);

    v1::Report dak_lak = Annual2020(kDakLak, kDakLakYTe);
    *dak_lak.add_values() = Ratio("LOC-COMM-OFFICIALS", 50, 100);
    *dak_lak.add_values() = Count("CAMPAIGN-PARTICIPANTS", 10, "female");
    *dak_lak.add_values() = Count("CAMPAIGN-PARTICIPANTS", 10);
    now_ += absl::Minutes(1);
    SubmitAccepted(dak_lak);
    last_accepted_ = now_;
  }

  absl::Time ward12_accepted_, last_accepted_;
};

TEST_P(RollupTest, PercentagesAreRatiosOfSumsFromWardToNation) {
  SubmitTheDataSet();
  if (HasFatalFailure()) return;
  // Ward 12 reported 40/60 (66.7%), ward 14 20/80 (25%): the district adds
  // its own 100/400. The average of the percentages would be 38.9% (or
  // 45.8% for the two wards); the ratio of sums is 160/540 = 29.6%.
  ExpectRatio("LOC-COMM-OFFICIALS", "units/26881", kOld, "", {40, 60, 1});
  ExpectRatio("LOC-COMM-OFFICIALS", "units/26882", kOld, "", {20, 80, 1});
  ExpectRatio("LOC-COMM-OFFICIALS", "units/764", kOld, "", {160, 540, 3});
  ExpectRatio("LOC-COMM-OFFICIALS", "units/79", kOld, "", {160, 540, 3});
  ExpectRatio("LOC-COMM-OFFICIALS", "units/66", kOld, "", {50, 100, 1});
  ExpectRatio("LOC-COMM-OFFICIALS", "", kOld, "", {210, 640, 4});
  absl::StatusOr<v1::Rollup> district = Rollup("LOC-COMM-OFFICIALS", "units/764", "2020", kOld);
  ASSERT_TRUE(district.ok());
  EXPECT_NEAR(ValueFor(*district)->value(), 29.62962962962963, 1e-9);
  EXPECT_GT(
      std::abs(ValueFor(*district)->value() - (40.0 / 60 + 20.0 / 80 + 100.0 / 400) / 3 * 100), 5);
  // Disaggregations are kept: female 35/90 (38.9%, not the 42.5% average
  // of 75% and 10%), male 25/50.
  ExpectRatio("LOC-COMM-OFFICIALS", "units/764", kOld, "female", {35, 90, 2});
  ExpectRatio("LOC-COMM-OFFICIALS", "units/764", kOld, "male", {25, 50, 2});
  ExpectRatio("LOC-COMM-OFFICIALS", "", kOld, "female", {35, 90, 2});
  EXPECT_EQ(district->values_size(), 3);  // total, female, male

  // Counts are summed, by category.
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/26881", kOld, "", 120, 1);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/764", kOld, "", 400, 3);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/764", kOld, "female", 300, 3);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/764", kOld, "male", 100, 2);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/79", kOld, "", 400, 3);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "", kOld, "", 410, 4);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "", kOld, "female", 310, 4);

  // Ratios with their own scale: boys per 100 girls, 1650/1500 = 110 (not
  // the 109 average of 112 and 106); deaths per 100,000 live births,
  // 1/2500 = 40 (not the average 50).
  ExpectRatio("NSGE-4.1", "units/764", kOld, "", {1650, 1500, 2}, 100);
  ExpectRatio("NSGE-4.2", "units/764", kOld, "", {1, 2500, 2}, 100000);
  // A ratio that cannot be aggregated stays where it was measured.
  absl::StatusOr<v1::Rollup> care_ward = Rollup("NSGE-3.1", "units/26881", "2020", kOld);
  ASSERT_TRUE(care_ward.ok());
  ASSERT_TRUE(ValueFor(*care_ward).has_value());
  EXPECT_DOUBLE_EQ(ValueFor(*care_ward)->value(), 1.8);
  absl::StatusOr<v1::Rollup> care_district = Rollup("NSGE-3.1", "units/764", "2020", kOld);
  ASSERT_TRUE(care_district.ok());
  EXPECT_TRUE(care_district->values().empty());

  // Children: the wards under the district (its own value is not a
  // child's), the provinces under the nation.
  absl::StatusOr<v1::Rollup> by_ward =
      Rollup("LOC-COMM-OFFICIALS", "units/764", "2020", kOld, /*by_child=*/true);
  ASSERT_TRUE(by_ward.ok());
  EXPECT_THAT(ChildUnits(*by_ward), ElementsAre("units/26881", "units/26882"));
  ASSERT_TRUE(ChildValueFor(*by_ward, "units/26881").has_value());
  EXPECT_DOUBLE_EQ(ChildValueFor(*by_ward, "units/26881")->numerator(), 40);
  EXPECT_DOUBLE_EQ(ChildValueFor(*by_ward, "units/26882", "female")->denominator(), 50);
  absl::StatusOr<v1::Rollup> by_province =
      Rollup("LOC-COMM-OFFICIALS", "", "2020", kOld, /*by_child=*/true);
  ASSERT_TRUE(by_province.ok());
  EXPECT_THAT(ChildUnits(*by_province), ElementsAre("units/66", "units/79"));
  EXPECT_DOUBLE_EQ(ChildValueFor(*by_province, "units/79")->denominator(), 540);
  ASSERT_EQ(by_province->children_size(), 2);
  EXPECT_EQ(by_province->children(0).display_name(), "Tỉnh Đắk Lắk");
  EXPECT_EQ(by_province->children(1).display_name(), "Thành phố Hồ Chí Minh");
  // The name alone, as UnitAt has it; "" for a code with no unit.
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  EXPECT_EQ(registry_->DisplayNameAt("79", kOld, deadline).value_or("?"), "Thành phố Hồ Chí Minh");
  EXPECT_EQ(registry_->DisplayNameAt("99999", kOld, deadline).value_or("?"), "");

  // The returned first version (59/60, 999 participants) never counted.
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/26881", kOld, "", 120, 1);
  // Another period has nothing.
  absl::StatusOr<v1::Rollup> other = Rollup("LOC-COMM-OFFICIALS", "", "2019", kOld);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->values().empty());
}

TEST_P(RollupTest, AcrossThe2025MergerValuesFollowTheUnitsOfTheAsOfDate) {
  SubmitTheDataSet();
  if (HasFatalFailure()) return;
  // As of 2020: Phường 12 and 14 under Gò Vấp (764) under HCMC (79).
  absl::StatusOr<v1::Rollup> old_district =
      Rollup("LOC-COMM-OFFICIALS", "units/764", "2020", kOld, true);
  ASSERT_TRUE(old_district.ok());
  EXPECT_EQ(old_district->unit_display_name(), "Quận Gò Vấp");
  ExpectRatio("LOC-COMM-OFFICIALS", "units/26882", kOld, "", {20, 80, 1});

  // As of 2026: no district any more; both wards went into the new Phường
  // An Hội Tây (code 26882): 60/140, and its female 35/90.
  ExpectRatio("LOC-COMM-OFFICIALS", "units/26882", kNew, "", {60, 140, 2});
  ExpectRatio("LOC-COMM-OFFICIALS", "units/26882", kNew, "female", {35, 90, 2});
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/26882", kNew, "", 200, 2);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/26882", kNew, "male", 100, 2);
  absl::StatusOr<v1::Rollup> new_ward = Rollup("LOC-COMM-OFFICIALS", "units/26882", "2020", kNew);
  ASSERT_TRUE(new_ward.ok());
  EXPECT_EQ(new_ward->unit_display_name(), "Phường An Hội Tây");
  // The district's own value now sits directly under the new HCMC.
  ExpectRatio("LOC-COMM-OFFICIALS", "units/79", kNew, "", {160, 540, 3});
  absl::StatusOr<v1::Rollup> new_city =
      Rollup("LOC-COMM-OFFICIALS", "units/79", "2020", kNew, true);
  ASSERT_TRUE(new_city.ok());
  EXPECT_THAT(ChildUnits(*new_city), ElementsAre("units/26882"));
  EXPECT_DOUBLE_EQ(ChildValueFor(*new_city, "units/26882")->denominator(), 140);
  // Units that no longer exist cannot be rolled up as of 2026.
  EXPECT_EQ(Rollup("LOC-COMM-OFFICIALS", "units/764", "2020", kNew).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Rollup("LOC-COMM-OFFICIALS", "units/26881", "2020", kNew).status().code(),
            absl::StatusCode::kNotFound);

  // The nation is the same in both hierarchies.
  ExpectRatio("LOC-COMM-OFFICIALS", "", kNew, "", {210, 640, 4});
  ExpectRatio("LOC-COMM-OFFICIALS", "", kOld, "", {210, 640, 4});
  ExpectSum("CAMPAIGN-PARTICIPANTS", "", kNew, "", 410, 4);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "", kNew, "female", 310, 4);
  absl::StatusOr<v1::Rollup> nation_new =
      Rollup("LOC-COMM-OFFICIALS", "", "2020", kNew, /*by_child=*/true);
  ASSERT_TRUE(nation_new.ok());
  EXPECT_THAT(ChildUnits(*nation_new), ElementsAre("units/66", "units/79"));
  // The last day before the merger is still the old hierarchy.
  ExpectRatio("LOC-COMM-OFFICIALS", "units/764", absl::CivilDay(2025, 6, 30), "", {160, 540, 3});
  ExpectRatio("LOC-COMM-OFFICIALS", "units/26882", absl::CivilDay(2025, 7, 1), "", {60, 140, 2});
}

TEST_P(RollupTest, DataAsOfIsTheTimeOfTheNewestAcceptedValue) {
  SubmitTheDataSet();
  if (HasFatalFailure()) return;
  // Only ward 12's report feeds units/26881: its roll-up's data time is
  // that acceptance, by the registry's clock.
  absl::StatusOr<v1::Rollup> ward = Rollup("LOC-COMM-OFFICIALS", "units/26881", "2020", kOld);
  ASSERT_TRUE(ward.ok());
  ASSERT_TRUE(ward->has_data_as_of());
  EXPECT_EQ(time::FromTimestamp(ward->data_as_of()), ward12_accepted_);
  // The district's is its own report's, two minutes later; the nation's
  // the newest of all four acceptances (Đắk Lắk's).
  absl::StatusOr<v1::Rollup> district = Rollup("LOC-COMM-OFFICIALS", "units/764", "2020", kOld);
  ASSERT_TRUE(district.ok());
  EXPECT_EQ(time::FromTimestamp(district->data_as_of()), ward12_accepted_ + absl::Minutes(2));
  absl::StatusOr<v1::Rollup> nation = Rollup("LOC-COMM-OFFICIALS", "", "2020", kOld);
  ASSERT_TRUE(nation.ok());
  ASSERT_TRUE(nation->has_data_as_of());
  EXPECT_EQ(time::FromTimestamp(nation->data_as_of()), last_accepted_);

  // Fresh: the next acceptance is in the very next read.
  v1::Report ward_1 = Annual2020(kGoVap, "agencies/go-vap-phuong-1-ubnd-26896");
  *ward_1.add_values() = Ratio("LOC-COMM-OFFICIALS", 10, 10);
  now_ += absl::Hours(1);
  SubmitAccepted(ward_1);
  ExpectRatio("LOC-COMM-OFFICIALS", "", kOld, "", {220, 650, 5});
  ExpectRatio("LOC-COMM-OFFICIALS", "units/764", kOld, "", {170, 550, 4});
  absl::StatusOr<v1::Rollup> after = Rollup("LOC-COMM-OFFICIALS", "", "2020", kOld);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(time::FromTimestamp(after->data_as_of()), last_accepted_ + absl::Hours(1));
  // A clock set back (another replica's) does not make the data older.
  v1::Report ward_5 = Annual2020(kGoVap, "agencies/go-vap-phuong-5-ubnd");
  *ward_5.add_values() = Ratio("LOC-COMM-OFFICIALS", 1, 2);
  now_ = ward12_accepted_ - absl::Hours(5);
  SubmitAccepted(ward_5);
  ExpectRatio("LOC-COMM-OFFICIALS", "", kOld, "", {221, 652, 6});
  absl::StatusOr<v1::Rollup> later = Rollup("LOC-COMM-OFFICIALS", "", "2020", kOld);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(time::FromTimestamp(later->data_as_of()), last_accepted_ + absl::Hours(1));
}

// Lý Sơn district (units/536) has no successor in the 2025-07 list (its
// communes became Đặc khu Lý Sơn, listed without old codes): its values
// must still be in Quảng Ngãi and in the nation as of 2026.
TEST_P(RollupTest, AUnitWithoutASuccessorStaysInItsProvinceAndTheNation) {
  v1::Report ly_son = NewReport(kQuangNgai, "agencies/quang-ngai-ly-son-ubnd",
                                v1::REPORT_KIND_SEMI_ANNUAL, "2022-H1", At(2022, 5, 25));
  *ly_son.add_values() = Count("CAMPAIGN-PARTICIPANTS", 25);
  SubmitAccepted(ly_son);
  v1::Report binh_son = NewReport(kQuangNgai, "agencies/quang-ngai-binh-son-ubnd",
                                  v1::REPORT_KIND_SEMI_ANNUAL, "2022-H1", At(2022, 5, 26));
  *binh_son.add_values() = Count("CAMPAIGN-PARTICIPANTS", 75);
  SubmitAccepted(binh_son);
  auto sum = [&](const std::string& unit, absl::CivilDay as_of) -> double {
    absl::StatusOr<v1::Rollup> rollup = Rollup("CAMPAIGN-PARTICIPANTS", unit, "2022-H1", as_of);
    EXPECT_TRUE(rollup.ok()) << DescribeStatus(rollup.status());
    if (!rollup.ok() || !ValueFor(*rollup).has_value()) return 0;
    return ValueFor(*rollup)->value();
  };
  EXPECT_EQ(sum("units/536", absl::CivilDay(2022, 12, 31)), 25);
  EXPECT_EQ(sum("units/51", absl::CivilDay(2022, 12, 31)), 100);
  EXPECT_EQ(sum("", absl::CivilDay(2022, 12, 31)), 100);
  // Lý Sơn has no successor in the 2025-07 list: its nearest ancestor
  // with one (the old Quảng Ngãi, whose successor is the new units/51)
  // takes its value, so the province and the nation are the same in both
  // hierarchies.
  EXPECT_EQ(sum("units/51", kNew), 100);
  EXPECT_EQ(sum("", kNew), 100);
  absl::StatusOr<v1::Rollup> nation =
      Rollup("CAMPAIGN-PARTICIPANTS", "", "2022-H1", kNew, /*by_child=*/true);
  ASSERT_TRUE(nation.ok());
  EXPECT_THAT(ChildUnits(*nation), ElementsAre("units/51"));
  // No new commune pretends to have it: like Bình Sơn's (whose successor
  // is the province), Lý Sơn's value sits on the province itself.
  absl::StatusOr<v1::Rollup> province =
      Rollup("CAMPAIGN-PARTICIPANTS", "units/51", "2022-H1", kNew, /*by_child=*/true);
  ASSERT_TRUE(province.ok());
  EXPECT_TRUE(province->children().empty()) << province->DebugString();
}

// Quận 3's Phường 08 ceased on 2021-01-31 and an operator linked it to
// Phường Võ Thị Sáu (units/27139); Phường 07 ceased the same day with no
// link (reporting_test_support.h). Their 2020 participants, worked out by
// hand: Phường 08 30, Phường 07 7, Phường Võ Thị Sáu (Phường 06 then) 50.
//   as of 2021-06-30: Võ Thị Sáu 50 + 30 = 80 (2 values); Quận 3, the city
//     and the nation 87 (3 values): Phường 08's 30 once, not twice;
//     Phường 07's 7 only in Quận 3 and above.
//   as of 2020-12-31: Phường 08 30 and Phường 07 7 on their own nodes.
TEST_P(RollupTest, ACeasedWardCountsInTheWardAnOperatorLinkedItTo) {
  ASSERT_TRUE(LinkWard8ToVoThiSau().ok());
  absl::StatusOr<Quan3Plan> quan_3 = CreateQuan3Plan();
  ASSERT_TRUE(quan_3.ok()) << DescribeStatus(quan_3.status());
  Sync();
  for (const auto& [agency, participants] : {std::pair<std::string, double>{quan_3->ward_8, 30},
                                             {quan_3->ward_7, 7},
                                             {quan_3->vo_thi_sau, 50}}) {
    v1::Report report =
        NewReport(quan_3->plan, agency, v1::REPORT_KIND_ANNUAL, "2020", At(2020, 11, 1));
    *report.add_values() = Count("CAMPAIGN-PARTICIPANTS", participants);
    now_ += absl::Minutes(1);
    SubmitAccepted(report);
  }
  const absl::CivilDay after(2021, 6, 30);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/27139", after, "", 80, 2);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/770", after, "", 87, 3);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/79", after, "", 87, 3);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "", after, "", 87, 3);
  absl::StatusOr<v1::Rollup> district =
      Rollup("CAMPAIGN-PARTICIPANTS", "units/770", "2020", after, /*by_child=*/true);
  ASSERT_TRUE(district.ok()) << DescribeStatus(district.status());
  ASSERT_TRUE(ChildValueFor(*district, "units/27139").has_value()) << district->DebugString();
  EXPECT_DOUBLE_EQ(ChildValueFor(*district, "units/27139")->value(), 80);
  // The ceased wards are no units after 2021-01-31.
  EXPECT_EQ(Rollup("CAMPAIGN-PARTICIPANTS", "units/27121", "2020", after).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Rollup("CAMPAIGN-PARTICIPANTS", "units/27124", "2020", after).status().code(),
            absl::StatusCode::kNotFound);
  // In their own time both wards hold their own figures.
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/27121", kOld, "", 30, 1);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/27124", kOld, "", 7, 1);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/770", kOld, "", 87, 3);
  // As of 2026 Võ Thị Sáu's successor, the new Phường Xuân Hòa (code
  // 27139 again), holds Phường 08's figure through the link: 80; Phường
  // 07's 7 is only in the city (Quận 3's successor in the 2025-07 list).
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/27139", kNew, "", 80, 2);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/79", kNew, "", 87, 3);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "", kNew, "", 87, 3);
}

// A figure of a national body (an agency with no unit) belongs to the
// nation of every hierarchy, as of 2021 and as of 2026 alike.
TEST_P(RollupTest, ANationalBodysFigureIsInTheNationOfEveryHierarchy) {
  const std::string plan_id = UniqueId("national-2021");
  const std::string plan = "plans/" + plan_id;
  namespace pv1 = ::interplan::plans::v1;
  pv1::Plan content =
      MinimalPlan("units/79", "agencies/moh", "2021", absl::CivilDay(2021, 2, 1), "agencies/cema");
  *content.add_reporting() =
      ReportingLine(pv1::REPORT_KIND_ANNUAL, "2021", absl::CivilDay(2021, 12, 15),
                    {"agencies/cema"}, "agencies/moh");
  absl::StatusOr<pv1::Plan> issued = CreateIssuedPlan(content, plan_id);
  ASSERT_TRUE(issued.ok()) << issued.status();
  Sync();
  const v1::Obligation obligation = ObligationOf(plan, "agencies/cema", v1::REPORT_KIND_ANNUAL,
                                                 "2021", absl::CivilDay(2021, 12, 31));
  EXPECT_TRUE(obligation.unit().empty());
  v1::Report report =
      NewReport(plan, "agencies/cema", v1::REPORT_KIND_ANNUAL, "2021", At(2021, 12, 1));
  *report.add_values() = Count("CAMPAIGN-PARTICIPANTS", 1000);
  SubmitAccepted(report);
  auto nation = [&](absl::CivilDay as_of) -> double {
    absl::StatusOr<v1::Rollup> rollup = Rollup("CAMPAIGN-PARTICIPANTS", "", "2021", as_of);
    EXPECT_TRUE(rollup.ok()) << DescribeStatus(rollup.status());
    if (!rollup.ok() || !ValueFor(*rollup).has_value()) return 0;
    return ValueFor(*rollup)->value();
  };
  // The database is fresh: no unit of the 2025-07 list has been looked up
  // yet, and still the figure is in the nation of 2026.
  EXPECT_EQ(nation(absl::CivilDay(2021, 12, 31)), 1000);
  EXPECT_EQ(nation(kNew), 1000);
  EXPECT_EQ(nation(absl::CivilDay(2025, 6, 30)), 1000);
  EXPECT_EQ(CountRows("rollups", "indicator = 'CAMPAIGN-PARTICIPANTS' AND node_path = ''"), 2);
}

// Indicators that are not summed: a ratio that cannot be aggregated, and
// one whose rule is the latest value. Two departments of Quảng Ngãi (both
// at units/51) report them for 2022.
TEST_P(RollupTest, IndicatorsThatAreNotSummedAreNotSummed) {
  v1::Indicator latest;
  latest.set_code(UniqueId("TEST-SHELTERS"));
  latest.set_display_name_vi("Số nhà tạm lánh đang hoạt động");
  latest.set_display_name_en("Shelters in operation");
  latest.set_measure(v1::MEASURE_COUNT);
  latest.set_aggregation(v1::AGGREGATION_RULE_LATEST_VALUE);
  latest.set_direction(v1::DIRECTION_HIGHER_IS_BETTER);
  v1::CreateIndicatorRequest create;
  *create.mutable_indicator() = latest;
  absl::StatusOr<v1::Indicator> created = catalogue_->CreateIndicator(create);
  ASSERT_TRUE(created.ok()) << DescribeStatus(created.status());

  v1::Report first = NewReport(kQuangNgai, "agencies/quang-ngai-so-y-te", v1::REPORT_KIND_ANNUAL,
                               "2022", At(2022, 11, 20));
  *first.add_values() = Count("NSGE-3.1", 1.8);
  *first.add_values() = Count(latest.code(), 12);
  SubmitAccepted(first);
  v1::Report second = NewReport(kQuangNgai, "agencies/quang-ngai-so-noi-vu", v1::REPORT_KIND_ANNUAL,
                                "2022", At(2022, 11, 21));
  *second.add_values() = Count("NSGE-3.1", 1.7);
  *second.add_values() = Count(latest.code(), 15);
  now_ += absl::Minutes(1);
  SubmitAccepted(second);

  absl::StatusOr<v1::Rollup> care =
      Rollup("NSGE-3.1", "units/51", "2022", absl::CivilDay(2022, 12, 31));
  ASSERT_TRUE(care.ok()) << DescribeStatus(care.status());
  absl::StatusOr<v1::Rollup> shelters =
      Rollup(latest.code(), "units/51", "2022", absl::CivilDay(2022, 12, 31));
  ASSERT_TRUE(shelters.ok()) << DescribeStatus(shelters.status());
  ASSERT_TRUE(ValueFor(*care).has_value());
  ASSERT_TRUE(ValueFor(*shelters).has_value());
  EXPECT_EQ(care->aggregation(), v1::AGGREGATION_RULE_NOT_AGGREGATABLE);
  EXPECT_EQ(shelters->aggregation(), v1::AGGREGATION_RULE_LATEST_VALUE);
  // The care-time ratio is Quảng Ngãi's own figure: the latest accepted
  // (1.7), never 1.8 + 1.7; both values went in.
  EXPECT_DOUBLE_EQ(ValueFor(*care)->value(), 1.7);
  EXPECT_EQ(ValueFor(*care)->count(), 2);
  // The latest shelter count replaces the earlier one: 15, not 12 + 15.
  EXPECT_DOUBLE_EQ(ValueFor(*shelters)->value(), 15);
  EXPECT_EQ(ValueFor(*shelters)->count(), 2);

  // Above the unit: the care-time ratio is not aggregated (the nation has
  // no value, it lists the provinces' own values side by side); the
  // latest shelter count is the nation's latest too.
  absl::StatusOr<v1::Rollup> care_nation =
      Rollup("NSGE-3.1", "", "2022", absl::CivilDay(2022, 12, 31), /*by_child=*/true);
  ASSERT_TRUE(care_nation.ok()) << DescribeStatus(care_nation.status());
  EXPECT_TRUE(care_nation->values().empty());
  EXPECT_THAT(ChildUnits(*care_nation), ElementsAre("units/51"));
  ASSERT_TRUE(ChildValueFor(*care_nation, "units/51").has_value());
  EXPECT_DOUBLE_EQ(ChildValueFor(*care_nation, "units/51")->value(), 1.7);
  absl::StatusOr<v1::Rollup> shelters_nation =
      Rollup(latest.code(), "", "2022", absl::CivilDay(2022, 12, 31));
  ASSERT_TRUE(shelters_nation.ok());
  ASSERT_TRUE(ValueFor(*shelters_nation).has_value());
  EXPECT_DOUBLE_EQ(ValueFor(*shelters_nation)->value(), 15);

  // A later acceptance replaces it even when its report was handed in
  // earlier: the latest is the last accepted.
  v1::Report third = NewReport(kQuangNgai, "agencies/quang-ngai-so-gddt", v1::REPORT_KIND_ANNUAL,
                               "2022", At(2022, 11, 15));
  *third.add_values() = Count(latest.code(), 9);
  now_ += absl::Minutes(1);
  SubmitAccepted(third);
  absl::StatusOr<v1::Rollup> replaced =
      Rollup(latest.code(), "units/51", "2022", absl::CivilDay(2022, 12, 31));
  ASSERT_TRUE(replaced.ok());
  EXPECT_DOUBLE_EQ(ValueFor(*replaced)->value(), 9);
  EXPECT_EQ(ValueFor(*replaced)->count(), 3);
  // Whichever shards the three reports fell into, the figures that are
  // replaced stay in one row per node: the one accepted last is the one.
  EXPECT_EQ(CountRows("rollups", absl::StrCat("indicator = '", latest.code(), "' AND shard <> 0")),
            0);
  EXPECT_EQ(CountRows("rollups", "indicator = 'NSGE-3.1' AND shard <> 0"), 0);
}

// One report's values at several units meet in their common ancestors:
// the district office reports for ward 12, for ward 14 and for itself, by
// sex, for three indicators. 72 roll-up rows change in one acceptance.
TEST_P(RollupTest, OneReportsValuesAtSeveralUnitsMeetInTheirAncestors) {
  v1::Report report = Annual2020(kGoVap, kNoiVu);
  struct Place {
    std::string location;
    double participants, officials_numerator, residents_numerator;
  };
  // Female / male are 3/5 and 2/5 of each total below; every denominator
  // is ten times its numerator.
  const std::vector<Place> places = {
      {"units/26881", 30, 10, 40}, {"units/26882", 20, 5, 20}, {"", 5, 20, 10}};
  for (const Place& p : places) {
    *report.add_values() = Count("CAMPAIGN-PARTICIPANTS", p.participants, "", p.location);
    *report.add_values() =
        Count("CAMPAIGN-PARTICIPANTS", p.participants * 3 / 5, "female", p.location);
    *report.add_values() =
        Count("CAMPAIGN-PARTICIPANTS", p.participants * 2 / 5, "male", p.location);
    for (const char* code : {"LOC-COMM-OFFICIALS", "LOC-COMM-RESIDENTS"}) {
      const double n =
          std::string(code) == "LOC-COMM-OFFICIALS" ? p.officials_numerator : p.residents_numerator;
      *report.add_values() = Ratio(code, n, 10 * n, "", p.location);
      *report.add_values() = Ratio(code, n * 3 / 5, 10 * n * 3 / 5, "female", p.location);
      *report.add_values() = Ratio(code, n * 2 / 5, 10 * n * 2 / 5, "male", p.location);
    }
  }
  const int64_t rows_before = CountRows("rollups");
  SubmitAccepted(report);
  // 9 (indicator, category) cells x 8 nodes: the nation, 79, 764, 26881 and
  // 26882 of 2020, the nation, 79 and the new 26882 of 2025-07.
  EXPECT_EQ(CountRows("rollups") - rows_before, 72);

  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/26881", kOld, "", 30, 1);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/26882", kOld, "female", 12, 1);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/764", kOld, "", 55, 3);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/764", kOld, "male", 22, 3);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "", kOld, "female", 33, 3);
  ExpectRatio("LOC-COMM-OFFICIALS", "units/764", kOld, "", {35, 350, 3});
  ExpectRatio("LOC-COMM-RESIDENTS", "units/79", kOld, "male", {28, 280, 3});
  // As of 2026 both wards are in the new 26882; the office's own value
  // sits on HCMC.
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/26882", kNew, "", 50, 2);
  ExpectSum("CAMPAIGN-PARTICIPANTS", "units/79", kNew, "", 55, 3);
  ExpectRatio("LOC-COMM-RESIDENTS", "units/26882", kNew, "", {60, 600, 2});
  ExpectRatio("LOC-COMM-OFFICIALS", "", kNew, "female", {21, 210, 3});
}

// Migrations 7, 11 and 13 rebuild the roll-up table under new keys (by
// node; in shards; node_path first): sums written under the key of
// migration 6 are still there and read the same afterwards.
TEST_P(RollupTest, RollupsWrittenBeforeTheKeysChangedAreKept) {
  absl::StatusOr<std::unique_ptr<storage::Database>> db =
      ::interplan::testing::OpenFreshDatabase(GetParam());
  ASSERT_TRUE(db.ok()) << db.status();
  std::vector<storage::Migration> up_to_6 = ReportingMigrations();
  up_to_6.erase(std::remove_if(up_to_6.begin(), up_to_6.end(),
                               [](const storage::Migration& m) { return m.version > 6; }),
                up_to_6.end());
  ASSERT_TRUE((*db)->Migrate(up_to_6).ok());
  absl::Status written = (*db)->Write([](storage::Transaction& txn) -> absl::Status {
    for (const auto& [node, parent, sum] :
         {std::tuple<std::string, std::string, double>{"", "-", 410},
          {"79", "", 400},
          {"66", "", 10}}) {
      absl::Status s = txn.Execute(
                              "INSERT INTO rollups (era, indicator, period, category_key,"
                              " node_path, parent_path, sum_value, sum_numerator,"
                              " sum_denominator, value_count, update_time_micros)"
                              " VALUES ('0001-01-01', 'CAMPAIGN-PARTICIPANTS', '2020', '', $1,"
                              " $2, $3, 0, 0, 2, 1000000)",
                              {node, parent, sum})
                           .status();
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  });
  ASSERT_TRUE(written.ok()) << written;
  ASSERT_TRUE((*db)->Migrate(ReportingMigrations()).ok());

  IndicatorCatalogue catalogue(**db);
  ASSERT_TRUE(catalogue.SeedAndLoad(ShippedIndicators()).ok());
  RollupEngine engine(**db, catalogue, *registry_);
  v1::GetRollupRequest request;
  request.set_indicator("indicators/CAMPAIGN-PARTICIPANTS");
  request.set_period("2020");
  *request.mutable_as_of() = Day(kOld);
  request.set_by_child(true);
  absl::StatusOr<v1::Rollup> rollup =
      engine.GetRollup(request, kOld, absl::Now() + absl::Seconds(30));
  ASSERT_TRUE(rollup.ok()) << DescribeStatus(rollup.status());
  ASSERT_TRUE(ValueFor(*rollup).has_value());
  EXPECT_EQ(ValueFor(*rollup)->value(), 410);
  EXPECT_EQ(ValueFor(*rollup)->count(), 2);
  EXPECT_THAT(ChildUnits(*rollup), ElementsAre("units/66", "units/79"));
  EXPECT_EQ(ChildValueFor(*rollup, "units/79")->value(), 400);
  // And the re-keyed table takes new sums under its own key, here in
  // another shard than the rows kept (shard 0): a read sums the shards.
  absl::Status added = (*db)->Write([&](storage::Transaction& txn) {
    PlannedValue value;
    value.indicator = "CAMPAIGN-PARTICIPANTS";
    value.period = "2020";
    value.value = 5;
    value.nodes = {{"0001-01-01", "", "-"}, {"0001-01-01", "66", ""}};
    return engine.Apply(txn, /*take_back=*/{}, {value}, absl::FromUnixSeconds(2), /*shard=*/5);
  });
  ASSERT_TRUE(added.ok()) << added;
  rollup = engine.GetRollup(request, kOld, absl::Now() + absl::Seconds(30));
  ASSERT_TRUE(rollup.ok());
  EXPECT_EQ(ValueFor(*rollup)->value(), 415);
  EXPECT_EQ(ValueFor(*rollup)->count(), 3);
  EXPECT_EQ(ChildValueFor(*rollup, "units/66")->value(), 15);
  EXPECT_EQ(time::FromTimestamp(rollup->data_as_of()), absl::FromUnixSeconds(2));
}

// A node's sums split into shards (an acceptance adds to its report's)
// read as one row: summed, counted, the newest update time, by node and
// category for children, by period for a node's totals.
TEST_P(RollupTest, ShardsOfANodeReadAsOneRow) {
  RollupStore store;
  absl::Status written = db_->Write([&](storage::Transaction& txn) -> absl::Status {
    for (int shard = 0; shard < kRollupShards; ++shard) {
      std::map<RollupKey, RollupChange> changes;
      for (const auto& [node, parent] :
           {std::pair<std::string, std::string>{"", "-"}, {"79", ""}, {"66", ""}}) {
        for (const char* category : {"", "sex=female"}) {
          RollupChange& change =
              changes[RollupKey("2025-07-01", "CAMPAIGN-PARTICIPANTS", "2099", node, category)];
          change.parent_path = parent;
          change.value = shard + 1;
          change.count = 1;
          change.shard = shard;
        }
      }
      absl::Status status = store.Upsert(txn, changes, 1000 + shard);
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  });
  ASSERT_TRUE(written.ok()) << written;
  EXPECT_EQ(CountRows("rollups", "period = '2099' AND node_path = '' AND category_key = ''"),
            kRollupShards);
  const double sum = kRollupShards * (kRollupShards + 1) / 2;  // 1 + 2 + ... + 8
  absl::Status read = db_->Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::vector<RollupRow>> nation =
        store.NodeRows(txn, "2025-07-01", "CAMPAIGN-PARTICIPANTS", "2099", "");
    if (!nation.ok()) return nation.status();
    EXPECT_EQ(nation->size(), 2u);  // total and female
    for (const RollupRow& row : *nation) {
      EXPECT_EQ(row.sum_value, sum) << row.category_key;
      EXPECT_EQ(row.value_count, kRollupShards) << row.category_key;
      EXPECT_EQ(row.update_time_micros, 1000 + kRollupShards - 1) << row.category_key;
    }
    absl::StatusOr<std::vector<RollupRow>> provinces =
        store.ChildRows(txn, "2025-07-01", "CAMPAIGN-PARTICIPANTS", "2099", "");
    if (!provinces.ok()) return provinces.status();
    std::vector<std::string> seen;
    for (const RollupRow& row : *provinces) {
      seen.push_back(absl::StrCat(row.node_path, "|", row.category_key, "|", row.sum_value, "|",
                                  row.value_count));
    }
    EXPECT_THAT(seen,
                ElementsAre("66||36|8", "66|sex=female|36|8", "79||36|8", "79|sex=female|36|8"));
    absl::StatusOr<std::vector<RollupRow>> totals =
        store.NodeTotals(txn, "2025-07-01", "CAMPAIGN-PARTICIPANTS", "79");
    if (!totals.ok()) return totals.status();
    EXPECT_EQ(totals->size(), 1u);
    if (!totals->empty()) EXPECT_EQ(totals->front().sum_value, sum);
    return absl::OkStatus();
  });
  ASSERT_TRUE(read.ok()) << read;
}

// Every acceptance on SQLite sums into shard 0, one row per node and
// category, however many reports went in: shards would spread no waiting
// there. The same data set on PostgreSQL spreads over its reports' shards.
TEST_P(RollupTest, SqliteSumsEveryAcceptanceIntoOneRowPerNode) {
  SubmitTheDataSet();
  if (HasFatalFailure()) return;
  const int64_t nation_rows = CountRows("rollups",
                                        "indicator = 'CAMPAIGN-PARTICIPANTS' AND period = '2020'"
                                        " AND node_path = '' AND category_key = ''");
  // The nation has a row in each hierarchy: before and after the 2025
  // merger.
  if (db_->engine() == storage::Engine::kSqlite) {
    EXPECT_EQ(CountRows("rollups", "shard <> 0"), 0);
    EXPECT_EQ(nation_rows, 2);
  } else {
    EXPECT_GE(nation_rows, 2);
    EXPECT_LE(nation_rows, 2 * kRollupShards);
  }
  // Gò Vấp's wards and district (120 + 80 + 200) and Đắk Lắk's 10.
  ExpectSum("CAMPAIGN-PARTICIPANTS", "", kOld, "", 410, 4);
}

TEST(RollupShardOfTest, SqliteWritesShardZeroPostgresSpreadsReportsOverTheShards) {
  std::set<int> sqlite, postgres;
  for (int i = 0; i < 64; ++i) {
    const std::string id = absl::StrCat("r", i, "-2027-annual");
    sqlite.insert(RollupShardOf(id, storage::Engine::kSqlite));
    const int shard = RollupShardOf(id, storage::Engine::kPostgres);
    EXPECT_EQ(shard, RollupShardOf(id, storage::Engine::kPostgres)) << id;
    EXPECT_GE(shard, 0);
    EXPECT_LT(shard, kRollupShards);
    postgres.insert(shard);
  }
  EXPECT_THAT(sqlite, ElementsAre(0));
  EXPECT_GT(postgres.size(), 4u);
}

TEST_P(RollupTest, BadRollupRequestsNameTheirFields) {
  v1::GetRollupRequest request;
  request.set_unit("provinces/79");
  request.set_period("2020-H3");
  absl::StatusOr<v1::Rollup> result = reports_->GetRollup(request, Call());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(result.status()), ElementsAre("indicator", "period", "unit"))
      << DescribeStatus(result.status());
  request.set_indicator("indicators/NO-SUCH");
  request.set_unit("units/79");
  request.set_period("2020");
  EXPECT_THAT(FieldsOf(reports_->GetRollup(request, Call()).status()), ElementsAre("indicator"));
  EXPECT_EQ(Rollup("LOC-COMM-OFFICIALS", "units/99999", "2020", kOld).status().code(),
            absl::StatusCode::kNotFound);
}

INSTANTIATE_ON_BOTH_ENGINES(RollupTest);

}  // namespace
}  // namespace interplan::reporting::test
