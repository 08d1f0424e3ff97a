// ExtractDocumentText: the paragraphs of a plan document (.docx, .pdf with a
// text layer, .txt or .md) in reading order, for the plan parser. Bounded work
// on any input: size limits, zip bomb and XML entity refusals, and errors a
// provincial officer understands.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_DOCUMENT_TEXT_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_DOCUMENT_TEXT_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interplan::plans::import {

enum class DocumentFormat { kText, kDocx, kPdf };

struct DocumentText {
  DocumentFormat format = DocumentFormat::kText;
  // Paragraphs in reading order, NFC, trimmed, empty ones dropped. A .txt/.md
  // line is a paragraph (Markdown heading marks "#", "**" emphasis removed); a
  // docx <w:p> is one; a PDF line is one.
  std::vector<std::string> paragraphs;
  // A PDF's: one per paragraph, true when it is set in bold type throughout
  // (empty for the other formats).
  std::vector<bool> bold;
};

inline constexpr size_t kMaxDocumentBytes = 20 << 20;   // 20 MiB in
inline constexpr size_t kMaxExtractedBytes = 64 << 20;  // zip members / XML / text out

// file_name ("ke-hoach.docx") or media_type ("application/pdf") tells the
// format; when both are empty the content's magic bytes do. INVALID_ARGUMENT
// with a sentence a user understands for: not a document, a damaged zip, a zip
// bomb (uncompressed size over the limit, or a ratio over 100:1), XML with a
// DTD/external entities, a PDF without a text layer ("scanned: no text layer;
// run OCR first"), over kMaxDocumentBytes. Never crashes, never hangs (bounded
// work).
absl::StatusOr<DocumentText> ExtractDocumentText(absl::string_view content,
                                                 absl::string_view file_name,
                                                 absl::string_view media_type);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_DOCUMENT_TEXT_H_
