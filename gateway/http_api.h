// The gateway's HTTP/JSON face, for systems that do not speak gRPC: the
// same views through protobuf's JSON mapping, errors in the JSON form of
// google.rpc.Status, Prometheus metrics and a health page.
//
//   GET /v1/overview/national?year=2022[&as_of=2026-01-01]   (Authorization: Bearer <key>)
//   GET /v1/overview/province?unit=51&year=2022[&as_of=...]
//   GET /v1/indicator-progress?indicator=NSGE-1.1&year=2022[&as_of=...]
//   GET /v1/agency-workload?agency=quang-ngai-so-ldtbxh&year=2022
//   GET /metrics   Prometheus text
//   GET /healthz   {"status": "ok" | "degraded: no cache", "cache": "..."}
#ifndef INTERPLAN_GATEWAY_HTTP_API_H_
#define INTERPLAN_GATEWAY_HTTP_API_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "common/http/http_server.h"
#include "common/metrics/registry.h"
#include "gateway/ministry_views.h"
#include "gateway/view_access.h"

namespace interplan::gateway {

// Who an HTTP request is from, by its Authorization header value (nullopt
// when there is none): ServiceServer::AuthenticateHttp.
using HttpAuthenticator = std::function<absl::StatusOr<std::optional<auth::Principal>>(
    const std::optional<std::string>& authorization)>;

// Registers the routes on `server` (before it starts). Views need the same
// credential as over gRPC ("Authorization: Bearer <api key>"; 401 without
// one when authentication is on) and follow the same access rules (403).
void AddHttpRoutes(http::HttpServer& server, MinistryViews& views, ViewAccess& access,
                   HttpAuthenticator authenticate, metrics::Registry& metrics,
                   absl::Duration max_view_time);

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_HTTP_API_H_
