// The kinds of failure the client tells apart: a usage error (the command
// line is wrong), a local error (a file that cannot be read, or is not the
// JSON expected) and a server's answer. Each is an absl::Status carrying a
// client-only marker payload (never sent anywhere), so the exit status and
// the wording follow from the status alone (exit_codes.h, error_report.h).
#ifndef INTERPLAN_TOOLS_INTERPLAN_CLI_ERRORS_H_
#define INTERPLAN_TOOLS_INTERPLAN_CLI_ERRORS_H_

#include <grpcpp/support/status.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interplan::cli {

// Where an error comes from.
enum class ErrorOrigin {
  kServer,  // a service answered with it (or the channel failed to reach one)
  kUsage,   // the command line
  kFile,    // a file could not be read or written
  kInput,   // a file's content is not what the command reads
};

// The payload type URL of the marker; DetailsOf-style code skips it.
inline constexpr char kOriginPayload[] = "interplan.cli/origin";

// INVALID_ARGUMENT marked as a usage error (exit status 2).
absl::Status UsageError(absl::string_view message);
bool IsUsageError(const absl::Status& status);

// The server's status with its details, marked as an answer.
absl::Status ServerError(const grpc::Status& status);

// `status` (not OK) marked with `origin`.
absl::Status WithOrigin(absl::Status status, ErrorOrigin origin);
// The marked origin; kUsage for INVALID_ARGUMENT not marked (the client's
// own checks of its arguments), kServer otherwise.
ErrorOrigin OriginOf(const absl::Status& status);

// "cannot <verb> <path>: <the system's reason>", code from errno
// (ENOENT: NOT_FOUND, EACCES: PERMISSION_DENIED ...), marked kFile.
absl::Status FileError(absl::string_view verb, absl::string_view path, int error_number);

// The whole content of `path`, or a FileError.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_CLI_ERRORS_H_
