#include "services/plans/import/vietnamese_dates.h"

#include <string>

#include "absl/strings/numbers.h"
#include "re2/re2.h"

namespace interplan::plans::import {
namespace {

int ToInt(re2::StringPiece digits) {
  int value = 0;
  if (!absl::SimpleAtoi(absl::string_view(digits.data(), digits.size()), &value)) return 0;
  return value;
}

}  // namespace

bool PlausibleDate(const google::type::Date& date) {
  return date.month() >= 0 && date.month() <= 12 && date.day() >= 0 && date.day() <= 31 &&
         (date.day() == 0 || date.month() != 0) && date.year() >= 0 && date.year() <= 9999;
}

std::optional<FoundDate> FindDate(absl::string_view folded, size_t from) {
  static const LazyRE2 kWords = {
      R"(ngay[\s._]*(\d{1,2})?[\s._/,]*thang[\s._]*(\d{1,2})?[\s._/,]*nam\s*(\d{4}))"};
  static const LazyRE2 kNumeric = {R"((\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4}))"};
  if (from > folded.size()) return std::nullopt;
  re2::StringPiece input(folded.data() + from, folded.size() - from);
  re2::StringPiece words_match[4], numeric_match[4];
  bool words = kWords->Match(input, 0, input.size(), RE2::UNANCHORED, words_match, 4);
  bool numeric = kNumeric->Match(input, 0, input.size(), RE2::UNANCHORED, numeric_match, 4);
  if (!words && !numeric) return std::nullopt;
  re2::StringPiece* m = words_match;
  if (!words || (numeric && numeric_match[0].data() < words_match[0].data())) m = numeric_match;
  FoundDate found;
  found.date.set_day(m[1].empty() ? 0 : ToInt(m[1]));
  found.date.set_month(m[2].empty() ? 0 : ToInt(m[2]));
  found.date.set_year(ToInt(m[3]));
  found.begin = m[0].data() - folded.data();
  found.end = found.begin + m[0].size();
  if (!PlausibleDate(found.date)) {
    return FindDate(folded, found.end);
  }
  return found;
}

std::optional<FoundDate> NumericDayOfYear(absl::string_view folded, size_t from);

namespace {

// "05 tháng 11" not followed by "năm 2020": a day of every year in words.
std::optional<FoundDate> DayOfYearInWords(absl::string_view folded, size_t from) {
  static const LazyRE2 kWords = {R"((\d{1,2})\s+thang\s+(\d{1,2}))"};
  static const LazyRE2 kYearAfter = {R"(^\s*,?\s*nam\s+\d{4})"};
  size_t pos = from;
  re2::StringPiece m[3];
  while (pos < folded.size() && kWords->Match(re2::StringPiece(folded.data(), folded.size()), pos,
                                              folded.size(), RE2::UNANCHORED, m, 3)) {
    size_t begin = m[0].data() - folded.data();
    size_t end = begin + m[0].size();
    pos = end;
    re2::StringPiece rest(folded.data() + end, folded.size() - end);
    if (RE2::PartialMatch(rest, *kYearAfter)) continue;
    FoundDate found;
    found.date.set_day(ToInt(m[1]));
    found.date.set_month(ToInt(m[2]));
    found.begin = begin;
    found.end = end;
    if (PlausibleDate(found.date) && found.date.month() > 0 && found.date.day() > 0) return found;
  }
  return std::nullopt;
}

}  // namespace

std::optional<FoundDate> FindDayOfYear(absl::string_view folded, size_t from) {
  std::optional<FoundDate> numeric = NumericDayOfYear(folded, from);
  std::optional<FoundDate> words = DayOfYearInWords(folded, from);
  if (!numeric.has_value()) return words;
  if (!words.has_value()) return numeric;
  return words->begin < numeric->begin ? words : numeric;
}

std::optional<FoundDate> NumericDayOfYear(absl::string_view folded, size_t from) {
  static const LazyRE2 kDayMonth = {R"((\d{1,2})\s*/\s*(\d{1,2})(\s*/\s*\d)?)"};
  size_t pos = from;
  while (pos < folded.size()) {
    re2::StringPiece input(folded.data() + pos, folded.size() - pos);
    re2::StringPiece m[4];
    if (!kDayMonth->Match(input, 0, input.size(), RE2::UNANCHORED, m, 4)) return std::nullopt;
    size_t begin = m[0].data() - folded.data();
    size_t end = begin + m[0].size();
    bool preceded_by_digit_or_slash =
        begin > 0 &&
        (std::isdigit(static_cast<unsigned char>(folded[begin - 1])) || folded[begin - 1] == '/');
    if (m[3].empty() && !preceded_by_digit_or_slash) {
      FoundDate found;
      found.date.set_day(ToInt(m[1]));
      found.date.set_month(ToInt(m[2]));
      found.begin = begin;
      found.end = end;
      if (PlausibleDate(found.date) && found.date.month() > 0 && found.date.day() > 0) return found;
    }
    pos = end;
  }
  return std::nullopt;
}

}  // namespace interplan::plans::import
