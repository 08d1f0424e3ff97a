#include "tests/support/postgres_server.h"

#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/support/subprocess.h"

namespace interplan::testing {
namespace {

// The newest /usr/lib/postgresql/<version>/bin holding initdb.
absl::StatusOr<std::string> FindBinDir() {
  std::string best;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", error)) {
    std::string bin = entry.path().string() + "/bin";
    if (std::filesystem::exists(bin + "/initdb") && bin > best) best = bin;
  }
  if (best.empty()) {
    return absl::FailedPreconditionError(
        "PostgreSQL server binaries not found under /usr/lib/postgresql "
        "(make deps installs the postgresql package)");
  }
  return best;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PostgresServer>> PostgresServer::Start(int port) {
  auto server = std::unique_ptr<PostgresServer>(new PostgresServer);
  absl::StatusOr<std::string> bin = FindBinDir();
  if (!bin.ok()) return bin.status();
  server->bin_dir_ = *bin;
  absl::StatusOr<std::string> dir = MakeTempDir("interplan-pg");
  if (!dir.ok()) return dir.status();
  server->dir_ = *dir;
  if (geteuid() == 0) {
    const passwd* user = getpwnam("postgres");
    if (user == nullptr) user = getpwnam("nobody");
    if (user == nullptr) {
      return absl::FailedPreconditionError("no unprivileged user to run PostgreSQL");
    }
    server->uid_ = user->pw_uid;
    server->gid_ = user->pw_gid;
    if (chown(server->dir_.c_str(), user->pw_uid, user->pw_gid) != 0) {
      return absl::InternalError("cannot chown the PostgreSQL directory");
    }
  }
  if (port == 0) {
    absl::StatusOr<int> unused = PickUnusedPort();
    if (!unused.ok()) return unused.status();
    port = *unused;
  }
  server->port_ = port;

  const std::string data = server->dir_ + "/data";
  absl::Status status =
      server->RunAsOwner({server->bin_dir_ + "/initdb", "-D", data, "-U", "postgres",
                          "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"});
  if (!status.ok()) return status;
  status = server->RunAsOwner({server->bin_dir_ + "/pg_ctl", "-D", data, "-l",
                               server->dir_ + "/server.log", "-w", "-t", "60", "-o",
                               absl::StrCat("-p ", server->port_, " -k ", server->dir_,
                                            " -c listen_addresses=127.0.0.1 -c fsync=off"
                                            " -c max_connections=200"),
                               "start"});
  if (!status.ok()) {
    return absl::Status(status.code(), absl::StrCat(status.message(), "\n",
                                                    ReadFileOrEmpty(server->dir_ + "/server.log")));
  }
  server->running_ = true;
  return server;
}

PostgresServer::~PostgresServer() { Stop(); }

absl::Status PostgresServer::RunAsOwner(const std::vector<std::string>& argv) {
  SubprocessOptions options;
  options.argv = argv;
  options.uid = uid_;
  options.gid = gid_;
  options.working_dir = dir_;
  absl::StatusOr<CommandResult> result = RunCommand(options);
  if (!result.ok()) return result.status();
  if (result->exit_code != 0) {
    return absl::InternalError(absl::StrCat(absl::StrJoin(argv, " "), " failed: ", result->output));
  }
  return absl::OkStatus();
}

std::string PostgresServer::Url(const std::string& database) const {
  return absl::StrCat("postgres://postgres@127.0.0.1:", port_, "/", database);
}

absl::Status PostgresServer::CreateDatabase(const std::string& name) {
  PGconn* conn = PQconnectdb(Url("postgres").c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string error = PQerrorMessage(conn);
    PQfinish(conn);
    return absl::UnavailableError(error);
  }
  PGresult* result = PQexec(conn, absl::StrCat("CREATE DATABASE \"", name, "\"").c_str());
  absl::Status status = PQresultStatus(result) == PGRES_COMMAND_OK
                            ? absl::OkStatus()
                            : absl::InternalError(PQresultErrorMessage(result));
  PQclear(result);
  PQfinish(conn);
  return status;
}

void PostgresServer::Stop() {
  if (running_) {
    RunAsOwner({bin_dir_ + "/pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"})
        .IgnoreError();
    running_ = false;
  }
  if (!dir_.empty()) {
    RemoveTree(dir_);
    dir_.clear();
  }
}

absl::StatusOr<PostgresServer*> SharedPostgresServer() {
  static std::mutex mu;
  static PostgresServer* server = nullptr;
  static absl::Status failure;
  std::lock_guard<std::mutex> lock(mu);
  if (server != nullptr) return server;
  if (!failure.ok()) return failure;
  absl::StatusOr<std::unique_ptr<PostgresServer>> started = PostgresServer::Start();
  if (!started.ok()) {
    failure = started.status();
    return failure;
  }
  server = started->release();
  std::atexit([] { delete server; });
  return server;
}

}  // namespace interplan::testing
