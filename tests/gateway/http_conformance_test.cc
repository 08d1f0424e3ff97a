// The gateway's HTTP face against its own description, through the real
// binaries (authentication on, the view cache in a real Redis, seed plans
// pushed, a campaign created): every path /openapi.json lists is called
// with GET and HEAD and each answer validated against the document's
// schema for it (tests/support/json_schema.h); and the conventions
// docs/http.md promises, each as a client sees it: parameters in
// snake_case or lowerCamelCase, unknown, repeated and doubly spelt ones
// refused naming them; Google's JSON error shape for 400, 401 (with
// WWW-Authenticate), 403, 404 and 405 (with Allow); CORS for the listed
// origin only; ETag and If-None-Match -> 304 until a write moves the
// version counters; gzip; CSV with a byte-order mark. And docs/openapi.json
// is the document served.
#include <zlib.h>

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "interplan/campaigns/v1/campaigns.grpc.pb.h"
#include "tests/support/action_month_request.h"
#include "tests/support/http_get.h"
#include "tests/support/json_schema.h"
#include "tests/support/redis_server.h"
#include "tests/support/secured_agencies.h"
#include "tests/support/secured_suite.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"

namespace interplan {
namespace {

using google::protobuf::Value;
using ::testing::HasSubstr;
using testing::HttpCall;
using testing::HttpResult;
using ::testing::IsEmpty;
using testing::JsonPointer;
using testing::JsonSchemaValidator;
using ::testing::Not;
using testing::ParseJson;

constexpr char kListedOrigin[] = "https://app.molisa.gov.vn";
constexpr char kCsvBom[] = "\xEF\xBB\xBF";

// "/v1/plans" -> "~1v1~1plans" (a JSON pointer token).
std::string Token(const std::string& name) {
  std::string out;
  for (char c : name) out += c == '/' ? "~1" : c == '~' ? "~0" : std::string(1, c);
  return out;
}

std::string Gunzip(const std::string& compressed) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return "(inflateInit2 failed)";
  std::string out;
  char buffer[16384];
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof(buffer);
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof(buffer) - stream.avail_out);
  }
  inflateEnd(&stream);
  return result == Z_STREAM_END ? out : "(not gzip)";
}

class HttpConformanceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis = testing::RedisServer::Create();
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = redis->release();
    absl::StatusOr<std::unique_ptr<testing::SecuredSuite>> suite = testing::SecuredSuite::Start(
        {.gateway = true,
         .extra_args = {absl::StrCat("--redis_url=", redis_->Url())},
         .gateway_args = {absl::StrCat("--http_cors_origins=", kListedOrigin)}});
    ASSERT_TRUE(suite.ok()) << suite.status();
    suite_ = suite->release();
    ASSERT_TRUE(suite_->PushSeedPlans().ok());
    CreateCampaign();
    HttpResult document = HttpCall(suite_->gateway_http_port(), "GET", "/openapi.json");
    ASSERT_EQ(document.status, 200) << document.error << document.body;
    absl::StatusOr<Value> parsed = ParseJson(document.body);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    document_ = new Value(*parsed);
  }
  static void TearDownTestSuite() {
    delete document_;
    delete suite_;
    delete redis_;
  }
  void SetUp() override {
    ASSERT_NE(suite_, nullptr);
    ASSERT_NE(document_, nullptr);
  }

  static void CreateCampaign() {
    absl::StatusOr<std::string> key = suite_->KeyFor("moha");
    ASSERT_TRUE(key.ok()) << key.status();
    auto stub = campaigns::v1::CampaignService::NewStub(suite_->campaigns()->NewChannel());
    campaigns::v1::Campaign campaign;
    grpc::Status status = stub->CreateCampaign(testing::CallAs(*key).get(),
                                               testing::ActionMonthRequest(2025), &campaign);
    ASSERT_TRUE(status.ok()) << status.error_message();
    campaign_ = new std::string(campaign.name());
  }

  static int port() { return suite_->gateway_http_port(); }

  static std::string Bearer(const std::string& agency) {
    absl::StatusOr<std::string> key = suite_->KeyFor(agency);
    EXPECT_TRUE(key.ok()) << key.status();
    return absl::StrCat("Bearer ", key.ok() ? *key : "");
  }

  static HttpResult Get(const std::string& target,
                        std::vector<std::pair<std::string, std::string>> headers = {},
                        const std::string& method = "GET") {
    headers.emplace_back("Authorization", Bearer("moha"));
    return HttpCall(port(), method, target, headers);
  }

  // The first plan of the seed plans, by name.
  static std::string FirstPlan() {
    HttpResult plans = Get("/v1/plans");
    absl::StatusOr<Value> json = ParseJson(plans.body);
    const Value* name = json.ok() ? JsonPointer(*json, "/plans/0/name") : nullptr;
    EXPECT_NE(name, nullptr) << plans.body.substr(0, 300);
    return name == nullptr ? "" : name->string_value();
  }

  // Each documented path with a query that reads real seed data.
  static std::map<std::string, std::string> Queries() {
    const std::string plan = FirstPlan();
    return {
        {"/v1/overview/national", "?year=2022"},
        {"/v1/overview/province", "?unit=51&year=2022"},
        {"/v1/indicator-progress", "?indicator=NSGE-1.1&year=2022"},
        {"/v1/agency-workload", "?agency=quang-ngai-so-noi-vu&year=2022"},
        {"/v1/indicators", ""},
        {"/v1/indicator", "?name=NSGE-1.1"},
        {"/v1/rollup", "?indicator=NSGE-1.1&unit=51&period=2022&by_child=true"},
        {"/v1/compliance", "?unit=51&period=2022"},
        {"/v1/target-progress", absl::StrCat("?plan=", plan)},
        {"/v1/plans", "?year=2022"},
        {"/v1/plan", absl::StrCat("?name=", plan)},
        {"/v1/plan-revisions", absl::StrCat("?name=", plan)},
        {"/v1/campaigns", ""},
        {"/v1/campaign-summary", absl::StrCat("?campaign=", *campaign_)},
        {"/v1/session", ""},
        {"/openapi.json", ""},
        {"/healthz", ""},
        {"/metrics", ""},
    };
  }

  // Problems of `body` against the schema of `path`'s GET answer `status`
  // in `content_type`.
  static std::vector<std::string> Check(const std::string& path, int status,
                                        const std::string& body) {
    const std::string responses = absl::StrCat("/paths/", Token(path), "/get/responses/");
    const Value* response = JsonPointer(*document_, responses + std::to_string(status));
    if (response == nullptr) response = JsonPointer(*document_, responses + "default");
    if (response == nullptr) return {absl::StrCat("no response ", status, " documented")};
    JsonSchemaValidator validator(*document_);
    // A response given by reference.
    if (const Value* ref = JsonPointer(*response, "/$ref"); ref != nullptr) {
      response = JsonPointer(*document_, ref->string_value().substr(1));
    }
    const Value* schema = JsonPointer(*response, "/content/application~1json/schema");
    if (schema == nullptr) return {"no JSON schema documented"};
    absl::StatusOr<Value> json = ParseJson(body);
    if (!json.ok()) return {std::string(json.status().message())};
    return validator.Validate(*json, *schema);
  }

  static void ExpectError(const HttpResult& result, int status, const std::string& name) {
    EXPECT_EQ(result.status, status) << result.body;
    EXPECT_EQ(result.content_type, "application/json; charset=utf-8");
    JsonSchemaValidator validator(*document_);
    absl::StatusOr<Value> json = ParseJson(result.body);
    ASSERT_TRUE(json.ok()) << result.body;
    EXPECT_THAT(validator.Validate(*json, *JsonPointer(*document_, "/components/schemas/Error")),
                IsEmpty())
        << result.body;
    EXPECT_EQ(JsonPointer(*json, "/error/code")->number_value(), status);
    EXPECT_EQ(JsonPointer(*json, "/error/status")->string_value(), name);
  }

  static testing::RedisServer* redis_;
  static testing::SecuredSuite* suite_;
  static Value* document_;
  static std::string* campaign_;
};

