#include "services/plans/import/paragraph_cleanup.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "common/text/utf8.h"
#include "services/plans/import/document_outline.h"
#include "services/plans/import/folded_text.h"

namespace interplan::plans::import {
namespace {

// `s` with every ill-formed UTF-8 sequence replaced by U+FFFD, so that
// nothing the parser asks the registry is ill-formed.
std::string ValidUtf8(const std::string& s) {
  if (text::IsValidUtf8(s)) return s;
  std::string out;
  absl::string_view rest(s);
  while (!rest.empty()) {
    size_t valid = text::ValidUtf8PrefixLength(rest);
    out.append(rest.data(), valid);
    rest.remove_prefix(valid);
    if (rest.empty()) break;
    out.append("\uFFFD");
    rest.remove_prefix(1);
  }
  return out;
}

std::string Strip(const std::string& paragraph) {
  std::string text = absl::StrReplaceAll(ValidUtf8(paragraph), {{"*", ""}, {"\t", " "}});
  size_t begin = 0;
  size_t end = text.size();
  auto mark = [](char c) { return c == '*' || c == '_' || c == '#' || c == ' ' || c == '\r'; };
  while (begin < end && mark(text[begin])) ++begin;
  while (end > begin && mark(text[end - 1])) --end;
  text = text.substr(begin, end - begin);
  // Cut at a code point boundary when too long.
  if (text.size() > kMaxParagraphBytes) {
    size_t cut = kMaxParagraphBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
  }
  return text;
}

// Starts with a lower-case letter: ASCII a-z, or đ and the vowels with
// marks that Vietnamese words start with (any code point above U+00DF that
// is not a capital is treated as lower case).
bool StartsLower(const std::string& text) {
  if (text.empty()) return false;
  unsigned char c = static_cast<unsigned char>(text[0]);
  if (c < 0x80) return c >= 'a' && c <= 'z';
  std::u32string first = text::DecodeUtf8(text.substr(0, std::min<size_t>(4, text.size())));
  if (first.empty()) return false;
  char32_t cp = first[0];
  if (cp == U'\u0111') return true;  // đ
  // Latin letters with marks: lower case at odd code points in the
  // Latin Extended Additional block (U+1EA0..U+1EF9) and in à..ỹ ranges.
  if (cp >= 0x1EA0 && cp <= 0x1EF9) return cp % 2 == 1;
  if (cp >= 0xE0 && cp <= 0xFF) return true;
  if (cp == 0x01A1 || cp == 0x01B0 || cp == 0x0103 || cp == 0x0129 || cp == 0x0169) return true;
  return false;
}

// A PDF's page number on a line of its own: "2", "- 3 -", "Trang 4".
bool IsPageNumber(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits.push_back(c);
    } else if (c != ' ' && c != '-' && c != '/') {
      return absl::StartsWith(text, "Trang ") && text.size() < 16 && !digits.empty();
    }
  }
  return !digits.empty() && digits.size() <= 3;
}

// The length (in code points) of a line that runs to the margin: the
// ninth decile of the lines' lengths.
size_t FullLine(const std::vector<std::string>& paragraphs) {
  std::vector<size_t> lengths;
  for (size_t i = 0; i < paragraphs.size() && i < kMaxParagraphs; ++i) {
    lengths.push_back(text::CodePointCount(paragraphs[i].substr(0, kMaxParagraphBytes)));
  }
  if (lengths.empty()) return 0;
  std::sort(lengths.begin(), lengths.end());
  return lengths[lengths.size() * 9 / 10];
}

// A PDF line `text` continues `previous`: the previous ran to the margin
// and did not end a sentence or an item before a capital. `in_list`: the
// paragraph so far opened a list with ":" ("bao gồm: Chương trình A;
// Chương trình B; ..."), whose items end with ";" inside the paragraph.
bool ContinuesPdfLine(const std::string& previous, const std::string& text, size_t full_line,
                      bool in_list) {
  if (full_line < 30) return false;
  if (text::CodePointCount(previous) * 10 < full_line * 8) return false;
  char last = previous.back();
  bool ends = last == '.' || last == ':' || last == '!' || last == '?' || (last == ';' && !in_list);
  return !(ends && StartsWithCapital(text));
}

}  // namespace

CleanParagraphs CleanUp(const std::vector<std::string>& paragraphs, DocumentFormat format,
                        const std::vector<bool>& bold) {
  size_t full_line = format == DocumentFormat::kPdf ? FullLine(paragraphs) : 0;
  std::string previous_line;  // the last line read, before joining
  bool previous_bold = false;
  CleanParagraphs clean;
  for (size_t i = 0; i < paragraphs.size() && clean.text.size() < kMaxParagraphs; ++i) {
    std::string text = Strip(paragraphs[i]);
    // A Word document has no page numbers in its text; a lone number there
    // is a table cell.
    if (text.empty() || (format != DocumentFormat::kDocx && IsPageNumber(text))) continue;
    // A heading is bold and the text under it is not: the change of type
    // ends a line's paragraph however far the line ran.
    const bool is_bold = i < bold.size() && bold[i];
    bool continues = !clean.text.empty() && ReadMarker(text).kind == MarkerKind::kNone &&
                     clean.text.back().size() + text.size() < kMaxParagraphBytes &&
                     ((StartsLower(text) && !absl::EndsWith(clean.text.back(), ":")) ||
                      (format == DocumentFormat::kPdf && is_bold == previous_bold &&
                       ContinuesPdfLine(previous_line, text, full_line,
                                        clean.text.back().find(':') != std::string::npos)));
    previous_line = text;
    previous_bold = is_bold;
    if (continues) {
      clean.text.back() += " " + text;
      continue;
    }
    clean.text.push_back(std::move(text));
    clean.origin.push_back(static_cast<int>(i));
  }
  return clean;
}

}  // namespace interplan::plans::import
