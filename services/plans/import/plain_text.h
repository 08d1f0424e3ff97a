// The paragraphs of a plain text or Markdown document, as the provinces'
// portals give them: one paragraph a line, Markdown heading marks and "**" /
// "*" emphasis removed.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_PLAIN_TEXT_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_PLAIN_TEXT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interplan::plans::import {

// Fails with InvalidArgument naming the byte offset when `content` is not
// UTF-8. A leading byte order mark is skipped; "\r\n", "\r" and "\n" end lines.
absl::StatusOr<std::vector<std::string>> PlainTextParagraphs(absl::string_view content);

// One line without its Markdown: leading "#" heading marks (up to six, then a
// space or the end), every "**" and "*emphasis*" marks removed. Other text is
// left as written.
std::string StripMarkdown(absl::string_view line);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_PLAIN_TEXT_H_
