#include "tests/services/plans/import/seed_plans.h"

#include <google/protobuf/util/json_util.h>

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"

namespace interplan::plans::import::testing {

DocumentText TextOf(const std::string& content) {
  DocumentText text;
  for (absl::string_view line : absl::StrSplit(content, '\n')) {
    std::string paragraph = absl::StrReplaceAll(line, {{"**", ""}, {"\r", ""}});
    absl::string_view trimmed = absl::StripAsciiWhitespace(paragraph);
    while (!trimmed.empty() && trimmed.front() == '#') trimmed.remove_prefix(1);
    trimmed = absl::StripAsciiWhitespace(trimmed);
    if (!trimmed.empty()) text.paragraphs.emplace_back(trimmed);
  }
  return text;
}

DocumentText SeedText(const std::string& stem) {
  std::string path =
      ::interplan::testing::SourcePath(absl::StrCat("tests/fixtures/documents/", stem, ".txt"));
  std::string content = ::interplan::testing::ReadFileOrEmpty(path);
  EXPECT_FALSE(content.empty()) << path;
  return TextOf(content);
}

v1::Plan SeedFixture(const std::string& stem) {
  std::string path =
      ::interplan::testing::SourcePath(absl::StrCat("tests/fixtures/plans/", stem, ".json"));
  std::string json = ::interplan::testing::ReadFileOrEmpty(path);
  v1::CreatePlanRequest request;
  auto status = google::protobuf::util::JsonStringToMessage(json, &request);
  EXPECT_TRUE(status.ok()) << path << ": " << status.message();
  return request.plan();
}

}  // namespace interplan::plans::import::testing
