#include "common/time/unit_era.h"

#include "common/time/date.h"
#include "common/time/period.h"
#include "common/time/validity.h"

namespace interplan::time {

std::string EraOfDay(absl::CivilDay day) {
  return day < kReformDay2025 ? std::string(kOpenStart) : FormatDate(kReformDay2025);
}

std::string EraOfStoredDay(absl::string_view stored_day) {
  absl::StatusOr<absl::CivilDay> day = ParseDate(stored_day);
  if (!day.ok()) return kOpenStart;
  return EraOfDay(*day);
}

absl::CivilDay HierarchyDay(std::optional<absl::CivilDay> asked,
                            std::optional<absl::CivilDay> period_last, absl::CivilDay today) {
  if (asked.has_value()) return *asked;
  if (period_last.has_value() && *period_last < today) return *period_last;
  return today;
}

std::optional<absl::CivilDay> PeriodLastDay(absl::string_view period) {
  absl::StatusOr<Period> parsed = Period::Parse(period);
  if (!parsed.ok()) return std::nullopt;
  return parsed->LastDay();
}

}  // namespace interplan::time
