#include "tests/support/redis_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace interplan::testing {
namespace {

constexpr char kRedisServer[] = "/usr/bin/redis-server";

// True when 127.0.0.1:port answers PING with +PONG (a plain socket: the
// test support does not depend on the client under test).
bool AnswersPing(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  timeval timeout{0, 200 * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    const char ping[] = "PING\r\n";
    if (send(fd, ping, sizeof(ping) - 1, MSG_NOSIGNAL) == static_cast<ssize_t>(sizeof(ping) - 1)) {
      char reply[16] = {};
      ssize_t n = recv(fd, reply, sizeof(reply) - 1, 0);
      ok = n > 0 && absl::StartsWith(reply, "+PONG");
    }
  }
  close(fd);
  return ok;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RedisServer>> RedisServer::Create() {
  if (access(kRedisServer, X_OK) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(kRedisServer,
                     " not found: the Redis tests need a real redis-server "
                     "(make deps installs the redis-server package)"));
  }
  auto server = std::unique_ptr<RedisServer>(new RedisServer);
  server->binary_ = kRedisServer;
  absl::StatusOr<std::string> dir = MakeTempDir("interplan-redis");
  if (!dir.ok()) return dir.status();
  server->dir_ = *dir;
  absl::StatusOr<int> port = PickUnusedPort();
  if (!port.ok()) return port.status();
  server->port_ = *port;
  if (absl::Status status = server->Start(); !status.ok()) return status;
  return server;
}

RedisServer::~RedisServer() {
  if (process_.has_value()) {
    process_->Signal(SIGCONT).IgnoreError();  // in case it was paused
    process_.reset();                         // SIGKILL and reap
  }
  if (!dir_.empty()) RemoveTree(dir_);
}

std::string RedisServer::Url(int db) const {
  return absl::StrCat("redis://127.0.0.1:", port_, "/", db);
}

absl::Status RedisServer::Start() {
  if (process_.has_value()) return absl::FailedPreconditionError("already running");
  SubprocessOptions options;
  options.argv = {binary_,
                  "--port",
                  absl::StrCat(port_),
                  "--bind",
                  "127.0.0.1",
                  "--dir",
                  dir_,
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--daemonize",
                  "no",
                  "--protected-mode",
                  "no",
                  "--databases",
                  "16"};
  options.log_path = log_path();
  options.working_dir = dir_;
  absl::StatusOr<Subprocess> process = Subprocess::Start(options);
  if (!process.ok()) return process.status();
  process_.emplace(std::move(*process));
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (!AnswersPing(port_)) {
    absl::StatusOr<int> exited = process_->Wait(absl::ZeroDuration());
    if (exited.ok() || absl::Now() > deadline) {
      process_.reset();
      return absl::InternalError(absl::StrCat("redis-server on port ", port_,
                                              exited.ok()
                                                  ? absl::StrCat(" exited with status ", *exited)
                                                  : std::string(" did not answer PING within 20s"),
                                              ":\n", ReadFileOrEmpty(log_path())));
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  return absl::OkStatus();
}

absl::Status RedisServer::Stop() {
  if (!process_.has_value()) return absl::FailedPreconditionError("not running");
  process_->Signal(SIGCONT).IgnoreError();
  absl::StatusOr<int> code = process_->Stop(absl::Seconds(10));
  process_.reset();
  return code.ok() ? absl::OkStatus() : code.status();
}

absl::Status RedisServer::Pause() {
  if (!process_.has_value()) return absl::FailedPreconditionError("not running");
  return process_->Signal(SIGSTOP);
}

absl::Status RedisServer::Resume() {
  if (!process_.has_value()) return absl::FailedPreconditionError("not running");
  return process_->Signal(SIGCONT);
}

}  // namespace interplan::testing
