#include "common/http/beast_message.h"

#include <boost/beast/http/status.hpp>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/http/json_error.h"
#include "common/http/query_string.h"

namespace interplan::http {
namespace {

namespace beast_http = boost::beast::http;

bool IsHeaderName(absl::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) continue;
    if (absl::string_view("!#$%&'*+-.^_`|~").find(c) == absl::string_view::npos) return false;
  }
  return true;
}

bool IsHeaderValue(absl::string_view value) {
  return value.find_first_of(absl::string_view("\r\n\0", 3)) == absl::string_view::npos;
}

// Headers the server writes itself.
bool IsReserved(absl::string_view name) {
  return absl::EqualsIgnoreCase(name, "content-length") || absl::EqualsIgnoreCase(name, "date") ||
         absl::EqualsIgnoreCase(name, "connection") ||
         absl::EqualsIgnoreCase(name, "transfer-encoding");
}

absl::string_view View(boost::beast::string_view s) { return {s.data(), s.size()}; }

}  // namespace

absl::StatusOr<HttpRequest> ToHttpRequest(BeastRequest& request) {
  HttpRequest out;
  out.method = std::string(View(request.method_string()));
  const absl::string_view target = View(request.target());
  const size_t question = target.find('?');
  out.path = std::string(target.substr(0, question));
  if (question != absl::string_view::npos) {
    absl::StatusOr<std::map<std::string, std::string>> query =
        ParseQueryString(target.substr(question + 1));
    if (!query.ok()) return query.status();
    out.query = *std::move(query);
  }
  for (const auto& field : request) {
    std::string name = absl::AsciiStrToLower(View(field.name_string()));
    auto [it, inserted] = out.headers.emplace(std::move(name), std::string(View(field.value())));
    if (!inserted) absl::StrAppend(&it->second, ", ", View(field.value()));
  }
  out.body = std::move(request.body());
  return out;
}

BeastResponse ToBeastResponse(const HttpResponse& response, ConnectionAfter after, absl::Time now,
                              bool head) {
  int status = response.status;
  if (status < 200 || status > 599) status = 500;
  const bool no_body = status == 204 || status == 304;
  BeastResponse out;
  out.version(11);
  out.result(static_cast<unsigned>(status));
  out.set(beast_http::field::date, HttpDate(now));
  if (!response.content_type.empty() && IsHeaderValue(response.content_type)) {
    out.set(beast_http::field::content_type, response.content_type);
  }
  switch (after) {
    case ConnectionAfter::kKeepAlive:
      break;
    case ConnectionAfter::kKeepAliveExplicit:
      out.set(beast_http::field::connection, "keep-alive");
      break;
    case ConnectionAfter::kClose:
      out.set(beast_http::field::connection, "close");
      break;
  }
  for (const auto& [name, value] : response.headers) {
    if (!IsHeaderName(name) || !IsHeaderValue(value) || IsReserved(name) ||
        (!response.content_type.empty() && absl::EqualsIgnoreCase(name, "content-type"))) {
      continue;
    }
    out.insert(name, value);
  }
  if (!no_body) {
    if (!head) out.body() = response.body;
    out.content_length(response.body.size());
  }
  return out;
}

HttpResponse ErrorResponse(int status, absl::string_view detail) {
  if (!detail.empty()) return JsonErrorResponse(status, detail);
  const boost::beast::string_view reason =
      beast_http::obsolete_reason(static_cast<beast_http::status>(status));
  return JsonErrorResponse(status, View(reason));
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

}  // namespace interplan::http
