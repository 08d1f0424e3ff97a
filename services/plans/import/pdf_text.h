// The paragraphs of a PDF with a text layer, read with poppler's C++ API: one
// paragraph a line of text as poppler lays it out, page after page. A PDF
// whose pages have no text (a scan) is refused with the advice to run OCR.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_PDF_TEXT_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_PDF_TEXT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interplan::plans::import {

// The most pages read; a plan has tens.
inline constexpr int kMaxPdfPages = 2000;

absl::StatusOr<std::vector<std::string>> PdfParagraphs(absl::string_view pdf);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_PDF_TEXT_H_
