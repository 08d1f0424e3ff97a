#include "common/text/clean_text.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"

namespace interplan::text {
namespace {

TEST(CleanTextTest, ReturnsNfcWithoutSurroundingWhiteSpace) {
  absl::StatusOr<std::string> cleaned = CleanText("  Tie\u0302\u0301ng Vie\u0323\u0302t \n\t");
  ASSERT_TRUE(cleaned.ok()) << cleaned.status();
  EXPECT_EQ(*cleaned, "Tiếng Việt");
}

TEST(CleanTextTest, KeepsInteriorNewlinesAndTabs) {
  absl::StatusOr<std::string> cleaned = CleanText("line one\n\tline two");
  ASSERT_TRUE(cleaned.ok()) << cleaned.status();
  EXPECT_EQ(*cleaned, "line one\n\tline two");
}

TEST(CleanTextTest, TrimsUnicodeWhiteSpace) {
  // No-break space, ideographic space, em space.
  absl::StatusOr<std::string> cleaned = CleanText("\u00A0\u3000Đồng Nai\u2003");
  ASSERT_TRUE(cleaned.ok()) << cleaned.status();
  EXPECT_EQ(*cleaned, "Đồng Nai");
}

TEST(CleanTextTest, EmptyAndBlankBecomeEmpty) {
  EXPECT_EQ(CleanText("").value(), "");
  EXPECT_EQ(CleanText(" \n\t ").value(), "");
}

TEST(CleanTextTest, LeavesCleanTextAlone) {
  const std::string text = "Sở Lao động - Thương binh và Xã hội tỉnh Đồng Nai";
  EXPECT_EQ(CleanText(text).value(), text);
}

TEST(CleanTextTest, AsciiKeepsItsInteriorAndLosesItsSurroundingWhiteSpace) {
  EXPECT_EQ(CleanText("units/79").value(), "units/79");
  EXPECT_EQ(CleanText("\t 2027-H1 \n").value(), "2027-H1");
  EXPECT_EQ(CleanText(" a\tb\nc ").value(), "a\tb\nc");
  // A non-ASCII space around ASCII is still trimmed.
  EXPECT_EQ(CleanText("\u00A0units/79\u3000").value(), "units/79");
}

TEST(CleanTextTest, RejectsInvalidUtf8WithItsOffset) {
  absl::StatusOr<std::string> cleaned = CleanText("Đồng\xFF");  // Đ and ồ take 2 + 3 bytes
  ASSERT_FALSE(cleaned.ok());
  EXPECT_EQ(cleaned.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(cleaned.status().message(), "is not valid UTF-8 (byte offset 7)");

  EXPECT_EQ(CleanText("\xC0\x80").status().code(),
            absl::StatusCode::kInvalidArgument);  // overlong NUL
  EXPECT_EQ(CleanText("\xED\xA0\x80").status().code(),
            absl::StatusCode::kInvalidArgument);  // surrogate
  EXPECT_EQ(CleanText("abc\xE1\xBB").status().message(),
            "is not valid UTF-8 (byte offset 3)");  // truncated
}

TEST(CleanTextTest, RejectsControlCharacters) {
  absl::StatusOr<std::string> cleaned = CleanText("abc\x07");
  ASSERT_FALSE(cleaned.ok());
  EXPECT_EQ(cleaned.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(cleaned.status().message(), "contains control character U+0007 (byte offset 3)");

  EXPECT_EQ(CleanText(absl::string_view("a\0b", 3)).status().message(),
            "contains control character U+0000 (byte offset 1)");
  EXPECT_EQ(CleanText("line\r\n").status().message(),
            "contains control character U+000D (byte offset 4)");
  EXPECT_EQ(CleanText("\x7F").status().message(),
            "contains control character U+007F (byte offset 0)");
  EXPECT_EQ(CleanText("Đ\u0085").status().message(),  // C1 NEXT LINE
            "contains control character U+0085 (byte offset 2)");
  EXPECT_EQ(CleanText("\x1B[31m").status().code(),
            absl::StatusCode::kInvalidArgument);  // terminal escape
}

TEST(CleanTextTest, AcceptsCharactersNextToTheC1Range) {
  // U+00A0..U+00FF share the 0xC2/0xC3 lead bytes with C1 controls.
  EXPECT_EQ(CleanText("a\u00A9b").value(), "a\u00A9b");
  EXPECT_EQ(CleanText("\u00C0").value(), "\u00C0");
}

}  // namespace
}  // namespace interplan::text
