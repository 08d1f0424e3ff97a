// The gateway's HTTP/JSON face, for systems that do not speak gRPC: every
// HttpRead (http_reads.h: the four views and the services' reads) through
// protobuf's JSON mapping, Prometheus metrics, a health page and the API
// description, following one set of conventions (docs/http.md):
//
// - Query parameters are the gRPC request's fields, in snake_case or
//   lowerCamelCase (as_of or asOf); an unknown or repeated one is 400
//   naming it.
// - Errors in Google's JSON error shape ({"error": {"code": 404, "message",
//   "status": "NOT_FOUND", "details": [...]}}) for every status; 401 with
//   "WWW-Authenticate: Bearer".
// - HEAD on every GET route; ETag (from the services' version counters when
//   the cache is on, else from the body) with If-None-Match -> 304, and
//   Cache-Control: private; gzip when the client accepts it; ?format=csv on
//   every tabular read; CORS for the origins of an allow-list (off when
//   empty).
//
//   GET /v1/...          (Authorization: Bearer <key>)  see GatewayReads
//   GET /openapi.json    the OpenAPI 3 description of all of it
//   GET /metrics         Prometheus text
//   GET /healthz         {"status": "ok" | "degraded: no cache", "cache": "..."}
#ifndef INTERPLAN_GATEWAY_HTTP_API_H_
#define INTERPLAN_GATEWAY_HTTP_API_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/call/principal.h"
#include "common/http/cors.h"
#include "common/http/http_server.h"
#include "common/metrics/registry.h"
#include "gateway/http_read.h"
#include "gateway/ministry_views.h"

namespace interplan::gateway {

// Who an HTTP request is from, by its Authorization header value (nullopt
// when there is none): ServiceServer::AuthenticateHttp.
using HttpAuthenticator = std::function<absl::StatusOr<std::optional<auth::Principal>>(
    const std::optional<std::string>& authorization)>;

struct HttpApiOptions {
  absl::Duration max_view_time = absl::Seconds(10);  // each read's deadline
  http::CorsPolicy cors;                             // off by default
};

// Registers the routes on `server` (before it starts). Reads need the same
// credential as over gRPC ("Authorization: Bearer <api key>"; 401 without
// one when authentication is on) and follow the same access rules (403).
// `views` gives the ETag validators and the health page.
void AddHttpRoutes(http::HttpServer& server, std::vector<HttpRead> reads, MinistryViews& views,
                   HttpAuthenticator authenticate, metrics::Registry& metrics,
                   HttpApiOptions options);

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_HTTP_API_H_
