// How a service calling another on a caller's behalf (the gateway
// assembling a ministry view) passes the caller on so that the receiver
// can verify it rather than believe it.
//
// The choice: the relaying service forwards the API key its caller
// presented, in `x-interplan-relayed-api-key` metadata, next to its own
// SERVICE key in `authorization` (added by OpenChannel). The receiver's
// AuthGuard authenticates both with its own credential cache: the call's
// principal is who the relayed key says (revoked or expired keys fail
// there as anywhere), and CallContext::via the service. No relaying
// service can name a principal whose key it was not given; a signed
// token would prove the same at the price of key distribution and clock
// agreement, and still needs the caller's key to be checked once.
//
// A caller the relaying service knows by its client certificate has no
// key to forward: its certificate proved it to this process's TLS only.
// Nothing is forwarded then, and the call goes as the relaying service
// itself; the relaying service must have decided, for the caller, what
// the call may read (the gateway's ViewAccess does, for every view).
//
// Key management (interplan.agencies.v1.CredentialService) is never done
// on anyone's behalf: AuthGuard refuses a relayed caller there.
#ifndef INTERPLAN_COMMON_AUTH_FORWARD_CALLER_H_
#define INTERPLAN_COMMON_AUTH_FORWARD_CALLER_H_

#include <grpcpp/client_context.h>

#include "common/call/call_context.h"

namespace interplan::auth {

// Adds the relayed key of `call`'s principal to `context`; a no-op when
// `call` has no principal (the server runs with --auth=off) or it has no
// key to relay (a certificate caller).
void ForwardCaller(const CallContext& call, grpc::ClientContext* context);
// The same for a principal kept beyond its call (a view built for it).
void ForwardPrincipal(const Principal& principal, grpc::ClientContext* context);

}  // namespace interplan::auth

#endif  // INTERPLAN_COMMON_AUTH_FORWARD_CALLER_H_
