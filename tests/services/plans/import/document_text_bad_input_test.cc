// Bad input gets a clear INVALID_ARGUMENT, quickly: not a document, empty,
// damaged or truncated archives, zip bombs, XML with a DTD or an external
// entity (which must not be read), over the size limit, a PDF without text,
// text that is not UTF-8, the old binary Word format.
#include <fcntl.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/plans/import/document_text.h"
#include "services/plans/import/pdf_text.h"
#include "tests/services/plans/import/test_documents.h"

namespace interplan::plans::import {
namespace {

using ::interplan::plans::import::testing::MakeDocx;
using ::interplan::plans::import::testing::MakePdf;
using ::interplan::plans::import::testing::MakeZerosZip;
using ::interplan::plans::import::testing::ReadFixture;
using ::interplan::plans::import::testing::WordDocument;
using ::testing::HasSubstr;

// The message of the INVALID_ARGUMENT `content` gets (and "" when none).
std::string Refusal(const std::string& content, const std::string& file_name,
                    const std::string& media_type = "") {
  absl::StatusOr<DocumentText> text = ExtractDocumentText(content, file_name, media_type);
  EXPECT_FALSE(text.ok()) << file_name << " was read";
  if (text.ok()) return "";
  EXPECT_EQ(text.status().code(), absl::StatusCode::kInvalidArgument) << text.status();
  return std::string(text.status().message());
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string RandomBytes(size_t size, uint32_t seed) {
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xFF);
  return bytes;
}

TEST(DocumentTextBadInput, RandomBytesAreNotADocument) {
  const std::string bytes = RandomBytes(4096, 16);
  EXPECT_THAT(Refusal(bytes, ""), HasSubstr("not a document Interplan reads"));
  EXPECT_THAT(Refusal(bytes, "scan.jpg", "image/jpeg"), HasSubstr("not a document"));
  EXPECT_THAT(Refusal(bytes, "ke-hoach.docx"), HasSubstr("damaged"));
  EXPECT_THAT(Refusal(bytes, "ke-hoach.pdf"), HasSubstr("damaged"));
  EXPECT_THAT(Refusal(bytes, "ke-hoach.txt"), HasSubstr("not UTF-8"));
}

TEST(DocumentTextBadInput, EmptyDocuments) {
  EXPECT_THAT(Refusal("", "ke-hoach.docx"), HasSubstr("empty"));
  EXPECT_THAT(Refusal("\n \n\t\n", "ke-hoach.txt"), HasSubstr("no text"));
  EXPECT_THAT(Refusal(MakeDocx(WordDocument("<w:p/>")), "ke-hoach.docx"), HasSubstr("no text"));
}

TEST(DocumentTextBadInput, TruncatedDocxIsDamaged) {
  const std::string docx = ReadFixture("000_dong_nai_2021.docx");
  for (size_t size : {docx.size() / 2, docx.size() - 10, size_t{30}}) {
    EXPECT_THAT(Refusal(docx.substr(0, size), "ke-hoach.docx"), HasSubstr("damaged")) << size;
  }
}

TEST(DocumentTextBadInput, ZipWithoutWordDocumentIsNotAWordDocument) {
  const std::string zip = testing::MakeZip({{"readme.txt", "hello"}});
  EXPECT_THAT(Refusal(zip, ""), HasSubstr("not a Word document"));
}

TEST(DocumentTextBadInput, ZipBombIsRefusedBeforeInflating) {
  // 65 MiB of zeros: about 65 KiB compressed.
  const std::string bomb = MakeZerosZip("word/document.xml", size_t{65} << 20);
  ASSERT_LT(bomb.size(), size_t{1} << 20);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(Refusal(bomb, "ke-hoach.docx"), HasSubstr("zip bomb"));
  EXPECT_LT(SecondsSince(start), 0.2);  // inflating 65 MiB would take longer
}

TEST(DocumentTextBadInput, ZipOverTheRatioIsRefused) {
  const std::string bomb = MakeZerosZip("word/document.xml", size_t{8} << 20);
  EXPECT_THAT(Refusal(bomb, "ke-hoach.docx"), HasSubstr("compressed more than 100:1"));
}

// The 32-bit little-endian value at `offset`, written.
void Put32(std::string& bytes, size_t offset, uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

TEST(DocumentTextBadInput, ZipThatLiesAboutItsSizesIsStoppedWhileReading) {
  // 70 MiB of zeros declared as 1 MiB, compressed size unchanged: the ratio
  // and size checks pass, the reading must stop at the limit.
  std::string bomb = MakeZerosZip("word/document.xml", size_t{70} << 20);
  const size_t local = bomb.find("PK\x03\x04");
  const size_t central = bomb.find("PK\x01\x02");
  ASSERT_NE(central, std::string::npos);
  const uint32_t compressed = static_cast<unsigned char>(bomb[central + 20]) |
                              static_cast<unsigned char>(bomb[central + 21]) << 8 |
                              static_cast<unsigned char>(bomb[central + 22]) << 16 |
                              static_cast<unsigned char>(bomb[central + 23]) << 24;
  const uint32_t lie = compressed * 50;
  Put32(bomb, local + 22, lie);
  Put32(bomb, central + 24, lie);
  const auto start = std::chrono::steady_clock::now();
  const std::string refusal = Refusal(bomb, "ke-hoach.docx");
  EXPECT_THAT(refusal, HasSubstr("more than it declares"));
  EXPECT_LT(SecondsSince(start), 5.0);
}

TEST(DocumentTextBadInput, ExternalEntityIsRefusedAndItsFileNotRead) {
  const std::string secret = absl::StrCat(::testing::TempDir(), "/interplan-xxe-secret.txt");
  std::ofstream(secret) << "SECRET-7f3a";
  const int watch = inotify_init1(IN_NONBLOCK);
  ASSERT_GE(watch, 0);
  ASSERT_GE(inotify_add_watch(watch, secret.c_str(), IN_OPEN | IN_ACCESS), 0);
  const std::string xml = absl::StrCat(
      R"(<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://)", secret,
      R"(">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)",
      "<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>");
  const std::string refusal = Refusal(MakeDocx(xml), "ke-hoach.docx");
  EXPECT_THAT(refusal, HasSubstr("XML with a DTD or entities is not accepted"));
  EXPECT_THAT(refusal, ::testing::Not(HasSubstr("SECRET")));
  char events[4096];
  EXPECT_LT(read(watch, events, sizeof events), 0) << "the entity's file was opened";
  close(watch);
  std::remove(secret.c_str());
}

TEST(DocumentTextBadInput, InternalEntitiesAreRefusedToo) {
  const std::string laughs = absl::StrCat(
      R"(<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">)",
      R"(<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>)",
      R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)",
      "<w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>");
  EXPECT_THAT(Refusal(MakeDocx(laughs), "ke-hoach.docx"), HasSubstr("DTD or entities"));
}

