// What a handler knows about the call it serves, beyond the request: who
// makes it (once authentication plugs in) and by when it must answer.
#ifndef INTERPLAN_COMMON_SERVER_CALL_CONTEXT_H_
#define INTERPLAN_COMMON_SERVER_CALL_CONTEXT_H_

#include <grpcpp/server_context.h>

#include <string>

#include "absl/time/time.h"

namespace interplan {

struct CallContext {
  grpc::ServerContext* server_context = nullptr;
  // The full method name, "/interplan.agencies.v1.AgencyService/CreateAgency".
  std::string method;
  // The caller's deadline (absl::InfiniteFuture() when none), to propagate
  // to the calls this one makes.
  absl::Time deadline = absl::InfiniteFuture();
  // The authenticated caller, set by a CallGuard; empty until one is
  // installed.
  std::string principal;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_SERVER_CALL_CONTEXT_H_
