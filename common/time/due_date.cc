#include "common/time/due_date.h"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "common/time/calendar.h"
#include "common/time/digits.h"

namespace interplan::time {
namespace {

// Any year with 29 February, to ask how long a month can be.
constexpr int kSomeLeapYear = 2000;

// `problem`, prefixed with the text it was found in.
absl::Status RuleTextError(absl::string_view text, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrFormat("due rule \"%s\": %s", text, problem));
}

absl::Status UnknownFormError(absl::string_view text) {
  return absl::InvalidArgumentError(
      absl::StrFormat("due rule \"%s\" is not one of MM-DD, month:M, +Nd, YYYY-MM-DD, "
                      "YYYY-MM or YYYY",
                      text));
}

// Wraps a factory's error with the text it was read from.
absl::StatusOr<DueRule> WithText(absl::string_view text, absl::StatusOr<DueRule> rule) {
  if (!rule.ok()) return RuleTextError(text, rule.status().message());
  return rule;
}

}  // namespace

absl::StatusOr<DueRule> DueRule::DayOfYear(int month, int day) {
  if (absl::Status status = ValidateMonth(month); !status.ok()) return status;
  const int longest = DaysInMonth(kSomeLeapYear, month);
  if (day < 1 || day > longest) {
    return absl::InvalidArgumentError(
        absl::StrFormat("day %d does not exist in month %d (1..%d)", day, month, longest));
  }
  DueRule rule(Kind::kDayOfYear);
  rule.month_ = month;
  rule.day_ = day;
  return rule;
}

absl::StatusOr<DueRule> DueRule::EndOfMonth(int month) {
  if (absl::Status status = ValidateMonth(month); !status.ok()) return status;
  DueRule rule(Kind::kEndOfMonth);
  rule.month_ = month;
  return rule;
}

absl::StatusOr<DueRule> DueRule::DaysAfterPeriod(int days) {
  if (days < 0 || days > kMaxDaysAfterPeriod) {
    return absl::InvalidArgumentError(
        absl::StrFormat("days after period %d is out of range 0..%d", days, kMaxDaysAfterPeriod));
  }
  DueRule rule(Kind::kDaysAfterPeriod);
  rule.days_after_period_ = days;
  return rule;
}

absl::StatusOr<DueRule> DueRule::FixedDate(const PartialDate& date) {
  if (!date.IsSet()) {
    return absl::InvalidArgumentError("fixed due date is unset");
  }
  DueRule rule(Kind::kFixedDate);
  rule.fixed_date_ = date;
  return rule;
}

absl::StatusOr<DueRule> DueRule::Parse(absl::string_view text) {
  if (absl::StartsWith(text, "month:")) {
    const absl::string_view digits = text.substr(6);
    std::optional<int> month = ParseDigits(digits);
    if (!month) return UnknownFormError(text);
    return WithText(text, EndOfMonth(*month));
  }
  if (absl::StartsWith(text, "+") && absl::EndsWith(text, "d")) {
    const absl::string_view digits = text.substr(1, text.size() - 2);
    std::optional<int> days = ParseDigits(digits);
    if (!days) return UnknownFormError(text);
    return WithText(text, DaysAfterPeriod(*days));
  }
  if (text.size() == 5 && text[2] == '-') {  // MM-DD
    std::optional<int> month = ParseFixedWidthDigits(text.substr(0, 2), 2);
    std::optional<int> day = ParseFixedWidthDigits(text.substr(3, 2), 2);
    if (!month || !day) return UnknownFormError(text);
    return WithText(text, DayOfYear(*month, *day));
  }
  if (text.size() == 4 || text.size() == 7 || text.size() == 10) {
    absl::StatusOr<PartialDate> date = PartialDate::Parse(text);
    if (!date.ok()) return RuleTextError(text, date.status().message());
    return WithText(text, FixedDate(*date));
  }
  return UnknownFormError(text);
}

std::string DueRule::ToString() const {
  switch (kind_) {
    case Kind::kDayOfYear:
      return absl::StrFormat("%02d-%02d", month_, day_);
    case Kind::kEndOfMonth:
      return absl::StrCat("month:", month_);
    case Kind::kDaysAfterPeriod:
      return absl::StrCat("+", days_after_period_, "d");
    case Kind::kFixedDate:
      break;
  }
  return fixed_date_.ToString();
}

absl::CivilDay DueRule::DueDateFor(const Period& period) const {
  const int64_t year = period.LastDay().year();
  switch (kind_) {
    case Kind::kDayOfYear:
      return absl::CivilDay(year, month_, std::min(day_, DaysInMonth(year, month_)));
    case Kind::kEndOfMonth:
      return absl::CivilDay(year, month_, DaysInMonth(year, month_));
    case Kind::kDaysAfterPeriod:
      return period.LastDay() + days_after_period_;
    case Kind::kFixedDate:
      break;
  }
  return *fixed_date_.LatestDay();
}

std::ostream& operator<<(std::ostream& out, const DueRule& rule) { return out << rule.ToString(); }

absl::CivilDay AddMonthsClamped(absl::CivilDay day, int months) {
  const absl::CivilMonth month = absl::CivilMonth(day) + months;
  return absl::CivilDay(month.year(), month.month(),
                        std::min(day.day(), DaysInMonth(month.year(), month.month())));
}

int DaysLate(absl::CivilDay due, absl::CivilDay submitted) {
  if (submitted <= due) return 0;
  return static_cast<int>(submitted - due);
}

}  // namespace interplan::time
