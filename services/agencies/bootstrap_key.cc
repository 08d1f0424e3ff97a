#include "services/agencies/bootstrap_key.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/agencies/secret_file.h"

namespace interplan::agencies {

absl::StatusOr<BootstrapOutcome> EnsureBootstrapKey(CredentialRegistry& registry,
                                                    const std::string& path) {
  absl::StatusOr<std::optional<std::string>> existing = ReadSecretFile(path);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    v1::AuthenticateRequest request;
    request.set_api_key(std::string(absl::StripAsciiWhitespace(**existing)));
    absl::StatusOr<v1::Principal> principal = registry.Authenticate(request);
    if (principal.ok() && principal->role() == v1::ROLE_OPERATOR) {
      return BootstrapOutcome::kFileKeyValid;
    }
    if (!principal.ok() && !absl::IsUnauthenticated(principal.status())) {
      return principal.status();
    }
    // A stale file (revoked or expired key, another database): replaced.
  } else {
    absl::StatusOr<bool> in_force = registry.HasOperatorKeyInForce();
    if (!in_force.ok()) return in_force.status();
    if (*in_force) return BootstrapOutcome::kOperatorKeyExists;
  }
  v1::CreateApiKeyRequest request;
  request.set_role(v1::ROLE_OPERATOR);
  request.set_display_name("bootstrap operator key");
  absl::StatusOr<v1::CreateApiKeyResponse> created = registry.CreateApiKey(request);
  if (!created.ok()) return created.status();
  absl::Status written = WriteSecretFile(path, absl::StrCat(created->secret(), "\n"));
  if (!written.ok()) {
    // Nobody can ever read that key: withdraw it, so the next start-up
    // creates one again instead of finding an operator key in force.
    v1::RevokeApiKeyRequest revoke;
    revoke.set_name(created->api_key().name());
    (void)registry.RevokeApiKey(revoke);
    return written;
  }
  return BootstrapOutcome::kCreated;
}

}  // namespace interplan::agencies
