#include "common/time/period.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interplan::time {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Period MustParse(absl::string_view text) {
  absl::StatusOr<Period> period = Period::Parse(text);
  EXPECT_TRUE(period.ok()) << period.status();
  return *period;
}

std::vector<std::string> Names(const std::vector<Period>& periods) {
  std::vector<std::string> names;
  for (const Period& period : periods) names.push_back(period.ToString());
  return names;
}

TEST(PeriodTest, YearCoversTheWholeYear) {
  Period year = MustParse("2022");
  EXPECT_EQ(year.kind(), Period::Kind::kYear);
  EXPECT_EQ(year.FirstDay(), absl::CivilDay(2022, 1, 1));
  EXPECT_EQ(year.LastDay(), absl::CivilDay(2022, 12, 31));
  EXPECT_EQ(year.Year(), 2022);
  EXPECT_EQ(year.LengthInDays(), 365);
  EXPECT_EQ(MustParse("2024").LengthInDays(), 366);
}

TEST(PeriodTest, HalfYears) {
  Period first = MustParse("2024-H1");
  EXPECT_EQ(first.kind(), Period::Kind::kHalf);
  EXPECT_EQ(first.FirstDay(), absl::CivilDay(2024, 1, 1));
  EXPECT_EQ(first.LastDay(), absl::CivilDay(2024, 6, 30));
  Period second = MustParse("2024-H2");
  EXPECT_EQ(second.FirstDay(), absl::CivilDay(2024, 7, 1));
  EXPECT_EQ(second.LastDay(), absl::CivilDay(2024, 12, 31));
}

TEST(PeriodTest, Quarters) {
  EXPECT_EQ(MustParse("2024-Q1").LastDay(), absl::CivilDay(2024, 3, 31));
  EXPECT_EQ(MustParse("2024-Q2").FirstDay(), absl::CivilDay(2024, 4, 1));
  EXPECT_EQ(MustParse("2024-Q2").LastDay(), absl::CivilDay(2024, 6, 30));
  Period third = MustParse("2024-Q3");
  EXPECT_EQ(third.kind(), Period::Kind::kQuarter);
  EXPECT_EQ(third.FirstDay(), absl::CivilDay(2024, 7, 1));
  EXPECT_EQ(third.LastDay(), absl::CivilDay(2024, 9, 30));
  EXPECT_EQ(MustParse("2024-Q4").LastDay(), absl::CivilDay(2024, 12, 31));
}

