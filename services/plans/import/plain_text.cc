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
  return absl::StrReplaceAll(rest, {{"**", ""}});
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
