#include "common/text/utf8.h"

#include <cstdint>

#include "absl/strings/string_view.h"

namespace interplan::text {
namespace {

bool IsContinuationByte(uint8_t byte) { return (byte & 0xC0) == 0x80; }

// One step of decoding: the code point at the start of `s` and the number of
// bytes it takes. When the input is ill-formed there, `well_formed` is false
// and `length` is the length of the maximal ill-formed subpart (at least 1).
struct DecodeStep {
  char32_t code_point;
  size_t length;
  bool well_formed;
};

// Precondition: !s.empty().
DecodeStep DecodeOne(absl::string_view s) {
  const uint8_t lead = static_cast<uint8_t>(s[0]);
  if (lead < 0x80) return {lead, 1, true};

  // The lead byte fixes the sequence length, its payload bits, and the range
  // of the second byte (narrowed to exclude overlongs, surrogates and values
  // above U+10FFFF); later bytes are plain continuation bytes.
  size_t length;
  char32_t code_point;
  uint8_t second_min = 0x80;
  uint8_t second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0F;
    if (lead == 0xE0) second_min = 0xA0;  // overlong below U+0800
    if (lead == 0xED) second_max = 0x9F;  // surrogates U+D800..U+DFFF
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07;
    if (lead == 0xF0) second_min = 0x90;  // overlong below U+10000
    if (lead == 0xF4) second_max = 0x8F;  // above U+10FFFF
  } else {
    // 0x80..0xC1 (continuation or overlong 2-byte lead) and 0xF5..0xFF.
    return {kReplacementCharacter, 1, false};
  }

  for (size_t i = 1; i < length; ++i) {
    if (i >= s.size()) return {kReplacementCharacter, i, false};
    const uint8_t byte = static_cast<uint8_t>(s[i]);
    const bool in_range =
        i == 1 ? (byte >= second_min && byte <= second_max) : IsContinuationByte(byte);
    if (!in_range) return {kReplacementCharacter, i, false};
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  return {code_point, length, true};
}

}  // namespace

bool IsValidUtf8(absl::string_view s) { return ValidUtf8PrefixLength(s) == s.size(); }

size_t ValidUtf8PrefixLength(absl::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    if (static_cast<uint8_t>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const DecodeStep step = DecodeOne(s.substr(pos));
    if (!step.well_formed) return pos;
    pos += step.length;
  }
  return pos;
}

bool IsAscii(absl::string_view s) {
  for (char c : s) {
    if (static_cast<uint8_t>(c) >= 0x80) return false;
  }
  return true;
}

std::u32string DecodeUtf8(absl::string_view s) {
  std::u32string code_points;
  code_points.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    const DecodeStep step = DecodeOne(s.substr(pos));
    code_points.push_back(step.code_point);
    pos += step.length;
  }
  return code_points;
}

void AppendUtf8(char32_t code_point, std::string& out) {
  if ((code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF) {
    code_point = kReplacementCharacter;
  }
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

std::string EncodeUtf8(std::u32string_view code_points) {
  std::string out;
  out.reserve(code_points.size());
  for (char32_t code_point : code_points) AppendUtf8(code_point, out);
  return out;
}

size_t CodePointCount(absl::string_view s) {
  size_t count = 0;
  for (char c : s) {
    if (!IsContinuationByte(static_cast<uint8_t>(c))) ++count;
  }
  return count;
}

}  // namespace interplan::text
