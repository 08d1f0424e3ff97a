// The deadline of one call a client makes: the caller's, but never more than
// kClientCallTimeout ahead, so a call made while serving a request cannot
// hang on a dependency for the caller's whole budget.
#ifndef INTERPLAN_COMMON_CLIENTS_CALL_DEADLINE_H_
#define INTERPLAN_COMMON_CLIENTS_CALL_DEADLINE_H_

#include <grpcpp/client_context.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace interplan {

// The longest a call to another service may take, even when the caller
// allows more.
inline constexpr absl::Duration kClientCallTimeout = absl::Seconds(10);

// A client context whose deadline is the earlier of `deadline` and
// kClientCallTimeout from now.
std::unique_ptr<grpc::ClientContext> ContextWithDeadline(absl::Time deadline);

// Whether a failed call means the service could not be reached (UNAVAILABLE
// or DEADLINE_EXCEEDED) rather than an answer.
bool IsUnreachable(const absl::Status& status);

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CLIENTS_CALL_DEADLINE_H_
