// Lookups of the Unicode Character Database properties that normalization and
// search folding need, backed by the generated tables in unicode_tables.inc.
#ifndef INTERPLAN_COMMON_TEXT_UNICODE_PROPERTIES_H_
#define INTERPLAN_COMMON_TEXT_UNICODE_PROPERTIES_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace interplan::text {

// The Unicode version the tables were generated from, e.g. "14.0.0".
absl::string_view UnicodeVersion();

// Canonical_Combining_Class: 0 for starters, 1..254 for marks that canonical
// ordering sorts.
int CanonicalCombiningClass(char32_t code_point);

// Appends the full canonical decomposition of `code_point` (applied
// recursively, Hangul syllables included) to `out`, or the code point itself
// when it has none. The appended marks are not yet in canonical order.
void AppendCanonicalDecomposition(char32_t code_point, std::u32string& out);

// The primary composite canonically equivalent to <first, second>, if any
// (Hangul LV and LVT syllables included, composition exclusions excluded).
std::optional<char32_t> ComposePair(char32_t first, char32_t second);

// General_Category Mn or Me: the diacritics search folding drops.
bool IsNonspacingMark(char32_t code_point);

// General_Category L*, N* or Mc: the characters that make up words.
bool IsWordCharacter(char32_t code_point);

// The simple lowercase mapping of `code_point` (itself when it has none).
char32_t SimpleLowercase(char32_t code_point);

}  // namespace interplan::text

#endif  // INTERPLAN_COMMON_TEXT_UNICODE_PROPERTIES_H_
