#include "common/clients/async_call.h"

#include <utility>

#include "common/auth/forward_caller.h"
#include "common/errors/grpc_status.h"

namespace interplan {

AsyncCall::AsyncCall(const CallOptions& options) {
  context_.set_deadline(absl::ToChronoTime(options.deadline));
  if (options.forwarded_caller.has_value()) {
    auth::ForwardPrincipal(*options.forwarded_caller, &context_);
  }
}

std::function<void(grpc::Status)> AsyncCall::GrpcDone(CallDone done) {
  return [done = std::move(done)](grpc::Status status) { done(FromGrpcStatus(status)); };
}

}  // namespace interplan
