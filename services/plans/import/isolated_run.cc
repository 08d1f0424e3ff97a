#include "services/plans/import/isolated_run.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace interplan::plans::import {
namespace {

// The child's answer on the pipe: one byte of status code, then the output
// (OK) or the message (an error).
void WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data += n;
    size -= static_cast<size_t>(n);
  }
}

// The virtual memory the process has mapped now (/proc/self/statm, pages).
size_t MappedBytes() {
  FILE* statm = std::fopen("/proc/self/statm", "r");
  if (statm == nullptr) return 0;
  unsigned long pages = 0;
  if (std::fscanf(statm, "%lu", &pages) != 1) pages = 0;
  std::fclose(statm);
  return pages * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

[[noreturn]] void RunChild(const std::function<absl::StatusOr<std::string>()>& work,
                           const IsolationLimits& limits, int out) {
  const rlim_t cpu = static_cast<rlim_t>(absl::ToInt64Seconds(limits.wall_time) + 1);
  const rlimit cpu_limit{cpu, cpu};
  setrlimit(RLIMIT_CPU, &cpu_limit);
  const rlim_t space = MappedBytes() + limits.extra_address_space_bytes;
  const rlimit space_limit{space, space};
  setrlimit(RLIMIT_AS, &space_limit);
  // Nothing may leave the child but by _exit: an exception (bad_alloc under
  // the address-space limit) would unwind into the caller's copy of the stack.
  try {
    absl::StatusOr<std::string> result = work();
    const char code = static_cast<char>(result.status().code());
    WriteAll(out, &code, 1);
    if (result.ok()) {
      WriteAll(out, result->data(), result->size());
    } else {
      WriteAll(out, result.status().message().data(), result.status().message().size());
    }
  } catch (...) {
    _exit(1);
  }
  _exit(0);
}

// Reads the child's answer until it closes the pipe, the deadline passes or
// the answer passes `max_bytes`. False on the deadline.
bool ReadUntil(int in, absl::Time deadline, size_t max_bytes, std::string& answer) {
  char buffer[64 << 10];
  while (answer.size() <= max_bytes) {
    const int64_t wait_ms = absl::ToInt64Milliseconds(deadline - absl::Now());
    if (wait_ms <= 0) return false;
    pollfd ready{in, POLLIN, 0};
    const int polled = poll(&ready, 1, static_cast<int>(std::min<int64_t>(wait_ms, 1000)));
    if (polled < 0 && errno != EINTR) return true;
    if (polled <= 0) continue;
    const ssize_t n = read(in, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    answer.append(buffer, static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

absl::StatusOr<std::string> RunIsolated(const std::function<absl::StatusOr<std::string>()>& work,
                                        const IsolationLimits& limits) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return absl::InternalError("cannot make a pipe to read a file");
  const pid_t child = fork();
  if (child < 0) {
    close(fds[0]);
    close(fds[1]);
    return absl::InternalError("cannot start a process to read the file");
  }
  if (child == 0) {
    close(fds[0]);
    RunChild(work, limits, fds[1]);
  }
  close(fds[1]);
  std::string answer;
  const bool in_time =
      ReadUntil(fds[0], absl::Now() + limits.wall_time, limits.max_output_bytes + 1, answer);
  close(fds[0]);
  const bool too_much = answer.size() > limits.max_output_bytes + 1;
  // The child has closed the pipe by leaving, unless it is stopped here.
  if (!in_time || too_much) kill(child, SIGKILL);
  int wait_status = 0;
  while (waitpid(child, &wait_status, 0) < 0 && errno == EINTR) {
  }
  if (!in_time) {
    return absl::DeadlineExceededError(
        absl::StrCat("reading the file took more than ", absl::FormatDuration(limits.wall_time)));
  }
  if (too_much) {
    return absl::InvalidArgumentError("the file gives more text than Interplan reads");
  }
  if (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0 || answer.empty()) {
    return absl::InvalidArgumentError(
        "the file could not be read: its reader stopped on it (damaged, or too large to read)");
  }
  const auto code = static_cast<absl::StatusCode>(answer[0]);
  if (code != absl::StatusCode::kOk) return absl::Status(code, answer.substr(1));
  return answer.substr(1);
}

}  // namespace interplan::plans::import
