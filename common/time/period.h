// A reporting period: the span of days a plan, a report or an indicator value
// covers. Written "2022" (a year), "2022-H1" (a half year), "2022-Q3" (a
// quarter), "2022-05" (a month), "2019/2020" (several whole years) or
// "2022-01-15..2022-03-31" (any inclusive range of days).
#ifndef INTERPLAN_COMMON_TIME_PERIOD_H_
#define INTERPLAN_COMMON_TIME_PERIOD_H_

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace interplan::time {

// An inclusive range of days of one of the kinds below, always within years
// 1..9999. Two periods are equal when they have the same kind and the same
// days: the custom range 2022-01-01..2022-12-31 is not the year 2022, because
// the issuer did not write it as one.
class Period {
 public:
  enum class Kind {
    kYear,       // "2022": 1 January..31 December
    kHalf,       // "2022-H1": January..June; "2022-H2": July..December
    kQuarter,    // "2022-Q1".."2022-Q4": three months from Jan, Apr, Jul, Oct
    kMonth,      // "2022-05"
    kMultiYear,  // "2019/2020": two or more whole consecutive years
    kCustom,     // "2022-01-15..2022-03-31": any days, both ends included
  };

  // Each factory validates its arguments: years 1..9999, half 1..2, quarter
  // 1..4, month 1..12; InvalidArgument names the bad one.
  static absl::StatusOr<Period> ForYear(int year);
  static absl::StatusOr<Period> ForHalf(int year, int half);
  static absl::StatusOr<Period> ForQuarter(int year, int quarter);
  static absl::StatusOr<Period> ForMonth(int year, int month);
  // The years first_year..last_year; last_year must be after first_year (a
  // single year is ForYear).
  static absl::StatusOr<Period> ForYears(int first_year, int last_year);
  // The days first..last, both included; first must not be after last.
  static absl::StatusOr<Period> ForDays(absl::CivilDay first, absl::CivilDay last);

  // The year, half, quarter or month that contains `day`. InvalidArgument for
  // kMultiYear and kCustom, which no single day determines.
  static absl::StatusOr<Period> Containing(Kind kind, absl::CivilDay day);

  // Reads any of the written forms above, exactly as ToString() writes them
  // (upper-case H and Q, zero-padded fields, no spaces).
  static absl::StatusOr<Period> Parse(absl::string_view text);

  // The canonical written form; Parse(p.ToString()) == p.
  std::string ToString() const;

  Kind kind() const { return kind_; }
  absl::CivilDay FirstDay() const { return first_day_; }
  absl::CivilDay LastDay() const { return last_day_; }
  // The year the period starts in.
  int Year() const { return static_cast<int>(first_day_.year()); }
  // The number of days in the period, at least 1.
  int LengthInDays() const { return static_cast<int>(last_day_ - first_day_) + 1; }

  bool Contains(absl::CivilDay day) const { return first_day_ <= day && day <= last_day_; }
  // True when the two periods share at least one day.
  bool Overlaps(const Period& other) const {
    return first_day_ <= other.last_day_ && other.first_day_ <= last_day_;
  }

  // The period of the same kind and length right after (before) this one:
  // 2022-H2 → 2023-H1, 2022-Q1 → 2021-Q4 backwards, 2019/2020 → 2021/2022.
  // FailedPrecondition for a custom period, which has no regular successor;
  // OutOfRange past year 9999 or before year 1.
  absl::StatusOr<Period> Next() const;
  absl::StatusOr<Period> Previous() const;

  // The consecutive periods of `kind` (year, half, quarter or month) that
  // together make up exactly this period: 2022 into kHalf is 2022-H1,
  // 2022-H2. InvalidArgument when `kind` is kMultiYear or kCustom, or when
  // this period does not start and end on boundaries of `kind` (2022-Q1 into
  // halves).
  absl::StatusOr<std::vector<Period>> SplitInto(Kind kind) const;

  friend bool operator==(const Period&, const Period&) = default;
  // Orders by first day, then last day, then kind: chronological for sorting.
  friend bool operator<(const Period& a, const Period& b);

  template <typename H>
  friend H AbslHashValue(H hash, const Period& period) {
    return H::combine(std::move(hash), period.kind_, period.first_day_, period.last_day_);
  }

 private:
  Period(Kind kind, absl::CivilDay first_day, absl::CivilDay last_day)
      : kind_(kind), first_day_(first_day), last_day_(last_day) {}

  // The same kind of period moved by `steps` of its own length.
  absl::StatusOr<Period> Shifted(int steps) const;

  Kind kind_;
  absl::CivilDay first_day_;
  absl::CivilDay last_day_;
};

// "year", "half", "quarter", "month", "multi-year" or "custom".
absl::string_view KindName(Period::Kind kind);

// Prints ToString(), for logs and test output.
std::ostream& operator<<(std::ostream& out, const Period& period);

}  // namespace interplan::time

#endif  // INTERPLAN_COMMON_TIME_PERIOD_H_
