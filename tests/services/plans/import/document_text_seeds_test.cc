// The five seeds, as text, as .docx and as PDF (tests/fixtures/documents),
// give the same paragraphs: the key lines of a plan verbatim, and at least
// 95% of the text's paragraphs.
#include <chrono>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/plans/import/document_text.h"
#include "tests/services/plans/import/test_documents.h"

namespace interplan::plans::import {
namespace {

using ::interplan::plans::import::testing::ReadFixture;
using ::interplan::plans::import::testing::SeedNames;

std::vector<std::string> ParagraphsOf(const std::string& file_name) {
  absl::StatusOr<DocumentText> text = ExtractDocumentText(ReadFixture(file_name), file_name, "");
  EXPECT_TRUE(text.ok()) << file_name << ": " << text.status();
  return text.ok() ? text->paragraphs : std::vector<std::string>{};
}

// `s` with every run of spaces made one (a PDF line's spacing is layout).
std::string OneSpaced(absl::string_view s) {
  return absl::StrJoin(absl::StrSplit(s, ' ', absl::SkipEmpty()), " ");
}

// The lines every plan has, as the text version gives them: the kind, the
// place-and-date line, the first part's heading, the last "Nơi nhận".
std::vector<std::string> KeyLines(const std::vector<std::string>& text) {
  std::vector<std::string> keys;
  for (const std::string& p : text) {
    if (p == "KẾ HOẠCH") {
      keys.push_back(p);
      break;
    }
  }
  for (const std::string& p : text) {
    if (absl::StrContains(p, "ngày") && p.size() < 80 && !absl::StartsWith(p, "Số")) {
      keys.push_back(p);
      break;
    }
  }
  for (const std::string& p : text) {
    if (absl::StartsWith(p, "I. ")) {
      keys.push_back(p);
      break;
    }
  }
  for (auto it = text.rbegin(); it != text.rend(); ++it) {
    if (absl::StartsWith(*it, "Nơi nhận")) {
      keys.push_back(*it);
      break;
    }
  }
  return keys;
}

TEST(DocumentTextSeeds, TextGivesOneParagraphALineWithoutMarkdown) {
  int with_date = 0;
  for (const std::string& seed : SeedNames()) {
    const std::vector<std::string> text = ParagraphsOf(seed + ".txt");
    ASSERT_GT(text.size(), 50u) << seed;
    for (const std::string& p : text) {
      EXPECT_FALSE(absl::StartsWith(p, "#")) << seed << ": " << p;
      EXPECT_FALSE(absl::StrContains(p, "**")) << seed << ": " << p;
      EXPECT_FALSE(absl::StartsWith(p, " ") || absl::EndsWith(p, " ")) << seed << ": " << p;
    }
    const std::vector<std::string> keys = KeyLines(text);
    const std::string joined = absl::StrJoin(keys, " | ");
    EXPECT_THAT(keys, ::testing::Contains("KẾ HOẠCH")) << seed << ": " << joined;
    EXPECT_THAT(keys, ::testing::Contains(::testing::StartsWith("I. MỤC ĐÍCH"))) << seed;
    EXPECT_THAT(keys, ::testing::Contains(::testing::StartsWith("Nơi nhận"))) << seed;
    with_date += absl::StrContains(joined, "ngày");
  }
  EXPECT_EQ(with_date, 4);  // 001 (Quảng Ngãi) was published without its date line
}

TEST(DocumentTextSeeds, DocxGivesTheTextsParagraphs) {
  for (const std::string& seed : SeedNames()) {
    const std::vector<std::string> text = ParagraphsOf(seed + ".txt");
    const std::vector<std::string> docx = ParagraphsOf(seed + ".docx");
    const std::set<std::string> found(docx.begin(), docx.end());
    for (const std::string& key : KeyLines(text)) {
      EXPECT_TRUE(found.count(key)) << seed << ".docx lacks \"" << key << "\"";
    }
    size_t verbatim = 0;
    for (const std::string& p : text) {
      verbatim += found.count(p);
      if (!found.count(p)) std::cout << "  not in " << seed << ".docx: " << p << "\n";
    }
    std::cout << seed << ".docx: " << verbatim << " of " << text.size()
              << " text paragraphs verbatim, " << docx.size() << " paragraphs\n";
    EXPECT_GE(verbatim * 100, text.size() * 95) << seed;
  }
}

// A PDF line is a paragraph and a long paragraph takes several lines: a text
// paragraph counts as found when it is one line, or lines in a row.
TEST(DocumentTextSeeds, PdfGivesTheTextsParagraphsLineByLine) {
  for (const std::string& seed : SeedNames()) {
    const std::vector<std::string> text = ParagraphsOf(seed + ".txt");
    const std::vector<std::string> pdf = ParagraphsOf(seed + ".pdf");
    const std::set<std::string> lines(pdf.begin(), pdf.end());
    for (const std::string& key : KeyLines(text)) {
      EXPECT_TRUE(lines.count(OneSpaced(key))) << seed << ".pdf lacks the line \"" << key << "\"";
    }
    const std::string joined = " " + absl::StrJoin(pdf, " ") + " ";
    size_t as_lines = 0;
    size_t as_one_line = 0;
    for (const std::string& p : text) {
      as_lines += absl::StrContains(joined, " " + OneSpaced(p) + " ");
      as_one_line += lines.count(OneSpaced(p));
      if (!absl::StrContains(joined, " " + OneSpaced(p) + " ")) {
        std::cout << "  not in " << seed << ".pdf: " << p << "\n";
      }
    }
    std::cout << seed << ".pdf: " << as_lines << " of " << text.size()
              << " text paragraphs verbatim in lines in a row (" << as_one_line << " as one line), "
              << pdf.size() << " lines\n";
    EXPECT_GE(as_lines * 100, text.size() * 95) << seed;
  }
}

// A line of a seed's text written in bold ("**...**", heading or not) is
// bold in its PDF, and a line without any markup is not: each PDF line
// says which (one flag a line). Other formats say nothing of type.
TEST(DocumentTextSeeds, PdfLinesSayWhetherTheyAreBold) {
  size_t checked_bold = 0;
  size_t checked_regular = 0;
  for (const std::string& seed : SeedNames()) {
    absl::StatusOr<DocumentText> pdf =
        ExtractDocumentText(ReadFixture(seed + ".pdf"), seed + ".pdf", "");
    ASSERT_TRUE(pdf.ok()) << seed << ": " << pdf.status();
    ASSERT_EQ(pdf->bold.size(), pdf->paragraphs.size()) << seed;
    std::map<std::string, bool> pdf_bold;
    for (size_t i = 0; i < pdf->paragraphs.size(); ++i) {
      pdf_bold[pdf->paragraphs[i]] = pdf->bold[i];
    }
    for (absl::string_view line : absl::StrSplit(ReadFixture(seed + ".txt"), '\n')) {
      line = absl::StripAsciiWhitespace(line);
      const size_t text_start = line.find_first_not_of("# ");
      if (text_start == absl::string_view::npos) continue;
      absl::string_view words = line.substr(text_start);
      const bool bold = words.size() > 4 && absl::ConsumePrefix(&words, "**") &&
                        absl::ConsumeSuffix(&words, "**");
      const bool plain =
          text_start == 0 && !absl::StrContains(line, "*") && !absl::StrContains(line, "_");
      if (!bold && !plain) continue;
      auto found = pdf_bold.find(OneSpaced(absl::StripAsciiWhitespace(words)));
      if (found == pdf_bold.end()) continue;  // broken over lines in the PDF
      EXPECT_EQ(found->second, bold) << seed << ".pdf: \"" << words << "\"";
      (bold ? checked_bold : checked_regular) += 1;
    }
    absl::StatusOr<DocumentText> docx =
        ExtractDocumentText(ReadFixture(seed + ".docx"), seed + ".docx", "");
    ASSERT_TRUE(docx.ok()) << seed << ": " << docx.status();
    EXPECT_TRUE(docx->bold.empty()) << seed;
  }
  EXPECT_GE(checked_bold, 20u);
  EXPECT_GE(checked_regular, 50u);
}

TEST(DocumentTextSeeds, FormatsComeFromTheBytesWhenNothingNamesThem) {
  for (const std::string& seed : SeedNames()) {
    for (const auto& [extension, format] :
         std::vector<std::pair<std::string, DocumentFormat>>{{".txt", DocumentFormat::kText},
                                                             {".docx", DocumentFormat::kDocx},
                                                             {".pdf", DocumentFormat::kPdf}}) {
      absl::StatusOr<DocumentText> text =
          ExtractDocumentText(ReadFixture(seed + extension), "", "");
      ASSERT_TRUE(text.ok()) << seed << extension << ": " << text.status();
      EXPECT_EQ(text->format, format) << seed << extension;
    }
  }
}

TEST(DocumentTextSeeds, EachDocumentTakesWellUnderASecond) {
  for (const std::string& seed : SeedNames()) {
    for (const std::string extension : {".txt", ".docx", ".pdf"}) {
      const std::string bytes = ReadFixture(seed + extension);
      const auto start = std::chrono::steady_clock::now();
      ASSERT_TRUE(ExtractDocumentText(bytes, seed + extension, "").ok());
      const auto took = std::chrono::steady_clock::now() - start;
      EXPECT_LT(took, std::chrono::milliseconds(1000)) << seed << extension;
    }
  }
}

}  // namespace
}  // namespace interplan::plans::import