testing::RedisServer* HttpConformanceTest::redis_ = nullptr;
testing::SecuredSuite* HttpConformanceTest::suite_ = nullptr;
Value* HttpConformanceTest::document_ = nullptr;
std::string* HttpConformanceTest::campaign_ = nullptr;

TEST_F(HttpConformanceTest, EveryDocumentedPathAnswersItsSchemaToGetAndHead) {
  const std::map<std::string, std::string> queries = Queries();
  const Value* paths = JsonPointer(*document_, "/paths");
  ASSERT_NE(paths, nullptr);
  std::set<std::string> documented;
  for (const auto& [path, item] : paths->struct_value().fields()) {
    documented.insert(path);
    auto query = queries.find(path);
    ASSERT_NE(query, queries.end()) << path << " is documented but this test has no query for it";
    const std::string target = path + query->second;
    Get(target);  // a view is cached after its first answer; compare the cached ones
    HttpResult get = Get(target);
    EXPECT_EQ(get.status, 200) << target << ": " << get.error << get.body;
    if (path != "/metrics") EXPECT_THAT(Check(path, get.status, get.body), IsEmpty()) << target;
    HttpResult head = Get(target, {}, "HEAD");
    EXPECT_EQ(head.status, get.status) << target;
    EXPECT_EQ(head.body, "") << target;
    EXPECT_EQ(head.content_type, get.content_type) << target;
    if (path != "/metrics" && path != "/healthz") {
      // A view says whether it came from the cache ("fromCache": true or
      // false, one byte apart), which may change between two calls.
      size_t length = 0;
      EXPECT_TRUE(absl::SimpleAtoi(head.headers["content-length"], &length)) << target;
      const size_t slack = absl::StrContains(get.body, "\"fromCache\":") ? 1 : 0;
      EXPECT_LE(length, get.body.size() + slack) << target;
      EXPECT_GE(length + slack, get.body.size()) << target;
    }
    EXPECT_EQ(head.headers["etag"], get.headers["etag"]) << target;
    // A tabular read also answers in CSV.
    if (JsonPointer(item, "/get/responses/200/content/text~1csv") != nullptr) {
      HttpResult csv = Get(absl::StrCat(target, query->second.empty() ? "?" : "&", "format=csv"));
      EXPECT_EQ(csv.status, 200) << target << ": " << csv.body;
      EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8") << target;
      EXPECT_TRUE(absl::StartsWith(csv.body, kCsvBom)) << target;
    }
  }
  for (const auto& [path, query] : queries) {
    EXPECT_TRUE(documented.count(path) > 0) << path << " is not in /openapi.json";
  }
}

