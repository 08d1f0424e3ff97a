#include "common/logging/log.h"

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interplan {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string Json(absl::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

TEST(AppendJsonStringTest, QuotesPlainText) {
  EXPECT_EQ(Json(""), R"("")");
  EXPECT_EQ(Json("units/79"), R"("units/79")");
}

TEST(AppendJsonStringTest, AppendsWithoutClearing) {
  std::string out = "{\"msg\":";
  AppendJsonString("hi", &out);
  EXPECT_EQ(out, R"({"msg":"hi")");
}

TEST(AppendJsonStringTest, EscapesQuotesAndBackslashes) {
  EXPECT_EQ(Json(R"(say "hi")"), R"("say \"hi\"")");
  EXPECT_EQ(Json(R"(C:\data\plans)"), R"("C:\\data\\plans")");
  EXPECT_EQ(Json(R"(\")"), R"("\\\"")");
}

TEST(AppendJsonStringTest, EscapesNewlinesAndTabs) {
  EXPECT_EQ(Json("line 1\nline 2"), R"("line 1\nline 2")");
  EXPECT_EQ(Json("a\r\nb"), R"("a\r\nb")");
  EXPECT_EQ(Json("a\tb"), R"("a\tb")");
}

TEST(AppendJsonStringTest, EscapesOtherControlCharactersAsUnicode) {
  EXPECT_EQ(Json(absl::string_view("\0", 1)), R"("\u0000")");
  EXPECT_EQ(Json("\x01"), R"("\u0001")");
  EXPECT_EQ(Json("a\x08"
                 "b"),
            R"("a\u0008b")");
  EXPECT_EQ(Json("\x0c"), R"("\u000c")");
  EXPECT_EQ(Json("\x1b[31m"), R"("\u001b[31m")");
  EXPECT_EQ(Json("\x1f"), R"("\u001f")");
  // Space is the first character kept as is.
  EXPECT_EQ(Json(" "), R"(" ")");
}

TEST(AppendJsonStringTest, KeepsUtf8BytesAsTheyAre) {
  EXPECT_EQ(Json("Đồng Nai"), "\"Đồng Nai\"");
  EXPECT_EQ(Json("Thành phố Hồ Chí Minh"), "\"Thành phố Hồ Chí Minh\"");
  EXPECT_EQ(Json("\xe2\x82\xac 5"), "\"\xe2\x82\xac 5\"");      // euro sign
  EXPECT_EQ(Json("\xf0\x9f\x93\x85"), "\"\xf0\x9f\x93\x85\"");  // 4-byte emoji
}

TEST(AppendJsonStringTest, EscapesEveryControlCharacterAndNothingElseBelow0x80) {
  for (int c = 0; c < 0x80; ++c) {
    const char ch = static_cast<char>(c);
    std::string json = Json(absl::string_view(&ch, 1));
    if (c < 0x20 || c == '"' || c == '\\') {
      EXPECT_EQ(json[1], '\\') << "character " << c << " gave " << json;
    } else {
      EXPECT_EQ(json, std::string("\"") + ch + "\"") << "character " << c;
    }
  }
}

TEST(LogTest, WritesOneJsonLineWithLevelMessageAndFields) {
  ::testing::internal::CaptureStderr();
  LogWarning("slow call \"ListUnits\"",
             {{"method", absl::string_view("/interplan.agencies.v1.Units/List")},
              {"millis", int64_t{1234}},
              {"cached", false}});
  std::string line = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(line, StartsWith("{\"ts\":\""));
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << line;
  EXPECT_THAT(line, HasSubstr(R"("level":"warning")"));
  EXPECT_THAT(line, HasSubstr(R"("msg":"slow call \"ListUnits\"")"));
  EXPECT_THAT(line, HasSubstr(R"("method":"/interplan.agencies.v1.Units/List")"));
  EXPECT_THAT(line, HasSubstr(R"("millis":1234)"));
  EXPECT_THAT(line, HasSubstr(R"("cached":false)"));
  EXPECT_THAT(line, ::testing::EndsWith("}\n"));
}

TEST(LogTest, KeepsAMultiLineMessageOnOneLine) {
  ::testing::internal::CaptureStderr();
  LogError("first\nsecond");
  std::string line = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(line.find('\n'), line.size() - 1) << line;
  EXPECT_THAT(line, HasSubstr(R"("level":"error")"));
  EXPECT_THAT(line, HasSubstr(R"("msg":"first\nsecond")"));
}

}  // namespace
}  // namespace interplan