TEST(DocumentTextBadInput, MalformedXmlIsDamaged) {
  EXPECT_THAT(Refusal(MakeDocx("<w:document><w:body><w:p>"), "ke-hoach.docx"),
              HasSubstr("not well-formed"));
  EXPECT_THAT(Refusal(MakeDocx("<html/>"), "ke-hoach.docx"), HasSubstr("not a Word document"));
}

TEST(DocumentTextBadInput, FiftyMegabytesIsRefusedBySize) {
  const std::string big(size_t{50} << 20, 'a');
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THAT(Refusal(big, "ke-hoach.txt"), HasSubstr("up to 20 MiB"));
  EXPECT_LT(SecondsSince(start), 0.1);
}

TEST(DocumentTextBadInput, PdfWithoutTextIsAScan) {
  EXPECT_THAT(Refusal(MakePdf(""), "scan.pdf"),
              HasSubstr("the PDF has no text layer (a scanned document?): run OCR first or give "
                        "the .docx"));
  // An image-only page, as a scanner writes it: still no text.
  EXPECT_THAT(Refusal(MakePdf("q 595 0 0 842 0 0 cm 0 0 1 rg 0 0 1 1 re f Q"), ""),
              HasSubstr("no text layer"));
}

TEST(DocumentTextBadInput, PdfWithAPassword) {
  EXPECT_THAT(Refusal(testing::MakePasswordPdf(), "ke-hoach.pdf"),
              HasSubstr("the PDF is protected by a password"));
}

TEST(DocumentTextBadInput, PdfThatKeepsTheReaderBusyIsStoppedAtTheTimeLimit) {
  // 300 pages drawing one content stream of 100,000 text operations: ~1.5 MB
  // that takes poppler tens of seconds.
  std::string operations = "BT /F1 12 Tf";
  for (int i = 0; i < 100000; ++i) operations += " 1 0 Td (ab) Tj";
  operations += " ET";
  const std::string pdf = testing::MakeManyPagesPdf(operations, 300, testing::kHelveticaF1);
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<PdfText> paragraphs = PdfParagraphs(pdf, absl::Seconds(1));
  EXPECT_EQ(paragraphs.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(paragraphs.status().message(), HasSubstr("the PDF takes more than 1s to read"));
  EXPECT_LT(SecondsSince(start), 3.0);
}

TEST(DocumentTextBadInput, DamagedPdf) {
  EXPECT_THAT(Refusal("%PDF-1.4\n%%EOF\n", ""), HasSubstr("damaged"));
  const std::string pdf = ReadFixture("001_quang_ngai_2022.pdf");
  // The start survives (the first pages' objects); a clear answer either way.
  absl::StatusOr<DocumentText> half = ExtractDocumentText(pdf.substr(0, pdf.size() / 2), "", "");
  if (!half.ok()) {
    EXPECT_EQ(half.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(DocumentTextBadInput, InvalidUtf8NamesTheByteOffset) {
  EXPECT_THAT(Refusal("Kế hoạch\xC3\x28 số 38", "ke-hoach.txt"),
              HasSubstr("not UTF-8 (byte offset 12)"));
  // Windows-1258 text (Vietnamese ANSI) is the usual case.
  EXPECT_THAT(Refusal("K\xD2 ho\xAA\x63h", "ke-hoach.md"), HasSubstr("save it as UTF-8"));
}

TEST(DocumentTextBadInput, OldWordDocIsNamed) {
  const std::string doc = absl::StrCat("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", std::string(504, '\0'));
  const std::string expected = "old Word .doc is not read; save it as .docx";
  EXPECT_EQ(Refusal(doc, ""), expected);
  EXPECT_EQ(Refusal(doc, "ke-hoach.doc"), expected);
  EXPECT_EQ(Refusal(doc, "ke-hoach.docx"), expected);  // renamed
  EXPECT_EQ(Refusal("anything", "", "application/msword"), expected);
}

}  // namespace
}  // namespace interplan::plans::import