// The validator the tests rely on sees what is wrong (so that an empty
// list of problems means something).
TEST_F(HttpConformanceTest, TheValidatorCatchesWhatIsWrong) {
  JsonSchemaValidator validator(*document_);
  const Value& error = *JsonPointer(*document_, "/components/schemas/Error");
  absl::StatusOr<Value> good = ParseJson(
      R"({"error": {"code": 404, "message": "m", "status": "NOT_FOUND", "details": []}})");
  ASSERT_TRUE(good.ok());
  EXPECT_THAT(validator.Validate(*good, error), IsEmpty());
  for (const char* bad :
       {R"({"error": {"code": "404", "message": "m", "status": "NOT_FOUND", "details": []}})",
        R"({"error": {"code": 404, "message": "m", "status": "GONE", "details": []}})",
        R"({"error": {"code": 404, "message": "m", "details": []}})",
        R"({"error": {"code": 404, "message": "m", "status": "NOT_FOUND", "details": [{}]}})",
        R"({"error": {"code": 404.5, "message": "m", "status": "NOT_FOUND", "details": []}})",
        R"({"error": {"code": 404, "message": "m", "status": "NOT_FOUND", "details": [],
                      "extra": 1}})"}) {
    absl::StatusOr<Value> json = ParseJson(bad);
    ASSERT_TRUE(json.ok()) << bad;
    EXPECT_THAT(validator.Validate(*json, error), Not(IsEmpty())) << bad;
  }
  // An answer: int64 as a string, a date, an enum.
  const Value& plan = *JsonPointer(*document_, "/components/schemas/interplan.plans.v1.Plan");
  absl::StatusOr<Value> wrong_revision = ParseJson(R"({"revision": 3})");
  ASSERT_TRUE(wrong_revision.ok());
  EXPECT_THAT(validator.Validate(*wrong_revision, plan), Not(IsEmpty()));
}

// docs/openapi.json is the served description, for readers without a
// gateway at hand; the gateway's own is the one that counts.
TEST_F(HttpConformanceTest, TheCommittedDescriptionIsTheServedOne) {
  HttpResult served = HttpCall(port(), "GET", "/openapi.json");
  ASSERT_EQ(served.status, 200);
  if (served.body == testing::ReadFileOrEmpty(testing::SourcePath("docs/openapi.json"))) return;
  const std::string fresh = testing::BuildPath("openapi.json");
  std::ofstream(fresh) << served.body;
  ADD_FAILURE() << "docs/openapi.json is not what the gateway serves; the served one is in "
                << fresh << ": cp " << fresh << " docs/openapi.json";
}

TEST_F(HttpConformanceTest, ParametersInEitherCaseUnknownOrRepeatedOnesRefusedByName) {
  HttpResult snake = Get("/v1/overview/national?year=2022&as_of=2022-12-31");
  HttpResult camel = Get("/v1/overview/national?year=2022&asOf=2022-12-31");
  HttpResult merged = Get("/v1/overview/national?year=2022&asOf=2025-12-31");
  ASSERT_EQ(snake.status, 200) << snake.body;
  ASSERT_EQ(camel.status, 200) << camel.body;
  ASSERT_EQ(merged.status, 200) << merged.body;
  // The same question, so the same tag; asOf is not ignored: the hierarchy
  // of 2022-12-31 (63 provinces) is not the one after the 2025 merger (34).
  EXPECT_EQ(snake.headers["etag"], camel.headers["etag"]);
  EXPECT_NE(camel.headers["etag"], merged.headers["etag"]);
  absl::StatusOr<Value> old_rows = ParseJson(camel.body);
  absl::StatusOr<Value> new_rows = ParseJson(merged.body);
  ASSERT_TRUE(old_rows.ok() && new_rows.ok());
  EXPECT_GT(JsonPointer(*old_rows, "/rows")->list_value().values_size(),
            JsonPointer(*new_rows, "/rows")->list_value().values_size());

  struct Case {
    std::string target;
    std::string field;
  };
  for (const Case& c :
       {Case{"/v1/overview/national?year=2022&yeer=1", "yeer"},
        Case{"/v1/overview/national?year=2022&as_of=2022-12-31&asOf=2022-12-31", "as_of"},
        Case{"/v1/overview/national?year=abc", "year"},
        Case{"/v1/plan?name=x&format=csv", "format"}, Case{"/v1/plans?format=xml", "format"},
        Case{"/v1/plans?status=NOT_A_STATUS", "status"}}) {
    HttpResult result = Get(c.target);
    ExpectError(result, 400, "INVALID_ARGUMENT");
    absl::StatusOr<Value> json = ParseJson(result.body);
    ASSERT_TRUE(json.ok());
    const Value* field = nullptr;
    for (int i = 0; field == nullptr && i < 4; ++i) {
      field = JsonPointer(*json, absl::StrCat("/error/details/", i, "/fieldViolations/0/field"));
    }
    ASSERT_NE(field, nullptr) << c.target << ": " << result.body;
    EXPECT_EQ(field->string_value(), c.field) << c.target;
  }
  ExpectError(Get("/healthz?verbose=1"), 400, "INVALID_ARGUMENT");
  HttpResult repeated = Get("/v1/overview/national?year=2022&year=2023");
  ExpectError(repeated, 400, "INVALID_ARGUMENT");
  EXPECT_THAT(repeated.body, HasSubstr("\\\"year\\\" is given more than once"));
}

