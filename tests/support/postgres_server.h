// A real, throwaway PostgreSQL server for tests: initdb and pg_ctl in a
// temporary directory (as the unprivileged "postgres" user when the test
// runs as root), listening on 127.0.0.1 on a free port, removed on Stop().
#ifndef INTERPLAN_TESTS_SUPPORT_POSTGRES_SERVER_H_
#define INTERPLAN_TESTS_SUPPORT_POSTGRES_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace interplan::testing {

class PostgresServer {
 public:
  // Listens on `port`, or on a free one when 0.
  static absl::StatusOr<std::unique_ptr<PostgresServer>> Start(int port = 0);
  ~PostgresServer();

  // A connection URL for `database` (created by CreateDatabase or "postgres").
  std::string Url(const std::string& database) const;
  absl::Status CreateDatabase(const std::string& name);
  // Stops the server (fast shutdown) and removes its directory.
  void Stop();

  int port() const { return port_; }

 private:
  PostgresServer() = default;
  absl::Status RunAsOwner(const std::vector<std::string>& argv);

  std::string bin_dir_;
  std::string dir_;
  int port_ = 0;
  bool running_ = false;
  std::optional<uid_t> uid_;
  std::optional<gid_t> gid_;
};

// One server per test process, started on first use and stopped at exit.
absl::StatusOr<PostgresServer*> SharedPostgresServer();

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_POSTGRES_SERVER_H_
