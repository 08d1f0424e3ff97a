// One call to another service started in the background, through gRPC's
// callback API (no thread waits on it): made as its CallOptions say, and
// cancellable while it runs. Its owner keeps it, the request and the
// response alive until the call's CallDone has run.
#ifndef INTERPLAN_COMMON_CLIENTS_ASYNC_CALL_H_
#define INTERPLAN_COMMON_CLIENTS_ASYNC_CALL_H_

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <functional>

#include "absl/status/status.h"
#include "common/clients/call_options.h"

namespace interplan {

// Runs once when a call ends: OK (the response is filled in), the status
// the service answered, or UNAVAILABLE / DEADLINE_EXCEEDED / CANCELLED
// when no answer came.
using CallDone = std::function<void(absl::Status)>;

class AsyncCall {
 public:
  explicit AsyncCall(const CallOptions& options);
  AsyncCall(const AsyncCall&) = delete;
  AsyncCall& operator=(const AsyncCall&) = delete;

  // Ends the call at once with CANCELLED if it is still running.
  void Cancel() { context_.TryCancel(); }

  // What the Grpc* clients make the call on.
  grpc::ClientContext* context() { return &context_; }

  // `done` as gRPC's callback API wants it, the status converted with
  // FromGrpcStatus.
  static std::function<void(grpc::Status)> GrpcDone(CallDone done);

 private:
  grpc::ClientContext context_;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CLIENTS_ASYNC_CALL_H_