TEST_F(HttpConformanceTest, EveryErrorIsInGooglesJsonShape) {
  ExpectError(Get("/v1/nowhere"), 404, "NOT_FOUND");
  HttpResult wrong_method = Get("/v1/plans", {}, "DELETE");
  ExpectError(wrong_method, 405, "UNIMPLEMENTED");
  EXPECT_EQ(wrong_method.headers["allow"], "GET, HEAD, OPTIONS");
  HttpResult anonymous = HttpCall(port(), "GET", "/v1/plans");
  ExpectError(anonymous, 401, "UNAUTHENTICATED");
  EXPECT_EQ(anonymous.headers["www-authenticate"], "Bearer");
  // A province's key reads its own province, not another (as over gRPC).
  const std::vector<std::pair<std::string, std::string>> quang_ngai = {
      {"Authorization", Bearer("quang-ngai-so-noi-vu")}};
  EXPECT_EQ(HttpCall(port(), "GET", "/v1/overview/province?unit=51&year=2022", quang_ngai).status,
            200);
  ExpectError(HttpCall(port(), "GET", "/v1/overview/province?unit=75&year=2022", quang_ngai), 403,
              "PERMISSION_DENIED");
  ExpectError(Get("/v1/plan?name=plans/no-such-plan"), 404, "NOT_FOUND");
}

// A service's read answers the caller, relayed, not the gateway: Quảng
// Ngãi's key rolls up Quảng Ngãi, not Đắk Lắk (as over gRPC).
TEST_F(HttpConformanceTest, ServiceReadsFollowTheCallersJurisdiction) {
  const std::vector<std::pair<std::string, std::string>> quang_ngai = {
      {"Authorization", Bearer("quang-ngai-so-noi-vu")}};
  HttpResult own =
      HttpCall(port(), "GET", "/v1/rollup?indicator=NSGE-1.1&unit=51&period=2022", quang_ngai);
  EXPECT_EQ(own.status, 200) << own.body;
  HttpResult other =
      HttpCall(port(), "GET", "/v1/rollup?indicator=NSGE-1.1&unit=66&period=2022", quang_ngai);
  ExpectError(other, 403, "PERMISSION_DENIED");
  EXPECT_THAT(other.body, HasSubstr("units/66"));
  EXPECT_EQ(Get("/v1/rollup?indicator=NSGE-1.1&unit=66&period=2022").status, 200);
}

TEST_F(HttpConformanceTest, CorsAnswersTheListedOriginOnly) {
  HttpResult preflight =
      HttpCall(port(), "OPTIONS", "/v1/plans",
               {{"Origin", kListedOrigin}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.headers["access-control-allow-origin"], kListedOrigin);
  EXPECT_THAT(preflight.headers["access-control-allow-methods"], HasSubstr("GET"));
  EXPECT_THAT(preflight.headers["access-control-allow-headers"], HasSubstr("Authorization"));
  HttpResult stranger =
      HttpCall(port(), "OPTIONS", "/v1/plans",
               {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "GET"}});
  ExpectError(stranger, 403, "PERMISSION_DENIED");
  EXPECT_EQ(stranger.headers.count("access-control-allow-origin"), 0u);

  HttpResult listed = Get("/v1/plans", {{"Origin", kListedOrigin}});
  EXPECT_EQ(listed.status, 200);
  EXPECT_EQ(listed.headers["access-control-allow-origin"], kListedOrigin);
  EXPECT_THAT(listed.headers["access-control-expose-headers"], HasSubstr("ETag"));
  HttpResult other = Get("/v1/plans", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.headers.count("access-control-allow-origin"), 0u);
}

