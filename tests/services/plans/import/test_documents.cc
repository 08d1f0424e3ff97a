#include "tests/services/plans/import/test_documents.h"

#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"

namespace interplan::plans::import::testing {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("INTERPLAN_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

// Closes `archive` into its in-memory source and returns the bytes written.
std::string CloseToBytes(zip_t* archive, zip_source_t* target) {
  EXPECT_EQ(zip_close(archive), 0) << zip_strerror(archive);
  std::string bytes;
  EXPECT_EQ(zip_source_open(target), 0);
  zip_stat_t stat;
  zip_stat_init(&stat);
  EXPECT_EQ(zip_source_stat(target, &stat), 0);
  bytes.resize(stat.size);
  EXPECT_EQ(zip_source_read(target, bytes.data(), stat.size), static_cast<zip_int64_t>(stat.size));
  zip_source_close(target);
  zip_source_free(target);
  return bytes;
}

// An empty in-memory archive to write to; `target` is kept for CloseToBytes.
zip_t* NewArchive(zip_source_t*& target) {
  zip_error_t error;
  zip_error_init(&error);
  target = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(target);
  zip_t* archive = zip_open_from_source(target, ZIP_TRUNCATE, &error);
  EXPECT_NE(archive, nullptr) << zip_error_strerror(&error);
  zip_error_fini(&error);
  return archive;
}

// A zip_source_function that reads `size` zero bytes.
struct Zeros {
  size_t size;
  size_t offset = 0;
};

zip_int64_t ReadZeros(void* state, void* data, zip_uint64_t length, zip_source_cmd_t command) {
  auto* zeros = static_cast<Zeros*>(state);
  switch (command) {
    case ZIP_SOURCE_OPEN:
      zeros->offset = 0;
      return 0;
    case ZIP_SOURCE_READ: {
      const size_t n = std::min<size_t>(length, zeros->size - zeros->offset);
      std::memset(data, 0, n);
      zeros->offset += n;
      return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_CLOSE:
      return 0;
    case ZIP_SOURCE_STAT: {
      auto* stat = static_cast<zip_stat_t*>(data);
      zip_stat_init(stat);
      stat->size = zeros->size;
      stat->valid |= ZIP_STAT_SIZE;
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
      std::memset(data, 0, 2 * sizeof(int));
      return 2 * sizeof(int);
    case ZIP_SOURCE_FREE:
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                            ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
      return -1;
  }
}

}  // namespace

const std::vector<std::string>& SeedNames() {
  static const auto* names =
      new std::vector<std::string>{"000_dong_nai_2021", "001_quang_ngai_2022",
                                   "002_go_vap_2019_2020", "003_dak_lak_2020", "004_lai_chau_2024"};
  return *names;
}

std::string ReadFixture(const std::string& file_name) {
  const std::string path = SourceDir() + "/tests/fixtures/documents/" + file_name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing fixture " << path;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& members) {
  zip_source_t* target = nullptr;
  zip_t* archive = NewArchive(target);
  for (const auto& [name, bytes] : members) {
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    EXPECT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0);
  }
  return CloseToBytes(archive, target);
}

std::string MakeZerosZip(const std::string& name, size_t size) {
  zip_source_t* target = nullptr;
  zip_t* archive = NewArchive(target);
  Zeros zeros{size};
  zip_source_t* source = zip_source_function(archive, ReadZeros, &zeros);
  EXPECT_GE(zip_file_add(archive, name.c_str(), source, 0), 0);
  return CloseToBytes(archive, target);
}

std::string ReadZipMember(const std::string& archive, const std::string& name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(archive.data(), archive.size(), 0, &error);
  zip_t* zip = zip_open_from_source(source, ZIP_RDONLY, &error);
  zip_error_fini(&error);
  EXPECT_NE(zip, nullptr);
  if (zip == nullptr) return "";
  std::string bytes;
  zip_file_t* file = zip_fopen(zip, name.c_str(), 0);
  EXPECT_NE(file, nullptr) << name;
  char buffer[65536];
  for (zip_int64_t n; file != nullptr && (n = zip_fread(file, buffer, sizeof buffer)) > 0;) {
    bytes.append(buffer, n);
  }
  if (file != nullptr) zip_fclose(file);
  zip_discard(zip);
  return bytes;
}

std::string WordDocument(const std::string& body) {
  return absl::StrCat(
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)",
      R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" )",
      R"(xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>)", body,
      "</w:body></w:document>");
}

std::string MakeDocx(const std::string& document_xml) {
  return MakeZip({{"[Content_Types].xml",
                   R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/)"
                   R"(package/2006/content-types"/>)"},
                  {"word/document.xml", document_xml}});
}

namespace {

// A PDF of `objects` (numbered from 1, the first the catalog) with a correct
// cross-reference table and `trailer_extra` in its trailer.
std::string BuildPdf(const std::vector<std::string>& objects, const std::string& trailer_extra) {
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    absl::StrAppend(&pdf, i + 1, " 0 obj\n", objects[i], "\nendobj\n");
  }
  const size_t xref = pdf.size();
  absl::StrAppend(&pdf, "xref\n0 ", objects.size() + 1, "\n0000000000 65535 f \n");
  for (size_t offset : offsets) absl::StrAppend(&pdf, absl::StrFormat("%010d 00000 n \n", offset));
  absl::StrAppend(&pdf, "trailer\n<< /Size ", objects.size() + 1, " /Root 1 0 R ", trailer_extra,
                  " >>\nstartxref\n", xref, "\n%%EOF\n");
  return pdf;
}

std::vector<std::string> OnePage(const std::string& content, const std::string& resources) {
  return {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
          absl::StrCat("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                       "/Resources ",
                       resources, " >>"),
          absl::StrFormat("<< /Length %d >>\nstream\n%s\nendstream", content.size(), content)};
}

}  // namespace

std::string MakePdf(const std::string& content, const std::string& resources) {
  return BuildPdf(OnePage(content, resources), "");
}

std::string MakeManyPagesPdf(const std::string& content, int pages, const std::string& resources) {
  // 1 catalog, 2 pages, 3 the content, 4.. the pages.
  std::string kids;
  for (int i = 0; i < pages; ++i) absl::StrAppend(&kids, 4 + i, " 0 R ");
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      absl::StrCat("<< /Type /Pages /Kids [", kids, "] /Count ", pages, " >>"),
      absl::StrFormat("<< /Length %d >>\nstream\n%s\nendstream", content.size(), content)};
  for (int i = 0; i < pages; ++i) {
    objects.push_back(absl::StrCat(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources ",
        resources, " >>"));
  }
  return BuildPdf(objects, "");
}

std::string MakePasswordPdf() {
  std::vector<std::string> objects = OnePage("", "<< >>");
  objects.push_back(absl::StrCat("<< /Filter /Standard /V 1 /R 2 /O <", std::string(64, '1'),
                                 "> /U <", std::string(64, '2'), "> /P -4 >>"));
  const std::string id = std::string(32, '3');
  return BuildPdf(objects, absl::StrCat("/Encrypt 5 0 R /ID [<", id, "> <", id, ">]"));
}

}  // namespace interplan::plans::import::testing
