#include "common/time/period.h"

#include <cstdint>
#include <optional>
#include <tuple>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "common/time/calendar.h"
#include "common/time/date.h"
#include "common/time/digits.h"

namespace interplan::time {
namespace {

// The last day of the month `month` belongs to.
absl::CivilDay LastDayOfMonth(absl::CivilMonth month) { return absl::CivilDay(month + 1) - 1; }

// The first day of `month` of `year`.
absl::CivilDay FirstDayOfMonth(int year, int month) { return absl::CivilDay(year, month, 1); }

// `problem`, prefixed with the text it was found in.
absl::Status PeriodTextError(absl::string_view text, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrFormat("period \"%s\": %s", text, problem));
}

absl::Status UnknownFormError(absl::string_view text) {
  return absl::InvalidArgumentError(
      absl::StrFormat("period \"%s\" is not one of YYYY, YYYY-H1, YYYY-H2, YYYY-Q1..YYYY-Q4, "
                      "YYYY-MM, YYYY/YYYY or YYYY-MM-DD..YYYY-MM-DD",
                      text));
}

}  // namespace

absl::StatusOr<Period> Period::ForYear(int year) {
  if (absl::Status status = ValidateYear(year); !status.ok()) return status;
  return Period(Kind::kYear, absl::CivilDay(year, 1, 1), absl::CivilDay(year, 12, 31));
}

absl::StatusOr<Period> Period::ForHalf(int year, int half) {
  if (absl::Status status = ValidateYear(year); !status.ok()) return status;
  if (half < 1 || half > 2) {
    return absl::InvalidArgumentError(absl::StrFormat("half %d is out of range 1..2", half));
  }
  const int first_month = (half - 1) * 6 + 1;
  return Period(Kind::kHalf, FirstDayOfMonth(year, first_month),
                LastDayOfMonth(absl::CivilMonth(year, first_month + 5)));
}

absl::StatusOr<Period> Period::ForQuarter(int year, int quarter) {
  if (absl::Status status = ValidateYear(year); !status.ok()) return status;
  if (quarter < 1 || quarter > 4) {
    return absl::InvalidArgumentError(absl::StrFormat("quarter %d is out of range 1..4", quarter));
  }
  const int first_month = (quarter - 1) * 3 + 1;
  return Period(Kind::kQuarter, FirstDayOfMonth(year, first_month),
                LastDayOfMonth(absl::CivilMonth(year, first_month + 2)));
}

absl::StatusOr<Period> Period::ForMonth(int year, int month) {
  if (absl::Status status = ValidateYear(year); !status.ok()) return status;
  if (absl::Status status = ValidateMonth(month); !status.ok()) return status;
  return Period(Kind::kMonth, FirstDayOfMonth(year, month),
                LastDayOfMonth(absl::CivilMonth(year, month)));
}

absl::StatusOr<Period> Period::ForYears(int first_year, int last_year) {
  if (absl::Status status = ValidateYear(first_year); !status.ok()) {
    return status;
  }
  if (absl::Status status = ValidateYear(last_year); !status.ok()) {
    return status;
  }
  if (last_year <= first_year) {
    return absl::InvalidArgumentError(
        absl::StrFormat("multi-year period %04d/%04d must end after the year it starts in "
                        "(a single year is written %04d)",
                        first_year, last_year, first_year));
  }
  return Period(Kind::kMultiYear, absl::CivilDay(first_year, 1, 1),
                absl::CivilDay(last_year, 12, 31));
}

absl::StatusOr<Period> Period::ForDays(absl::CivilDay first, absl::CivilDay last) {
  if (absl::Status status = ValidateYear(first.year()); !status.ok()) {
    return status;
  }
  if (absl::Status status = ValidateYear(last.year()); !status.ok()) {
    return status;
  }
  if (last < first) {
    return absl::InvalidArgumentError(absl::StrCat("custom period ends on ", FormatDate(last),
                                                   ", before it starts on ", FormatDate(first)));
  }
  return Period(Kind::kCustom, first, last);
}

absl::StatusOr<Period> Period::Containing(Kind kind, absl::CivilDay day) {
  if (absl::Status status = ValidateYear(day.year()); !status.ok()) {
    return status;
  }
  const int year = static_cast<int>(day.year());
  switch (kind) {
    case Kind::kYear:
      return ForYear(year);
    case Kind::kHalf:
      return ForHalf(year, (day.month() - 1) / 6 + 1);
    case Kind::kQuarter:
      return ForQuarter(year, (day.month() - 1) / 3 + 1);
    case Kind::kMonth:
      return ForMonth(year, day.month());
    case Kind::kMultiYear:
    case Kind::kCustom:
      break;
  }
  return absl::InvalidArgumentError(
      absl::StrFormat("no single %s period contains a day", KindName(kind)));
}

