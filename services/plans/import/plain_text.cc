#include "services/plans/import/plain_text.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "common/text/utf8.h"
#include "services/plans/import/document_text.h"
#include "services/plans/import/paragraph_sink.h"

namespace interplan::plans::import {

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Removes "*text*" emphasis marks: a "*" that opens (at the start or after a
// blank or "(", before a character that is not blank, "*" or ")") paired with
// the next "*" that closes (after a character that is not blank or "(", at
// the end or before a blank or punctuation). Other stars stay ("(*)", "5 * 3").
std::string StripSingleStars(std::string line) {
  size_t from = 0;
  while (true) {
    size_t open = line.find('*', from);
    if (open == std::string::npos || open + 1 >= line.size()) return line;
    const bool opens = (open == 0 || IsBlank(line[open - 1]) || line[open - 1] == '(') &&
                       !IsBlank(line[open + 1]) && line[open + 1] != '*' && line[open + 1] != ')';
    size_t close = opens ? line.find('*', open + 1) : std::string::npos;
    const bool closes = close != std::string::npos && !IsBlank(line[close - 1]) &&
                        line[close - 1] != '(' &&
                        (close + 1 == line.size() || IsBlank(line[close + 1]) ||
                         absl::ascii_ispunct(line[close + 1]));
    if (!closes) {
      from = open + 1;
      continue;
    }
    line.erase(close, 1);
    line.erase(open, 1);
    from = close - 1;
  }
}

}  // namespace

std::string StripMarkdown(absl::string_view line) {
  absl::string_view rest = line;
  size_t indent = 0;
  while (indent < rest.size() && indent < 3 && rest[indent] == ' ') ++indent;
  size_t hashes = 0;
  while (indent + hashes < rest.size() && rest[indent + hashes] == '#') ++hashes;
  if (hashes >= 1 && hashes <= 6 &&
      (indent + hashes == rest.size() || absl::ascii_isspace(rest[indent + hashes]))) {
    rest.remove_prefix(indent + hashes);
  }
  return StripSingleStars(absl::StrReplaceAll(rest, {{"**", ""}}));
}

absl::StatusOr<std::vector<std::string>> PlainTextParagraphs(absl::string_view content) {
  const size_t valid = text::ValidUtf8PrefixLength(content);
  if (valid != content.size()) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "the text is not UTF-8 (byte offset %d): save it as UTF-8 text, or give the .docx", valid));
  }
  if (absl::StartsWith(content, "\xEF\xBB\xBF")) content.remove_prefix(3);
  ParagraphSink sink(kMaxExtractedBytes);
  while (!content.empty()) {
    size_t end = content.find_first_of("\r\n");
    if (end == absl::string_view::npos) end = content.size();
    absl::Status added = sink.Add(StripMarkdown(content.substr(0, end)));
    if (!added.ok()) return added;
    if (end + 1 < content.size() && content[end] == '\r' && content[end + 1] == '\n') ++end;
    content.remove_prefix(std::min(end + 1, content.size()));
  }
  return sink.Release();
}

}  // namespace interplan::plans::import
