#include "common/time/validity.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "google/type/date.pb.h"
#include "gtest/gtest.h"

namespace interplan::time {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

using Day = absl::CivilDay;

Validity Between(std::optional<Day> from, std::optional<Day> to) {
  Validity v;
  v.from = from;
  v.to = to;
  return v;
}

google::type::Date Proto(int year, int month, int day) {
  google::type::Date p;
  p.set_year(year);
  p.set_month(month);
  p.set_day(day);
  return p;
}

// The 2021-01-01..2025-06-30 period of a district abolished in the 2025 merger.
const Validity kClosed = Between(Day(2021, 1, 1), Day(2025, 6, 30));
const Validity kFromMerger = Between(Day(2025, 7, 1), std::nullopt);
const Validity kUntilMerger = Between(std::nullopt, Day(2025, 6, 30));
const Validity kAlways = Between(std::nullopt, std::nullopt);

TEST(ValidityTest, ContainsIncludesBothEnds) {
  EXPECT_FALSE(kClosed.Contains(Day(2020, 12, 31)));
  EXPECT_TRUE(kClosed.Contains(Day(2021, 1, 1)));
  EXPECT_TRUE(kClosed.Contains(Day(2023, 5, 17)));
  EXPECT_TRUE(kClosed.Contains(Day(2025, 6, 30)));
  EXPECT_FALSE(kClosed.Contains(Day(2025, 7, 1)));
}

TEST(ValidityTest, ContainsWithOpenEnds) {
  EXPECT_FALSE(kFromMerger.Contains(Day(2025, 6, 30)));
  EXPECT_TRUE(kFromMerger.Contains(Day(2025, 7, 1)));
  EXPECT_TRUE(kFromMerger.Contains(Day(9999, 12, 31)));

  EXPECT_TRUE(kUntilMerger.Contains(Day(1, 1, 1)));
  EXPECT_TRUE(kUntilMerger.Contains(Day(2025, 6, 30)));
  EXPECT_FALSE(kUntilMerger.Contains(Day(2025, 7, 1)));

  EXPECT_TRUE(kAlways.Contains(Day(1, 1, 1)));
  EXPECT_TRUE(kAlways.Contains(Day(2025, 7, 1)));
  EXPECT_TRUE(kAlways.Contains(Day(9999, 12, 31)));
}

TEST(ValidityTest, OverlapsWhenTheyShareADay) {
  // Before and after the merger share no day.
  EXPECT_FALSE(kUntilMerger.Overlaps(kFromMerger));
  EXPECT_FALSE(kFromMerger.Overlaps(kUntilMerger));
  EXPECT_FALSE(kClosed.Overlaps(kFromMerger));

  // Touching at one day is an overlap: both ends are inclusive.
  const Validity one_day = Between(Day(2025, 6, 30), Day(2025, 6, 30));
  EXPECT_TRUE(kClosed.Overlaps(one_day));
  EXPECT_TRUE(one_day.Overlaps(kClosed));
  EXPECT_TRUE(one_day.Overlaps(kUntilMerger));
  EXPECT_FALSE(one_day.Overlaps(kFromMerger));

  const Validity later = Between(Day(2024, 1, 1), Day(2026, 1, 1));
  EXPECT_TRUE(kClosed.Overlaps(later));
  EXPECT_TRUE(later.Overlaps(kClosed));
  EXPECT_TRUE(later.Overlaps(kFromMerger));
  EXPECT_TRUE(kFromMerger.Overlaps(later));

  const Validity before = Between(Day(2019, 1, 1), Day(2020, 12, 31));
  EXPECT_FALSE(before.Overlaps(kClosed));
  EXPECT_FALSE(kClosed.Overlaps(before));
}

TEST(ValidityTest, OpenPeriodsOverlapEverything) {
  EXPECT_TRUE(kAlways.Overlaps(kClosed));
  EXPECT_TRUE(kClosed.Overlaps(kAlways));
  EXPECT_TRUE(kAlways.Overlaps(kFromMerger));
  EXPECT_TRUE(kAlways.Overlaps(kAlways));
  // Two periods open towards each other.
  EXPECT_TRUE(Between(std::nullopt, Day(2025, 7, 1)).Overlaps(kFromMerger));
  // Two periods open in the same direction.
  EXPECT_TRUE(kFromMerger.Overlaps(Between(Day(2030, 1, 1), std::nullopt)));
  EXPECT_TRUE(kUntilMerger.Overlaps(Between(std::nullopt, Day(1990, 1, 1))));
}

TEST(ValidityTest, Covers) {
  EXPECT_TRUE(kClosed.Covers(kClosed));
  EXPECT_TRUE(kClosed.Covers(Between(Day(2022, 1, 1), Day(2022, 12, 31))));
  EXPECT_TRUE(kClosed.Covers(Between(Day(2021, 1, 1), Day(2021, 1, 1))));
  EXPECT_FALSE(kClosed.Covers(Between(Day(2020, 12, 31), Day(2022, 1, 1))));
  EXPECT_FALSE(kClosed.Covers(Between(Day(2022, 1, 1), Day(2025, 7, 1))));
}

TEST(ValidityTest, CoversWithOpenEnds) {
  // A closed period covers nothing open.
  EXPECT_FALSE(kClosed.Covers(kAlways));
  EXPECT_FALSE(kClosed.Covers(Between(Day(2022, 1, 1), std::nullopt)));
  EXPECT_FALSE(kClosed.Covers(Between(std::nullopt, Day(2022, 1, 1))));

  // An open period covers whatever lies on its open side.
  EXPECT_TRUE(kAlways.Covers(kClosed));
  EXPECT_TRUE(kAlways.Covers(kFromMerger));
  EXPECT_TRUE(kAlways.Covers(kAlways));
  EXPECT_TRUE(kFromMerger.Covers(Between(Day(2026, 1, 1), std::nullopt)));
  EXPECT_TRUE(kFromMerger.Covers(kFromMerger));
  EXPECT_FALSE(kFromMerger.Covers(kAlways));
  EXPECT_FALSE(kFromMerger.Covers(Between(Day(2025, 6, 30), std::nullopt)));
  EXPECT_TRUE(kUntilMerger.Covers(kClosed));
  EXPECT_FALSE(kUntilMerger.Covers(kFromMerger));
  EXPECT_FALSE(kUntilMerger.Covers(Between(std::nullopt, Day(2025, 7, 1))));
}

TEST(ValidityTest, StoredFormUsesSentinelsForOpenEnds) {
  EXPECT_EQ(kClosed.StoredFrom(), "2021-01-01");
  EXPECT_EQ(kClosed.StoredTo(), "2025-06-30");
  EXPECT_EQ(kAlways.StoredFrom(), "0001-01-01");
  EXPECT_EQ(kAlways.StoredTo(), "9999-12-31");
  EXPECT_EQ(kFromMerger.StoredFrom(), "2025-07-01");
  EXPECT_EQ(kFromMerger.StoredTo(), "9999-12-31");
  EXPECT_EQ(kUntilMerger.StoredFrom(), "0001-01-01");
}

TEST(ValidityTest, StoredFormSortsLikeDays) {
  // The database compares the strings: "valid on D" must mean what Contains says.
  const std::string day = "2025-07-01";
  for (const Validity& v : {kClosed, kFromMerger, kUntilMerger, kAlways}) {
    SCOPED_TRACE(v.ToString());
    EXPECT_EQ(v.StoredFrom() <= day && v.StoredTo() >= day, v.Contains(Day(2025, 7, 1)));
  }
}

TEST(ValidityTest, StoredFormRoundTrips) {
  for (const Validity& v : {kClosed, kFromMerger, kUntilMerger, kAlways}) {
    SCOPED_TRACE(v.ToString());
    absl::StatusOr<Validity> back = Validity::FromStored(v.StoredFrom(), v.StoredTo());
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, v);
  }
}

