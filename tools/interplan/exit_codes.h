// The exit status of `interplan`, by kind of failure, so a script can tell
// a typo from a missing resource from a service that is down without
// reading the message. The table is printed by `interplan --help` and
// listed in README.md.
#ifndef INTERPLAN_TOOLS_INTERPLAN_EXIT_CODES_H_
#define INTERPLAN_TOOLS_INTERPLAN_EXIT_CODES_H_

#include "absl/status/status.h"

namespace interplan::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitOther = 1,        // INTERNAL, UNKNOWN, UNIMPLEMENTED, DATA_LOSS, CANCELLED
  kExitUsage = 2,        // the command line: unknown command or option, missing argument
  kExitNotFound = 3,     // NOT_FOUND (a resource, or a file to read)
  kExitPermission = 4,   // PERMISSION_DENIED, UNAUTHENTICATED
  kExitUnavailable = 5,  // UNAVAILABLE, DEADLINE_EXCEEDED
  kExitInvalid = 6,      // INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE
  kExitConflict = 7,     // ALREADY_EXISTS, ABORTED (a stale etag)
  kExitRateLimited = 8,  // RESOURCE_EXHAUSTED (rate limit, quota, size limit)
};

// The exit status for `status`: kExitUsage for a usage error (IsUsageError),
// else by its code.
int ExitCodeFor(const absl::Status& status);

// The table above for people: one line per code.
const char* ExitCodeTable();

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_EXIT_CODES_H_
