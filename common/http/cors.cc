#include "common/http/cors.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/http/json_error.h"

namespace interplan::http {
namespace {

// How long a browser may keep a preflight's answer.
constexpr char kPreflightMaxAgeSeconds[] = "600";
// What a caller may send: its credential and a validator.
constexpr char kAllowedHeaders[] = "Authorization, If-None-Match, Accept-Encoding";

// "https://host" or "http://host:8080", nothing after the authority.
bool IsOrigin(absl::string_view origin) {
  if (!absl::ConsumePrefix(&origin, "https://") && !absl::ConsumePrefix(&origin, "http://")) {
    return false;
  }
  return !origin.empty() && origin.find_first_of("/?#@ ") == absl::string_view::npos;
}

const std::string* HeaderOf(const HttpRequest& request, const std::string& name) {
  auto it = request.headers.find(name);
  return it == request.headers.end() ? nullptr : &it->second;
}

}  // namespace

absl::StatusOr<CorsPolicy> CorsPolicy::FromList(absl::string_view origins) {
  CorsPolicy policy;
  for (absl::string_view origin : absl::StrSplit(origins, ',', absl::SkipWhitespace())) {
    origin = absl::StripAsciiWhitespace(origin);
    if (!IsOrigin(origin)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "CORS origin \"", origin, "\" is not of the form https://host[:port] (no path)"));
    }
    policy.origins_.emplace(origin);
  }
  return policy;
}

void CorsPolicy::Decorate(const HttpRequest& request, const std::vector<std::string>& expose,
                          HttpResponse& response) const {
  if (!enabled()) return;
  // The answer depends on Origin whether or not this one is listed.
  response.headers.emplace_back("Vary", "Origin");
  const std::string* origin = HeaderOf(request, "origin");
  if (origin == nullptr || origins_.count(*origin) == 0) return;
  response.headers.emplace_back("Access-Control-Allow-Origin", *origin);
  if (!expose.empty()) {
    response.headers.emplace_back("Access-Control-Expose-Headers", absl::StrJoin(expose, ", "));
  }
}

HttpResponse CorsPolicy::Preflight(const HttpRequest& request, absl::string_view methods) const {
  const std::string* origin = HeaderOf(request, "origin");
  if (!enabled() || origin == nullptr || origins_.count(*origin) == 0) {
    HttpResponse refused = JsonErrorResponse(
        403,
        absl::StrCat("origin ", origin == nullptr ? "(none)" : absl::StrCat("\"", *origin, "\""),
                     " may not call this API from a browser"));
    refused.headers.emplace_back("Vary", "Origin");
    return refused;
  }
  HttpResponse response{204, "", "", {}};
  response.headers = {{"Access-Control-Allow-Origin", *origin},
                      {"Access-Control-Allow-Methods", std::string(methods)},
                      {"Access-Control-Allow-Headers", kAllowedHeaders},
                      {"Access-Control-Max-Age", kPreflightMaxAgeSeconds},
                      {"Vary", "Origin"}};
  return response;
}

}  // namespace interplan::http
