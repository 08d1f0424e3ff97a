#include "common/time/partial_date.h"

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "google/type/date.pb.h"
#include "gtest/gtest.h"

namespace interplan::time {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

PartialDate MustParse(absl::string_view text) {
  absl::StatusOr<PartialDate> date = PartialDate::Parse(text);
  EXPECT_TRUE(date.ok()) << date.status();
  return date.value_or(PartialDate());
}

TEST(PartialDateTest, DefaultIsUnset) {
  PartialDate date;
  EXPECT_FALSE(date.IsSet());
  EXPECT_FALSE(date.IsComplete());
  EXPECT_EQ(date.ToDay(), std::nullopt);
  EXPECT_EQ(date.EarliestDay(), std::nullopt);
  EXPECT_EQ(date.LatestDay(), std::nullopt);
  EXPECT_FALSE(date.Contains(absl::CivilDay(2020, 1, 1)));
  EXPECT_EQ(date.ToString(), "");
  EXPECT_EQ(date.ToVietnamese(), "");
}

TEST(PartialDateTest, CreatesEveryValidShape) {
  EXPECT_FALSE(PartialDate::Create(0, 0, 0)->IsSet());

  absl::StatusOr<PartialDate> year_only = PartialDate::Create(2020, 0, 0);
  ASSERT_TRUE(year_only.ok()) << year_only.status();
  EXPECT_TRUE(year_only->IsSet());
  EXPECT_FALSE(year_only->IsComplete());
  EXPECT_EQ(year_only->year(), 2020);
  EXPECT_EQ(year_only->month(), 0);

  absl::StatusOr<PartialDate> year_month = PartialDate::Create(2020, 3, 0);
  ASSERT_TRUE(year_month.ok()) << year_month.status();
  EXPECT_EQ(year_month->month(), 3);
  EXPECT_FALSE(year_month->IsComplete());

  absl::StatusOr<PartialDate> full = PartialDate::Create(2024, 2, 29);
  ASSERT_TRUE(full.ok()) << full.status();
  EXPECT_TRUE(full->IsComplete());
  EXPECT_EQ(full->ToDay(), absl::CivilDay(2024, 2, 29));
}

TEST(PartialDateTest, RejectsPartsWithoutTheirContext) {
  absl::StatusOr<PartialDate> month_only = PartialDate::Create(0, 3, 0);
  ASSERT_FALSE(month_only.ok());
  EXPECT_EQ(month_only.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(month_only.status().message(), "month 3 is given without a year");

  EXPECT_EQ(PartialDate::Create(2020, 0, 15).status().message(), "day 15 is given without a month");
  EXPECT_EQ(PartialDate::Create(0, 0, 15).status().message(), "day 15 is given without a month");
}

TEST(PartialDateTest, RejectsValuesOutOfRange) {
  EXPECT_THAT(PartialDate::Create(2020, 13, 0).status().message(),
              HasSubstr("month 13 is out of range 1..12"));
  EXPECT_THAT(PartialDate::Create(10000, 0, 0).status().message(),
              HasSubstr("year 10000 is out of range"));
  EXPECT_THAT(PartialDate::Create(-5, 0, 0).status().message(), HasSubstr("year -5"));
  EXPECT_THAT(PartialDate::Create(2020, 1, 32).status().message(), HasSubstr("day 32"));
  EXPECT_THAT(PartialDate::Create(2020, 1, -1).status().message(), HasSubstr("day -1"));
  EXPECT_EQ(PartialDate::Create(2023, 2, 29).status().message(),
            "day 29 is out of range for 2023-02 (1..28)");
  EXPECT_THAT(PartialDate::Create(2025, 6, 31).status().message(),
              HasSubstr("day 31 is out of range for 2025-06 (1..30)"));
}

TEST(PartialDateTest, FromDayIsComplete) {
  absl::StatusOr<PartialDate> date = PartialDate::FromDay(absl::CivilDay(2019, 5, 8));
  ASSERT_TRUE(date.ok()) << date.status();
  EXPECT_EQ(date->ToString(), "2019-05-08");
  EXPECT_FALSE(PartialDate::FromDay(absl::CivilDay(10000, 1, 1)).ok());
}

TEST(PartialDateTest, ParsesTheThreeShapesAndEmpty) {
  EXPECT_EQ(MustParse(""), PartialDate());
  EXPECT_EQ(MustParse("2020"), *PartialDate::Create(2020, 0, 0));
  EXPECT_EQ(MustParse("2020-03"), *PartialDate::Create(2020, 3, 0));
  EXPECT_EQ(MustParse("2020-03-15"), *PartialDate::Create(2020, 3, 15));
}

TEST(PartialDateTest, ParseRejectsMalformedText) {
  for (const char* text : {"2020-3", "20", "2020-03-5", "2020-", "2020-03-", "2020/03",
                           "march 2020", " 2020", "2020-03-15x", "-2020"}) {
    absl::StatusOr<PartialDate> date = PartialDate::Parse(text);
    ASSERT_FALSE(date.ok()) << text;
    EXPECT_EQ(date.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(date.status().message(),
                HasSubstr("is not in the form YYYY, YYYY-MM or YYYY-MM-DD"))
        << text;
  }
}

TEST(PartialDateTest, ParseRejectsImpossibleValues) {
  EXPECT_EQ(PartialDate::Parse("2025-02-30").status().message(),
            "partial date \"2025-02-30\": day 30 is out of range for 2025-02 "
            "(1..28)");
  // An unknown part is left out of the text, never written as zero.
  EXPECT_THAT(PartialDate::Parse("2020-00").status().message(),
              HasSubstr("month 0 is out of range"));
  EXPECT_THAT(PartialDate::Parse("2020-03-00").status().message(), HasSubstr("day 0"));
  EXPECT_THAT(PartialDate::Parse("0000").status().message(), HasSubstr("year 0"));
}

TEST(PartialDateTest, ToStringRoundTripsThroughParse) {
  for (const char* text :
       {"", "2020", "2020-03", "2020-03-15", "2024-02-29", "0001-01-01", "9999-12"}) {
    EXPECT_EQ(MustParse(text).ToString(), text);
  }
}

TEST(PartialDateTest, RangeOfDaysItCanDenote) {
  PartialDate year = MustParse("2020");
  EXPECT_EQ(year.EarliestDay(), absl::CivilDay(2020, 1, 1));
  EXPECT_EQ(year.LatestDay(), absl::CivilDay(2020, 12, 31));
  EXPECT_EQ(year.ToDay(), std::nullopt);

  PartialDate march = MustParse("2020-03");
  EXPECT_EQ(march.EarliestDay(), absl::CivilDay(2020, 3, 1));
  EXPECT_EQ(march.LatestDay(), absl::CivilDay(2020, 3, 31));

  EXPECT_EQ(MustParse("2024-02").LatestDay(), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(MustParse("2023-02").LatestDay(), absl::CivilDay(2023, 2, 28));
  EXPECT_EQ(MustParse("2020-04").LatestDay(), absl::CivilDay(2020, 4, 30));

  PartialDate day = MustParse("2020-03-15");
  EXPECT_EQ(day.EarliestDay(), absl::CivilDay(2020, 3, 15));
  EXPECT_EQ(day.LatestDay(), absl::CivilDay(2020, 3, 15));
}

TEST(PartialDateTest, ContainsTheDaysInItsRange) {
  PartialDate march = MustParse("2020-03");
  EXPECT_TRUE(march.Contains(absl::CivilDay(2020, 3, 1)));
  EXPECT_TRUE(march.Contains(absl::CivilDay(2020, 3, 31)));
  EXPECT_FALSE(march.Contains(absl::CivilDay(2020, 2, 29)));
  EXPECT_FALSE(march.Contains(absl::CivilDay(2020, 4, 1)));
  EXPECT_TRUE(MustParse("2020").Contains(absl::CivilDay(2020, 12, 31)));
  EXPECT_FALSE(MustParse("2020").Contains(absl::CivilDay(2021, 1, 1)));
}

TEST(PartialDateTest, OrdersByYearThenMonthThenDayUnknownFirst) {
  std::vector<PartialDate> dates = {MustParse("2020-04"),    MustParse("2020-03-01"),
                                    MustParse("2019-12-31"), MustParse("2020"),
                                    PartialDate(),           MustParse("2020-03")};
  std::sort(dates.begin(), dates.end());
  EXPECT_THAT(dates,
              ElementsAre(PartialDate(), MustParse("2019-12-31"), MustParse("2020"),
                          MustParse("2020-03"), MustParse("2020-03-01"), MustParse("2020-04")));
  EXPECT_LT(MustParse("2020-03-09"), MustParse("2020-03-10"));
  EXPECT_GT(MustParse("2021"), MustParse("2020-12-31"));
  EXPECT_NE(MustParse("2020"), MustParse("2020-01"));
  EXPECT_EQ(MustParse("2020-01"), *PartialDate::Create(2020, 1, 0));
}

TEST(PartialDateTest, ProtoRoundTrip) {
  for (const char* text : {"", "2020", "2020-03", "2019-05-08"}) {
    const PartialDate date = MustParse(text);
    google::type::Date proto;
    proto.set_day(7);  // ToProto overwrites every field
    date.ToProto(&proto);
    absl::StatusOr<PartialDate> back = PartialDate::FromProto(proto);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, date) << text;
  }
}

TEST(PartialDateTest, ProtoFieldsAreTheParts) {
  google::type::Date proto;
  MustParse("2020-03").ToProto(&proto);
  EXPECT_EQ(proto.year(), 2020);
  EXPECT_EQ(proto.month(), 3);
  EXPECT_EQ(proto.day(), 0);

  google::type::Date unset;
  EXPECT_FALSE(PartialDate::FromProto(unset)->IsSet());
}

TEST(PartialDateTest, FromProtoRejectsInvalidMessages) {
  google::type::Date proto;
  proto.set_month(3);
  EXPECT_EQ(PartialDate::FromProto(proto).status().message(), "month 3 is given without a year");

  proto.set_year(2025);
  proto.set_month(2);
  proto.set_day(30);
  EXPECT_THAT(PartialDate::FromProto(proto).status().message(),
              HasSubstr("day 30 is out of range for 2025-02"));
}

TEST(PartialDateTest, PrintsLikeVietnameseDocuments) {
  // Seed 002 (Gò Vấp): "ngày 08 tháng 5 năm 2019".
  EXPECT_EQ(MustParse("2019-05-08").ToVietnamese(), "ngày 08 tháng 5 năm 2019");
  // Seed 003 (Đắk Lắk) leaves the day blank.
  EXPECT_EQ(MustParse("2020-03").ToVietnamese(), "ngày ... tháng 3 năm 2020");
  EXPECT_EQ(MustParse("2020").ToVietnamese(), "năm 2020");
  // Months 1 and 2 get a leading zero: "ngày 19 tháng 02 năm 2021".
  EXPECT_EQ(MustParse("2021-02-19").ToVietnamese(), "ngày 19 tháng 02 năm 2021");
  EXPECT_EQ(MustParse("2024-04-24").ToVietnamese(), "ngày 24 tháng 4 năm 2024");
  EXPECT_EQ(MustParse("2018-11-16").ToVietnamese(), "ngày 16 tháng 11 năm 2018");
  EXPECT_EQ(MustParse("2020-01").ToVietnamese(), "ngày ... tháng 01 năm 2020");
}

}  // namespace
}  // namespace interplan::time
