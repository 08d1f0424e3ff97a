#include "gateway/http_api.h"

#include <memory>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"
#include "common/errors/http_status.h"
#include "common/http/etag.h"
#include "common/http/gzip.h"
#include "common/http/json_error.h"
#include "common/http/query_params.h"
#include "common/logging/log.h"
#include "common/metrics/exposition.h"
#include "gateway/openapi.h"
#include "gateway/proto_csv.h"
#include "gateway/proto_query.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/status.pb.h"

namespace interplan::gateway {
namespace {

using http::HttpRequest;
using http::HttpResponse;

constexpr char kCacheControl[] = "private";
// Response headers a page of another origin may read.
const std::vector<std::string>& ExposedHeaders() {
  static const auto* headers = new std::vector<std::string>{"ETag", "WWW-Authenticate"};
  return *headers;
}

// `status` in Google's JSON error shape, its google.rpc details included.
HttpResponse StatusResponse(const absl::Status& status) {
  google::rpc::Status wire;
  wire.ParseFromString(ToGrpcStatus(status).error_details());
  std::vector<std::string> details;
  for (const google::protobuf::Any& detail : wire.details()) {
    std::string json;
    if (google::protobuf::util::MessageToJsonString(detail, &json).ok()) {
      details.push_back(std::move(json));
    }
  }
  return http::JsonErrorResponse(HttpStatusOf(status.code()), status.code(), status.message(),
                                 details);
}

// The request as a call: its principal (by its Authorization header) and
// its deadline.
using CallOf = std::function<absl::StatusOr<CallContext>(const HttpRequest&)>;

CallOf CallsBy(HttpAuthenticator authenticate, absl::Duration max_view_time) {
  return [authenticate = std::move(authenticate),
          max_view_time](const HttpRequest& r) -> absl::StatusOr<CallContext> {
    auto header = r.headers.find("authorization");
    absl::StatusOr<std::optional<auth::Principal>> principal = authenticate(
        header == r.headers.end() ? std::nullopt : std::optional<std::string>(header->second));
    if (!principal.ok()) return principal.status();
    CallContext call;
    call.method = absl::StrCat("GET ", r.path);
    call.principal = *std::move(principal);
    call.deadline = absl::Now() + max_view_time;
    return call;
  };
}

enum class Format { kJson, kCsv };

// The parameters of `read` in `r`: the request message and the format.
struct ReadRequest {
  std::unique_ptr<google::protobuf::Message> message;
  Format format = Format::kJson;
};

absl::StatusOr<ReadRequest> ParseRead(const HttpRead& read, const HttpRequest& r) {
  std::set<std::string> known = QueryFieldsOf(*read.request);
  if (!read.table.empty()) known.insert("format");
  absl::StatusOr<http::QueryParams> params = http::QueryParams::Read(r, known);
  if (!params.ok()) return params.status();
  ReadRequest parsed;
  FieldViolations violations;
  if (const std::string* format = params->Find("format"); format != nullptr) {
    if (*format == "csv") {
      parsed.format = Format::kCsv;
    } else if (*format != "json") {
      violations.Add("format", absl::StrCat("\"", *format, "\" is neither json nor csv"));
    }
  }
  parsed.message.reset(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(read.request)->New());
  FillFromQuery(*params, read.collections, *parsed.message, violations);
  if (!violations.empty()) return violations.ToStatus();
  return parsed;
}

absl::StatusOr<HttpResponse> Render(const HttpRead& read, const google::protobuf::Message& answer,
                                    Format format) {
  if (format == Format::kCsv) {
    absl::StatusOr<std::string> csv = TableCsv(answer, read.table);
    if (!csv.ok()) return csv.status();
    return HttpResponse{200, kCsvContentType, *std::move(csv), {}};
  }
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  if (auto printed = google::protobuf::util::MessageToJsonString(answer, &json, options);
      !printed.ok()) {
    return absl::InternalError(
        absl::StrCat("the answer cannot be written as JSON: ", printed.ToString()));
  }
  return HttpResponse{200, http::kJsonContentType, json + "\n", {}};
}

HttpResponse NotModified(const std::string& etag) {
  // The headers the 200 would have had that concern caches (RFC 9110 15.4.5).
  return HttpResponse{
      304, "", "", {{"ETag", etag}, {"Cache-Control", kCacheControl}, {"Vary", "Accept-Encoding"}}};
}

// What every read shares.
struct ReadContext {
  CallOf call_of;
  MinistryViews* views;
};

// One read, start to end: caller, parameters, access, a 304 when the
// version counters say nothing changed, the answer and its headers.
HttpResponse ServeRead(const HttpRead& read, const ReadContext& context, const HttpRequest& r) {
  absl::StatusOr<CallContext> call = context.call_of(r);
  if (!call.ok()) return StatusResponse(call.status());
  absl::StatusOr<ReadRequest> request = ParseRead(read, r);
  if (!request.ok()) return StatusResponse(request.status());
  if (read.check) {
    if (absl::Status allowed = read.check(*call, *request->message); !allowed.ok()) {
      return StatusResponse(allowed);
    }
  }
  // Before the data is read (see version_counters.h): a write landing in
  // between makes this tag older than the answer, never newer.
  const std::string validator = context.views->Validator(
      absl::StrCat("http:", read.path, request->format == Format::kCsv ? ":csv" : ":json"),
      call->principal, *request->message);
  const std::string counted = validator.empty() ? "" : http::WeakEtag(validator);
  if (!counted.empty() && http::IfNoneMatchMatches(r, counted)) return NotModified(counted);
  absl::StatusOr<HttpAnswer> answer = read.fetch(*request->message, *call);
  if (!answer.ok()) return StatusResponse(answer.status());
  absl::StatusOr<HttpResponse> response = Render(read, *answer->message, request->format);
  if (!response.ok()) return StatusResponse(response.status());
  const std::string etag =
      !counted.empty() && answer->complete ? counted : http::WeakEtag(response->body);
  if (http::IfNoneMatchMatches(r, etag)) return NotModified(etag);
  response->headers.emplace_back("ETag", etag);
  response->headers.emplace_back("Cache-Control", kCacheControl);
  http::CompressIfAccepted(r, *response);
  return *std::move(response);
}

// Registers GET (and so HEAD) `path`, its answers with CORS headers, and
// the preflight when CORS is on.
void AddRoute(http::HttpServer& server, const std::string& path,
              std::shared_ptr<const http::CorsPolicy> cors, http::Handler handler) {
  server.Handle("GET", path, [cors, handler = std::move(handler)](const HttpRequest& r) {
    HttpResponse response = handler(r);
    cors->Decorate(r, ExposedHeaders(), response);
    return response;
  });
  if (!cors->enabled()) return;
  server.Handle("OPTIONS", path,
                [cors](const HttpRequest& r) { return cors->Preflight(r, "GET, HEAD, OPTIONS"); });
}

// OK when `r` has no query parameters (the route takes none), else the
// error naming them.
absl::Status NoParameters(const HttpRequest& r) { return http::QueryParams::Read(r, {}).status(); }

HttpResponse HealthResponse(MinistryViews& views) {
  // Always 200 while serving: without the cache the gateway still answers
  // every view, only slower; "status" says so.
  std::string body = "{\"status\":";
  AppendJsonString(views.CacheState(), &body);
  body += ",\"cache\":";
  AppendJsonString(views.CacheDetail(), &body);
  body += "}\n";
  return HttpResponse{200, http::kJsonContentType, std::move(body), {}};
}

}  // namespace

void AddHttpRoutes(http::HttpServer& server, std::vector<HttpRead> reads, MinistryViews& views,
                   HttpAuthenticator authenticate, metrics::Registry& metrics,
                   HttpApiOptions options) {
  auto cors = std::make_shared<const http::CorsPolicy>(std::move(options.cors));
  auto context = std::make_shared<const ReadContext>(
      ReadContext{CallsBy(std::move(authenticate), options.max_view_time), &views});
  auto document = std::make_shared<const std::string>(OpenApiDocument(reads));
  for (HttpRead& read : reads) {
    const std::string path = read.path;
    AddRoute(server, path, cors,
             [context, read = std::make_shared<const HttpRead>(std::move(read))](
                 const HttpRequest& r) { return ServeRead(*read, *context, r); });
  }
  AddRoute(server, "/openapi.json", cors, [document](const HttpRequest& r) {
    if (absl::Status none = NoParameters(r); !none.ok()) return StatusResponse(none);
    HttpResponse response{200, http::kJsonContentType, *document, {}};
    http::CompressIfAccepted(r, response);
    return response;
  });
  AddRoute(server, "/metrics", cors, [&metrics](const HttpRequest&) {
    return HttpResponse{200, std::string(metrics::kExpositionContentType), metrics.Render(), {}};
  });
  AddRoute(server, "/healthz", cors, [&views](const HttpRequest& r) {
    if (absl::Status none = NoParameters(r); !none.ok()) return StatusResponse(none);
    return HealthResponse(views);
  });
}

}  // namespace interplan::gateway
