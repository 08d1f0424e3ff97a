#include "common/time/date.h"

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "common/time/calendar.h"
#include "common/time/digits.h"

namespace interplan::time {

absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text) {
  const bool well_formed = text.size() == 10 && text[4] == '-' && text[7] == '-';
  const std::optional<int> year =
      well_formed ? ParseFixedWidthDigits(text.substr(0, 4), 4) : std::nullopt;
  const std::optional<int> month =
      well_formed ? ParseFixedWidthDigits(text.substr(5, 2), 2) : std::nullopt;
  const std::optional<int> day =
      well_formed ? ParseFixedWidthDigits(text.substr(8, 2), 2) : std::nullopt;
  if (!year || !month || !day) {
    return absl::InvalidArgumentError(
        absl::StrFormat("date \"%s\" is not in the form YYYY-MM-DD", text));
  }
  absl::Status status = ValidateYear(*year);
  if (status.ok()) status = ValidateMonth(*month);
  if (status.ok()) status = ValidateDayOfMonth(*year, *month, *day);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrFormat("date \"%s\": %s", text, status.message()));
  }
  return absl::CivilDay(*year, *month, *day);
}

std::string FormatDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::TimeZone VietnamTimeZone() {
  // Made once: each absl::FixedTimeZone call looks its zone up by name
  // under a global lock.
  static const absl::TimeZone zone = absl::FixedTimeZone(7 * 60 * 60);
  return zone;
}

absl::CivilDay TodayAt(absl::Time now) { return absl::ToCivilDay(now, VietnamTimeZone()); }

absl::CivilDay Today() { return TodayAt(absl::Now()); }

}  // namespace interplan::time
