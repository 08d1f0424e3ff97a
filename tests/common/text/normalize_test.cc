#include "common/text/normalize.h"

#include <cstdint>
#include <string>

#include "common/text/utf8.h"
#include "gtest/gtest.h"

namespace interplan::text {
namespace {

TEST(NormalizeTest, AsciiIsUnchanged) {
  EXPECT_EQ(ToNfc(""), "");
  EXPECT_EQ(ToNfd(""), "");
  EXPECT_EQ(ToNfc("Plan 2025: Action Month\n"), "Plan 2025: Action Month\n");
  EXPECT_EQ(ToNfd("Plan 2025: Action Month\n"), "Plan 2025: Action Month\n");
}

TEST(NormalizeTest, ComposesDecomposedVietnamese) {
  EXPECT_EQ(ToNfc("Tie\u0302\u0301ng Vie\u0323\u0302t"), "Tiếng Việt");
  // Marks of different classes typed in the other order are equivalent...
  EXPECT_EQ(ToNfc("Vie\u0302\u0323t"), "Việt");
  // ...but marks of the same class are not: acute then circumflex is é + ̂.
  EXPECT_EQ(ToNfc("Tie\u0301\u0302ng"), "Ti\u00E9\u0302ng");
  EXPECT_EQ(ToNfc("\u0110o\u0302\u0300ng Nai"), "Đồng Nai");
  EXPECT_EQ(ToNfc("Thu\u031B\u0301c"), "Thức");
}

TEST(NormalizeTest, DecomposesVietnamese) {
  EXPECT_EQ(ToNfd("Tiếng Việt"), "Tie\u0302\u0301ng Vie\u0323\u0302t");
  EXPECT_EQ(ToNfd("Đồng"), "\u0110o\u0302\u0300ng");  // Đ has no decomposition
  EXPECT_EQ(ToNfd("ờ"), "o\u031B\u0300");
}

TEST(NormalizeTest, PrecomposedTextIsAlreadyNfc) {
  const std::string text = "Sở Lao động - Thương binh và Xã hội tỉnh Đồng Nai";
  EXPECT_EQ(ToNfc(text), text);
  EXPECT_EQ(ToNfc(ToNfd(text)), text);
  EXPECT_NE(ToNfd(text), text);
  EXPECT_EQ(ToNfd(ToNfc(ToNfd(text))), ToNfd(text));
}

TEST(NormalizeTest, OrdersMarksByCombiningClass) {
  // Dot below (class 220) sorts before circumflex (class 230).
  EXPECT_EQ(ToNfd("a\u0302\u0323"), "a\u0323\u0302");
  EXPECT_EQ(ToNfd("a\u0323\u0302"), "a\u0323\u0302");
  EXPECT_EQ(ToNfc("a\u0302\u0323"), "ậ");
  // Marks of equal class keep their order: they are not equivalent.
  EXPECT_EQ(ToNfd("a\u0301\u0300"), "a\u0301\u0300");
  EXPECT_EQ(ToNfd("a\u0300\u0301"), "a\u0300\u0301");
  // Reordering happens inside a precomposed character's decomposition too.
  EXPECT_EQ(ToNfd("\u1E0B\u0323"), "d\u0323\u0307");
  EXPECT_EQ(ToNfc("\u1E0B\u0323"), "\u1E0D\u0307");
}

TEST(NormalizeTest, ComposesOnlyUnblockedMarks) {
  // a + diaeresis composes to ä, which composes with the macron to ǟ.
  EXPECT_EQ(ToNfc("a\u0308\u0304"), "\u01DF");
  // a + macron is ā; ā + diaeresis has no composite.
  EXPECT_EQ(ToNfc("a\u0304\u0308"), "\u0101\u0308");
  // The overline (class 230) blocks the acute (class 230) from the a.
  EXPECT_EQ(ToNfc("a\u0305\u0301"), "a\u0305\u0301");
  // A mark of lower class does not block: it stays after the composite.
  EXPECT_EQ(ToNfc("a\u0316\u0301"), "\u00E1\u0316");
  // A mark with nothing to compose with stays.
  EXPECT_EQ(ToNfc("\u0301a"), "\u0301a");
}

TEST(NormalizeTest, ComposesTwoStarters) {
  // Oriya vowel sign O: two starters that compose.
  EXPECT_EQ(ToNfc("\u0B47\u0B3E"), "\u0B4B");
  EXPECT_EQ(ToNfd("\u0B4B"), "\u0B47\u0B3E");
}

TEST(NormalizeTest, HonoursCompositionExclusions) {
  // Script-specific exclusion: DEVANAGARI LETTER QA never recomposes.
  EXPECT_EQ(ToNfc("\u0958"), "\u0915\u093C");
  EXPECT_EQ(ToNfc("\u0915\u093C"), "\u0915\u093C");
  // Post-composition-version exclusion.
  EXPECT_EQ(ToNfc("\u2ADC"), "\u2ADD\u0338");
  // Singletons map to their target.
  EXPECT_EQ(ToNfc("\u212B"), "\u00C5");  // ANGSTROM SIGN -> Å
  EXPECT_EQ(ToNfc("\u2126"), "\u03A9");  // OHM SIGN -> Ω
  EXPECT_EQ(ToNfd("\u212B"), "A\u030A");
  // Non-starter decomposition: COMBINING GREEK DIALYTIKA TONOS.
  EXPECT_EQ(ToNfc("\u0344"), "\u0308\u0301");
}

TEST(NormalizeTest, HangulIsAlgorithmic) {
  EXPECT_EQ(ToNfd("\uD55C"), "\u1112\u1161\u11AB");  // 한 = H + A + N
  EXPECT_EQ(ToNfd("\uAC00"), "\u1100\u1161");        // 가 has no trailing
  EXPECT_EQ(ToNfc("\u1112\u1161\u11AB"), "\uD55C");
  EXPECT_EQ(ToNfc("\u1100\u1161\u11A8"), "\uAC01");
  EXPECT_EQ(ToNfc("\uAC00\u11A8"), "\uAC01");        // LV + T
  EXPECT_EQ(ToNfc("\uAC01\u11A8"), "\uAC01\u11A8");  // LVT + T: no composite
  EXPECT_EQ(ToNfc("\uAC00\u11A7"), "\uAC00\u11A7");  // U+11A7 is not a T
  EXPECT_EQ(ToNfc(ToNfd("한국어")), "한국어");
}

TEST(NormalizeTest, CodePointFormsMatchUtf8Forms) {
  EXPECT_EQ(ToNfc(std::u32string(U"Vie\u0323\u0302t")), U"Vi\u1EC7t");
  EXPECT_EQ(ToNfd(std::u32string(U"Vi\u1EC7t")), U"Vie\u0323\u0302t");
}

// Properties that hold for every code point, checked over the whole range
// without any reference data: NFC and NFD are idempotent and each undoes the
// other up to equivalence.
TEST(NormalizeTest, EveryCodePointSatisfiesTheNormalizationInvariants) {
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    const std::u32string original(1, c);
    const std::u32string nfd = ToNfd(original);
    const std::u32string nfc = ToNfc(original);
    ASSERT_EQ(ToNfd(nfd), nfd) << std::hex << static_cast<uint32_t>(c);
    ASSERT_EQ(ToNfc(nfc), nfc) << std::hex << static_cast<uint32_t>(c);
    ASSERT_EQ(ToNfc(nfd), nfc) << std::hex << static_cast<uint32_t>(c);
    ASSERT_EQ(ToNfd(nfc), nfd) << std::hex << static_cast<uint32_t>(c);
  }
}

}  // namespace
}  // namespace interplan::text
