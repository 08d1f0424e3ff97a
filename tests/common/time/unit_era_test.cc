// The eras of the unit hierarchy and the day whose units a question about a
// period is answered in.
#include "common/time/unit_era.h"

#include "gtest/gtest.h"

namespace interplan::time {
namespace {

TEST(UnitEraTest, TheReformSplitsTheYears) {
  EXPECT_EQ(EraOfDay(absl::CivilDay(2019, 9, 11)), "0001-01-01");
  EXPECT_EQ(EraOfDay(absl::CivilDay(2025, 6, 30)), "0001-01-01");
  EXPECT_EQ(EraOfDay(absl::CivilDay(2025, 7, 1)), "2025-07-01");
  // A version renamed on 2025-01-01 (Thành phố Huế) is still of the old era.
  EXPECT_EQ(EraOfStoredDay("2025-01-01"), "0001-01-01");
  EXPECT_EQ(EraOfStoredDay("0001-01-01"), "0001-01-01");
  EXPECT_EQ(EraOfStoredDay("2026-03-01"), "2025-07-01");
}

TEST(UnitEraTest, APastPeriodIsAnsweredInTheUnitsOfItsLastDay) {
  const absl::CivilDay today(2026, 12, 6);
  EXPECT_EQ(HierarchyDay(std::nullopt, PeriodLastDay("2019"), today), absl::CivilDay(2019, 12, 31));
  EXPECT_EQ(HierarchyDay(std::nullopt, PeriodLastDay("2020-H1"), today),
            absl::CivilDay(2020, 6, 30));
  // A period not yet over: today's units; a day asked for wins.
  EXPECT_EQ(HierarchyDay(std::nullopt, PeriodLastDay("2026"), today), today);
  EXPECT_EQ(HierarchyDay(absl::CivilDay(2024, 1, 1), PeriodLastDay("2019"), today),
            absl::CivilDay(2024, 1, 1));
  // No period (the caller's mistake, reported elsewhere): today.
  EXPECT_EQ(PeriodLastDay("not a period"), std::nullopt);
  EXPECT_EQ(HierarchyDay(std::nullopt, PeriodLastDay(""), today), today);
}

}  // namespace
}  // namespace interplan::time
