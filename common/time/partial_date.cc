#include "common/time/partial_date.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "common/time/calendar.h"
#include "common/time/digits.h"

namespace interplan::time {

absl::StatusOr<PartialDate> PartialDate::Create(int year, int month, int day) {
  if (year == 0 && month == 0 && day == 0) return PartialDate();
  if (year != 0) {
    if (absl::Status status = ValidateYear(year); !status.ok()) return status;
  }
  if (month != 0) {
    if (absl::Status status = ValidateMonth(month); !status.ok()) {
      return status;
    }
  }
  if (day < 0 || day > 31) {
    return absl::InvalidArgumentError(absl::StrFormat("day %d is out of range 1..31", day));
  }
  if (month != 0 && year == 0) {
    return absl::InvalidArgumentError(absl::StrFormat("month %d is given without a year", month));
  }
  if (day != 0 && month == 0) {
    return absl::InvalidArgumentError(absl::StrFormat("day %d is given without a month", day));
  }
  if (day != 0) {
    if (absl::Status status = ValidateDayOfMonth(year, month, day); !status.ok()) {
      return status;
    }
  }
  return PartialDate(year, month, day);
}

absl::StatusOr<PartialDate> PartialDate::FromDay(absl::CivilDay day) {
  if (absl::Status status = ValidateYear(day.year()); !status.ok()) {
    return status;
  }
  return PartialDate(static_cast<int>(day.year()), day.month(), day.day());
}

absl::StatusOr<PartialDate> PartialDate::Parse(absl::string_view text) {
  if (text.empty()) return PartialDate();
  std::optional<int> year, month, day;
  bool well_formed = false;
  switch (text.size()) {
    case 4:  // YYYY
      year = ParseFixedWidthDigits(text, 4);
      well_formed = year.has_value();
      break;
    case 7:  // YYYY-MM
      year = ParseFixedWidthDigits(text.substr(0, 4), 4);
      month = ParseFixedWidthDigits(text.substr(5, 2), 2);
      well_formed = text[4] == '-' && year && month;
      break;
    case 10:  // YYYY-MM-DD
      year = ParseFixedWidthDigits(text.substr(0, 4), 4);
      month = ParseFixedWidthDigits(text.substr(5, 2), 2);
      day = ParseFixedWidthDigits(text.substr(8, 2), 2);
      well_formed = text[4] == '-' && text[7] == '-' && year && month && day;
      break;
  }
  if (!well_formed) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "partial date \"%s\" is not in the form YYYY, YYYY-MM or YYYY-MM-DD", text));
  }
  // In text, an unknown part is left out, never written as zero.
  absl::Status status = ValidateYear(*year);
  if (status.ok() && month) status = ValidateMonth(*month);
  if (status.ok() && day) status = ValidateDayOfMonth(*year, *month, *day);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("partial date \"%s\": %s", text, status.message()));
  }
  return PartialDate(*year, month.value_or(0), day.value_or(0));
}

absl::StatusOr<PartialDate> PartialDate::FromProto(const google::type::Date& proto) {
  return Create(proto.year(), proto.month(), proto.day());
}

void PartialDate::ToProto(google::type::Date* proto) const {
  proto->set_year(year_);
  proto->set_month(month_);
  proto->set_day(day_);
}

std::optional<absl::CivilDay> PartialDate::ToDay() const {
  if (!IsComplete()) return std::nullopt;
  return absl::CivilDay(year_, month_, day_);
}

std::optional<absl::CivilDay> PartialDate::EarliestDay() const {
  if (!IsSet()) return std::nullopt;
  return absl::CivilDay(year_, month_ == 0 ? 1 : month_, day_ == 0 ? 1 : day_);
}

std::optional<absl::CivilDay> PartialDate::LatestDay() const {
  if (!IsSet()) return std::nullopt;
  const int month = month_ == 0 ? 12 : month_;
  return absl::CivilDay(year_, month, day_ == 0 ? DaysInMonth(year_, month) : day_);
}

bool PartialDate::Contains(absl::CivilDay day) const {
  if (!IsSet()) return false;
  return *EarliestDay() <= day && day <= *LatestDay();
}

std::string PartialDate::ToString() const {
  if (!IsSet()) return "";
  if (month_ == 0) return absl::StrFormat("%04d", year_);
  if (day_ == 0) return absl::StrFormat("%04d-%02d", year_, month_);
  return absl::StrFormat("%04d-%02d-%02d", year_, month_, day_);
}

std::string PartialDate::ToVietnamese() const {
  if (!IsSet()) return "";
  const std::string year = absl::StrCat("năm ", year_);
  if (month_ == 0) return year;
  // Decree 30/2020/ND-CP: days below 10 and months 1 and 2 are written with a
  // leading zero so that they cannot be altered afterwards.
  const std::string month = month_ <= 2 ? absl::StrFormat("%02d", month_) : absl::StrCat(month_);
  const std::string day = day_ == 0 ? std::string("...") : absl::StrFormat("%02d", day_);
  return absl::StrCat("ngày ", day, " tháng ", month, " ", year);
}

std::ostream& operator<<(std::ostream& out, const PartialDate& date) {
  return out << (date.IsSet() ? date.ToString() : "(unset)");
}

}  // namespace interplan::time
