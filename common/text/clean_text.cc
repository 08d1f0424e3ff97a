#include "common/text/clean_text.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "common/text/normalize.h"
#include "common/text/utf8.h"

namespace interplan::text {
namespace {

// The control character (other than '\n' and '\t') that starts at byte `i` of
// valid UTF-8 `s`, if there is one. C0 controls and DEL are single bytes; C1
// controls U+0080..U+009F are encoded as 0xC2 0x80..0x9F.
std::optional<char32_t> ForbiddenControlAt(absl::string_view s, size_t i) {
  const uint8_t byte = static_cast<uint8_t>(s[i]);
  if ((byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7F) {
    return byte;
  }
  if (byte == 0xC2 && i + 1 < s.size()) {
    const uint8_t next = static_cast<uint8_t>(s[i + 1]);
    if (next <= 0x9F) return next;  // U+0080 + (next - 0x80) is just `next`
  }
  return std::nullopt;
}

// The Unicode White_Space property.
bool IsWhiteSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// `text` without its leading and trailing white space; `Char` is char for
// ASCII, char32_t for decoded text.
template <typename Char>
std::basic_string_view<Char> WithoutSurroundingWhiteSpace(std::basic_string_view<Char> text) {
  auto white = [](Char c) { return IsWhiteSpace(static_cast<std::make_unsigned_t<Char>>(c)); };
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && white(text[begin])) ++begin;
  while (end > begin && white(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

}  // namespace

absl::StatusOr<std::string> CleanText(absl::string_view input) {
  const size_t valid_length = ValidUtf8PrefixLength(input);
  if (valid_length != input.size()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("is not valid UTF-8 (byte offset %d)", valid_length));
  }
  for (size_t i = 0; i < input.size(); ++i) {
    if (std::optional<char32_t> control = ForbiddenControlAt(input, i)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("contains control character U+%04X (byte offset %d)",
                          static_cast<uint32_t>(*control), i));
    }
  }

  if (IsAscii(input)) {
    // ASCII is already NFC, and its only white space is single bytes: most
    // fields (names of resources, codes, periods) need no decoding.
    return std::string(WithoutSurroundingWhiteSpace(std::string_view(input.data(), input.size())));
  }
  const std::u32string text = ToNfc(DecodeUtf8(input));
  return EncodeUtf8(WithoutSurroundingWhiteSpace(std::u32string_view(text)));
}

}  // namespace interplan::text