TEST_F(HttpConformanceTest, EtagAnswers304UntilAWriteMovesTheVersionCounters) {
  for (const std::string target : {"/v1/overview/national?year=2022", "/v1/plans?year=2022"}) {
    HttpResult first = Get(target);
    ASSERT_EQ(first.status, 200) << first.body;
    const std::string etag = first.headers["etag"];
    ASSERT_FALSE(etag.empty()) << target;
    EXPECT_EQ(first.headers["cache-control"], "private");
    HttpResult again = Get(target, {{"If-None-Match", etag}});
    EXPECT_EQ(again.status, 304) << target << ": " << again.body;
    EXPECT_EQ(again.body, "");
    EXPECT_EQ(again.headers["etag"], etag);
    EXPECT_EQ(Get(target, {{"If-None-Match", "W/\"other\""}}).status, 200) << target;
  }
  const std::string target = "/v1/overview/national?year=2022";
  const std::string before = Get(target).headers["etag"];
  ASSERT_TRUE(suite_->RegisterCommuneAgency().ok());  // a write to interplan-agencies
  HttpResult after = Get(target, {{"If-None-Match", before}});
  EXPECT_EQ(after.status, 200);
  EXPECT_NE(after.headers["etag"], before);
}

TEST_F(HttpConformanceTest, GzipWhenAsked) {
  HttpResult plain = Get("/v1/plans?year=2022");
  HttpResult zipped = Get("/v1/plans?year=2022", {{"Accept-Encoding", "gzip, deflate"}});
  ASSERT_EQ(zipped.status, 200);
  EXPECT_EQ(plain.headers.count("content-encoding"), 0u);
  EXPECT_EQ(zipped.headers["content-encoding"], "gzip");
  EXPECT_THAT(zipped.headers["vary"], HasSubstr("Accept-Encoding"));
  EXPECT_LT(zipped.body.size(), plain.body.size());
  EXPECT_EQ(Gunzip(zipped.body), plain.body);
  HttpResult refused = Get("/v1/plans?year=2022", {{"Accept-Encoding", "gzip;q=0"}});
  EXPECT_EQ(refused.headers.count("content-encoding"), 0u);
}

TEST_F(HttpConformanceTest, CsvHasAByteOrderMarkAHeaderAndOneLinePerRow) {
  HttpResult json = Get("/v1/overview/national?year=2022");
  HttpResult csv = Get("/v1/overview/national?year=2022&format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.content_type, "text/csv; charset=utf-8");
  ASSERT_TRUE(absl::StartsWith(csv.body, kCsvBom));
  std::vector<std::string> lines = absl::StrSplit(csv.body.substr(3), "\r\n", absl::SkipEmpty());
  absl::StatusOr<Value> parsed = ParseJson(json.body);
  ASSERT_TRUE(parsed.ok());
  const int rows = JsonPointer(*parsed, "/rows")->list_value().values_size();
  EXPECT_GT(rows, 0);
  EXPECT_EQ(static_cast<int>(lines.size()), rows + 1);
  EXPECT_THAT(lines[0], HasSubstr("unit"));
  // Vietnamese names, in UTF-8, as the JSON has them.
  const std::string name = JsonPointer(*parsed, "/rows/0/displayName") != nullptr
                               ? JsonPointer(*parsed, "/rows/0/displayName")->string_value()
                               : "";
  if (!name.empty()) EXPECT_THAT(csv.body, HasSubstr(name));
}

}  // namespace
}  // namespace interplan
