#include "common/time/calendar.h"

#include "absl/strings/str_format.h"

namespace interplan::time {

bool IsLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  switch (month) {
    case 1:
    case 3:
    case 5:
    case 7:
    case 8:
    case 10:
    case 12:
      return 31;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    case 2:
      return IsLeapYear(year) ? 29 : 28;
    default:
      return 0;
  }
}

absl::Status ValidateYear(int64_t year) {
  if (year < kMinYear || year > kMaxYear) {
    return absl::InvalidArgumentError(
        absl::StrFormat("year %d is out of range %d..%d", year, kMinYear, kMaxYear));
  }
  return absl::OkStatus();
}

absl::Status ValidateMonth(int month) {
  if (month < 1 || month > 12) {
    return absl::InvalidArgumentError(absl::StrFormat("month %d is out of range 1..12", month));
  }
  return absl::OkStatus();
}

absl::Status ValidateDayOfMonth(int64_t year, int month, int day) {
  const int days_in_month = DaysInMonth(year, month);
  if (day < 1 || day > days_in_month) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "day %d is out of range for %04d-%02d (1..%d)", day, year, month, days_in_month));
  }
  return absl::OkStatus();
}

}  // namespace interplan::time
