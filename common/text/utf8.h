// UTF-8: strict validation, decoding to and encoding from code points, and
// counting code points. Everything else in common/text works on the code
// points these functions produce.
#ifndef INTERPLAN_COMMON_TEXT_UTF8_H_
#define INTERPLAN_COMMON_TEXT_UTF8_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace interplan::text {

// The code point that stands in for ill-formed input (U+FFFD).
inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// True when `s` is well-formed UTF-8 as defined by Unicode (Table 3-7):
// no overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF,
// no stray continuation bytes and no truncated sequences.
bool IsValidUtf8(absl::string_view s);

// The length of the longest well-formed prefix of `s`: s.size() when `s` is
// valid, otherwise the byte offset at which the first ill-formed sequence
// starts.
size_t ValidUtf8PrefixLength(absl::string_view s);

// True when every byte of `s` is below 0x80 (ASCII is valid UTF-8 that every
// normalization form leaves unchanged).
bool IsAscii(absl::string_view s);

// The code points of `s`. Meant for valid input; each maximal ill-formed
// subsequence becomes one U+FFFD (the W3C/Unicode recommended practice), so
// the result is always defined.
std::u32string DecodeUtf8(absl::string_view s);

// Appends the UTF-8 encoding of `code_point` to `out`. Surrogates and values
// above U+10FFFF are not code points of any text and are written as U+FFFD.
void AppendUtf8(char32_t code_point, std::string& out);

// The UTF-8 encoding of `code_points` (see AppendUtf8 for invalid values).
std::string EncodeUtf8(std::u32string_view code_points);

// The number of code points in valid UTF-8 `s` (for aligning text in
// columns). For ill-formed input it counts the bytes that are not
// continuation bytes.
size_t CodePointCount(absl::string_view s);

}  // namespace interplan::text

#endif  // INTERPLAN_COMMON_TEXT_UTF8_H_
