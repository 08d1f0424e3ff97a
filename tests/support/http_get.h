// A minimal HTTP/1.1 GET over a plain socket, for tests of the gateway's
// HTTP/JSON face: one request per connection, the body read by its
// Content-Length.
#ifndef INTERPLAN_TESTS_SUPPORT_HTTP_GET_H_
#define INTERPLAN_TESTS_SUPPORT_HTTP_GET_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"

namespace interplan::testing {

struct HttpResult {
  int status = 0;
  std::string content_type;
  std::string body;
  std::string error;                           // transport failure
  std::map<std::string, std::string> headers;  // lower-case names; repeats joined with ", "
};

// GET `target` ("/v1/overview/national?year=2022") from 127.0.0.1:`port`
// with the extra `headers`.
HttpResult HttpGet(int port, const std::string& target,
                   const std::vector<std::pair<std::string, std::string>>& headers = {},
                   absl::Duration timeout = absl::Seconds(20));

// The same with any `method`; the answer to HEAD is read without a body.
HttpResult HttpCall(int port, const std::string& method, const std::string& target,
                    const std::vector<std::pair<std::string, std::string>>& headers = {},
                    absl::Duration timeout = absl::Seconds(20));

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_HTTP_GET_H_
