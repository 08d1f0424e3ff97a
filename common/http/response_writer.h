// Turns an HttpResponse into the bytes of an HTTP/1.1 response: status
// line, Date, Content-Type, Content-Length, Connection, the handler's own
// headers, and the body.
#ifndef INTERPLAN_COMMON_HTTP_RESPONSE_WRITER_H_
#define INTERPLAN_COMMON_HTTP_RESPONSE_WRITER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/http/http_message.h"

namespace interplan::http {

// How the connection continues after the response.
enum class ConnectionAfter {
  kKeepAlive,          // HTTP/1.1 default: no Connection header
  kKeepAliveExplicit,  // an HTTP/1.0 client asked: "Connection: keep-alive"
  kClose,              // "Connection: close", then the server closes
};

// The response's bytes. A status outside 200..599 is sent as 500 (1xx are
// interim responses the server sends itself); 204 and 304 are sent without
// a body and without Content-Length (RFC 9110 section 8.6). Handler
// headers whose name is not a token or whose value holds CR, LF or NUL are
// dropped, as are Content-Length, Date, Connection and Transfer-Encoding.
std::string WriteResponse(const HttpResponse& response, ConnectionAfter after, absl::Time now);

// A plain-text response for a status the server answers itself
// ("404 Not Found\n", or that line followed by `detail`).
HttpResponse ErrorResponse(int status, absl::string_view detail = "");

// The reason phrase of `status` ("Not Found"), or "Unknown".
absl::string_view ReasonPhrase(int status);

// `time` as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), the form of
// the Date header (RFC 9110 section 5.6.7).
std::string HttpDate(absl::Time time);

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_RESPONSE_WRITER_H_
