// How the client reports a failure, and its exit status (exit_codes.h).
//
// For people (stderr): "error: <message>" for a local error (the command
// line, a file), "error: <CODE>: <message>" for a server's answer, each
// field violation once on its own line, and a "hint:" where the fix is on
// the user's side (INTERPLAN_API_KEY, a service address, --timeout).
//
// With --json, one JSON object on stderr (stdout keeps only results), in
// Google's JSON error shape: {"error": {"code": <HTTP status>, "status":
// "NOT_FOUND", "message": "...", "details": [{"@type": ...}, ...]}}; a
// local error carries an ErrorInfo of domain "client.interplan.gov.vn"
// (reason USAGE, FILE or INPUT), a hint a google.rpc.Help.
#ifndef INTERPLAN_TOOLS_INTERPLAN_ERROR_REPORT_H_
#define INTERPLAN_TOOLS_INTERPLAN_ERROR_REPORT_H_

#include <grpcpp/support/status.h>

#include <string>

#include "absl/status/status.h"

namespace interplan::cli {

// Whether errors are printed as JSON (--json); set once by main.
void SetJsonErrors(bool json);

// Prints `status` as above; returns its exit status.
int ReportError(const absl::Status& status);
// A server's answer (ServerError).
int ReportError(const grpc::Status& status);

// The two renderings, for tests and for ReportError.
std::string ErrorText(const absl::Status& status);
std::string ErrorJson(const absl::Status& status);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_ERROR_REPORT_H_
