#include "services/plans/import/document_text.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "services/plans/import/document_format.h"
#include "services/plans/import/docx_text.h"
#include "services/plans/import/pdf_text.h"
#include "services/plans/import/plain_text.h"

namespace interplan::plans::import {
namespace {

absl::StatusOr<std::vector<std::string>> Paragraphs(DocumentFormat format,
                                                    absl::string_view content) {
  switch (format) {
    case DocumentFormat::kDocx:
      return DocxParagraphs(content);
    case DocumentFormat::kPdf:
      return PdfParagraphs(content);
    case DocumentFormat::kText:
      return PlainTextParagraphs(content);
  }
  return absl::InternalError("unknown document format");
}

}  // namespace

absl::StatusOr<DocumentText> ExtractDocumentText(absl::string_view content,
                                                 absl::string_view file_name,
                                                 absl::string_view media_type) {
  if (content.size() > kMaxDocumentBytes) {
    return absl::InvalidArgumentError(
        absl::StrFormat("the document is %.1f MiB; Interplan reads documents up to %d MiB",
                        static_cast<double>(content.size()) / (1 << 20), kMaxDocumentBytes >> 20));
  }
  if (content.empty()) return absl::InvalidArgumentError("the document is empty");
  absl::StatusOr<DocumentFormat> format = ChooseDocumentFormat(content, file_name, media_type);
  if (!format.ok()) return format.status();
  absl::StatusOr<std::vector<std::string>> paragraphs = Paragraphs(*format, content);
  if (!paragraphs.ok()) return paragraphs.status();
  if (paragraphs->empty()) {
    return absl::InvalidArgumentError("the document has no text");
  }
  DocumentText text;
  text.format = *format;
  text.paragraphs = std::move(*paragraphs);
  return text;
}

}  // namespace interplan::plans::import
