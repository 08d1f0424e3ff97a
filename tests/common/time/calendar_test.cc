#include "common/time/calendar.h"

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interplan::time {
namespace {

using ::testing::HasSubstr;

TEST(IsLeapYearTest, FollowsTheGregorianRule) {
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_TRUE(IsLeapYear(2000));   // divisible by 400
  EXPECT_FALSE(IsLeapYear(1900));  // divisible by 100, not by 400
  EXPECT_FALSE(IsLeapYear(2025));
}

TEST(DaysInMonthTest, KnowsEveryMonth) {
  EXPECT_EQ(DaysInMonth(2025, 1), 31);
  EXPECT_EQ(DaysInMonth(2025, 2), 28);
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2025, 4), 30);
  EXPECT_EQ(DaysInMonth(2025, 12), 31);
  EXPECT_EQ(DaysInMonth(2025, 13), 0);
}

TEST(ValidateTest, NamesWhatIsWrong) {
  EXPECT_TRUE(ValidateYear(1).ok());
  EXPECT_TRUE(ValidateYear(9999).ok());
  EXPECT_THAT(ValidateYear(0).message(), HasSubstr("year 0 is out of range"));
  EXPECT_THAT(ValidateYear(10000).message(), HasSubstr("year 10000"));
  EXPECT_THAT(ValidateMonth(13).message(), HasSubstr("month 13"));
  EXPECT_EQ(ValidateDayOfMonth(2025, 2, 29).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateDayOfMonth(2025, 2, 29).message(),
            "day 29 is out of range for 2025-02 (1..28)");
  EXPECT_TRUE(ValidateDayOfMonth(2024, 2, 29).ok());
}

}  // namespace
}  // namespace interplan::time
