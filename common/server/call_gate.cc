#include "common/server/call_gate.h"

#include <chrono>

#include "absl/time/clock.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"
#include "common/logging/log.h"

namespace interplan {

void CallGate::AddGuard(std::unique_ptr<CallGuard> guard) {
  guards_.push_back(std::move(guard));
}

grpc::Status CallGate::Run(
    grpc::ServerContext* server_context, absl::string_view method,
    absl::FunctionRef<absl::Status(const CallContext&)> handler) {
  if (!ready_.load()) {
    return ToGrpcStatus(UnavailableError(
        "the service is starting or shutting down", absl::Seconds(1)));
  }
  CallContext call;
  call.server_context = server_context;
  call.method = std::string(method);
  if (server_context != nullptr) {
    const auto deadline = server_context->deadline();
    if (deadline != std::chrono::system_clock::time_point::max()) {
      call.deadline = absl::FromChrono(deadline);
    }
  }
  for (const auto& guard : guards_) {
    absl::Status status = guard->Check(call);
    if (!status.ok()) return ToGrpcStatus(status);
  }
  absl::Status status = handler(call);
  if (absl::IsInternal(status) || absl::IsUnknown(status)) {
    LogError("internal error", {{"method", method}, {"error", status.ToString()}});
  }
  return ToGrpcStatus(status);
}

}  // namespace interplan

namespace interplan {

grpc::Status CallGate::RunWrite(grpc::ServerContext* server_context, absl::string_view method,
                                absl::FunctionRef<absl::Status(const CallContext&)> handler) {
  grpc::Status status = Run(server_context, method, handler);
  if (status.ok() && write_listener_) write_listener_();
  return status;
}

}  // namespace interplan
