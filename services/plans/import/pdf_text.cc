#include "services/plans/import/pdf_text.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/plans/import/document_text.h"
#include "services/plans/import/isolated_run.h"
#include "services/plans/import/paragraph_sink.h"

namespace interplan::plans::import {
namespace {

// A gap between words wider than this many word heights (about an em) sets
// text apart on a line.
constexpr double kColumnGapInHeights = 0.9;

// Poppler reports every oddity of a damaged PDF on stderr; the service says
// what matters in the status it returns instead.
void QuietPopplerErrors() {
  static std::once_flag once;
  std::call_once(
      once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

// Starts a bold paragraph on its way from the child process.
constexpr char kBoldMark = '\x01';

// One word as poppler places it on the page (points, from the top left).
struct Word {
  double left = 0, top = 0, right = 0, height = 0;
  std::string text;
  bool bold = false;
};

bool IsBoldFont(absl::string_view font_name) {
  return absl::StrContains(absl::AsciiStrToLower(font_name), "bold");
}

std::vector<Word> PageWords(const poppler::page& page) {
  std::vector<Word> words;
  for (const poppler::text_box& box : page.text_list(poppler::page::text_list_include_font)) {
    const poppler::rectf r = box.bbox();
    const poppler::byte_array utf8 = box.text().to_utf8();
    words.push_back(Word{r.x(), r.y(), r.x() + r.width(), std::max(r.height(), 1.0),
                         std::string(utf8.data(), utf8.size()),
                         box.has_font_info() && IsBoldFont(box.get_font_name(0))});
  }
  return words;
}

// Adds the parts of one line of words, left to right, to `sink`: a gap wider
// than about an em sets text apart (the columns of a Decree 30 header, "UBND
// TỈNH ...   CỘNG HÒA ...", or a table's cells); words of running text are a
// space apart. A part is bold when all its words are.
absl::Status AddLine(std::vector<Word> line, ParagraphSink& sink, std::vector<bool>& bold) {
  std::stable_sort(line.begin(), line.end(),
                   [](const Word& a, const Word& b) { return a.left < b.left; });
  std::string part;
  bool part_bold = true;
  auto flush = [&]() -> absl::Status {
    const size_t before = sink.paragraphs().size();
    absl::Status added = sink.Add(part);
    if (sink.paragraphs().size() > before) bold.push_back(part_bold);
    part.clear();
    part_bold = true;
    return added;
  };
  double right = 0;
  for (const Word& word : line) {
    if (!part.empty() && word.left - right > kColumnGapInHeights * word.height) {
      if (absl::Status added = flush(); !added.ok()) return added;
    }
    if (!part.empty()) part += ' ';
    part += word.text;
    part_bold = part_bold && word.bold;
    right = word.right;
  }
  return flush();
}

// Adds the lines of one page to `sink` and whether each is bold to `bold`,
// top to bottom: words whose tops lie within half a word's height of a
// line's first word are on that line.
absl::Status AddPageLines(const poppler::page& page, ParagraphSink& sink, std::vector<bool>& bold) {
  std::vector<Word> words = PageWords(page);
  std::stable_sort(words.begin(), words.end(),
                   [](const Word& a, const Word& b) { return a.top < b.top; });
  size_t first = 0;
  while (first < words.size()) {
    size_t end = first + 1;
    while (end < words.size() && words[end].top - words[first].top < 0.5 * words[first].height) {
      ++end;
    }
    absl::Status added =
        AddLine(std::vector<Word>(words.begin() + first, words.begin() + end), sink, bold);
    if (!added.ok()) return added;
    first = end;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<PdfText> PdfParagraphsInProcess(absl::string_view pdf) {
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
  PdfText out;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(document->create_page(i));
    if (page == nullptr) continue;
    absl::Status added = AddPageLines(*page, sink, out.bold);
    if (!added.ok()) return added;
  }
  if (sink.paragraphs().empty()) {
    return absl::InvalidArgumentError(
        "the PDF has no text layer (a scanned document?): run OCR first or give the .docx");
  }
  out.paragraphs = sink.Release();
  return out;
}

absl::StatusOr<PdfText> PdfParagraphs(absl::string_view pdf, absl::Duration time_limit) {
  // Paragraphs hold no control characters (ParagraphSink): '\0' separates
  // them and kBoldMark starts a bold one.
  absl::StatusOr<std::string> joined = RunIsolated(
      [pdf]() -> absl::StatusOr<std::string> {
        absl::StatusOr<PdfText> text = PdfParagraphsInProcess(pdf);
        if (!text.ok()) return text.status();
        std::string out;
        for (size_t i = 0; i < text->paragraphs.size(); ++i) {
          if (i > 0) out += '\0';
          if (text->bold[i]) out += kBoldMark;
          out += text->paragraphs[i];
        }
        return out;
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
  PdfText text;
  for (absl::string_view paragraph : absl::StrSplit(*joined, absl::string_view("\0", 1))) {
    const bool bold = absl::ConsumePrefix(&paragraph, absl::string_view(&kBoldMark, 1));
    text.paragraphs.emplace_back(paragraph);
    text.bold.push_back(bold);
  }
  return text;
}

}  // namespace interplan::plans::import
