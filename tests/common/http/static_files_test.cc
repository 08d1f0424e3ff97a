// The static files of a folder as the HTTP server serves them (the
// dashboard's): every file on its path and index.html on "/", hidden files
// left out, a strong ETag answered 304, gzip only when accepted, the
// page's Content-Security-Policy, and a clear error for a missing folder
// or a file type the server does not know.
#include "common/http/static_files.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "common/http/gzip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interplan::http {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

std::string HeaderOf(const HttpResponse& response, const std::string& name) {
  for (const auto& [n, v] : response.headers) {
    if (n == name) return v;
  }
  return "(none)";
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ =
        fs::temp_directory_path() /
        ("static_files_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_ / "vendor");
    fs::create_directories(folder_ / ".git");
    Write("index.html", "<!doctype html><title>t</title>");
    Write("vendor/lib.js", std::string(4000, 'x'));
    Write(".stamp", "");
    Write(".git/config", "");
  }
  void TearDown() override { fs::remove_all(folder_); }

  void Write(const std::string& name, const std::string& bytes) {
    std::ofstream(folder_ / name, std::ios::binary) << bytes;
  }

  std::map<std::string, StaticFile> Read() {
    absl::StatusOr<std::vector<StaticFile>> files = ReadStaticFiles(folder_.string());
    EXPECT_TRUE(files.ok()) << files.status();
    std::map<std::string, StaticFile> by_path;
    if (files.ok()) {
      for (StaticFile& file : *files) by_path[file.path] = file;
    }
    return by_path;
  }

  fs::path folder_;
};

TEST_F(StaticFilesTest, EveryFileOnItsPathHiddenOnesLeftOut) {
  std::map<std::string, StaticFile> files = Read();
  std::vector<std::string> paths;
  for (const auto& [path, file] : files) paths.push_back(path);
  EXPECT_THAT(paths, UnorderedElementsAre("/index.html", "/vendor/lib.js"));
  EXPECT_EQ(files["/index.html"].content_type, "text/html; charset=utf-8");
  EXPECT_EQ(files["/vendor/lib.js"].content_type, "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, StrongEtagAnswered304AndGzipOnlyWhenAccepted) {
  const StaticFile file = Read()["/vendor/lib.js"];
  HttpRequest plain;
  HttpResponse first = ServeStaticFile(file, plain);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, std::string(4000, 'x'));
  EXPECT_EQ(HeaderOf(first, "Content-Encoding"), "(none)");
  EXPECT_EQ(HeaderOf(first, "Cache-Control"), "no-cache");
  const std::string etag = HeaderOf(first, "ETag");
  EXPECT_EQ(etag.front(), '"') << "a strong tag: " << etag;

  HttpRequest again;
  again.headers["if-none-match"] = etag;
  HttpResponse not_modified = ServeStaticFile(file, again);
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_EQ(not_modified.body, "");
  EXPECT_EQ(HeaderOf(not_modified, "ETag"), etag);

  HttpRequest gzip;
  gzip.headers["accept-encoding"] = "gzip";
  HttpResponse compressed = ServeStaticFile(file, gzip);
  EXPECT_EQ(HeaderOf(compressed, "Content-Encoding"), "gzip");
  EXPECT_LT(compressed.body.size(), 200u);
}

TEST_F(StaticFilesTest, ThePageMayTalkToItsOwnOriginOnly) {
  HttpResponse page = ServeStaticFile(Read()["/index.html"], HttpRequest());
  EXPECT_THAT(HeaderOf(page, "Content-Security-Policy"), HasSubstr("default-src 'self'"));
  EXPECT_EQ(HeaderOf(page, "X-Content-Type-Options"), "nosniff");
  HttpResponse script = ServeStaticFile(Read()["/vendor/lib.js"], HttpRequest());
  EXPECT_EQ(HeaderOf(script, "Content-Security-Policy"), "(none)");
}

TEST_F(StaticFilesTest, AMissingFolderAndAnUnknownTypeAreClearErrors) {
  absl::StatusOr<std::vector<StaticFile>> missing = ReadStaticFiles((folder_ / "nowhere").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("nowhere"));
  Write("notes.docx", "?");
  absl::StatusOr<std::vector<StaticFile>> unknown = ReadStaticFiles(folder_.string());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(unknown.status().message(), HasSubstr("notes.docx"));
}

}  // namespace
}  // namespace interplan::http
