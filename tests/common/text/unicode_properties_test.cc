#include "common/text/unicode_properties.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"

namespace interplan::text {
namespace {

TEST(UnicodePropertiesTest, NamesTheTablesVersion) { EXPECT_EQ(UnicodeVersion(), "14.0.0"); }

TEST(UnicodePropertiesTest, CombiningClasses) {
  EXPECT_EQ(CanonicalCombiningClass('a'), 0);
  EXPECT_EQ(CanonicalCombiningClass(0x0110), 0);    // Đ
  EXPECT_EQ(CanonicalCombiningClass(0x0301), 230);  // acute
  EXPECT_EQ(CanonicalCombiningClass(0x0323), 220);  // dot below
  EXPECT_EQ(CanonicalCombiningClass(0x031B), 216);  // horn
  EXPECT_EQ(CanonicalCombiningClass(0x0345), 240);  // ypogegrammeni
  EXPECT_EQ(CanonicalCombiningClass(0x1D16D), 226);
  EXPECT_EQ(CanonicalCombiningClass(0x10FFFF), 0);
}

TEST(UnicodePropertiesTest, DecomposesRecursively) {
  std::u32string out;
  AppendCanonicalDecomposition(0x1EC7, out);  // ệ -> ẹ + circumflex -> ...
  EXPECT_EQ(out, U"e\u0323\u0302");
  out.clear();
  AppendCanonicalDecomposition('a', out);
  EXPECT_EQ(out, U"a");
}

TEST(UnicodePropertiesTest, ComposesPairs) {
  EXPECT_EQ(ComposePair('e', 0x0302), char32_t{0x00EA});
  EXPECT_EQ(ComposePair(0x00EA, 0x0301), char32_t{0x1EBF});
  EXPECT_EQ(ComposePair(0x1100, 0x1161), char32_t{0xAC00});
  EXPECT_EQ(ComposePair(0x0915, 0x093C), std::nullopt);  // excluded
  EXPECT_EQ(ComposePair('q', 0x0301), std::nullopt);
}

TEST(UnicodePropertiesTest, GeneralCategories) {
  EXPECT_TRUE(IsNonspacingMark(0x0300));
  EXPECT_TRUE(IsNonspacingMark(0x031B));
  EXPECT_TRUE(IsNonspacingMark(0x20DD));  // enclosing circle
  EXPECT_FALSE(IsNonspacingMark('a'));
  EXPECT_TRUE(IsWordCharacter('a'));
  EXPECT_TRUE(IsWordCharacter('7'));
  EXPECT_TRUE(IsWordCharacter(0x0111));  // đ
  EXPECT_TRUE(IsWordCharacter(0x4E2D));  // 中
  EXPECT_FALSE(IsWordCharacter(' '));
  EXPECT_FALSE(IsWordCharacter('-'));
  EXPECT_FALSE(IsWordCharacter(0x201C));  // “
  EXPECT_FALSE(IsWordCharacter(0x00A0));  // no-break space
}

TEST(UnicodePropertiesTest, Lowercase) {
  EXPECT_EQ(SimpleLowercase('A'), U'a');
  EXPECT_EQ(SimpleLowercase('a'), U'a');
  EXPECT_EQ(SimpleLowercase('['), U'[');
  EXPECT_EQ(SimpleLowercase(0x0110), char32_t{0x0111});  // Đ -> đ
  EXPECT_EQ(SimpleLowercase(0x0394), char32_t{0x03B4});  // Δ -> δ
  EXPECT_EQ(SimpleLowercase(0x0416), char32_t{0x0436});  // Ж -> ж
}

}  // namespace
}  // namespace interplan::text
