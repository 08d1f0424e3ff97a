// The two values an HTTP exchange is made of, as the server hands them to a
// handler and takes them back: a parsed request and the response to send.
#ifndef INTERPLAN_COMMON_HTTP_HTTP_MESSAGE_H_
#define INTERPLAN_COMMON_HTTP_HTTP_MESSAGE_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace interplan::http {

struct HttpRequest {
  std::string method;  // "GET", exactly as sent (methods are case-sensitive)
  std::string path;    // the request target before '?', not percent-decoded
  // The query string, split on '&' and '=', '+' read as a space and
  // percent-escapes decoded. A key given twice is refused (400) before any
  // handler runs.
  std::map<std::string, std::string> query;
  // Header names in lower case; a header given twice has its values joined
  // with ", " (RFC 9110 section 5.3).
  std::map<std::string, std::string> headers;
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type;  // omitted from the response when empty
  std::string body;
  // Extra headers. The server writes Content-Length, Date and Connection
  // itself and drops handler copies of those (and of Transfer-Encoding).
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_HTTP_MESSAGE_H_
