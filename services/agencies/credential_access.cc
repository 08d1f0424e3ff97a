#include "services/agencies/credential_access.h"

#include "absl/strings/str_cat.h"
#include "common/access/access_policy.h"

namespace interplan::agencies {
namespace {

absl::Status RequireOperator(const CallContext& call, absl::string_view resource) {
  return access::RequireRole(call, {auth::Role::kOperator}, resource);
}

}  // namespace

std::string CredentialAccess::ApiKeysOf(absl::string_view agency) {
  if (agency.empty()) return "apiKeys";
  return absl::StrCat(agency, "/apiKeys");
}

absl::Status CredentialAccess::MayCreateApiKey(const CallContext& call,
                                               const v1::CreateApiKeyRequest& request) {
  return RequireOperator(call, ApiKeysOf(request.agency()));
}

absl::Status CredentialAccess::MayListApiKeys(const CallContext& call,
                                              const v1::ListApiKeysRequest& request) {
  return RequireOperator(call, ApiKeysOf(request.agency()));
}

absl::Status CredentialAccess::MayRevokeApiKey(const CallContext& call,
                                               const v1::RevokeApiKeyRequest& request) {
  return RequireOperator(call, request.name());
}

absl::Status CredentialAccess::MayCreateCertificateBinding(const CallContext& call) {
  return RequireOperator(call, "certificateBindings");
}

absl::Status CredentialAccess::MayListCertificateBindings(const CallContext& call) {
  return RequireOperator(call, "certificateBindings");
}

absl::Status CredentialAccess::MayDeleteCertificateBinding(
    const CallContext& call, const v1::DeleteCertificateBindingRequest& request) {
  return RequireOperator(call, request.name());
}

absl::Status CredentialAccess::MayAuthenticate(const CallContext& call,
                                               const v1::AuthenticateRequest& request) {
  const char* asked = request.has_certificate_subject() ? "certificateBindings" : "apiKeys";
  return access::RequireRole(call, {auth::Role::kService, auth::Role::kOperator}, asked);
}

}  // namespace interplan::agencies
