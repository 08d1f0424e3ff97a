// Tests of the strict, incremental HTTP/1.1 request parser.
#include "common/http/request_parser.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interplan::http {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;
using Result = RequestParser::Result;

RequestLimits SmallLimits() {
  RequestLimits limits;
  limits.max_header_bytes = 256;
  limits.max_header_count = 8;
  limits.max_body_bytes = 32;
  return limits;
}

// The error status `input` gets, or 0 when it parses (or needs more).
int ErrorOf(const std::string& input) {
  RequestParser parser(SmallLimits());
  return parser.Parse(input) == Result::kError ? parser.error_status() : 0;
}

TEST(RequestParserTest, ParsesAWholeRequest) {
  RequestParser parser(SmallLimits());
  const std::string input =
      "POST /v1/plans?unit=79&q=a+b HTTP/1.1\r\n"
      "Host: gateway\r\n"
      "Content-Type:application/json \r\n"
      "X-Tag: a\r\n"
      "x-tag: b\r\n"
      "Content-Length: 5\r\n"
      "\r\n"
      "hello"
      "GET /next HTTP/1.1\r\n";
  ASSERT_EQ(parser.Parse(input), Result::kDone);
  HttpRequest& request = parser.request();
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/v1/plans");
  EXPECT_THAT(request.query, ElementsAre(Pair("q", "a b"), Pair("unit", "79")));
  EXPECT_THAT(request.headers,
              ElementsAre(Pair("content-length", "5"), Pair("content-type", "application/json"),
                          Pair("host", "gateway"), Pair("x-tag", "a, b")));
  EXPECT_EQ(request.body, "hello");
  EXPECT_EQ(parser.consumed(), input.find("GET /next"));
  EXPECT_TRUE(parser.keep_alive());
}

TEST(RequestParserTest, ParsesByteByByte) {
  const std::string input =
      "\r\n"
      "GET /a?x=%41 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyz";
  RequestParser parser(SmallLimits());
  for (size_t n = 1; n < input.size(); ++n) {
    ASSERT_EQ(parser.Parse(input.substr(0, n)), Result::kNeedMore) << n;
  }
  ASSERT_EQ(parser.Parse(input), Result::kDone);
  EXPECT_EQ(parser.request().path, "/a");
  EXPECT_EQ(parser.request().query.at("x"), "A");
  EXPECT_EQ(parser.request().body, "xyz");
  EXPECT_EQ(parser.consumed(), input.size());
}

TEST(RequestParserTest, ResetReadsTheNextRequest) {
  RequestParser parser(SmallLimits());
  const std::string input = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n";
  ASSERT_EQ(parser.Parse(input), Result::kDone);
  const size_t first = parser.consumed();
  parser.Reset();
  ASSERT_EQ(parser.Parse(input.substr(first)), Result::kDone);
  EXPECT_EQ(parser.request().path, "/2");
}

TEST(RequestParserTest, ConnectionSemantics) {
  auto keep_alive = [](const std::string& input) {
    RequestParser parser(SmallLimits());
    EXPECT_EQ(parser.Parse(input), Result::kDone) << input;
    return parser.keep_alive();
  };
  EXPECT_TRUE(keep_alive("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
  EXPECT_FALSE(keep_alive("GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n"));
  EXPECT_FALSE(keep_alive("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade, close\r\n\r\n"));
  EXPECT_FALSE(keep_alive("GET / HTTP/1.0\r\n\r\n"));
  EXPECT_TRUE(keep_alive("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
}

TEST(RequestParserTest, ExpectContinueIsReportedBeforeTheBody) {
  RequestParser parser(SmallLimits());
  std::string input =
      "PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n"
      "Content-Length: 2\r\n\r\n";
  ASSERT_EQ(parser.Parse(input), Result::kNeedMore);
  EXPECT_TRUE(parser.expects_continue());
  input += "ok";
  ASSERT_EQ(parser.Parse(input), Result::kDone);
  EXPECT_EQ(parser.request().body, "ok");
  EXPECT_EQ(ErrorOf("GET / HTTP/1.1\r\nHost: h\r\nExpect: magic\r\n\r\n"), 417);
}

TEST(RequestParserTest, RefusesMalformedRequestLines) {
  EXPECT_EQ(ErrorOf("GARBAGE\r\n\r\n"), 400);
  EXPECT_EQ(ErrorOf("GET  / HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(ErrorOf("GET / HTTP/1.1 \r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(ErrorOf("GET http://x/ HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(ErrorOf("GET /a#frag HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(ErrorOf("G(T / HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(ErrorOf("GET / HTTX/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(ErrorOf("GET /?a=%zz HTTP/1.1\r\nHost: h\r\n\r\n"), 400);
  EXPECT_EQ(ErrorOf("GET / HTTP/2.0\r\nHost: h\r\n\r\n"), 505);
}

TEST(RequestParserTest, RefusesBareLineEndsAtOnce) {
  // No blank line has arrived, yet the error is known.
  EXPECT_EQ(ErrorOf("GET / HTTP/1.1\n"), 400);
  EXPECT_EQ(ErrorOf("GET / HTTP/1.1\rHost: h"), 400);
  EXPECT_EQ(ErrorOf("\n"), 400);
}

TEST(RequestParserTest, RefusesMalformedHeaders) {
  EXPECT_EQ(ErrorOf("GET / HTTP/1.1\r\n\r\n"), 400);  // no Host
  EXPECT_EQ(ErrorOf("GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n"), 400);
  EXPECT_EQ(ErrorOf("GET / HTTP/1.1\r\nHost : h\r\n\r\n"), 400);
  EXPECT_EQ(ErrorOf("GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n"), 400);
  EXPECT_EQ(ErrorOf("GET / HTTP/1.1\r\nHost: h\r\nX: a\x01"
                    "b\r\n\r\n"),
            400);
  EXPECT_EQ(ErrorOf("GET / HTTP/1.1\r\nHost: h\r\nHost: i\r\n\r\n"), 400);
  EXPECT_EQ(ErrorOf("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n"
                    "Content-Length: 1\r\n\r\n"),
            400);
  EXPECT_EQ(ErrorOf("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n"), 400);
  EXPECT_EQ(ErrorOf("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n"), 400);
  EXPECT_EQ(ErrorOf("GET / HTTP/1.1\r\nHost: h\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n"),
            501);
}

TEST(RequestParserTest, EnforcesLimits) {
  EXPECT_EQ(ErrorOf("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 33\r\n\r\n"), 413);
  EXPECT_EQ(ErrorOf("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: "
                    "99999999999999999999999\r\n\r\n"),
            400);
  EXPECT_EQ(ErrorOf("GET /" + std::string(300, 'a')), 414);
  EXPECT_EQ(ErrorOf("GET / HTTP/1.1\r\nHost: h\r\nX: " + std::string(300, 'a')), 431);
  std::string many = "GET / HTTP/1.1\r\nHost: h\r\n";
  for (int i = 0; i < 8; ++i) many += "X" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(ErrorOf(many + "\r\n"), 431);
  std::string empty_lines;
  for (int i = 0; i < 150; ++i) empty_lines += "\r\n";
  EXPECT_EQ(ErrorOf(empty_lines), 400);
}

}  // namespace
}  // namespace interplan::http
