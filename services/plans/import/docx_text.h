// The paragraphs of a Word .docx (Office Open XML): word/document.xml, read
// through ReadZipMember and parsed with libxml2 without network, DTDs or
// entities.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_DOCX_TEXT_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_DOCX_TEXT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interplan::plans::import {

// The paragraphs of the .docx `archive`.
absl::StatusOr<std::vector<std::string>> DocxParagraphs(absl::string_view archive);

// The paragraphs of the body of a WordprocessingML main part (document.xml).
// A <w:p> is a paragraph; its text is its <w:t> runs, <w:tab> a space,
// <w:br>/<w:cr> a paragraph break; a table's cells come row by row, each
// cell's paragraphs in order. Refuses XML with a DOCTYPE (DTD or entities).
absl::StatusOr<std::vector<std::string>> WordXmlParagraphs(absl::string_view xml);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_DOCX_TEXT_H_
