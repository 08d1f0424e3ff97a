// An Authenticator that asks interplan-agencies:
// interplan.agencies.v1.CredentialService/Authenticate, presenting this
// service's own key (`authorization: Bearer <service key>`). Wrap it in a
// CredentialCache: on its own it costs one round trip per call.
//
// Answers: the principal; UNAUTHENTICATED when agencies refuses the
// credential; UNAVAILABLE (with RetryInfo) when agencies cannot be reached
// or does not answer within the timeout, never UNAUTHENTICATED, so a
// client retries rather than thinking its key bad; INTERNAL when agencies
// refuses this service's own key (a deployment error, logged).
#ifndef INTERPLAN_COMMON_AUTH_GRPC_AUTHENTICATOR_H_
#define INTERPLAN_COMMON_AUTH_GRPC_AUTHENTICATOR_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "common/auth/authenticator.h"
#include "interplan/agencies/v1/credentials.grpc.pb.h"

namespace interplan::auth {

struct GrpcAuthenticatorOptions {
  // The key this service presents; empty: whatever the channel sends
  // (OpenChannel sends the process's outgoing key).
  std::string service_key;
  // The deadline of each Authenticate call.
  absl::Duration timeout = absl::Seconds(2);
};

class GrpcAuthenticator : public Authenticator {
 public:
  GrpcAuthenticator(std::shared_ptr<grpc::Channel> agencies, GrpcAuthenticatorOptions options = {});

  absl::StatusOr<Principal> Authenticate(const Credential& credential) override;

 private:
  std::unique_ptr<interplan::agencies::v1::CredentialService::Stub> stub_;
  const GrpcAuthenticatorOptions options_;
};

}  // namespace interplan::auth

#endif  // INTERPLAN_COMMON_AUTH_GRPC_AUTHENTICATOR_H_
