#include "common/time/due_date.h"

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/time/partial_date.h"
#include "common/time/period.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interplan::time {
namespace {

using ::testing::HasSubstr;

DueRule MustParseRule(absl::string_view text) {
  absl::StatusOr<DueRule> rule = DueRule::Parse(text);
  EXPECT_TRUE(rule.ok()) << rule.status();
  return *rule;
}

Period MustParsePeriod(absl::string_view text) {
  absl::StatusOr<Period> period = Period::Parse(text);
  EXPECT_TRUE(period.ok()) << period.status();
  return *period;
}

absl::CivilDay DueDate(absl::string_view rule, absl::string_view period) {
  return MustParseRule(rule).DueDateFor(MustParsePeriod(period));
}

TEST(DueRuleTest, QuangNgai2022) {
  // "Định kỳ 6 tháng (trước ngày 31/5/2022), cả năm (trước ngày 30/11/2022)".
  EXPECT_EQ(DueDate("05-31", "2022-H1"), absl::CivilDay(2022, 5, 31));
  EXPECT_EQ(DueDate("11-30", "2022"), absl::CivilDay(2022, 11, 30));
}

TEST(DueRuleTest, DakLak2020) {
  // "trước ngày 15/5/2020 ... trước ngày 15/11/2020".
  EXPECT_EQ(DueDate("05-15", "2020-H1"), absl::CivilDay(2020, 5, 15));
  EXPECT_EQ(DueDate("11-15", "2020"), absl::CivilDay(2020, 11, 15));
}

TEST(DueRuleTest, LaiChau2024) {
  // "báo cáo 6 tháng trước ngày 5/6 và báo cáo năm trước ngày 5/12".
  EXPECT_EQ(DueDate("06-05", "2024-H1"), absl::CivilDay(2024, 6, 5));
  EXPECT_EQ(DueDate("12-05", "2024"), absl::CivilDay(2024, 12, 5));
}

TEST(DueRuleTest, GoVapYearlyAndReviews) {
  // "trước ngày 05 tháng 11 hàng năm", for each year of the 2019–2020 plan.
  EXPECT_EQ(DueDate("11-05", "2019"), absl::CivilDay(2019, 11, 5));
  EXPECT_EQ(DueDate("11-05", "2020"), absl::CivilDay(2020, 11, 5));
  // Ward review "vào tháng 10 năm 2020", district review "tháng 11 năm 2020":
  // months of the year the 2019/2020 plan ends in.
  EXPECT_EQ(DueDate("month:10", "2019/2020"), absl::CivilDay(2020, 10, 31));
  EXPECT_EQ(DueDate("month:11", "2019/2020"), absl::CivilDay(2020, 11, 30));
  // The same reviews as fixed months.
  EXPECT_EQ(DueDate("2020-10", "2019/2020"), absl::CivilDay(2020, 10, 31));
}

TEST(DueRuleTest, HalfYearReportDueBeforeTheHalfEndsIsKept) {
  const Period first_half = MustParsePeriod("2022-H1");
  const absl::CivilDay due = MustParseRule("05-31").DueDateFor(first_half);
  EXPECT_LT(due, first_half.LastDay());
  EXPECT_TRUE(first_half.Contains(due));
}

TEST(DueRuleTest, DayOfYearClampsTheLeapDay) {
  EXPECT_EQ(DueDate("02-29", "2024"), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(DueDate("02-29", "2023"), absl::CivilDay(2023, 2, 28));
}

TEST(DueRuleTest, EndOfMonthKnowsLeapYears) {
  EXPECT_EQ(DueDate("month:2", "2024-Q1"), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(DueDate("month:2", "2023-Q1"), absl::CivilDay(2023, 2, 28));
}

TEST(DueRuleTest, DaysAfterThePeriod) {
  EXPECT_EQ(DueDate("+15d", "2022-H1"), absl::CivilDay(2022, 7, 15));
  EXPECT_EQ(DueDate("+15d", "2022-Q4"), absl::CivilDay(2023, 1, 15));
  EXPECT_EQ(DueDate("+0d", "2024-02"), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(DueDate("+1d", "2024-02"), absl::CivilDay(2024, 3, 1));
  // The Action Month ends 15 December; a report 10 days after.
  EXPECT_EQ(DueDate("+10d", "2021-11-15..2021-12-15"), absl::CivilDay(2021, 12, 25));
}

TEST(DueRuleTest, FixedDateIgnoresThePeriod) {
  EXPECT_EQ(DueDate("2020-11-05", "2020"), absl::CivilDay(2020, 11, 5));
  EXPECT_EQ(DueDate("2020-11-05", "2019-Q1"), absl::CivilDay(2020, 11, 5));
  EXPECT_EQ(DueDate("2020", "2020-H1"), absl::CivilDay(2020, 12, 31));
}

TEST(DueRuleTest, ParseReadsEachKind) {
  DueRule day_of_year = MustParseRule("05-31");
  EXPECT_EQ(day_of_year.kind(), DueRule::Kind::kDayOfYear);
  EXPECT_EQ(day_of_year.month(), 5);
  EXPECT_EQ(day_of_year.day(), 31);

  DueRule end_of_month = MustParseRule("month:10");
  EXPECT_EQ(end_of_month.kind(), DueRule::Kind::kEndOfMonth);
  EXPECT_EQ(end_of_month.month(), 10);
  EXPECT_EQ(MustParseRule("month:03"), MustParseRule("month:3"));

  DueRule offset = MustParseRule("+15d");
  EXPECT_EQ(offset.kind(), DueRule::Kind::kDaysAfterPeriod);
  EXPECT_EQ(offset.days_after_period(), 15);

  DueRule fixed = MustParseRule("2020-11-05");
  EXPECT_EQ(fixed.kind(), DueRule::Kind::kFixedDate);
  EXPECT_EQ(fixed.fixed_date(), *PartialDate::Create(2020, 11, 5));
}

TEST(DueRuleTest, ToStringRoundTrips) {
  for (const char* text :
       {"05-31", "02-29", "month:10", "month:3", "+15d", "+0d", "2020-11-05", "2020-10", "2020"}) {
    DueRule rule = MustParseRule(text);
    EXPECT_EQ(rule.ToString(), text);
    EXPECT_EQ(MustParseRule(rule.ToString()), rule);
  }
}

TEST(DueRuleTest, ParseRejectsMalformedText) {
  for (const char* text :
       {"", "5-31", "05/31", "month:", "month:x", "month:100", "month 10", "+d", "15d", "+15",
        "+-1d", "+1000d", "+15 d", "2020-11-5", "05-31 ", "tomorrow"}) {
    absl::StatusOr<DueRule> rule = DueRule::Parse(text);
    ASSERT_FALSE(rule.ok()) << text;
    EXPECT_EQ(rule.status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
}

TEST(DueRuleTest, ParseNamesWhatIsWrong) {
  EXPECT_EQ(DueRule::Parse("02-30").status().message(),
            "due rule \"02-30\": day 30 does not exist in month 2 (1..29)");
  EXPECT_EQ(DueRule::Parse("13-01").status().message(),
            "due rule \"13-01\": month 13 is out of range 1..12");
  EXPECT_EQ(DueRule::Parse("month:13").status().message(),
            "due rule \"month:13\": month 13 is out of range 1..12");
  EXPECT_THAT(DueRule::Parse("2025-02-30").status().message(),
              HasSubstr("day 30 is out of range for 2025-02"));
  EXPECT_THAT(DueRule::Parse("tomorrow").status().message(),
              HasSubstr("is not one of MM-DD, month:M, +Nd"));
}

TEST(DueRuleTest, FactoriesValidate) {
  EXPECT_EQ(*DueRule::DayOfYear(5, 31), MustParseRule("05-31"));
  EXPECT_EQ(*DueRule::EndOfMonth(10), MustParseRule("month:10"));
  EXPECT_EQ(*DueRule::DaysAfterPeriod(15), MustParseRule("+15d"));
  EXPECT_EQ(*DueRule::FixedDate(*PartialDate::Create(2020, 11, 5)), MustParseRule("2020-11-05"));
  EXPECT_FALSE(DueRule::DayOfYear(4, 31).ok());
  EXPECT_FALSE(DueRule::EndOfMonth(0).ok());
  EXPECT_THAT(DueRule::DaysAfterPeriod(-1).status().message(), HasSubstr("out of range 0..999"));
  EXPECT_EQ(DueRule::FixedDate(PartialDate()).status().message(), "fixed due date is unset");
}

TEST(AddMonthsClampedTest, ClampsToTheEndOfShortMonths) {
  EXPECT_EQ(AddMonthsClamped(absl::CivilDay(2024, 1, 31), 1), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(AddMonthsClamped(absl::CivilDay(2023, 1, 31), 1), absl::CivilDay(2023, 2, 28));
  EXPECT_EQ(AddMonthsClamped(absl::CivilDay(2024, 3, 31), 1), absl::CivilDay(2024, 4, 30));
  EXPECT_EQ(AddMonthsClamped(absl::CivilDay(2024, 2, 29), 12), absl::CivilDay(2025, 2, 28));
}

TEST(AddMonthsClampedTest, CrossesYearsBothWays) {
  EXPECT_EQ(AddMonthsClamped(absl::CivilDay(2022, 11, 15), 3), absl::CivilDay(2023, 2, 15));
  EXPECT_EQ(AddMonthsClamped(absl::CivilDay(2023, 3, 31), -1), absl::CivilDay(2023, 2, 28));
  EXPECT_EQ(AddMonthsClamped(absl::CivilDay(2023, 1, 10), -13), absl::CivilDay(2021, 12, 10));
  EXPECT_EQ(AddMonthsClamped(absl::CivilDay(2023, 5, 5), 0), absl::CivilDay(2023, 5, 5));
}

TEST(DaysLateTest, ZeroWhenOnOrBeforeTheDueDate) {
  const absl::CivilDay due(2022, 5, 31);
  EXPECT_EQ(DaysLate(due, absl::CivilDay(2022, 5, 20)), 0);
  EXPECT_EQ(DaysLate(due, due), 0);
  EXPECT_EQ(DaysLate(due, absl::CivilDay(2022, 6, 1)), 1);
  EXPECT_EQ(DaysLate(due, absl::CivilDay(2022, 7, 1)), 31);
  EXPECT_EQ(DaysLate(absl::CivilDay(2024, 12, 5), absl::CivilDay(2025, 1, 5)), 31);
}

}  // namespace
}  // namespace interplan::time
