#include "tools/interplan/exit_codes.h"

#include "tools/interplan/cli_errors.h"

namespace interplan::cli {

int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  if (IsUsageError(status)) return kExitUsage;
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      return kExitNotFound;
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
      return kExitPermission;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return kExitUnavailable;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return kExitInvalid;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return kExitConflict;
    case absl::StatusCode::kResourceExhausted:
      return kExitRateLimited;
    default:
      return kExitOther;
  }
}

const char* ExitCodeTable() {
  return "Exit status:\n"
         "  0  success\n"
         "  1  any other error (INTERNAL, UNKNOWN, UNIMPLEMENTED, DATA_LOSS, CANCELLED)\n"
         "  2  usage: unknown command or option, missing or malformed argument\n"
         "  3  not found: NOT_FOUND, or a file to read does not exist\n"
         "  4  not allowed: PERMISSION_DENIED, UNAUTHENTICATED (see INTERPLAN_API_KEY)\n"
         "  5  service unreachable or too slow: UNAVAILABLE, DEADLINE_EXCEEDED\n"
         "  6  refused as invalid: INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE,\n"
         "     a file that is not the JSON expected; `plans validate` of an invalid plan\n"
         "  7  conflict: ALREADY_EXISTS, ABORTED (changed since read: read it again)\n"
         "  8  RESOURCE_EXHAUSTED: rate limit or size limit (after the client's retries)\n";
}

}  // namespace interplan::cli
