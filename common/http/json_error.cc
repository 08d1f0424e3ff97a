#include "common/http/json_error.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors/http_status.h"
#include "common/logging/log.h"

namespace interplan::http {

std::string JsonErrorBody(int http_status, absl::StatusCode code, absl::string_view message,
                          const std::vector<std::string>& details_json) {
  std::string body = absl::StrCat("{\"error\":{\"code\":", http_status, ",\"message\":");
  AppendJsonString(message, &body);
  body += ",\"status\":";
  AppendJsonString(absl::StatusCodeToString(code), &body);
  absl::StrAppend(&body, ",\"details\":[", absl::StrJoin(details_json, ","), "]}}\n");
  return body;
}

HttpResponse JsonErrorResponse(int http_status, absl::string_view message,
                               const std::vector<std::string>& details_json) {
  return JsonErrorResponse(http_status, CodeOfHttpStatus(http_status), message, details_json);
}

HttpResponse JsonErrorResponse(int http_status, absl::StatusCode code, absl::string_view message,
                               const std::vector<std::string>& details_json) {
  HttpResponse response{
      http_status, kJsonContentType, JsonErrorBody(http_status, code, message, details_json), {}};
  if (http_status == 401) response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

}  // namespace interplan::http