TEST(PeriodTest, MonthsKnowLeapYears) {
  Period february = MustParse("2024-02");
  EXPECT_EQ(february.kind(), Period::Kind::kMonth);
  EXPECT_EQ(february.FirstDay(), absl::CivilDay(2024, 2, 1));
  EXPECT_EQ(february.LastDay(), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(MustParse("2023-02").LastDay(), absl::CivilDay(2023, 2, 28));
  EXPECT_EQ(MustParse("2100-02").LastDay(), absl::CivilDay(2100, 2, 28));
  EXPECT_EQ(MustParse("2022-11").LastDay(), absl::CivilDay(2022, 11, 30));
}

TEST(PeriodTest, MultiYearAsInGoVap) {
  // Seed 002 (Gò Vấp) plans 2019–2020.
  Period plan = MustParse("2019/2020");
  EXPECT_EQ(plan.kind(), Period::Kind::kMultiYear);
  EXPECT_EQ(plan.FirstDay(), absl::CivilDay(2019, 1, 1));
  EXPECT_EQ(plan.LastDay(), absl::CivilDay(2020, 12, 31));
  EXPECT_EQ(plan.Year(), 2019);
}

TEST(PeriodTest, CustomRangeIncludesBothEnds) {
  Period range = MustParse("2022-01-15..2022-03-31");
  EXPECT_EQ(range.kind(), Period::Kind::kCustom);
  EXPECT_EQ(range.FirstDay(), absl::CivilDay(2022, 1, 15));
  EXPECT_EQ(range.LastDay(), absl::CivilDay(2022, 3, 31));
  EXPECT_EQ(range.LengthInDays(), 17 + 28 + 31);
  EXPECT_EQ(MustParse("2022-05-05..2022-05-05").LengthInDays(), 1);
  // The Action Month: 15 November to 15 December.
  Period action_month = MustParse("2021-11-15..2021-12-15");
  EXPECT_TRUE(action_month.Contains(absl::CivilDay(2021, 12, 15)));
  EXPECT_FALSE(action_month.Contains(absl::CivilDay(2021, 12, 16)));
}

TEST(PeriodTest, ToStringRoundTrips) {
  for (const char* text : {"2022", "2022-H1", "2022-H2", "2022-Q1", "2022-Q4", "2022-05", "2022-12",
                           "2019/2020", "2021/2025", "2022-01-15..2022-03-31", "0001", "9999-Q4"}) {
    Period period = MustParse(text);
    EXPECT_EQ(period.ToString(), text);
    EXPECT_EQ(MustParse(period.ToString()), period);
  }
}

TEST(PeriodTest, ParseRejectsUnknownForms) {
  for (const char* text : {"", "22", "2022-h1", "2022-q1", "2022-5", "2022-H", "2022-Q", "2022-H1 ",
                           " 2022", "2022-2023", "2019/20", "2019..2020", "2022-01-15...2022-03-31",
                           "2022-H10", "2022-Q11", "year 2022", "2022-05-01", "2022/", "20x2"}) {
    absl::StatusOr<Period> period = Period::Parse(text);
    ASSERT_FALSE(period.ok()) << text;
    EXPECT_EQ(period.status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
  EXPECT_THAT(Period::Parse("2022-5").status().message(), HasSubstr("is not one of YYYY, YYYY-H1"));
}

TEST(PeriodTest, ParseNamesWhatIsWrong) {
  EXPECT_EQ(Period::Parse("2022-H3").status().message(),
            "period \"2022-H3\": half 3 is out of range 1..2");
  EXPECT_EQ(Period::Parse("2022-Q0").status().message(),
            "period \"2022-Q0\": quarter 0 is out of range 1..4");
  EXPECT_EQ(Period::Parse("2022-13").status().message(),
            "period \"2022-13\": month 13 is out of range 1..12");
  EXPECT_THAT(Period::Parse("0000").status().message(), HasSubstr("year 0 is out of range"));
  EXPECT_THAT(Period::Parse("2020/2019").status().message(),
              HasSubstr("must end after the year it starts in"));
  EXPECT_THAT(Period::Parse("2020/2020").status().message(),
              HasSubstr("a single year is written 2020"));
  EXPECT_THAT(Period::Parse("2022-03-31..2022-01-15").status().message(),
              HasSubstr("ends on 2022-01-15, before it starts on 2022-03-31"));
  EXPECT_THAT(Period::Parse("2022-02-30..2022-03-31").status().message(),
              HasSubstr("day 30 is out of range for 2022-02"));
}

TEST(PeriodTest, FactoriesValidate) {
  EXPECT_EQ(*Period::ForHalf(2022, 2), MustParse("2022-H2"));
  EXPECT_EQ(*Period::ForQuarter(2022, 3), MustParse("2022-Q3"));
  EXPECT_EQ(*Period::ForMonth(2022, 5), MustParse("2022-05"));
  EXPECT_EQ(*Period::ForYears(2019, 2020), MustParse("2019/2020"));
  EXPECT_EQ(*Period::ForDays(absl::CivilDay(2022, 1, 15), absl::CivilDay(2022, 3, 31)),
            MustParse("2022-01-15..2022-03-31"));
  EXPECT_FALSE(Period::ForYear(0).ok());
  EXPECT_FALSE(Period::ForYear(10000).ok());
  EXPECT_FALSE(Period::ForHalf(2022, 0).ok());
  EXPECT_FALSE(Period::ForQuarter(2022, 5).ok());
  EXPECT_FALSE(Period::ForMonth(2022, 0).ok());
  EXPECT_FALSE(Period::ForDays(absl::CivilDay(10000, 1, 1), absl::CivilDay(10000, 1, 2)).ok());
}

TEST(PeriodTest, ContainingFindsTheRegularPeriodOfADay) {
  const absl::CivilDay day(2024, 8, 15);
  EXPECT_EQ(Period::Containing(Period::Kind::kYear, day)->ToString(), "2024");
  EXPECT_EQ(Period::Containing(Period::Kind::kHalf, day)->ToString(), "2024-H2");
  EXPECT_EQ(Period::Containing(Period::Kind::kQuarter, day)->ToString(), "2024-Q3");
  EXPECT_EQ(Period::Containing(Period::Kind::kMonth, day)->ToString(), "2024-08");
  EXPECT_EQ(Period::Containing(Period::Kind::kHalf, absl::CivilDay(2024, 6, 30))->ToString(),
            "2024-H1");
  EXPECT_FALSE(Period::Containing(Period::Kind::kCustom, day).ok());
  EXPECT_FALSE(Period::Containing(Period::Kind::kMultiYear, day).ok());
}

TEST(PeriodTest, ContainsAndOverlaps) {
  Period first_half = MustParse("2024-H1");
  EXPECT_TRUE(first_half.Contains(absl::CivilDay(2024, 1, 1)));
  EXPECT_TRUE(first_half.Contains(absl::CivilDay(2024, 6, 30)));
  EXPECT_FALSE(first_half.Contains(absl::CivilDay(2024, 7, 1)));
  EXPECT_FALSE(first_half.Contains(absl::CivilDay(2023, 12, 31)));

  EXPECT_TRUE(first_half.Overlaps(MustParse("2024-Q2")));
  EXPECT_TRUE(first_half.Overlaps(MustParse("2024")));
  EXPECT_FALSE(first_half.Overlaps(MustParse("2024-H2")));
  EXPECT_TRUE(MustParse("2024-H2").Overlaps(MustParse("2023/2024")));
  // Sharing a single day is overlapping.
  EXPECT_TRUE(first_half.Overlaps(MustParse("2024-06-30..2024-07-10")));
  EXPECT_FALSE(first_half.Overlaps(MustParse("2024-07-01..2024-07-10")));
}

TEST(PeriodTest, NextAndPreviousCrossYearEnds) {
  EXPECT_EQ(MustParse("2022").Next()->ToString(), "2023");
  EXPECT_EQ(MustParse("2022-H2").Next()->ToString(), "2023-H1");
  EXPECT_EQ(MustParse("2023-H1").Previous()->ToString(), "2022-H2");
  EXPECT_EQ(MustParse("2022-Q4").Next()->ToString(), "2023-Q1");
  EXPECT_EQ(MustParse("2022-Q1").Previous()->ToString(), "2021-Q4");
  EXPECT_EQ(MustParse("2022-12").Next()->ToString(), "2023-01");
  EXPECT_EQ(MustParse("2022-01").Previous()->ToString(), "2021-12");
  EXPECT_EQ(MustParse("2024-01").Next()->LastDay(), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(MustParse("2019/2020").Next()->ToString(), "2021/2022");
  EXPECT_EQ(MustParse("2021/2025").Previous()->ToString(), "2016/2020");
  EXPECT_EQ(MustParse("2022-Q3").Next()->Previous()->ToString(), "2022-Q3");
}

TEST(PeriodTest, NextAndPreviousStopAtTheEdgesOfTime) {
  absl::StatusOr<Period> after = MustParse("9999-Q4").Next();
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(MustParse("0001").Previous().status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_TRUE(MustParse("9998").Next().ok());
}

TEST(PeriodTest, CustomPeriodsHaveNoNext) {
  Period range = MustParse("2022-01-15..2022-03-31");
  absl::StatusOr<Period> next = range.Next();
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(next.status().message(), HasSubstr("custom period 2022-01-15..2022-03-31"));
  EXPECT_FALSE(range.Previous().ok());
}

TEST(PeriodTest, SplitsIntoRegularPieces) {
  EXPECT_THAT(Names(*MustParse("2022").SplitInto(Period::Kind::kHalf)),
              ElementsAre("2022-H1", "2022-H2"));
  EXPECT_THAT(Names(*MustParse("2022").SplitInto(Period::Kind::kQuarter)),
              ElementsAre("2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"));
  EXPECT_EQ(MustParse("2022").SplitInto(Period::Kind::kMonth)->size(), 12u);
  EXPECT_THAT(Names(*MustParse("2022-H2").SplitInto(Period::Kind::kQuarter)),
              ElementsAre("2022-Q3", "2022-Q4"));
  EXPECT_THAT(Names(*MustParse("2022-Q1").SplitInto(Period::Kind::kMonth)),
              ElementsAre("2022-01", "2022-02", "2022-03"));
  EXPECT_THAT(Names(*MustParse("2019/2020").SplitInto(Period::Kind::kYear)),
              ElementsAre("2019", "2020"));
  EXPECT_THAT(Names(*MustParse("2022").SplitInto(Period::Kind::kYear)), ElementsAre("2022"));
  EXPECT_THAT(Names(*MustParse("2022-01-01..2022-02-28").SplitInto(Period::Kind::kMonth)),
              ElementsAre("2022-01", "2022-02"));
}

TEST(PeriodTest, SplitRejectsMisalignedPieces) {
  absl::StatusOr<std::vector<Period>> halves = MustParse("2022-Q1").SplitInto(Period::Kind::kHalf);
  ASSERT_FALSE(halves.ok());
  EXPECT_EQ(halves.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(halves.status().message(), "quarter period 2022-Q1 does not end at the end of a half");
  EXPECT_THAT(
      MustParse("2022-01-15..2022-03-31").SplitInto(Period::Kind::kMonth).status().message(),
      HasSubstr("does not start at the start of a month"));
  EXPECT_THAT(MustParse("2022").SplitInto(Period::Kind::kCustom).status().message(),
              HasSubstr("only into years, halves, quarters or months"));
  EXPECT_FALSE(MustParse("2022").SplitInto(Period::Kind::kMultiYear).ok());
}

TEST(PeriodTest, EqualityNeedsTheSameKind) {
  EXPECT_EQ(MustParse("2022"), *Period::ForYear(2022));
  EXPECT_NE(MustParse("2022"), MustParse("2022-01-01..2022-12-31"));
  EXPECT_NE(MustParse("2022-H1"), MustParse("2022-H2"));
}

TEST(PeriodTest, SortsChronologically) {
  std::vector<Period> periods = {MustParse("2023"), MustParse("2022-Q3"), MustParse("2022"),
                                 MustParse("2022-H1"), MustParse("2022-07")};
  std::sort(periods.begin(), periods.end());
  EXPECT_THAT(Names(periods), ElementsAre("2022-H1", "2022", "2022-07", "2022-Q3", "2023"));
}

TEST(PeriodTest, IsHashable) {
  absl::flat_hash_set<Period> set = {MustParse("2022"), MustParse("2022"),
                                     MustParse("2022-01-01..2022-12-31")};
  EXPECT_EQ(set.size(), 2u);
}

TEST(PeriodTest, KindNames) {
  EXPECT_EQ(KindName(Period::Kind::kYear), "year");
  EXPECT_EQ(KindName(Period::Kind::kMultiYear), "multi-year");
  EXPECT_EQ(KindName(Period::Kind::kCustom), "custom");
}

}  // namespace
}  // namespace interplan::time
