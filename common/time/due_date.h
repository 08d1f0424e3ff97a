// When a periodic report is due. Plans state it in a few ways: "6-month
// report before 31 May, annual before 30 Nov" (a day of the year), "review in
// October 2020" (a month), "within 15 days after the period" (an offset), or
// one fixed date. A DueRule holds one such statement and turns a reporting
// period into the date its report is due.
#ifndef INTERPLAN_COMMON_TIME_DUE_DATE_H_
#define INTERPLAN_COMMON_TIME_DUE_DATE_H_

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/time/partial_date.h"
#include "common/time/period.h"

namespace interplan::time {

// A due date is the last day on which a report is on time. "Trước ngày 31/5"
// ("before 31 May") is kept as the issuer wrote it: due 31 May, and a report
// submitted on 31 May is not late.
class DueRule {
 public:
  enum class Kind {
    // A month and day of the year the period ends in ("05-31"). A half-year
    // report for H1 due 31 May is due before H1 ends; that is what Quảng Ngãi
    // wrote and it is kept. 29 February falls on 28 February in common years.
    kDayOfYear,
    // The last day of a month of the year the period ends in ("month:10").
    kEndOfMonth,
    // A number of days after the period's last day ("+15d"; "+0d" is the last
    // day itself).
    kDaysAfterPeriod,
    // A fixed date, whatever the period: "2020-11-05", or a month or a year
    // ("2020-10", "2020"), due by its last day.
    kFixedDate,
  };

  // The largest offset kDaysAfterPeriod accepts.
  static constexpr int kMaxDaysAfterPeriod = 999;

  // Factories validate their arguments and name the bad one: a day that no
  // year has in that month (02-30), a month outside 1..12, an offset outside
  // 0..kMaxDaysAfterPeriod, an unset fixed date.
  static absl::StatusOr<DueRule> DayOfYear(int month, int day);
  static absl::StatusOr<DueRule> EndOfMonth(int month);
  static absl::StatusOr<DueRule> DaysAfterPeriod(int days);
  static absl::StatusOr<DueRule> FixedDate(const PartialDate& date);

  // Reads the text form: "05-31" (kDayOfYear, two-digit month and day),
  // "month:10" (kEndOfMonth), "+15d" (kDaysAfterPeriod), "2020-11-05",
  // "2020-10" or "2020" (kFixedDate). The inverse of ToString().
  static absl::StatusOr<DueRule> Parse(absl::string_view text);

  // The canonical text form: "05-31", "month:10", "+15d", "2020-11-05".
  std::string ToString() const;

  Kind kind() const { return kind_; }
  int month() const { return month_; }  // kDayOfYear, kEndOfMonth
  int day() const { return day_; }      // kDayOfYear
  int days_after_period() const { return days_after_period_; }
  const PartialDate& fixed_date() const { return fixed_date_; }

  // The date the report for `period` is due.
  absl::CivilDay DueDateFor(const Period& period) const;

  friend bool operator==(const DueRule&, const DueRule&) = default;

 private:
  explicit DueRule(Kind kind) : kind_(kind) {}

  Kind kind_;
  int month_ = 0;
  int day_ = 0;
  int days_after_period_ = 0;
  PartialDate fixed_date_;
};

// Prints ToString(), for logs and test output.
std::ostream& operator<<(std::ostream& out, const DueRule& rule);

// `day` moved by `months` calendar months (negative moves back), the day of
// month clamped to the target month's length: 2024-01-31 + 1 month is
// 2024-02-29, 2023-01-31 + 1 month is 2023-02-28.
absl::CivilDay AddMonthsClamped(absl::CivilDay day, int months);

// How many days after `due` a report was `submitted`; 0 when it was submitted
// on or before the due date.
int DaysLate(absl::CivilDay due, absl::CivilDay submitted);

}  // namespace interplan::time

#endif  // INTERPLAN_COMMON_TIME_DUE_DATE_H_
