// The Vietnamese words plans use for a target's comparison, with and
// without accents, map to the comparison a reader understands; words that
// leave amount and share open fill nothing; a comparison the words
// contradict is told apart from one they agree with.
#include "common/model/target_comparison.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interplan::plans {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ComparisonsOfWordsTest, AtLeastWordings) {
  for (const char* words : {"ít nhất", "tối thiểu", "phấn đấu đạt", "Phấn đấu", "đạt", "đạt trên",
                            "phấn đấu đạt ít nhất", "trở lên", "không dưới", "tăng lên"}) {
    SCOPED_TRACE(words);
    EXPECT_THAT(ComparisonsOfWords(words), ElementsAre(v1::TARGET_COMPARISON_AT_LEAST));
  }
}

TEST(ComparisonsOfWordsTest, AtMostWordings) {
  for (const char* words : {"dưới", "xuống dưới", "không quá", "tối đa", "giảm xuống dưới",
                            "phấn đấu giảm xuống dưới", "không vượt quá", "giảm xuống còn"}) {
    SCOPED_TRACE(words);
    EXPECT_THAT(ComparisonsOfWords(words), ElementsAre(v1::TARGET_COMPARISON_AT_MOST));
  }
}

TEST(ComparisonsOfWordsTest, AboutAndExactly) {
  EXPECT_THAT(ComparisonsOfWords("khoảng"), ElementsAre(v1::TARGET_COMPARISON_ABOUT));
  EXPECT_THAT(ComparisonsOfWords("đạt khoảng"), ElementsAre(v1::TARGET_COMPARISON_ABOUT));
  EXPECT_THAT(ComparisonsOfWords("xấp xỉ"), ElementsAre(v1::TARGET_COMPARISON_ABOUT));
  EXPECT_THAT(ComparisonsOfWords("bằng"), ElementsAre(v1::TARGET_COMPARISON_EXACTLY));
  EXPECT_THAT(ComparisonsOfWords("đúng"), ElementsAre(v1::TARGET_COMPARISON_EXACTLY));
}

TEST(ComparisonsOfWordsTest, AccentsCaseAndSpacingDoNotMatter) {
  // Typed without accents, in capitals, with a stray accent ("Phân đầu"
  // is how seed 002 prints "Phấn đấu"), with extra spaces and punctuation.
  EXPECT_THAT(ComparisonsOfWords("phan dau dat"), ElementsAre(v1::TARGET_COMPARISON_AT_LEAST));
  EXPECT_THAT(ComparisonsOfWords("PHẤN ĐẤU ĐẠT"), ElementsAre(v1::TARGET_COMPARISON_AT_LEAST));
  EXPECT_THAT(ComparisonsOfWords("Phân đầu"), ElementsAre(v1::TARGET_COMPARISON_AT_LEAST));
  EXPECT_THAT(ComparisonsOfWords("  xuống   dưới, "), ElementsAre(v1::TARGET_COMPARISON_AT_MOST));
  EXPECT_THAT(ComparisonsOfWords("khong qua"), ElementsAre(v1::TARGET_COMPARISON_AT_MOST));
}

TEST(ComparisonsOfWordsTest, IncreaseAndDecreaseLeaveAmountOrShareOpen) {
  EXPECT_THAT(ComparisonsOfWords("tăng"), ElementsAre(v1::TARGET_COMPARISON_INCREASE_BY,
                                                      v1::TARGET_COMPARISON_INCREASE_BY_SHARE));
  EXPECT_THAT(
      ComparisonsOfWords("tăng thêm"),
      ElementsAre(v1::TARGET_COMPARISON_INCREASE_BY, v1::TARGET_COMPARISON_INCREASE_BY_SHARE));
  EXPECT_THAT(ComparisonsOfWords("giảm"), ElementsAre(v1::TARGET_COMPARISON_DECREASE_BY,
                                                      v1::TARGET_COMPARISON_DECREASE_BY_SHARE));
}

TEST(ComparisonsOfWordsTest, UnknownOrEmptyWordsMeanNothing) {
  EXPECT_THAT(ComparisonsOfWords(""), IsEmpty());
  EXPECT_THAT(ComparisonsOfWords("  "), IsEmpty());
  EXPECT_THAT(ComparisonsOfWords("hoàn thành"), IsEmpty());
  // A known word inside other words is not taken for the comparison.
  EXPECT_THAT(ComparisonsOfWords("dưới sự chỉ đạo"), IsEmpty());
  EXPECT_THAT(ComparisonsOfWords("đạtx"), IsEmpty());
}

TEST(FillComparisonFromWordsTest, FillsOnlyWhenTheWordsDecide) {
  v1::Target target;
  target.set_comparison_words("phấn đấu đạt");
  EXPECT_TRUE(FillComparisonFromWords(&target));
  EXPECT_EQ(target.comparison(), v1::TARGET_COMPARISON_AT_LEAST);

  v1::Target increase;
  increase.set_comparison_words("tăng");
  EXPECT_FALSE(FillComparisonFromWords(&increase));
  EXPECT_EQ(increase.comparison(), v1::TARGET_COMPARISON_UNSPECIFIED);

  v1::Target given;
  given.set_comparison(v1::TARGET_COMPARISON_ABOUT);
  given.set_comparison_words("dưới");
  EXPECT_FALSE(FillComparisonFromWords(&given));
  EXPECT_EQ(given.comparison(), v1::TARGET_COMPARISON_ABOUT);
}

TEST(ComparisonAgreesWithWordsTest, ContradictionIsToldApart) {
  v1::Target target;
  target.set_comparison_words("dưới");
  target.set_comparison(v1::TARGET_COMPARISON_AT_MOST);
  EXPECT_TRUE(ComparisonAgreesWithWords(target));
  target.set_comparison(v1::TARGET_COMPARISON_AT_LEAST);
  EXPECT_FALSE(ComparisonAgreesWithWords(target));
  target.set_comparison_words("giảm");
  target.set_comparison(v1::TARGET_COMPARISON_DECREASE_BY_SHARE);
  EXPECT_TRUE(ComparisonAgreesWithWords(target));
  target.set_comparison(v1::TARGET_COMPARISON_INCREASE_BY);
  EXPECT_FALSE(ComparisonAgreesWithWords(target));
  // Words this function does not know cannot contradict anything.
  target.set_comparison_words("hoàn thành");
  EXPECT_TRUE(ComparisonAgreesWithWords(target));
}

}  // namespace
}  // namespace interplan::plans
