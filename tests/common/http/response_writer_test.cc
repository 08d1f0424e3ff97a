// Tests of response serialisation: framing headers, reserved and unsafe
// handler headers, bodiless statuses, and the Date format.
#include "common/http/response_writer.h"

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interplan::http {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(1994, 11, 6, 8, 49, 37), absl::UTCTimeZone());

TEST(HttpDateTest, IsImfFixdate) {
  EXPECT_EQ(HttpDate(kNow), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(HttpDate(absl::FromCivil(absl::CivilSecond(2025, 7, 1, 0, 0, 5), absl::UTCTimeZone())),
            "Tue, 01 Jul 2025 00:00:05 GMT");
}

TEST(WriteResponseTest, WritesExactBytes) {
  HttpResponse response;
  response.status = 200;
  response.content_type = "application/json";
  response.body = "{\"ok\":true}";
  response.headers = {{"Cache-Control", "no-store"}};
  EXPECT_EQ(WriteResponse(response, ConnectionAfter::kKeepAlive, kNow),
            "HTTP/1.1 200 OK\r\n"
            "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            "Content-Type: application/json\r\n"
            "Content-Length: 11\r\n"
            "Cache-Control: no-store\r\n"
            "\r\n"
            "{\"ok\":true}");
}

TEST(WriteResponseTest, ConnectionHeaderFollowsTheDecision) {
  HttpResponse response;
  EXPECT_THAT(WriteResponse(response, ConnectionAfter::kClose, kNow),
              HasSubstr("\r\nConnection: close\r\n"));
  EXPECT_THAT(WriteResponse(response, ConnectionAfter::kKeepAliveExplicit, kNow),
              HasSubstr("\r\nConnection: keep-alive\r\n"));
  EXPECT_THAT(WriteResponse(response, ConnectionAfter::kKeepAlive, kNow),
              Not(HasSubstr("Connection")));
}

TEST(WriteResponseTest, DropsReservedAndUnsafeHeaders) {
  HttpResponse response;
  response.body = "abc";
  response.headers = {{"Content-Length", "12345"},
                      {"connection", "keep-alive"},
                      {"Transfer-Encoding", "chunked"},
                      {"X-Injected", "a\r\nSet-Cookie: x=1"},
                      {"Bad Name", "v"},
                      {"X-Fine", "yes"}};
  const std::string bytes = WriteResponse(response, ConnectionAfter::kKeepAlive, kNow);
  EXPECT_THAT(bytes, HasSubstr("Content-Length: 3\r\n"));
  EXPECT_THAT(bytes, Not(HasSubstr("12345")));
  EXPECT_THAT(bytes, Not(HasSubstr("chunked")));
  EXPECT_THAT(bytes, Not(HasSubstr("Set-Cookie")));
  EXPECT_THAT(bytes, Not(HasSubstr("Bad Name")));
  EXPECT_THAT(bytes, HasSubstr("X-Fine: yes\r\n"));
}

TEST(WriteResponseTest, NoContentHasNoBodyAndNoLength) {
  HttpResponse response;
  response.status = 204;
  response.body = "ignored";
  const std::string bytes = WriteResponse(response, ConnectionAfter::kKeepAlive, kNow);
  EXPECT_EQ(bytes,
            "HTTP/1.1 204 No Content\r\n"
            "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n");
}

TEST(WriteResponseTest, ImpossibleStatusBecomes500) {
  HttpResponse response;
  response.status = 42;
  EXPECT_THAT(WriteResponse(response, ConnectionAfter::kKeepAlive, kNow),
              HasSubstr("HTTP/1.1 500 Internal Server Error\r\n"));
}

TEST(ErrorResponseTest, SaysTheStatusAndDetail) {
  HttpResponse response = ErrorResponse(413, "too big");
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.body, "413 Content Too Large: too big\n");
  EXPECT_EQ(ErrorResponse(404).body, "404 Not Found\n");
}

}  // namespace
}  // namespace interplan::http
