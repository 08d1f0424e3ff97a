// What each reader makes of a document: Markdown, Word paragraphs, runs,
// tabs, breaks, tables and lists, PDF lines, NFC, and how a format is chosen.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/plans/import/document_text.h"
#include "services/plans/import/plain_text.h"
#include "tests/services/plans/import/test_documents.h"

namespace interplan::plans::import {
namespace {

using ::interplan::plans::import::testing::kHelveticaF1;
using ::interplan::plans::import::testing::MakeDocx;
using ::interplan::plans::import::testing::MakePdf;
using ::interplan::plans::import::testing::WordDocument;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Paragraphs(const std::string& content, const std::string& file_name,
                                    const std::string& media_type = "") {
  absl::StatusOr<DocumentText> text = ExtractDocumentText(content, file_name, media_type);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? text->paragraphs : std::vector<std::string>{};
}

TEST(DocumentTextFormats, MarkdownHeadingsAndEmphasisGoBlankLinesAreDropped) {
  EXPECT_THAT(Paragraphs("\xEF\xBB\xBF## **KẾ HOẠCH**  \r\n\r\n### I. MỤC ĐÍCH\n\n  - Lưu: VT.\n"
                         "#hashtag\n",
                         "ke-hoach.md"),
              ElementsAre("KẾ HOẠCH", "I. MỤC ĐÍCH", "- Lưu: VT.", "#hashtag"));
  EXPECT_EQ(StripMarkdown("###### x"), " x");
  EXPECT_EQ(StripMarkdown("####### x"), "####### x");
  EXPECT_EQ(StripMarkdown("*Nơi nhận:*"), "Nơi nhận:");
  EXPECT_EQ(StripMarkdown("(*báo cáo 6 tháng*) và *năm*."), "(báo cáo 6 tháng) và năm.");
  EXPECT_EQ(StripMarkdown("chỉ tiêu (*) và (*)"), "chỉ tiêu (*) và (*)");
  EXPECT_EQ(StripMarkdown("5 * 3 = 15 * 1"), "5 * 3 = 15 * 1");
}

TEST(DocumentTextFormats, TextComesOutNfc) {
  // "Kế" with the e, its circumflex and its acute as separate code points.
  EXPECT_THAT(Paragraphs("Ke\xCC\x82\xCC\x81 hoa\xCC\xA3\x63h", "a.txt"), ElementsAre("Kế hoạch"));
}

TEST(DocumentTextFormats, WordRunsTabsBreaksTablesAndListsAsWritten) {
  const std::string body =
      R"(<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr>)"
      R"(<w:r><w:t xml:space="preserve">a) Tổ chức </w:t></w:r><w:r><w:t>tập huấn</w:t></w:r></w:p>)"
      R"(<w:p><w:r><w:t>Số:</w:t><w:tab/><w:t>38/KH-UBND</w:t><w:br/><w:t>Đồng Nai</w:t></w:r></w:p>)"
      R"(<w:p/><w:p><w:r><w:t>   </w:t></w:r></w:p>)"
      R"(<w:tbl><w:tr><w:tc><w:p><w:r><w:t>UBND TỈNH</w:t></w:r></w:p>)"
      R"(<w:p><w:r><w:t>Số: 38</w:t></w:r></w:p></w:tc>)"
      R"(<w:tc><w:p><w:r><w:t>CỘNG HÒA</w:t></w:r></w:p></w:tc></w:tr></w:tbl>)"
      R"(<w:p><w:r><w:delText>xoá</w:delText><w:instrText>PAGE</w:instrText>)"
      R"(<w:t>Nơi nhận:</w:t></w:r></w:p>)"
      R"(<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>hộp</w:t></mc:Choice>)"
      R"(<mc:Fallback><w:t>hộp</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>)";
  EXPECT_THAT(Paragraphs(MakeDocx(WordDocument(body)), "ke-hoach.docx"),
              ElementsAre("a) Tổ chức tập huấn", "Số: 38/KH-UBND", "Đồng Nai", "UBND TỈNH",
                          "Số: 38", "CỘNG HÒA", "Nơi nhận:", "hộp"));
}

TEST(DocumentTextFormats, PdfLinesAreParagraphs) {
  const std::string content =
      "BT /F1 12 Tf 72 700 Td (KE HOACH) Tj 0 -20 Td (So:  38/KH-UBND) Tj ET";
  const std::string pdf = MakePdf(content, kHelveticaF1);
  EXPECT_THAT(Paragraphs(pdf, "ke-hoach.pdf"), ElementsAre("KE HOACH", "So: 38/KH-UBND"));
}

TEST(DocumentTextFormats, PdfColumnsOnALineAreParagraphsLeftToRight) {
  // A Decree 30 header: the issuer left, the national motto right, then the
  // number left and the place and date right.
  const std::string content =
      "BT /F1 12 Tf 72 780 Td (UBND TINH DONG NAI) Tj ET "
      "BT /F1 12 Tf 320 780 Td (CONG HOA XA HOI CHU NGHIA VIET NAM) Tj ET "
      "BT /F1 12 Tf 340 765 Td (Doc lap - Tu do - Hanh phuc) Tj ET "
      "BT /F1 12 Tf 72 740 Td (So: 38/KH-UBND) Tj ET "
      "BT /F1 12 Tf 320 740 Td (Dong Nai, ngay 21 thang 6 nam 2021) Tj ET "
      "BT /F1 12 Tf 72 700 Td (KE HOACH) Tj ET";
  EXPECT_THAT(Paragraphs(MakePdf(content, kHelveticaF1), "ke-hoach.pdf"),
              ElementsAre("UBND TINH DONG NAI", "CONG HOA XA HOI CHU NGHIA VIET NAM",
                          "Doc lap - Tu do - Hanh phuc", "So: 38/KH-UBND",
                          "Dong Nai, ngay 21 thang 6 nam 2021", "KE HOACH"));
}

TEST(DocumentTextFormats, MediaTypeThenNameThenBytesChooseTheFormat) {
  const std::string text = "Kế hoạch";
  EXPECT_EQ(ExtractDocumentText(text, "x.pdf", "text/plain; charset=utf-8")->format,
            DocumentFormat::kText);
  EXPECT_EQ(ExtractDocumentText(text, "KE-HOACH.TXT", "application/octet-stream")->format,
            DocumentFormat::kText);
  EXPECT_EQ(ExtractDocumentText(text, "", "")->format, DocumentFormat::kText);
  const std::string docx = MakeDocx(WordDocument("<w:p><w:r><w:t>Kế hoạch</w:t></w:r></w:p>"));
  EXPECT_EQ(ExtractDocumentText(docx, "ke-hoach", "")->format, DocumentFormat::kDocx);
  EXPECT_EQ(ExtractDocumentText(
                docx, "", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                ->format,
            DocumentFormat::kDocx);
  // A .docx named .pdf: the name is believed, and the PDF reader says so.
  absl::StatusOr<DocumentText> misnamed = ExtractDocumentText(docx, "ke-hoach.pdf", "");
  EXPECT_EQ(misnamed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(misnamed.status().message(), HasSubstr("PDF"));
}

}  // namespace
}  // namespace interplan::plans::import
