// What every client command needs: the parsed arguments, the output mode,
// and calls with a deadline and a request id.
#ifndef INTERPLAN_TOOLS_INTERPLAN_CLI_CONTEXT_H_
#define INTERPLAN_TOOLS_INTERPLAN_CLI_CONTEXT_H_

#include <grpcpp/client_context.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "interplan/type/v1/partial_date.pb.h"
#include "tools/interplan/cli_args.h"

namespace interplan::cli {

struct CliContext {
  Args args;
  bool json = false;
  absl::Duration timeout = absl::Seconds(60);
};

// A call context with the deadline and a fresh x-request-id.
std::unique_ptr<grpc::ClientContext> NewCall(const CliContext& cli);

// Calls `rpc` with a fresh NewCall context until it answers with anything
// but UNAVAILABLE (five attempts, backing off 0.5 s, 1 s, 2 s, 4 s) or a
// rate limit's RESOURCE_EXHAUSTED (waiting what its RetryInfo says, for a
// minute at most). The request stays the same, request_id included, so a
// write the server did apply is not applied twice; a rate-limited call was
// refused before anything was written.
grpc::Status CallWithRetries(const CliContext& cli,
                             const std::function<grpc::Status(grpc::ClientContext*)>& rpc);

// A new random request id for an idempotent write.
std::string NewRequestId();

// --as-of as a date message ("2024-01-01"); unset when absent.
absl::StatusOr<type::v1::PartialDate> AsOfOption(const Args& args);

// "79" or "units/79" -> "units/79"; likewise for agencies.
std::string UnitName(const std::string& code_or_name);
std::string AgencyName(const std::string& id_or_name);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_CLI_CONTEXT_H_
