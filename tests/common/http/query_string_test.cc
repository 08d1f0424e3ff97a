// Tests of query string decoding: percent-escapes, '+', empty and repeated keys.
#include "common/http/query_string.h"

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interplan::http {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(PercentDecodeTest, DecodesEscapesAndPlus) {
  EXPECT_EQ(*PercentDecode("%C4%90%E1%BB%93ng+Nai", true), "Đồng Nai");
  EXPECT_EQ(*PercentDecode("a+b%2Bc", true), "a b+c");
  EXPECT_EQ(*PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(*PercentDecode("%2f%2F", true), "//");
  EXPECT_EQ(*PercentDecode("%00", true), std::string(1, '\0'));
  EXPECT_EQ(*PercentDecode("", true), "");
}

TEST(PercentDecodeTest, RefusesBrokenEscapes) {
  for (const char* bad : {"%", "%4", "%zz", "a%g0", "100%"}) {
    EXPECT_EQ(PercentDecode(bad, true).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(ParseQueryStringTest, SplitsAndDecodes) {
  auto query = ParseQueryString("unit=79&name=%C4%90%E1%BB%93ng+Nai&flag&e=");
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_THAT(*query, ElementsAre(Pair("e", ""), Pair("flag", ""), Pair("name", "Đồng Nai"),
                                  Pair("unit", "79")));
}

TEST(ParseQueryStringTest, FirstValueWinsAndEmptyPairsAreSkipped) {
  auto query = ParseQueryString("&a=1&&a=2&b=x%3Dy&");
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_THAT(*query, ElementsAre(Pair("a", "1"), Pair("b", "x=y")));
  EXPECT_THAT(*ParseQueryString(""), IsEmpty());
}

TEST(ParseQueryStringTest, KeysAreDecodedToo) {
  auto query = ParseQueryString("page+size=10&%61=b");
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_THAT(*query, ElementsAre(Pair("a", "b"), Pair("page size", "10")));
}

TEST(ParseQueryStringTest, RefusesBrokenEscapes) {
  EXPECT_FALSE(ParseQueryString("a=%G1").ok());
  EXPECT_FALSE(ParseQueryString("%=1").ok());
}

}  // namespace
}  // namespace interplan::http
