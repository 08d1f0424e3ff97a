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

// The document's paragraphs, read as its format says.
absl::StatusOr<DocumentText> Read(DocumentFormat format, absl::string_view content) {
  DocumentText text;
  text.format = format;
  absl::StatusOr<std::vector<std::string>> paragraphs;
  switch (format) {
    case DocumentFormat::kDocx:
      paragraphs = DocxParagraphs(content);
      break;
    case DocumentFormat::kPdf: {
      absl::StatusOr<PdfText> pdf = PdfParagraphs(content);
      if (!pdf.ok()) return pdf.status();
      text.paragraphs = std::move(pdf->paragraphs);
      text.bold = std::move(pdf->bold);
      return text;
    }
    case DocumentFormat::kText:
      paragraphs = PlainTextParagraphs(content);
      break;
  }
  if (!paragraphs.ok()) return paragraphs.status();
  text.paragraphs = std::move(*paragraphs);
  return text;
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
  absl::StatusOr<DocumentText> text = Read(*format, content);
  if (!text.ok()) return text.status();
  if (text->paragraphs.empty()) {
    return absl::InvalidArgumentError("the document has no text");
  }
  return text;
}

}  // namespace interplan::plans::import