TEST(ValidityTest, FromStoredRejectsMalformedDates) {
  EXPECT_FALSE(Validity::FromStored("2025-7-1", "9999-12-31").ok());
  EXPECT_FALSE(Validity::FromStored("0001-01-01", "2025-02-30").ok());
  EXPECT_FALSE(Validity::FromStored("", "").ok());
}

TEST(ValidityTest, FromProtoReadsCompleteAndUnsetDates) {
  absl::StatusOr<Validity> closed =
      Validity::FromProto(Proto(2021, 1, 1), Proto(2025, 6, 30), "valid_from", "valid_to");
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(*closed, kClosed);

  absl::StatusOr<Validity> open =
      Validity::FromProto(google::type::Date(), google::type::Date(), "valid_from", "valid_to");
  ASSERT_TRUE(open.ok()) << open.status();
  EXPECT_EQ(*open, kAlways);

  absl::StatusOr<Validity> from =
      Validity::FromProto(Proto(2025, 7, 1), google::type::Date(), "valid_from", "valid_to");
  ASSERT_TRUE(from.ok()) << from.status();
  EXPECT_EQ(*from, kFromMerger);

  absl::StatusOr<Validity> one_day =
      Validity::FromProto(Proto(2025, 7, 1), Proto(2025, 7, 1), "valid_from", "valid_to");
  ASSERT_TRUE(one_day.ok()) << one_day.status();
  EXPECT_EQ(one_day->from, one_day->to);
}

