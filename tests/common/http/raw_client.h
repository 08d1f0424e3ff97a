// A raw TCP client for tests of HttpServer: writes bytes as given and reads
// responses with deadlines, so framing, keep-alive, pipelining, errors,
// timeouts and refusals are seen as a client sees them. It can bind its
// end to another loopback address (127.0.0.2, ...) to be another client.
#ifndef INTERPLAN_TESTS_COMMON_HTTP_RAW_CLIENT_H_
#define INTERPLAN_TESTS_COMMON_HTTP_RAW_CLIENT_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace interplan::http {

struct ClientResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

class RawClient {
 public:
  // Connects to 127.0.0.1:`port` from `from` (a loopback address).
  explicit RawClient(int port, const std::string& from = "127.0.0.1");
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }

  // Writes all of `bytes`; false when the connection is gone.
  bool Send(absl::string_view bytes);
  void ShutdownWrite();

  // Reads one response: head, then a Content-Length body (none when
  // `to_head`: the answer to a HEAD request has only the head).
  absl::StatusOr<ClientResponse> Read(absl::Duration timeout = absl::Seconds(5),
                                      bool to_head = false);

  // Whether the server closes the connection (EOF or reset) within
  // `timeout` without sending anything more.
  bool ClosedWithin(absl::Duration timeout);

  // Reads until the server closes or `timeout` passes; true when closed.
  // What arrived is in buffered().
  bool ReadUntilClosed(absl::Duration timeout);

  const std::string& buffered() const { return buffer_; }

 private:
  // Appends what arrives before `deadline`; UNAVAILABLE on EOF or reset.
  absl::Status Fill(absl::Time deadline);

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

}  // namespace interplan::http

#endif  // INTERPLAN_TESTS_COMMON_HTTP_RAW_CLIENT_H_
