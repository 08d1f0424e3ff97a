#include "common/time/date.h"

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interplan::time {
namespace {

using ::testing::HasSubstr;

TEST(ParseDateTest, ReadsACalendarDay) {
  absl::StatusOr<absl::CivilDay> day = ParseDate("2025-07-01");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(*day, absl::CivilDay(2025, 7, 1));
}

TEST(ParseDateTest, AcceptsTheLeapDayOnlyInLeapYears) {
  EXPECT_EQ(*ParseDate("2024-02-29"), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(*ParseDate("2000-02-29"), absl::CivilDay(2000, 2, 29));
  EXPECT_FALSE(ParseDate("2023-02-29").ok());
  EXPECT_FALSE(ParseDate("1900-02-29").ok());
}

TEST(ParseDateTest, RejectsDaysThatDoNotExist) {
  absl::StatusOr<absl::CivilDay> day = ParseDate("2025-02-30");
  ASSERT_FALSE(day.ok());
  EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(day.status().message(),
            "date \"2025-02-30\": day 30 is out of range for 2025-02 (1..28)");
  EXPECT_THAT(ParseDate("2025-04-31").status().message(), HasSubstr("day 31"));
  EXPECT_THAT(ParseDate("2025-13-01").status().message(), HasSubstr("month 13 is out of range"));
  EXPECT_THAT(ParseDate("2025-00-10").status().message(), HasSubstr("month 0 is out of range"));
  EXPECT_THAT(ParseDate("2025-01-00").status().message(), HasSubstr("day 0"));
  EXPECT_THAT(ParseDate("0000-01-01").status().message(),
              HasSubstr("year 0 is out of range 1..9999"));
}

TEST(ParseDateTest, RejectsOtherShapes) {
  for (const char* text :
       {"2025-7-1", "2025-07-1", "25-07-01", "2025/07/01", " 2025-07-01", "2025-07-01 ",
        "2025-07-01T00:00", "", "2025", "2025-07", "+025-07-01", "2025-0a-01", "01-07-2025"}) {
    absl::StatusOr<absl::CivilDay> day = ParseDate(text);
    ASSERT_FALSE(day.ok()) << text;
    EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_THAT(day.status().message(), HasSubstr("is not in the form YYYY-MM-DD")) << text;
  }
}

TEST(FormatDateTest, PadsEveryField) {
  EXPECT_EQ(FormatDate(absl::CivilDay(2025, 7, 1)), "2025-07-01");
  EXPECT_EQ(FormatDate(absl::CivilDay(999, 1, 2)), "0999-01-02");
}

TEST(FormatDateTest, RoundTripsThroughParse) {
  for (absl::CivilDay day = absl::CivilDay(2023, 12, 25); day <= absl::CivilDay(2024, 3, 5);
       ++day) {
    EXPECT_EQ(*ParseDate(FormatDate(day)), day);
  }
}

TEST(TodayTest, UsesVietnamTime) {
  // 2025-06-30 17:00 UTC is already 1 July, midnight, in Vietnam.
  const absl::Time evening_utc =
      absl::FromCivil(absl::CivilSecond(2025, 6, 30, 17, 0, 0), absl::UTCTimeZone());
  EXPECT_EQ(TodayAt(evening_utc), absl::CivilDay(2025, 7, 1));
  EXPECT_EQ(TodayAt(evening_utc - absl::Seconds(1)), absl::CivilDay(2025, 6, 30));
}

TEST(TodayTest, IsTodayAtNow) {
  const absl::CivilDay before = TodayAt(absl::Now());
  const absl::CivilDay today = Today();
  EXPECT_GE(today, before);
  EXPECT_LE(today - before, 1);
}

}  // namespace
}  // namespace interplan::time
