// What every client command needs: the parsed arguments, the output mode,
// and calls with a deadline and a request id.
#ifndef INTERPLAN_TOOLS_INTERPLAN_CLI_CONTEXT_H_
#define INTERPLAN_TOOLS_INTERPLAN_CLI_CONTEXT_H_

#include <grpcpp/client_context.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/type/date.pb.h"
#include "tools/interplan/cli_args.h"

namespace interplan::cli {

struct CliContext {
  Args args;
  bool json = false;
  absl::Duration timeout = absl::Seconds(60);
};

// A call context with the deadline (--timeout) and a fresh x-request-id.
// The channel (OpenChannel) retries UNAVAILABLE and RESOURCE_EXHAUSTED
// within that deadline, after the server's pushback (a rate limit's
// RetryInfo) or a jittered back-off; a retry resends the same request, so
// every write carries a request_id (NewRequestId) and is applied once.
std::unique_ptr<grpc::ClientContext> NewCall(const CliContext& cli);

// A new random request id, for a write that has none from its file.
std::string NewRequestId();

// --as-of as a date message ("2024-01-01"); unset when absent.
absl::StatusOr<google::type::Date> AsOfOption(const Args& args);
// The same for any --option holding a date.
absl::StatusOr<google::type::Date> DateOption(const Args& args, const std::string& option);

// "79" or "units/79" -> "units/79"; likewise for agencies.
std::string UnitName(const std::string& code_or_name);
std::string AgencyName(const std::string& id_or_name);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_CLI_CONTEXT_H_
