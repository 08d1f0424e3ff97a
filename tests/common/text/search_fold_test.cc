#include "common/text/search_fold.h"

#include <string>

#include "common/text/normalize.h"
#include "gtest/gtest.h"

namespace interplan::text {
namespace {

constexpr char kDepartment[] = "Sở Lao động - Thương binh và Xã hội tỉnh Đồng Nai";

TEST(FoldForSearchTest, FoldsVietnameseNames) {
  EXPECT_EQ(FoldForSearch(kDepartment), "so lao dong thuong binh va xa hoi tinh dong nai");
  EXPECT_EQ(FoldForSearch("Quận Gò Vấp"), "quan go vap");
  EXPECT_EQ(FoldForSearch("ĐẮK LẮK"), "dak lak");
  EXPECT_EQ(FoldForSearch("Thành phố Hồ Chí Minh"), "thanh pho ho chi minh");
  EXPECT_EQ(FoldForSearch("Thừa Thiên Huế"), "thua thien hue");
  EXPECT_EQ(FoldForSearch("Bà Rịa – Vũng Tàu"), "ba ria vung tau");
}

TEST(FoldForSearchTest, DecomposedAndComposedTextFoldAlike) {
  EXPECT_EQ(FoldForSearch(ToNfd(kDepartment)), FoldForSearch(kDepartment));
  EXPECT_EQ(FoldForSearch("Tie\u0302\u0301ng Vie\u0323\u0302t"), "tieng viet");
}

TEST(FoldForSearchTest, SpellsStrokedDInAscii) {
  EXPECT_EQ(FoldForSearch("đ Đ"), "d d");
  // Ð (U+00D0, eth) is often typed for Đ.
  EXPECT_EQ(FoldForSearch("\u00D0ồng Nai"), "dong nai");
  EXPECT_EQ(FoldForSearch("Łódź Øresund Straße"), "lodz oresund strasse");
}

TEST(FoldForSearchTest, PunctuationRunsBecomeOneSpace) {
  EXPECT_EQ(FoldForSearch("  “Tháng hành động”  --  2025!  "), "thang hanh dong 2025");
  EXPECT_EQ(FoldForSearch("Phường 12, Quận 3"), "phuong 12 quan 3");
  EXPECT_EQ(FoldForSearch("a_b/c.d"), "a b c d");
  EXPECT_EQ(FoldForSearch("\u00A0Nai\u3000"), "nai");
}

TEST(FoldForSearchTest, AsciiTakesTheSameRules) {
  EXPECT_EQ(FoldForSearch("  Dong-Nai, PROVINCE "), "dong nai province");
  EXPECT_EQ(FoldForSearch(""), "");
  EXPECT_EQ(FoldForSearch(" - , . "), "");
}

TEST(FoldForSearchTest, OtherScriptsAreLowercasedAndKept) {
  EXPECT_EQ(FoldForSearch("Αθήνα"), "αθηνα");
  EXPECT_EQ(FoldForSearch("МОСКВА"), "москва");
  EXPECT_EQ(FoldForSearch("北京市"), "北京市");
}

TEST(FoldForSearchTest, IllFormedBytesSeparateWords) {
  EXPECT_EQ(FoldForSearch("Dong\xFFNai"), "dong nai");
}

TEST(MatchesFoldedQueryTest, EveryQueryWordMustPrefixSomeTextWord) {
  const std::string text = FoldForSearch(kDepartment);
  EXPECT_TRUE(MatchesFoldedQuery(text, "so lao dong dong nai"));
  EXPECT_TRUE(MatchesFoldedQuery(text, "dong nai"));
  EXPECT_TRUE(MatchesFoldedQuery(text, "tinh dong"));
  EXPECT_TRUE(MatchesFoldedQuery(text, "nai dong"));  // order does not matter
  EXPECT_TRUE(MatchesFoldedQuery(text, "thuong b x h"));
  EXPECT_FALSE(MatchesFoldedQuery(text, "so ld"));
  EXPECT_FALSE(MatchesFoldedQuery(text, "dongnai"));
  EXPECT_FALSE(MatchesFoldedQuery(text, "ong"));  // prefixes, not substrings
  EXPECT_FALSE(MatchesFoldedQuery(text, "dong thap"));
}

TEST(MatchesFoldedQueryTest, EmptyQueryMatchesEverything) {
  EXPECT_TRUE(MatchesFoldedQuery("dong nai", ""));
  EXPECT_TRUE(MatchesFoldedQuery("", ""));
  EXPECT_FALSE(MatchesFoldedQuery("", "dong"));
}

TEST(MatchesQueryTest, FoldsBothSides) {
  EXPECT_TRUE(MatchesQuery("Đồng Nai", "Dong Nai"));
  EXPECT_TRUE(MatchesQuery("Đồng Nai", "đồng"));
  EXPECT_TRUE(MatchesQuery(kDepartment, "LAO ĐỘNG, Đồng Nai"));
  EXPECT_TRUE(MatchesQuery("Quận Gò Vấp", "go vap"));
  EXPECT_TRUE(MatchesQuery("Quận Gò Vấp", "  "));
  EXPECT_FALSE(MatchesQuery("Quận Gò Vấp", "Quận 3"));
  EXPECT_FALSE(MatchesQuery("Đắk Lắk", "Đắk Nông"));
}

}  // namespace
}  // namespace interplan::text
