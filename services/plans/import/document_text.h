// A document's text as the plan parser reads it: its paragraphs in reading
// order, whatever format it came in. Part A's ExtractDocumentText makes one
// from the bytes of a .docx, a .pdf, a .txt or a .md file.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_DOCUMENT_TEXT_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_DOCUMENT_TEXT_H_

#include <cstddef>
#include <string>
#include <vector>

namespace interplan::plans::import {

enum class DocumentFormat { kText, kDocx, kPdf };

struct DocumentText {
  DocumentFormat format = DocumentFormat::kText;
  // Paragraphs in reading order, NFC, trimmed, empty ones dropped. A .txt/.md
  // line is a paragraph (Markdown heading marks "#", "**" emphasis removed); a
  // docx <w:p> is one; a PDF line is one.
  std::vector<std::string> paragraphs;
};

inline constexpr size_t kMaxDocumentBytes = 20 << 20;   // 20 MiB in
inline constexpr size_t kMaxExtractedBytes = 64 << 20;  // zip members / XML / text out

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_DOCUMENT_TEXT_H_
