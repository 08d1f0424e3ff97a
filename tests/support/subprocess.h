// Child processes for tests: the real service binaries, PostgreSQL and Redis
// servers, each started with its own environment and log file, and stopped
// by the test (or by the destructor, with SIGKILL as a last resort).
#ifndef INTERPLAN_TESTS_SUPPORT_SUBPROCESS_H_
#define INTERPLAN_TESTS_SUPPORT_SUBPROCESS_H_

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace interplan::testing {

struct SubprocessOptions {
  std::vector<std::string> argv;
  // Added to (or replacing in) the parent's environment.
  std::map<std::string, std::string> env;
  // stdout and stderr go here (appended); empty: /dev/null.
  std::string log_path;
  // Run as this user when the test runs as root (PostgreSQL refuses root).
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
  std::string working_dir;
};

class Subprocess {
 public:
  static absl::StatusOr<Subprocess> Start(const SubprocessOptions& options);

  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  // Kills a child still running (SIGKILL) and reaps it.
  ~Subprocess();

  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0; }
  absl::Status Signal(int signal);
  // The exit status (or 128 + signal number); DEADLINE_EXCEEDED on timeout.
  absl::StatusOr<int> Wait(absl::Duration timeout);
  // SIGTERM, then SIGKILL after `grace`.
  absl::StatusOr<int> Stop(absl::Duration grace = absl::Seconds(10));

 private:
  explicit Subprocess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
};

// Runs a command to completion; its output goes to the returned string.
struct CommandResult {
  int exit_code;
  std::string output;
};
absl::StatusOr<CommandResult> RunCommand(const SubprocessOptions& options,
                                         absl::Duration timeout = absl::Minutes(2));

// A TCP port on 127.0.0.1 nobody is listening on right now.
absl::StatusOr<int> PickUnusedPort();

// A fresh directory under $TMPDIR (default /tmp), removed by RemoveTree.
absl::StatusOr<std::string> MakeTempDir(const std::string& prefix);
void RemoveTree(const std::string& path);

// Reads a whole file ("" if absent).
std::string ReadFileOrEmpty(const std::string& path);

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_SUBPROCESS_H_
