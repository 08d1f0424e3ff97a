#include "common/http/response_writer.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace interplan::http {
namespace {

bool IsHeaderName(absl::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) continue;
    if (absl::string_view("!#$%&'*+-.^_`|~").find(c) == absl::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool IsHeaderValue(absl::string_view value) {
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
  }
  return true;
}

// Headers the server writes itself.
bool IsReserved(absl::string_view name) {
  return absl::EqualsIgnoreCase(name, "content-length") || absl::EqualsIgnoreCase(name, "date") ||
         absl::EqualsIgnoreCase(name, "connection") ||
         absl::EqualsIgnoreCase(name, "transfer-encoding");
}

}  // namespace

absl::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 417:
      return "Expectation Failed";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

std::string HttpDate(absl::Time time) {
  static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const absl::CivilSecond civil = absl::ToCivilSecond(time, absl::UTCTimeZone());
  const int weekday = static_cast<int>(absl::GetWeekday(civil));  // Monday = 0
  return absl::StrFormat("%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[weekday], civil.day(),
                         kMonths[civil.month() - 1], civil.year(), civil.hour(), civil.minute(),
                         civil.second());
}

HttpResponse ErrorResponse(int status, absl::string_view detail) {
  HttpResponse response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = absl::StrCat(status, " ", ReasonPhrase(status));
  if (!detail.empty()) absl::StrAppend(&response.body, ": ", detail);
  response.body.push_back('\n');
  return response;
}

std::string WriteResponse(const HttpResponse& response, ConnectionAfter after, absl::Time now) {
  int status = response.status;
  if (status < 200 || status > 599) status = 500;
  const bool no_body = status == 204 || status == 304;
  std::string out;
  out.reserve(160 + response.body.size());
  absl::StrAppend(&out, "HTTP/1.1 ", status, " ", ReasonPhrase(status), "\r\n");
  absl::StrAppend(&out, "Date: ", HttpDate(now), "\r\n");
  if (!response.content_type.empty() && IsHeaderValue(response.content_type)) {
    absl::StrAppend(&out, "Content-Type: ", response.content_type, "\r\n");
  }
  if (!no_body) {
    absl::StrAppend(&out, "Content-Length: ", response.body.size(), "\r\n");
  }
  switch (after) {
    case ConnectionAfter::kKeepAlive:
      break;
    case ConnectionAfter::kKeepAliveExplicit:
      out.append("Connection: keep-alive\r\n");
      break;
    case ConnectionAfter::kClose:
      out.append("Connection: close\r\n");
      break;
  }
  for (const auto& [name, value] : response.headers) {
    if (!IsHeaderName(name) || !IsHeaderValue(value) || IsReserved(name) ||
        (!response.content_type.empty() && absl::EqualsIgnoreCase(name, "content-type"))) {
      continue;
    }
    absl::StrAppend(&out, name, ": ", value, "\r\n");
  }
  out.append("\r\n");
  if (!no_body) out.append(response.body);
  return out;
}

}  // namespace interplan::http
