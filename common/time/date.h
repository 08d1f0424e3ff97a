// Full calendar dates (absl::CivilDay) as the system writes them,
// "YYYY-MM-DD", and today's date in Vietnam, where every plan is issued.
#ifndef INTERPLAN_COMMON_TIME_DATE_H_
#define INTERPLAN_COMMON_TIME_DATE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace interplan::time {

// Parses exactly "YYYY-MM-DD": four-digit year 0001..9999, two-digit month and
// day, and a day that exists ("2024-02-29" yes, "2025-02-30" no). Anything
// else ("2025-7-1", " 2025-07-01", "2025/07/01") is InvalidArgument with a
// message that quotes the text and names what is wrong.
absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text);

// "2025-07-01": the form ParseDate reads.
std::string FormatDate(absl::CivilDay day);

// Vietnam's civil time: UTC+7 all year, no daylight saving.
absl::TimeZone VietnamTimeZone();

// The date in Vietnam at instant `now`.
absl::CivilDay TodayAt(absl::Time now);

// The date in Vietnam now.
absl::CivilDay Today();

}  // namespace interplan::time

#endif  // INTERPLAN_COMMON_TIME_DATE_H_
