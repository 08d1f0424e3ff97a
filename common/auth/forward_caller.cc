#include "common/auth/forward_caller.h"

#include "common/auth/outgoing_credentials.h"

namespace interplan::auth {
namespace {

// Whether gRPC can send `value` as a metadata value (it aborts otherwise).
bool IsSendable(absl::string_view value) {
  for (char c : value) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return !value.empty();
}

}  // namespace

void ForwardCaller(const CallContext& call, grpc::ClientContext* context) {
  if (call.principal.has_value()) ForwardPrincipal(*call.principal, context);
}

void ForwardPrincipal(const Principal& principal, grpc::ClientContext* context) {
  if (!IsSendable(principal.presented_api_key)) return;
  context->AddMetadata(kRelayedApiKeyHeader, principal.presented_api_key);
}

}  // namespace interplan::auth
