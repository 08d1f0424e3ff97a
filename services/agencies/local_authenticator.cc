#include "services/agencies/local_authenticator.h"

#include "common/auth/principal_proto.h"

namespace interplan::agencies {

absl::StatusOr<auth::Principal> LocalAuthenticator::Authenticate(
    const auth::Credential& credential) {
  v1::AuthenticateRequest request;
  if (credential.kind == auth::Credential::Kind::kApiKey) {
    request.set_api_key(credential.value);
  } else {
    request.set_certificate_subject(credential.value);
  }
  absl::StatusOr<v1::Principal> principal = registry_.Authenticate(request);
  if (!principal.ok()) return principal.status();
  return auth::PrincipalFromProto(*principal);
}

}  // namespace interplan::agencies
