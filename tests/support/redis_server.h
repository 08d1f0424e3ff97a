// A real, throwaway redis-server for tests: no persistence, listening on
// 127.0.0.1 on a free port, its working directory and log in a temporary
// directory. A test can stop it mid-test and start it again on the same
// port (what the cache must survive), or freeze it (SIGSTOP) to play a
// hung Redis.
#ifndef INTERPLAN_TESTS_SUPPORT_REDIS_SERVER_H_
#define INTERPLAN_TESTS_SUPPORT_REDIS_SERVER_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tests/support/subprocess.h"

namespace interplan::testing {

class RedisServer {
 public:
  // Finds /usr/bin/redis-server (FAILED_PRECONDITION naming the package
  // when missing), picks a port and starts it, answering PING.
  static absl::StatusOr<std::unique_ptr<RedisServer>> Create();
  // Kills the server if still running and removes its directory.
  ~RedisServer();

  // "redis://127.0.0.1:<port>/<db>".
  std::string Url(int db = 0) const;
  int port() const { return port_; }
  bool running() const { return process_.has_value(); }
  std::string log_path() const { return dir_ + "/redis.log"; }

  // Starts the server again (on the same port, empty) and waits for PING.
  absl::Status Start();
  // Shuts the server down (SIGTERM: nothing is saved) and waits for it.
  absl::Status Stop();
  // SIGSTOP / SIGCONT: a server that accepts connections but never answers.
  absl::Status Pause();
  absl::Status Resume();

 private:
  RedisServer() = default;

  std::string binary_;
  std::string dir_;
  int port_ = 0;
  std::optional<Subprocess> process_;
};

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_REDIS_SERVER_H_
