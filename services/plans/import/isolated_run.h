// RunIsolated: runs a reader that cannot be interrupted (poppler) in a forked
// child process, with a wall-clock limit, a CPU limit and an address-space
// limit, so that a document built to make it loop, allocate without end or
// crash costs one failed import instead of the service.
//
// The child is forked from a process that may have other threads (the gRPC
// server): it runs only `work` and leaves with _exit. Should another thread
// have held a lock `work` needs at the moment of the fork, the child waits on
// it until the time limit kills it and the caller gets DEADLINE_EXCEEDED: a
// rare failed import, never a hung service.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_ISOLATED_RUN_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_ISOLATED_RUN_H_

#include <cstddef>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace interplan::plans::import {

struct IsolationLimits {
  absl::Duration wall_time;
  size_t max_output_bytes;
  size_t extra_address_space_bytes;  // on top of what the process has mapped
};

// The bytes `work` returns, computed in a child process. Its error status
// comes back with its code and message. DEADLINE_EXCEEDED when it runs past
// wall_time; INVALID_ARGUMENT when it dies (a crash, out of memory or CPU) or
// its output passes max_output_bytes; INTERNAL when no child can be made.
absl::StatusOr<std::string> RunIsolated(const std::function<absl::StatusOr<std::string>()>& work,
                                        const IsolationLimits& limits);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_ISOLATED_RUN_H_
