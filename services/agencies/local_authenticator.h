// The Authenticator interplan-agencies uses for its own callers: it asks
// the credential registry in process, from its own store. The other
// services ask over gRPC (GrpcAuthenticator, CredentialService/
// Authenticate with their service key); agencies asking itself that way
// would need its own key, and authenticating that call would ask again.
// Wrapped in the server's CredentialCache like any Authenticator.
#ifndef INTERPLAN_SERVICES_AGENCIES_LOCAL_AUTHENTICATOR_H_
#define INTERPLAN_SERVICES_AGENCIES_LOCAL_AUTHENTICATOR_H_

#include "absl/status/statusor.h"
#include "common/auth/authenticator.h"
#include "common/call/principal.h"
#include "services/agencies/credential_registry.h"

namespace interplan::agencies {

class LocalAuthenticator : public auth::Authenticator {
 public:
  // `registry` is not owned and must outlive this.
  explicit LocalAuthenticator(CredentialRegistry& registry) : registry_(registry) {}

  // CredentialRegistry::Authenticate's answer as an auth::Principal:
  // UNAUTHENTICATED for a credential refused; a store error as it is.
  absl::StatusOr<auth::Principal> Authenticate(const auth::Credential& credential) override;

 private:
  CredentialRegistry& registry_;
};

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_LOCAL_AUTHENTICATOR_H_
