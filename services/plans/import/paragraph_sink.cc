#include "services/plans/import/paragraph_sink.h"

#include <utility>

#include "absl/strings/str_format.h"
#include "common/text/normalize.h"
#include "common/text/utf8.h"

namespace interplan::plans::import {
namespace {

// The Unicode White_Space property, and the control characters (C0, DEL, C1)
// that a paragraph keeps only as spaces.
bool IsSpaceLike(char32_t c) {
  return c <= 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

}  // namespace

ParagraphSink::ParagraphSink(size_t max_bytes) : max_bytes_(max_bytes) {}

absl::Status ParagraphSink::Add(absl::string_view utf8) {
  if (bytes_ + utf8.size() > max_bytes_) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "the document's text is over %d MiB: not a plan Interplan reads", max_bytes_ >> 20));
  }
  std::u32string text = text::ToNfc(text::DecodeUtf8(utf8));
  for (char32_t& c : text) {
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) c = U' ';
  }
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && IsSpaceLike(text[begin])) ++begin;
  while (end > begin && IsSpaceLike(text[end - 1])) --end;
  if (begin == end) return absl::OkStatus();
  std::string paragraph = text::EncodeUtf8(std::u32string_view(text).substr(begin, end - begin));
  bytes_ += paragraph.size();
  paragraphs_.push_back(std::move(paragraph));
  return absl::OkStatus();
}

}  // namespace interplan::plans::import
