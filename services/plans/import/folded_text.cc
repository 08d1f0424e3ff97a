#include "services/plans/import/folded_text.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/ascii.h"
#include "common/text/search_fold.h"
#include "common/text/utf8.h"

namespace interplan::plans::import {
namespace {

// The folded form of one code point that is not ASCII.
std::string FoldCodePoint(char32_t cp, absl::string_view bytes) {
  switch (cp) {
    case U'\u2013':
    case U'\u2014':
    case U'\u2212':
      return "-";
    case U'\u201c':
    case U'\u201d':
    case U'\u00ab':
    case U'\u00bb':
      return "\"";
    case U'\u2018':
    case U'\u2019':
      return "'";
    case U'\u2026':
      return "...";
    default:
      break;
  }
  std::string folded = text::FoldForSearch(bytes);
  return folded.empty() ? " " : folded;
}

// The length of the UTF-8 sequence starting with `lead` (1 when ill-formed).
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xe) return 3;
  if ((lead >> 3) == 0x1e) return 4;
  return 1;
}

}  // namespace

FoldedText::FoldedText(absl::string_view original) : original_(original) {
  folded_.reserve(original.size());
  origin_.reserve(original.size() + 1);
  size_t i = 0;
  while (i < original_.size()) {
    unsigned char lead = static_cast<unsigned char>(original_[i]);
    if (lead < 0x80) {
      char c = static_cast<char>(std::tolower(lead));
      if (c == '\t' || c == '\r' || c == '\n') c = ' ';
      folded_.push_back(c);
      origin_.push_back(i);
      ++i;
      continue;
    }
    size_t length = std::min(SequenceLength(lead), original_.size() - i);
    absl::string_view bytes(original_.data() + i, length);
    std::u32string cps = text::IsValidUtf8(bytes) ? text::DecodeUtf8(bytes) : std::u32string();
    std::string folded = cps.size() == 1 ? FoldCodePoint(cps[0], bytes) : " ";
    for (char c : folded) {
      folded_.push_back(c);
      origin_.push_back(i);
    }
    i += length;
  }
  origin_.push_back(original_.size());
}

size_t FoldedText::OriginalOffset(size_t pos) const {
  if (pos >= origin_.size()) return original_.size();
  return origin_[pos];
}

std::string FoldedText::Original(size_t begin, size_t end) const {
  if (end > folded_.size()) end = folded_.size();
  if (begin >= end) return "";
  size_t from = OriginalOffset(begin);
  // The end of the code point that folded byte end-1 comes from.
  size_t next = end;
  while (next < folded_.size() && origin_[next] == origin_[end - 1]) ++next;
  size_t to = origin_[next];
  return std::string(absl::StripAsciiWhitespace(original_.substr(from, to - from)));
}

bool StartsWithCapital(absl::string_view text) {
  if (text.empty()) return false;
  unsigned char c = static_cast<unsigned char>(text[0]);
  if (c < 0x80) return std::isupper(c);
  size_t length = std::min(SequenceLength(c), text.size());
  absl::string_view bytes = text.substr(0, length);
  if (!text::IsValidUtf8(bytes)) return false;
  std::u32string cps = text::DecodeUtf8(bytes);
  if (cps.size() != 1) return false;
  char32_t cp = cps[0];
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return true;
  if (cp == 0x0110 || cp == 0x0102 || cp == 0x01A0 || cp == 0x01AF || cp == 0x0128 ||
      cp == 0x0168) {
    return true;
  }
  return cp >= 0x1EA0 && cp <= 0x1EF9 && cp % 2 == 0;
}

std::string Fold(absl::string_view text) { return FoldedText(text).folded(); }

std::string TrimPunct(absl::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  auto is_trim = [](char c) {
    return c == ' ' || c == ',' || c == '.' || c == ';' || c == ':' || c == '\t';
  };
  while (begin < end && is_trim(text[begin])) ++begin;
  while (end > begin && is_trim(text[end - 1])) --end;
  return std::string(text.substr(begin, end - begin));
}

}  // namespace interplan::plans::import
