// The HTTP conventions' building blocks, alone: query parameters in either
// case, CORS by allow-list, gzip by Accept-Encoding, weak ETags and
// If-None-Match, and Google's JSON error body.
#include <zlib.h>

#include <string>

#include "absl/strings/match.h"
#include "common/errors/errors.h"
#include "common/http/cors.h"
#include "common/http/etag.h"
#include "common/http/gzip.h"
#include "common/http/json_error.h"
#include "common/http/query_params.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interplan::http {
namespace {

using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

HttpRequest WithQuery(std::map<std::string, std::string> query) {
  HttpRequest request;
  request.path = "/v1/test";
  request.query = std::move(query);
  return request;
}

HttpRequest WithHeader(const std::string& name, const std::string& value) {
  HttpRequest request;
  request.headers[name] = value;
  return request;
}

std::string HeaderOf(const HttpResponse& response, const std::string& name) {
  for (const auto& [n, v] : response.headers) {
    if (n == name) return v;
  }
  return "(none)";
}

TEST(QueryParamsTest, SnakeAndLowerCamelCaseNameTheSameParameter) {
  EXPECT_EQ(LowerCamelCase("as_of"), "asOf");
  EXPECT_EQ(LowerCamelCase("units_as_of"), "unitsAsOf");
  EXPECT_EQ(LowerCamelCase("year"), "year");
  absl::StatusOr<QueryParams> params =
      QueryParams::Read(WithQuery({{"asOf", "2022-12-31"}, {"year", "2022"}}), {"as_of", "year"});
  ASSERT_TRUE(params.ok()) << params.status();
  EXPECT_THAT(params->values(),
              UnorderedElementsAre(Pair("as_of", "2022-12-31"), Pair("year", "2022")));
}

TEST(QueryParamsTest, UnknownAndDoublySpeltParametersAreRefusedByName) {
  absl::StatusOr<QueryParams> unknown =
      QueryParams::Read(WithQuery({{"yeer", "2022"}, {"As_of", "x"}}), {"as_of", "year"});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(unknown.status())) fields.push_back(v.field);
  EXPECT_THAT(fields, UnorderedElementsAre("As_of", "yeer"));
  absl::StatusOr<QueryParams> twice =
      QueryParams::Read(WithQuery({{"as_of", "a"}, {"asOf", "b"}}), {"as_of"});
  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(twice.status().message(), HasSubstr("as_of"));
}

TEST(CorsPolicyTest, OffByDefaultAndOnlyForListedOrigins) {
  HttpRequest from_app = WithHeader("origin", "https://app.gov.vn");
  HttpResponse response;
  CorsPolicy().Decorate(from_app, {"ETag"}, response);
  EXPECT_TRUE(response.headers.empty());

  absl::StatusOr<CorsPolicy> policy = CorsPolicy::FromList("https://app.gov.vn, http://x:8080");
  ASSERT_TRUE(policy.ok()) << policy.status();
  policy->Decorate(from_app, {"ETag"}, response);
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Origin"), "https://app.gov.vn");
  EXPECT_EQ(HeaderOf(response, "Access-Control-Expose-Headers"), "ETag");
  HttpResponse other;
  policy->Decorate(WithHeader("origin", "https://evil.example"), {}, other);
  EXPECT_EQ(HeaderOf(other, "Access-Control-Allow-Origin"), "(none)");
  EXPECT_EQ(HeaderOf(other, "Vary"), "Origin");

  EXPECT_EQ(policy->Preflight(from_app, "GET, HEAD").status, 204);
  EXPECT_EQ(policy->Preflight(WithHeader("origin", "https://evil.example"), "GET").status, 403);
  EXPECT_FALSE(CorsPolicy::FromList("app.gov.vn").ok());
  EXPECT_FALSE(CorsPolicy::FromList("https://app.gov.vn/path").ok());
}

TEST(GzipTest, OnlyWhenAcceptedAndRoundTrips) {
  EXPECT_TRUE(AcceptsGzip(WithHeader("accept-encoding", "gzip, deflate, br")));
  EXPECT_TRUE(AcceptsGzip(WithHeader("accept-encoding", "*")));
  EXPECT_FALSE(AcceptsGzip(WithHeader("accept-encoding", "gzip;q=0, br")));
  EXPECT_FALSE(AcceptsGzip(WithHeader("accept-encoding", "identity")));
  EXPECT_FALSE(AcceptsGzip(HttpRequest()));

  const std::string text(5000, 'a');
  absl::StatusOr<std::string> compressed = Gzip(text);
  ASSERT_TRUE(compressed.ok());
  std::string out(text.size(), '\0');
  uLongf out_size = out.size();
  z_stream stream{};
  ASSERT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  stream.next_in = reinterpret_cast<Bytef*>(compressed->data());
  stream.avail_in = compressed->size();
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = out_size;
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  inflateEnd(&stream);
  EXPECT_EQ(out, text);

  HttpResponse small{200, "text/plain", "tiny", {}};
  CompressIfAccepted(WithHeader("accept-encoding", "gzip"), small);
  EXPECT_EQ(small.body, "tiny");
  EXPECT_EQ(HeaderOf(small, "Vary"), "Accept-Encoding");
}

TEST(EtagTest, WeakTagsMatchIfNoneMatchLists) {
  const std::string tag = WeakEtag("view-key");
  EXPECT_TRUE(absl::StartsWith(tag, "W/\""));
  EXPECT_EQ(tag, WeakEtag("view-key"));
  EXPECT_NE(tag, WeakEtag("other-key"));
  EXPECT_TRUE(IfNoneMatchMatches(WithHeader("if-none-match", tag), tag));
  EXPECT_TRUE(IfNoneMatchMatches(WithHeader("if-none-match", "\"a\", " + tag), tag));
  EXPECT_TRUE(IfNoneMatchMatches(WithHeader("if-none-match", "*"), tag));
  EXPECT_FALSE(IfNoneMatchMatches(WithHeader("if-none-match", "W/\"a\""), tag));
  EXPECT_FALSE(IfNoneMatchMatches(HttpRequest(), tag));
}

TEST(JsonErrorTest, GooglesShapeWithTheCanonicalCodesName) {
  HttpResponse response = JsonErrorResponse(401, "no \"key\"");
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(response.body,
            "{\"error\":{\"code\":401,\"message\":\"no \\\"key\\\"\",\"status\":"
            "\"UNAUTHENTICATED\",\"details\":[]}}\n");
  EXPECT_EQ(HeaderOf(response, "WWW-Authenticate"), "Bearer");
  EXPECT_THAT(JsonErrorResponse(405, "x").body, HasSubstr("\"UNIMPLEMENTED\""));
  EXPECT_THAT(JsonErrorResponse(413, "x").body, HasSubstr("\"INVALID_ARGUMENT\""));
  EXPECT_THAT(JsonErrorResponse(503, "x").body, HasSubstr("\"UNAVAILABLE\""));
}

}  // namespace
}  // namespace interplan::http
