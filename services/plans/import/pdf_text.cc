#include "services/plans/import/pdf_text.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <climits>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/plans/import/document_text.h"
#include "services/plans/import/isolated_run.h"
#include "services/plans/import/paragraph_sink.h"

namespace interplan::plans::import {
namespace {

// Poppler reports every oddity of a damaged PDF on stderr; the service says
// what matters in the status it returns instead.
void QuietPopplerErrors() {
  static std::once_flag once;
  std::call_once(
      once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

// Spaces that poppler's physical layout puts between text set apart on one
// line: the columns of a Decree 30 header ("UBND TỈNH ...   CỘNG HÒA ...")
// or of a table. Words of running text are one space apart.
constexpr size_t kColumnGap = 3;

// The parts of a line separated by column gaps, left to right, each with its
// runs of spaces (the layout's padding) made one.
std::vector<std::string> LineParts(absl::string_view line) {
  std::vector<std::string> parts(1);
  size_t spaces = 0;
  for (char c : line) {
    if (c == ' ' || c == '\t') {
      ++spaces;
      continue;
    }
    if (spaces >= kColumnGap && !parts.back().empty()) {
      parts.emplace_back();
    } else if (spaces > 0 && !parts.back().empty()) {
      parts.back() += ' ';
    }
    spaces = 0;
    parts.back() += c;
  }
  return parts;
}

// Adds the lines of one page to `sink`; `has_text` becomes true on any text.
absl::Status AddPageLines(const poppler::page& page, ParagraphSink& sink, bool& has_text) {
  const poppler::byte_array utf8 =
      page.text(poppler::rectf(), poppler::page::physical_layout).to_utf8();
  const absl::string_view text(utf8.data(), utf8.size());
  for (absl::string_view line : absl::StrSplit(text, absl::ByAnyChar("\n\r\f"))) {
    for (const std::string& part : LineParts(line)) {
      const size_t before = sink.paragraphs().size();
      absl::Status added = sink.Add(part);
      if (!added.ok()) return added;
      if (sink.paragraphs().size() > before) has_text = true;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<std::string>> PdfParagraphsInProcess(absl::string_view pdf) {
  QuietPopplerErrors();
  if (pdf.size() > static_cast<size_t>(INT_MAX)) {
    return absl::InvalidArgumentError("the PDF is too large");
  }
  std::unique_ptr<poppler::document> document(
      poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
  if (document == nullptr) {
    return absl::InvalidArgumentError(
        "the PDF is damaged or protected by a password: save or export it again without "
        "protection, or give the .docx");
  }
  if (document->is_locked()) {
    return absl::InvalidArgumentError(
        "the PDF is protected by a password: remove the protection, or give the .docx");
  }
  const int pages = document->pages();
  if (pages > kMaxPdfPages) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "the PDF has %d pages; a plan Interplan reads has at most %d", pages, kMaxPdfPages));
  }
  ParagraphSink sink(kMaxExtractedBytes);
  bool has_text = false;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(document->create_page(i));
    if (page == nullptr) continue;
    absl::Status added = AddPageLines(*page, sink, has_text);
    if (!added.ok()) return added;
  }
  if (!has_text) {
    return absl::InvalidArgumentError(
        "the PDF has no text layer (a scanned document?): run OCR first or give the .docx");
  }
  return sink.Release();
}

absl::StatusOr<std::vector<std::string>> PdfParagraphs(absl::string_view pdf,
                                                       absl::Duration time_limit) {
  // Paragraphs hold no control characters (ParagraphSink): '\0' separates them.
  absl::StatusOr<std::string> joined = RunIsolated(
      [pdf]() -> absl::StatusOr<std::string> {
        absl::StatusOr<std::vector<std::string>> paragraphs = PdfParagraphsInProcess(pdf);
        if (!paragraphs.ok()) return paragraphs.status();
        return absl::StrJoin(*paragraphs, absl::string_view("\0", 1));
      },
      IsolationLimits{.wall_time = time_limit,
                      .max_output_bytes = kMaxExtractedBytes + kMaxExtractedBytes / 8,
                      .extra_address_space_bytes = kPdfMemoryBytes});
  if (absl::IsDeadlineExceeded(joined.status())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the PDF takes more than ", absl::FormatDuration(time_limit),
        " to read (built to make readers work without end?): export it again, or give the "
        ".docx"));
  }
  if (!joined.ok()) return joined.status();
  return absl::StrSplit(*joined, absl::string_view("\0", 1));
}

}  // namespace interplan::plans::import
