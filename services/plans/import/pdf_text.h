// The paragraphs of a PDF with a text layer, read with poppler's C++ API: one
// paragraph a line of text, page after page, top to bottom, built from the
// words poppler places on the page; a line whose parts stand apart (a Decree
// 30 header's two columns, a table's cells) gives one paragraph a part, left
// to right. Each says whether it is set in bold type throughout (a Decree 30
// heading is bold), from the words' fonts. A PDF whose pages have no text (a
// scan) is refused with the advice to run OCR.
// Poppler cannot be interrupted and a small PDF can make it work for minutes
// (content streams drawn again and again): it runs in a child process with a
// time and memory limit (isolated_run.h).
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_PDF_TEXT_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_PDF_TEXT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace interplan::plans::import {

// The most pages read; a plan has tens.
inline constexpr int kMaxPdfPages = 2000;

// How long reading one PDF may take; the seeds take about 25 ms.
inline constexpr absl::Duration kPdfTimeLimit = absl::Seconds(10);
// The memory the reading may take on top of the service's.
inline constexpr size_t kPdfMemoryBytes = size_t{1} << 30;

struct PdfText {
  std::vector<std::string> paragraphs;
  std::vector<bool> bold;  // one per paragraph
};

absl::StatusOr<PdfText> PdfParagraphs(absl::string_view pdf,
                                      absl::Duration time_limit = kPdfTimeLimit);

// The same in this process, with no time limit: for tests and tools only.
absl::StatusOr<PdfText> PdfParagraphsInProcess(absl::string_view pdf);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_PDF_TEXT_H_
