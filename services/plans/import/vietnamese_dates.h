// Dates as Vietnamese documents write them: "ngày 21 tháng 6 năm 2021"
// (day or month possibly left blank: "ngày    tháng 6 năm 2021",
// "ngày ... tháng ... năm 2021"), "19/02/2021", "15/12" (a day of every
// year), all read on folded text (folded_text.h).
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_VIETNAMESE_DATES_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_VIETNAMESE_DATES_H_

#include <cstddef>
#include <optional>

#include "absl/strings/string_view.h"
#include "google/type/date.pb.h"

namespace interplan::plans::import {

struct FoundDate {
  google::type::Date date;  // day or month 0 when left blank
  size_t begin = 0;         // where it is in the folded text
  size_t end = 0;
};

// The first "ngày D tháng M năm Y" (blanks allowed) or "D/M/Y" in
// `folded` at or after `from`.
std::optional<FoundDate> FindDate(absl::string_view folded, size_t from = 0);

// The first "D/M" that is not part of a "D/M/Y", or "D tháng M" without a
// year after it, at or after `from`: a day of the year (year 0).
std::optional<FoundDate> FindDayOfYear(absl::string_view folded, size_t from = 0);

// The "D/M" form alone.
std::optional<FoundDate> NumericDayOfYear(absl::string_view folded, size_t from = 0);

// A valid day of a valid month (month 1..12, day 1..31; 0 for blanks).
bool PlausibleDate(const google::type::Date& date);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_VIETNAMESE_DATES_H_
