// The paragraphs the readers work on: emphasis marks left by a conversion
// ("**", "*", "_", "#") removed; a paragraph that starts in lower case (a
// line broken inside a sentence, as PDFs and copied text break them)
// joined to the one before; a page number alone on a line dropped (not in
// a Word document, where it is a table cell). A PDF's lines are joined too
// where a line runs to the margin and the next carries no marker. A
// paragraph ends short of the margin; with ".", ":" or ";" before a capital
// (";" only outside a list opened with ":"); or where bold type gives way to
// regular or the reverse (`bold`: one per paragraph when known, as
// DocumentText::bold). Each remembers the DocumentText paragraph it starts
// in. Bounded: at most kMaxParagraphs paragraphs of kMaxParagraphBytes.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_PARAGRAPH_CLEANUP_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_PARAGRAPH_CLEANUP_H_

#include <cstddef>
#include <string>
#include <vector>

#include "services/plans/import/document_text.h"

namespace interplan::plans::import {

inline constexpr size_t kMaxParagraphs = 20000;
inline constexpr size_t kMaxParagraphBytes = 20000;

struct CleanParagraphs {
  std::vector<std::string> text;
  std::vector<int> origin;  // index into DocumentText::paragraphs
};

CleanParagraphs CleanUp(const std::vector<std::string>& paragraphs,
                        DocumentFormat format = DocumentFormat::kText,
                        const std::vector<bool>& bold = {});

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_PARAGRAPH_CLEANUP_H_
