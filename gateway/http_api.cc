#include "gateway/http_api.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"
#include "common/errors/http_status.h"
#include "common/logging/log.h"
#include "common/metrics/exposition.h"
#include "common/time/date.h"
#include "common/time/validity.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/status.pb.h"

namespace interplan::gateway {
namespace {

constexpr char kJson[] = "application/json; charset=utf-8";

// {"error": google.rpc.Status in JSON}, as Google's JSON APIs answer.
http::HttpResponse ErrorResponse(const absl::Status& status) {
  google::rpc::Status wire;
  wire.ParseFromString(ToGrpcStatus(status).error_details());
  std::string json;
  google::protobuf::util::MessageToJsonString(wire, &json);
  return {HttpStatusOf(status.code()), kJson, absl::StrCat("{\"error\":", json, "}\n"), {}};
}

http::HttpResponse JsonResponse(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  google::protobuf::util::MessageToJsonString(message, &json, options);
  return {200, kJson, json + "\n", {}};
}

// An integer query parameter; violations name it.
int IntParam(const http::HttpRequest& request, const std::string& name,
             FieldViolations& violations) {
  auto it = request.query.find(name);
  if (it == request.query.end() || it->second.empty()) return 0;
  int value = 0;
  if (!absl::SimpleAtoi(it->second, &value)) violations.Add(name, "is not a number");
  return value;
}

// as_of=YYYY-MM-DD into the message field.
void DateParam(const http::HttpRequest& request, google::type::Date* out,
               FieldViolations& violations) {
  auto it = request.query.find("as_of");
  if (it == request.query.end() || it->second.empty()) return;
  absl::StatusOr<absl::CivilDay> day = time::ParseDate(it->second);
  if (!day.ok()) {
    violations.Add("as_of", std::string(day.status().message()));
    return;
  }
  time::DayToProto(*day, out);
}

std::string Param(const http::HttpRequest& request, const std::string& name) {
  auto it = request.query.find(name);
  return it == request.query.end() ? "" : it->second;
}

// "51" or "units/51" -> "units/51".
std::string Named(const std::string& collection, const std::string& value) {
  if (value.empty() || value.rfind(collection + "/", 0) == 0) return value;
  return absl::StrCat(collection, "/", value);
}

template <typename View>
http::HttpResponse Respond(const absl::StatusOr<View>& view) {
  if (!view.ok()) return ErrorResponse(view.status());
  return JsonResponse(*view);
}

// The request as a call: its principal (by its Authorization header) and
// its deadline.
using CallOf = std::function<absl::StatusOr<CallContext>(const http::HttpRequest&)>;

CallOf CallsBy(HttpAuthenticator authenticate, absl::Duration max_view_time) {
  return [authenticate = std::move(authenticate),
          max_view_time](const http::HttpRequest& r) -> absl::StatusOr<CallContext> {
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

// Each view's request from the query string; violations name the
// parameters.
void ReadQuery(const http::HttpRequest& r, v1::GetNationalOverviewRequest& request,
               FieldViolations& violations) {
  request.set_year(IntParam(r, "year", violations));
  DateParam(r, request.mutable_as_of(), violations);
}

void ReadQuery(const http::HttpRequest& r, v1::GetProvinceOverviewRequest& request,
               FieldViolations& violations) {
  request.set_unit(Named("units", Param(r, "unit")));
  request.set_year(IntParam(r, "year", violations));
  DateParam(r, request.mutable_as_of(), violations);
}

void ReadQuery(const http::HttpRequest& r, v1::GetIndicatorProgressRequest& request,
               FieldViolations& violations) {
  request.set_indicator(Named("indicators", Param(r, "indicator")));
  request.set_year(IntParam(r, "year", violations));
  DateParam(r, request.mutable_as_of(), violations);
}

void ReadQuery(const http::HttpRequest& r, v1::GetAgencyWorkloadRequest& request,
               FieldViolations& violations) {
  request.set_agency(Named("agencies", Param(r, "agency")));
  request.set_year(IntParam(r, "year", violations));
}

// Serves GET `path` with the view `fetch` returns for the request read
// from the query, once the caller is known and may read it.
template <typename Request, typename Fetch>
void AddViewRoute(http::HttpServer& server, const std::string& path, const CallOf& call_of,
                  ViewAccess& access, Fetch fetch) {
  server.Handle("GET", path, [&access, call_of, fetch](const http::HttpRequest& r) {
    absl::StatusOr<CallContext> call = call_of(r);
    if (!call.ok()) return ErrorResponse(call.status());
    FieldViolations violations;
    Request request;
    ReadQuery(r, request, violations);
    if (!violations.empty()) return ErrorResponse(violations.ToStatus());
    if (absl::Status allowed = access.MayRead(*call, request); !allowed.ok()) {
      return ErrorResponse(allowed);
    }
    return Respond(fetch(request, *call));
  });
}

void AddViewRoutes(http::HttpServer& server, MinistryViews& views, ViewAccess& access,
                   const CallOf& call_of) {
  AddViewRoute<v1::GetNationalOverviewRequest>(
      server, "/v1/overview/national", call_of, access,
      [&views](const v1::GetNationalOverviewRequest& request, const CallContext& call) {
        return views.NationalOverview(request, call.deadline, call.principal);
      });
  AddViewRoute<v1::GetProvinceOverviewRequest>(
      server, "/v1/overview/province", call_of, access,
      [&views](const v1::GetProvinceOverviewRequest& request, const CallContext& call) {
        return views.ProvinceOverview(request, call.deadline, call.principal);
      });
  AddViewRoute<v1::GetIndicatorProgressRequest>(
      server, "/v1/indicator-progress", call_of, access,
      [&views](const v1::GetIndicatorProgressRequest& request, const CallContext& call) {
        return views.IndicatorProgress(request, call.deadline, call.principal);
      });
  AddViewRoute<v1::GetAgencyWorkloadRequest>(
      server, "/v1/agency-workload", call_of, access,
      [&views](const v1::GetAgencyWorkloadRequest& request, const CallContext& call) {
        return views.AgencyWorkload(request, call.deadline, call.principal);
      });
}

void AddMetricsRoute(http::HttpServer& server, metrics::Registry& metrics) {
  server.Handle("GET", "/metrics", [&metrics](const http::HttpRequest&) {
    return http::HttpResponse{
        200, std::string(metrics::kExpositionContentType), metrics.Render(), {}};
  });
}

// Always 200 while serving: without the cache the gateway still answers
// every view, only slower; "status" says so.
void AddHealthRoute(http::HttpServer& server, MinistryViews& views) {
  server.Handle("GET", "/healthz", [&views](const http::HttpRequest&) {
    std::string body = "{\"status\":";
    AppendJsonString(views.CacheState(), &body);
    body += ",\"cache\":";
    AppendJsonString(views.CacheDetail(), &body);
    body += "}\n";
    return http::HttpResponse{200, kJson, std::move(body), {}};
  });
}

}  // namespace

void AddHttpRoutes(http::HttpServer& server, MinistryViews& views, ViewAccess& access,
                   HttpAuthenticator authenticate, metrics::Registry& metrics,
                   absl::Duration max_view_time) {
  AddViewRoutes(server, views, access, CallsBy(std::move(authenticate), max_view_time));
  AddMetricsRoute(server, metrics);
  AddHealthRoute(server, views);
}

}  // namespace interplan::gateway
