#include "common/auth/forward_caller.h"

#include "common/auth/outgoing_credentials.h"
#include "common/auth/principal_proto.h"

namespace interplan::auth {

void ForwardCaller(const CallContext& call, grpc::ClientContext* context) {
  if (call.principal.has_value()) ForwardPrincipal(*call.principal, context);
}

void ForwardPrincipal(const Principal& principal, grpc::ClientContext* context) {
  context->AddMetadata(kOnBehalfOfHeader, PrincipalToProto(principal).SerializeAsString());
}

}  // namespace interplan::auth
