// What a handler knows about the call it serves, beyond the request: who
// makes it (once authentication plugs in) and by when it must answer.
#ifndef INTERPLAN_COMMON_CALL_CALL_CONTEXT_H_
#define INTERPLAN_COMMON_CALL_CALL_CONTEXT_H_

#include <grpcpp/server_context.h>

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "common/call/principal.h"
#include "common/storage/audit_log.h"

namespace interplan {

struct CallContext {
  grpc::ServerContext* server_context = nullptr;
  // The full method name, "/interplan.agencies.v1.AgencyService/CreateAgency".
  std::string method;
  // The caller's deadline (absl::InfiniteFuture() when none), to propagate
  // to the calls this one makes.
  absl::Time deadline = absl::InfiniteFuture();
  // The authenticated caller, set by the AuthGuard (common/auth); unset
  // when the server runs with --auth=off. When a SERVICE calls on someone's
  // behalf (the gateway forwarding a ministry user), this is that someone.
  std::optional<auth::Principal> principal;
  // The service that called on the principal's behalf, if one did.
  std::optional<auth::Principal> via;

  // For a write (CallGate::RunWrite), the call's audit event, identity
  // filled in: the write appends it in its transaction (RunIdempotent's
  // `audit`). Null for reads.
  storage::AuditEvent* audit = nullptr;

  // For audit records ("written by"): the principal's credential name, or
  // "" when no principal is known.
  std::string CallerName() const { return principal ? principal->credential : std::string(); }
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CALL_CALL_CONTEXT_H_
