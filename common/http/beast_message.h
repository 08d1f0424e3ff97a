// Conversions between Boost.Beast's HTTP messages and the server's own
// HttpRequest / HttpResponse (http_message.h), and the plain-text
// responses the server answers itself.
#ifndef INTERPLAN_COMMON_HTTP_BEAST_MESSAGE_H_
#define INTERPLAN_COMMON_HTTP_BEAST_MESSAGE_H_

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/http/http_message.h"

namespace interplan::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// How the connection continues after a response.
enum class ConnectionAfter {
  kKeepAlive,          // HTTP/1.1 default: no Connection header
  kKeepAliveExplicit,  // an HTTP/1.0 client asked: "Connection: keep-alive"
  kClose,              // "Connection: close", then the server closes
};

// The request as handlers see it; its body is moved out of `request`.
// INVALID_ARGUMENT, naming the parameter, when the query cannot be decoded
// or a parameter is not UTF-8 or holds a NUL (see query_string.h).
absl::StatusOr<HttpRequest> ToHttpRequest(BeastRequest& request);

// The response to send. A status outside 200..599 is sent as 500; 204 and
// 304 go without a body, and so does the answer to a HEAD request
// (`head`), with the Content-Length the body would have had. Handler headers whose name is not a
// token or whose value holds CR, LF or NUL are dropped, as are Content-Length, Date, Connection and
// Transfer-Encoding, which the server writes itself.
BeastResponse ToBeastResponse(const HttpResponse& response, ConnectionAfter after, absl::Time now,
                              bool head = false);

// An error the server answers itself, in the JSON error shape
// (json_error.h): `detail` is the message, or the status's reason phrase
// ("Not Found") when empty.
HttpResponse ErrorResponse(int status, absl::string_view detail = "");

// `time` as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), the form of
// the Date header (RFC 9110 section 5.6.7).
std::string HttpDate(absl::Time time);

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_BEAST_MESSAGE_H_
