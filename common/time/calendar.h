// Facts of the Gregorian calendar that dates in plans and reports obey: the
// range of years the system accepts, leap years and the length of each month,
// and the checks that name which part of a written date is wrong.
#ifndef INTERPLAN_COMMON_TIME_CALENDAR_H_
#define INTERPLAN_COMMON_TIME_CALENDAR_H_

#include <cstdint>

#include "absl/status/status.h"

namespace interplan::time {

// Dates are written with four-digit years; year 0 means "unknown" in a
// partial date, so the first real year is 1.
inline constexpr int kMinYear = 1;
inline constexpr int kMaxYear = 9999;

bool IsLeapYear(int64_t year);

// The number of days in `month` (1..12) of `year`: 28..31. Returns 0 for a
// month outside 1..12.
int DaysInMonth(int64_t year, int month);

// OK when `year` is within kMinYear..kMaxYear, otherwise InvalidArgument
// naming the year and the range.
absl::Status ValidateYear(int64_t year);

// OK when `month` is within 1..12, otherwise InvalidArgument.
absl::Status ValidateMonth(int month);

// OK when `day` exists in `month` of `year` (so 29 February only in leap
// years), otherwise InvalidArgument naming the day, the month and the range
// of days that month has. `year` and `month` must already be valid.
absl::Status ValidateDayOfMonth(int64_t year, int month, int day);

}  // namespace interplan::time

#endif  // INTERPLAN_COMMON_TIME_CALENDAR_H_
