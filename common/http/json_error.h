// The body of every HTTP error the suite answers, in the shape Google's
// JSON APIs use (https://cloud.google.com/apis/design/errors#http_mapping):
//
//   {"error": {"code": 404, "message": "...", "status": "NOT_FOUND",
//              "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest", ...}]}}
//
// "code" is the HTTP status, "status" the canonical code's name, "details"
// the google.rpc details in their JSON form (empty when there are none).
#ifndef INTERPLAN_COMMON_HTTP_JSON_ERROR_H_
#define INTERPLAN_COMMON_HTTP_JSON_ERROR_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/http/http_message.h"

namespace interplan::http {

inline constexpr char kJsonContentType[] = "application/json; charset=utf-8";

// The error body; each of `details_json` is one detail already in JSON.
std::string JsonErrorBody(int http_status, absl::StatusCode code, absl::string_view message,
                          const std::vector<std::string>& details_json = {});

// An error response with that body, for a status answered without a
// handler (the canonical code is CodeOfHttpStatus(http_status)); a 401
// carries "WWW-Authenticate: Bearer" (RFC 6750).
HttpResponse JsonErrorResponse(int http_status, absl::string_view message,
                               const std::vector<std::string>& details_json = {});
HttpResponse JsonErrorResponse(int http_status, absl::StatusCode code, absl::string_view message,
                               const std::vector<std::string>& details_json = {});

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_JSON_ERROR_H_
