#include "common/text/utf8.h"

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "gtest/gtest.h"

namespace interplan::text {
namespace {

TEST(IsValidUtf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ASCII"));
  EXPECT_TRUE(IsValidUtf8("Tiếng Việt, Đồng Nai"));
  EXPECT_TRUE(IsValidUtf8("한국어 日本語 😀"));
  EXPECT_TRUE(IsValidUtf8(absl::string_view("a\0b", 3)));
}

TEST(IsValidUtf8Test, AcceptsEncodingBoundaries) {
  EXPECT_TRUE(IsValidUtf8("\x7F"));              // U+007F
  EXPECT_TRUE(IsValidUtf8("\xC2\x80"));          // U+0080
  EXPECT_TRUE(IsValidUtf8("\xDF\xBF"));          // U+07FF
  EXPECT_TRUE(IsValidUtf8("\xE0\xA0\x80"));      // U+0800
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));      // U+D7FF
  EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80"));      // U+E000
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBF"));      // U+FFFF
  EXPECT_TRUE(IsValidUtf8("\xF0\x90\x80\x80"));  // U+10000
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(IsValidUtf8Test, RejectsOverlongForms) {
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));          // U+0000 in two bytes
  EXPECT_FALSE(IsValidUtf8("\xC1\xBF"));          // U+007F in two bytes
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // '/' in three bytes
  EXPECT_FALSE(IsValidUtf8("\xE0\x9F\xBF"));      // U+07FF in three bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x8F\xBF\xBF"));  // U+FFFF in four bytes
}

TEST(IsValidUtf8Test, RejectsSurrogates) {
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // U+D800
  EXPECT_FALSE(IsValidUtf8("\xED\xBF\xBF"));  // U+DFFF
  // A CESU-8 style surrogate pair for U+1F600.
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\xBD\xED\xB8\x80"));
}

TEST(IsValidUtf8Test, RejectsValuesAboveTheLastCodePoint) {
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xF8\x88\x80\x80\x80"));  // old 5-byte form
}

TEST(IsValidUtf8Test, RejectsTruncatedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xC3"));
  EXPECT_FALSE(IsValidUtf8("\xE1\x80"));
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x98"));
  EXPECT_FALSE(IsValidUtf8("Vi\xE1\xBBt"));  // "Việt" missing its last byte
}

TEST(IsValidUtf8Test, RejectsStrayAndImpossibleBytes) {
  EXPECT_FALSE(IsValidUtf8("\x80"));
  EXPECT_FALSE(IsValidUtf8("a\xBF"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\xFE\xFF"));
  EXPECT_FALSE(IsValidUtf8("caf\xE9"));  // Latin-1, not UTF-8
}

TEST(ValidUtf8PrefixLengthTest, PointsAtTheFirstIllFormedSequence) {
  EXPECT_EQ(ValidUtf8PrefixLength(""), 0u);
  EXPECT_EQ(ValidUtf8PrefixLength("Việt"), std::string("Việt").size());
  EXPECT_EQ(ValidUtf8PrefixLength("ab\xFFxy"), 2u);
  EXPECT_EQ(ValidUtf8PrefixLength("Đ\xE1\x80"), 2u);  // Đ takes two bytes
  EXPECT_EQ(ValidUtf8PrefixLength("\xC0\x80"), 0u);
}

TEST(DecodeUtf8Test, DecodesEveryLength) {
  EXPECT_EQ(DecodeUtf8("aĐế😀"), U"a\u0110\u1EBF\U0001F600");
  EXPECT_EQ(DecodeUtf8(""), U"");
}

TEST(DecodeUtf8Test, ReplacesEachMaximalIllFormedSubpart) {
  EXPECT_EQ(DecodeUtf8("a\xFFz"), U"a\uFFFDz");
  // A truncated sequence is one maximal subpart: one replacement.
  EXPECT_EQ(DecodeUtf8("\xF0\x9F\x98z"), U"\uFFFDz");
  EXPECT_EQ(DecodeUtf8("\xE0\x80\x80"), U"\uFFFD\uFFFD\uFFFD");  // overlong
  EXPECT_EQ(DecodeUtf8("\xED\xA0\x80"), U"\uFFFD\uFFFD\uFFFD");  // surrogate
}

TEST(EncodeUtf8Test, EncodesEveryLength) {
  EXPECT_EQ(EncodeUtf8(U"a\u0110\u1EBF\U0001F600"), "aĐế😀");
}

TEST(EncodeUtf8Test, WritesReplacementForNonCodePoints) {
  EXPECT_EQ(EncodeUtf8(std::u32string{0xD800}), "\uFFFD");
  EXPECT_EQ(EncodeUtf8(std::u32string{0x110000}), "\uFFFD");
}

TEST(Utf8RoundTripTest, EveryScalarValueRoundTrips) {
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::string encoded;
    AppendUtf8(c, encoded);
    ASSERT_TRUE(IsValidUtf8(encoded)) << std::hex << static_cast<uint32_t>(c);
    ASSERT_EQ(DecodeUtf8(encoded), std::u32string(1, c)) << std::hex << static_cast<uint32_t>(c);
    ASSERT_EQ(CodePointCount(encoded), 1u) << std::hex << static_cast<uint32_t>(c);
  }
}

TEST(IsAsciiTest, DistinguishesAsciiFromEverythingElse) {
  EXPECT_TRUE(IsAscii(""));
  EXPECT_TRUE(IsAscii("Dong Nai 2025\n"));
  EXPECT_FALSE(IsAscii("Đồng Nai"));
  EXPECT_FALSE(IsAscii("\xFF"));
}

TEST(CodePointCountTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CodePointCount(""), 0u);
  EXPECT_EQ(CodePointCount("Dong Nai"), 8u);
  EXPECT_EQ(CodePointCount("Đồng Nai"), 8u);
  EXPECT_EQ(CodePointCount("한국어😀"), 4u);
  // Decomposed text has more code points than it shows letters.
  EXPECT_EQ(CodePointCount("Vie\u0323\u0302t"), 6u);
}

}  // namespace
}  // namespace interplan::text
