// Unicode canonical normalization (UAX #15): NFD and NFC of UTF-8 text.
// Text entering Interplan is stored in NFC, so equal-looking strings compare
// equal byte for byte.
#ifndef INTERPLAN_COMMON_TEXT_NORMALIZE_H_
#define INTERPLAN_COMMON_TEXT_NORMALIZE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace interplan::text {

// Normalization Form D: every character replaced by its full canonical
// decomposition (Hangul syllables algorithmically), then combining marks put
// in canonical order. Meant for valid UTF-8; ill-formed sequences come out as
// U+FFFD. ASCII input is returned unchanged without decoding.
std::string ToNfd(absl::string_view valid_utf8);

// Normalization Form C: NFD followed by canonical composition, which skips
// the composition exclusions. Same input contract as ToNfd.
std::string ToNfc(absl::string_view valid_utf8);

// The code-point forms of the above, for callers that have already decoded.
std::u32string ToNfd(std::u32string_view code_points);
std::u32string ToNfc(std::u32string_view code_points);

}  // namespace interplan::text

#endif  // INTERPLAN_COMMON_TEXT_NORMALIZE_H_
