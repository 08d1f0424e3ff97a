#include "common/auth/forward_caller.h"

#include "common/auth/outgoing_credentials.h"
#include "common/auth/principal_proto.h"

namespace interplan::auth {

void ForwardCaller(const CallContext& call, grpc::ClientContext* context) {
  if (!call.principal.has_value()) return;
  context->AddMetadata(kOnBehalfOfHeader, PrincipalToProto(*call.principal).SerializeAsString());
}

}  // namespace interplan::auth
