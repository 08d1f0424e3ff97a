// How a service calling another on a caller's behalf (the gateway
// assembling a ministry view) passes the caller on: the call's principal
// goes in `x-interplan-on-behalf-of-bin` metadata. The callee honours it
// only because the calling service's own credential (sent by OpenChannel)
// carries the SERVICE role; see AuthGuard.
#ifndef INTERPLAN_COMMON_AUTH_FORWARD_CALLER_H_
#define INTERPLAN_COMMON_AUTH_FORWARD_CALLER_H_

#include <grpcpp/client_context.h>

#include "common/server/call_context.h"

namespace interplan::auth {

// Adds the principal of `call` to `context`; a no-op when `call` has none
// (the server runs with --auth=off).
void ForwardCaller(const CallContext& call, grpc::ClientContext* context);
// The same for a principal kept beyond its call (a view built for it).
void ForwardPrincipal(const Principal& principal, grpc::ClientContext* context);

}  // namespace interplan::auth

#endif  // INTERPLAN_COMMON_AUTH_FORWARD_CALLER_H_
