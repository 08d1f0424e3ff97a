// A minimal HTTPS GET for tests of the gateway's HTTP face over TLS: one
// request per connection to 127.0.0.1, the server's certificate verified
// against a CA file and a name (and, when given, a client certificate
// presented), on Boost.Beast with OpenSSL. Transport failures (the
// handshake refused, a timeout) are in HttpResult::error.
#ifndef INTERPLAN_TESTS_SUPPORT_HTTPS_GET_H_
#define INTERPLAN_TESTS_SUPPORT_HTTPS_GET_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "tests/support/http_get.h"

namespace interplan::testing {

struct HttpsClientTls {
  std::string ca_file;                    // the server's certificate must chain to it
  std::string server_name = "localhost";  // and carry this name
  std::string cert_file;                  // a client certificate, or none
  std::string key_file;
};

// GET `target` from https://127.0.0.1:`port` with the extra `headers`.
HttpResult HttpsGet(int port, const std::string& target, const HttpsClientTls& tls,
                    const std::vector<std::pair<std::string, std::string>>& headers = {},
                    absl::Duration timeout = absl::Seconds(20));

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_HTTPS_GET_H_
