// Tests of query string decoding: percent-escapes, '+', empty and repeated
// keys, parameters that are not UTF-8 text, and a bounded random-mutation
// run of the parser.
#include "common/http/query_string.h"

#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/text/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/http/fuzz_budget.h"

namespace interplan::http {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
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

TEST(ParseQueryStringTest, EmptyPairsAreSkipped) {
  auto query = ParseQueryString("&a=1&&b=x%3Dy&");
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_THAT(*query, ElementsAre(Pair("a", "1"), Pair("b", "x=y")));
  EXPECT_THAT(*ParseQueryString(""), IsEmpty());
}

TEST(ParseQueryStringTest, ARepeatedKeyIsRefusedByName) {
  auto query = ParseQueryString("year=2022&unit=51&year=2023");
  ASSERT_FALSE(query.ok());
  EXPECT_EQ(query.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(query.status().message(), HasSubstr("\"year\" is given more than once"));
  // The same key spelled with an escape is the same key.
  EXPECT_FALSE(ParseQueryString("a=1&%61=2").ok());
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

TEST(ParseQueryStringTest, RefusesParametersThatAreNotUtf8TextNamingThem) {
  struct Case {
    const char* query;
    const char* named;  // as sent
  };
  for (const Case& c :
       {Case{"unit=%ff%fe", "\"unit\""}, Case{"agency=%c3%28", "\"agency\""},
        Case{"year=2022&indicator=%ff", "\"indicator\""}, Case{"unit=51%00x", "\"unit\""},
        Case{"unit=%00", "\"unit\""}, Case{"a%ffb=1", "\"a%ffb\""}, Case{"a%00=1", "\"a%00\""},
        Case{"x=%ed%a0%80", "\"x\""},  // a surrogate
        Case{"x=%c0%af", "\"x\""}}) {  // an overlong '/'
    absl::StatusOr<std::map<std::string, std::string>> query = ParseQueryString(c.query);
    ASSERT_EQ(query.status().code(), absl::StatusCode::kInvalidArgument) << c.query;
    EXPECT_THAT(std::string(query.status().message()), ::testing::HasSubstr(c.named)) << c.query;
  }
  // Valid multi-byte text passes.
  EXPECT_TRUE(ParseQueryString("name=%E1%BB%93&r%C3%A9q=1").ok());
}

// Random queries built from pieces that matter to the parser (escapes of
// every byte, '+', '&', '=', stray '%'): the parser never crashes, and
// whatever it accepts is UTF-8 text without NUL in every name and value.
TEST(ParseQueryStringTest, RandomQueriesNeverYieldBadText) {
  const absl::Duration budget = FuzzBudget(absl::Seconds(1));
  std::mt19937_64 random(20261205);
  const char* pieces[] = {"a",   "=",         "&",    "+",         "%",   "%2",
                          "%41", "%C3",       "%A9",  "%E1%BB%93", "%ff", "%00",
                          "%80", "%ED%A0%80", "unit", "51",        "%zz", "é"};
  const absl::Time end = absl::Now() + budget;
  int64_t runs = 0;
  while (absl::Now() < end) {
    for (int batch = 0; batch < 256; ++batch, ++runs) {
      std::string query;
      const int length = static_cast<int>(random() % 12);
      for (int i = 0; i < length; ++i) {
        if (random() % 8 == 0) {
          query.push_back(static_cast<char>(random() % 256));
        } else {
          query += pieces[random() % (sizeof(pieces) / sizeof(pieces[0]))];
        }
      }
      absl::StatusOr<std::map<std::string, std::string>> parsed = ParseQueryString(query);
      if (!parsed.ok()) {
        ASSERT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << query;
        continue;
      }
      for (const auto& [key, value] : *parsed) {
        ASSERT_TRUE(text::IsValidUtf8(key) && text::IsValidUtf8(value)) << query;
        ASSERT_EQ(key.find('\0'), std::string::npos) << query;
        ASSERT_EQ(value.find('\0'), std::string::npos) << query;
      }
    }
  }
  std::printf("query parser: %lld random queries, 0 crashes\n", static_cast<long long>(runs));
  EXPECT_GT(runs, 1000);
}

}  // namespace
}  // namespace interplan::http