TEST(ValidityTest, FromProtoRejectsAPartialDateNamingTheField) {
  absl::StatusOr<Validity> v = Validity::FromProto(Proto(2025, 7, 0), google::type::Date(),
                                                   "unit.valid_from", "unit.valid_to");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<FieldViolation> violations = FieldViolationsOf(v.status());
  ASSERT_THAT(violations, SizeIs(1));
  EXPECT_EQ(violations[0].field, "unit.valid_from");
  EXPECT_THAT(violations[0].description, HasSubstr("full date"));
}

TEST(ValidityTest, FromProtoReportsBothBadEnds) {
  absl::StatusOr<Validity> v =
      Validity::FromProto(Proto(2025, 0, 0), Proto(2025, 2, 30), "valid_from", "valid_to");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<FieldViolation> violations = FieldViolationsOf(v.status());
  ASSERT_THAT(violations, SizeIs(2));
  EXPECT_EQ(violations[0].field, "valid_from");
  EXPECT_EQ(violations[1].field, "valid_to");
}

TEST(ValidityTest, FromProtoRejectsAnEndBeforeTheStart) {
  absl::StatusOr<Validity> v =
      Validity::FromProto(Proto(2025, 7, 1), Proto(2025, 6, 30), "valid_from", "valid_to");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<FieldViolation> violations = FieldViolationsOf(v.status());
  ASSERT_THAT(violations, SizeIs(1));
  EXPECT_EQ(violations[0].field, "valid_to");
  EXPECT_THAT(violations[0].description, HasSubstr("2025-06-30"));
  EXPECT_THAT(violations[0].description, HasSubstr("2025-07-01"));
}

TEST(ValidityTest, ToProtoRoundTrips) {
  for (const Validity& v : {kClosed, kFromMerger, kUntilMerger, kAlways}) {
    SCOPED_TRACE(v.ToString());
    google::type::Date from = Proto(1999, 9, 9);  // overwritten
    google::type::Date to = Proto(1999, 9, 9);
    v.ToProto(&from, &to);
    EXPECT_EQ(from.year() == 0, !v.from.has_value());
    EXPECT_EQ(to.year() == 0, !v.to.has_value());
    absl::StatusOr<Validity> back = Validity::FromProto(from, to, "from", "to");
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, v);
  }
}

TEST(ValidityTest, ToString) {
  EXPECT_EQ(kClosed.ToString(), "2021-01-01..2025-06-30");
  EXPECT_EQ(kFromMerger.ToString(), "2025-07-01..");
  EXPECT_EQ(kUntilMerger.ToString(), "..2025-06-30");
  EXPECT_EQ(kAlways.ToString(), "always");
}

TEST(OptionalDayFromProtoTest, UnsetIsNullopt) {
  absl::StatusOr<std::optional<Day>> day = OptionalDayFromProto(google::type::Date(), "as_of");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(*day, std::nullopt);
}

TEST(OptionalDayFromProtoTest, CompleteDateIsThatDay) {
  absl::StatusOr<std::optional<Day>> day = OptionalDayFromProto(Proto(2024, 2, 29), "as_of");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(*day, Day(2024, 2, 29));
  google::type::Date out;
  DayToProto(Day(2024, 2, 29), &out);
  EXPECT_EQ(out.year(), 2024);
  EXPECT_EQ(out.month(), 2);
  EXPECT_EQ(out.day(), 29);
}

TEST(OptionalDayFromProtoTest, InvalidDatesNameTheField) {
  for (const google::type::Date& bad : {Proto(2025, 0, 0), Proto(2025, 3, 0), Proto(2023, 2, 29),
                                        Proto(2025, 13, 1), Proto(0, 3, 1)}) {
    SCOPED_TRACE(bad.ShortDebugString());
    absl::StatusOr<std::optional<Day>> day = OptionalDayFromProto(bad, "as_of");
    ASSERT_FALSE(day.ok());
    EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument);
    std::vector<FieldViolation> violations = FieldViolationsOf(day.status());
    ASSERT_THAT(violations, SizeIs(1));
    EXPECT_EQ(violations[0].field, "as_of");
  }
}

}  // namespace
}  // namespace interplan::time
