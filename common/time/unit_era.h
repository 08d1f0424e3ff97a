// The hierarchies of administrative units that a reform renumbered: the
// units before Resolution 202/2025/QH15 (from 2019 to 2025-06-30) and those
// from 2025-07-01. Inside one era a code keeps denoting the same place even
// when the unit was renamed or moved under another parent (each change is a
// new version of the code, and figures follow the code); across eras codes
// were reused for other places, so figures follow succession links.
#ifndef INTERPLAN_COMMON_TIME_UNIT_ERA_H_
#define INTERPLAN_COMMON_TIME_UNIT_ERA_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace interplan::time {

// The first day of the reform that began the current era.
inline constexpr absl::CivilDay kReformDay2025 = absl::CivilDay(2025, 7, 1);

// The era a day belongs to, by its first day in stored form: "0001-01-01"
// (kOpenStart) before the reform, "2025-07-01" from it.
std::string EraOfDay(absl::CivilDay day);

// The same for a version's first day in stored form ("0001-01-01" for an
// open start); anything unreadable is the first era.
std::string EraOfStoredDay(absl::string_view stored_day);

// The day whose units a question about a period is answered in: the day
// the caller asked for; else, for a period that has ended, its last day
// (a question about 2019 counts the units of 2019); else today.
absl::CivilDay HierarchyDay(std::optional<absl::CivilDay> asked,
                            std::optional<absl::CivilDay> period_last, absl::CivilDay today);

// The last day of a period as written ("2019", "2021-H1"; period.h), nullopt
// when the text is no period (its own validation reports that).
std::optional<absl::CivilDay> PeriodLastDay(absl::string_view period);

}  // namespace interplan::time

#endif  // INTERPLAN_COMMON_TIME_UNIT_ERA_H_