absl::StatusOr<Period> Period::Parse(absl::string_view text) {
  // YYYY-MM-DD..YYYY-MM-DD
  if (const size_t dots = text.find(".."); dots != absl::string_view::npos) {
    absl::StatusOr<absl::CivilDay> first = ParseDate(text.substr(0, dots));
    if (!first.ok()) return PeriodTextError(text, first.status().message());
    absl::StatusOr<absl::CivilDay> last = ParseDate(text.substr(dots + 2));
    if (!last.ok()) return PeriodTextError(text, last.status().message());
    absl::StatusOr<Period> period = ForDays(*first, *last);
    if (!period.ok()) return PeriodTextError(text, period.status().message());
    return period;
  }

  std::optional<int> year = ParseDigits(text.substr(0, 4));
  if (text.size() < 4 || !year) return UnknownFormError(text);
  absl::StatusOr<Period> period = UnknownFormError(text);
  if (text.size() == 4) {  // YYYY
    period = ForYear(*year);
  } else if (text.size() == 9 && text[4] == '/') {  // YYYY/YYYY
    std::optional<int> last_year = ParseFixedWidthDigits(text.substr(5), 4);
    if (!last_year) return UnknownFormError(text);
    period = ForYears(*year, *last_year);
  } else if (text.size() == 7 && text[4] == '-') {
    const char letter = text[5];
    if (letter == 'H' || letter == 'Q') {  // YYYY-Hn, YYYY-Qn
      std::optional<int> number = ParseDigits(text.substr(6, 1));
      if (!number) return UnknownFormError(text);
      period = letter == 'H' ? ForHalf(*year, *number) : ForQuarter(*year, *number);
    } else {  // YYYY-MM
      std::optional<int> month = ParseFixedWidthDigits(text.substr(5), 2);
      if (!month) return UnknownFormError(text);
      period = ForMonth(*year, *month);
    }
  } else {
    return UnknownFormError(text);
  }
  if (!period.ok()) return PeriodTextError(text, period.status().message());
  return period;
}

std::string Period::ToString() const {
  switch (kind_) {
    case Kind::kYear:
      return absl::StrFormat("%04d", Year());
    case Kind::kHalf:
      return absl::StrFormat("%04d-H%d", Year(), (first_day_.month() - 1) / 6 + 1);
    case Kind::kQuarter:
      return absl::StrFormat("%04d-Q%d", Year(), (first_day_.month() - 1) / 3 + 1);
    case Kind::kMonth:
      return absl::StrFormat("%04d-%02d", Year(), first_day_.month());
    case Kind::kMultiYear:
      return absl::StrFormat("%04d/%04d", Year(), last_day_.year());
    case Kind::kCustom:
      break;
  }
  return absl::StrCat(FormatDate(first_day_), "..", FormatDate(last_day_));
}

absl::StatusOr<Period> Period::Shifted(int steps) const {
  int months = 0;
  switch (kind_) {
    case Kind::kYear:
      months = 12;
      break;
    case Kind::kHalf:
      months = 6;
      break;
    case Kind::kQuarter:
      months = 3;
      break;
    case Kind::kMonth:
      months = 1;
      break;
    case Kind::kMultiYear:
      months = 12 * static_cast<int>(last_day_.year() - first_day_.year() + 1);
      break;
    case Kind::kCustom:
      return absl::FailedPreconditionError(
          absl::StrCat("custom period ", ToString(), " has no regular next or previous period"));
  }
  const absl::CivilDay first(absl::CivilMonth(first_day_) + steps * months);
  const absl::CivilDay last = LastDayOfMonth(absl::CivilMonth(last_day_) + steps * months);
  if (first.year() < kMinYear || last.year() > kMaxYear) {
    return absl::OutOfRangeError(absl::StrFormat("the %s %s the %s %s is outside years %d..%d",
                                                 KindName(kind_), steps > 0 ? "after" : "before",
                                                 KindName(kind_), ToString(), kMinYear, kMaxYear));
  }
  return Period(kind_, first, last);
}

absl::StatusOr<Period> Period::Next() const { return Shifted(1); }

absl::StatusOr<Period> Period::Previous() const { return Shifted(-1); }

absl::StatusOr<std::vector<Period>> Period::SplitInto(Kind kind) const {
  if (kind == Kind::kMultiYear || kind == Kind::kCustom) {
    return absl::InvalidArgumentError(
        absl::StrFormat("a period splits only into years, halves, quarters or months, not %s "
                        "periods",
                        KindName(kind)));
  }
  absl::StatusOr<Period> piece = Containing(kind, first_day_);
  if (!piece.ok()) return piece.status();
  if (piece->first_day_ != first_day_) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s period %s does not start at the start of a %s", KindName(kind_),
                        ToString(), KindName(kind)));
  }
  std::vector<Period> pieces;
  while (true) {
    if (piece->last_day_ > last_day_) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s period %s does not end at the end of a %s", KindName(kind_),
                          ToString(), KindName(kind)));
    }
    pieces.push_back(*piece);
    if (piece->last_day_ == last_day_) return pieces;
    piece = piece->Next();
    if (!piece.ok()) return piece.status();
  }
}

bool operator<(const Period& a, const Period& b) {
  return std::tie(a.first_day_, a.last_day_, a.kind_) <
         std::tie(b.first_day_, b.last_day_, b.kind_);
}

absl::string_view KindName(Period::Kind kind) {
  switch (kind) {
    case Period::Kind::kYear:
      return "year";
    case Period::Kind::kHalf:
      return "half";
    case Period::Kind::kQuarter:
      return "quarter";
    case Period::Kind::kMonth:
      return "month";
    case Period::Kind::kMultiYear:
      return "multi-year";
    case Period::Kind::kCustom:
      return "custom";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& out, const Period& period) {
  return out << period.ToString();
}

}  // namespace interplan::time
