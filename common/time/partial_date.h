// A date that a document may leave partly blank: "ngày ... tháng 3 năm 2020"
// is known to the month, "năm 2020" to the year. Unknown parts stay unknown;
// nothing is ever invented to fill them.
#ifndef INTERPLAN_COMMON_TIME_PARTIAL_DATE_H_
#define INTERPLAN_COMMON_TIME_PARTIAL_DATE_H_

#include <compare>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "google/type/date.pb.h"

namespace interplan::time {

// Year, month and day, each 0 when unknown. The valid shapes are: unset (all
// unknown), year only, year and month, and complete. A month needs a year and
// a day needs a month; a known day must exist in its month ("2023-02-29" is
// rejected, "2024-02-29" accepted).
//
// Partial dates are ordered by year, then month, then day, with an unknown
// part before any known one: unset < "2020" < "2020-03" < "2020-03-01" <
// "2020-04". This is a total order for sorting, not a claim about which day
// came first.
class PartialDate {
 public:
  // An unset date: no year, no month, no day.
  PartialDate() = default;

  // Validates one of the shapes above; 0 means unknown. InvalidArgument names
  // the offending field ("month 3 is given without a year", "day 30 is out of
  // range for 2025-02 (1..28)").
  static absl::StatusOr<PartialDate> Create(int year, int month, int day);

  // The complete date `day`; InvalidArgument when its year is outside
  // 1..9999.
  static absl::StatusOr<PartialDate> FromDay(absl::CivilDay day);

  // Reads "2020", "2020-03" or "2020-03-15" (four-digit year, two-digit month
  // and day); "" reads as an unset date. The inverse of ToString().
  static absl::StatusOr<PartialDate> Parse(absl::string_view text);

  // Reads the API message; all fields zero is an unset date. Errors name the
  // field as the message spells it (year, month, day).
  static absl::StatusOr<PartialDate> FromProto(const google::type::Date& proto);

  // Writes every field, zero for the unknown ones.
  void ToProto(google::type::Date* proto) const;

  int year() const { return year_; }    // 0 when unknown
  int month() const { return month_; }  // 0 when unknown
  int day() const { return day_; }      // 0 when unknown

  // False only for the unset date.
  bool IsSet() const { return year_ != 0; }

  // True when year, month and day are all known.
  bool IsComplete() const { return day_ != 0; }

  // The date itself when complete, otherwise nullopt.
  std::optional<absl::CivilDay> ToDay() const;

  // The first and the last day this date can denote: "2020-03" is
  // 2020-03-01..2020-03-31, "2020" is 2020-01-01..2020-12-31, a complete date
  // is that day. nullopt for an unset date, which denotes no day at all.
  std::optional<absl::CivilDay> EarliestDay() const;
  std::optional<absl::CivilDay> LatestDay() const;

  // True when `day` is one of the days this date can denote.
  bool Contains(absl::CivilDay day) const;

  // "", "2020", "2020-03" or "2020-03-15".
  std::string ToString() const;

  // As Vietnamese documents print dates: "ngày 08 tháng 5 năm 2019",
  // "ngày ... tháng 3 năm 2020", "năm 2020"; "" for an unset date. Days below
  // 10 and the months 1 and 2 get a leading zero ("ngày 19 tháng 02 năm
  // 2021"), as the rules for administrative documents require.
  std::string ToVietnamese() const;

  friend bool operator==(const PartialDate&, const PartialDate&) = default;
  friend std::strong_ordering operator<=>(const PartialDate&, const PartialDate&) = default;

  template <typename H>
  friend H AbslHashValue(H hash, const PartialDate& date) {
    return H::combine(std::move(hash), date.year_, date.month_, date.day_);
  }

 private:
  PartialDate(int year, int month, int day) : year_(year), month_(month), day_(day) {}

  // Declared in this order so the defaulted ordering compares year first.
  int year_ = 0;
  int month_ = 0;
  int day_ = 0;
};

// Prints ToString(), or "(unset)" for an unset date, for logs and test output.
std::ostream& operator<<(std::ostream& out, const PartialDate& date);

}  // namespace interplan::time

#endif  // INTERPLAN_COMMON_TIME_PARTIAL_DATE_H_
