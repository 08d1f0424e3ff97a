// The credentials logic: issuing API keys (the secret returned once, only
// its salted hash kept), listing and revoking them, binding mTLS client
// certificate subjects to agencies, and Authenticate, which every service
// asks (through a short cache) who a caller is. Plain C++ over the stores.
//
// Retried creates and the secret. A CreateApiKey retried with the same
// request_id must return the same secret, but the request log keeps
// responses in the database indefinitely, and a plaintext secret there
// (and in every backup and replica of it) would defeat storing only a hash.
// So the logged response carries no secret; instead, when a request_id is
// given, the key's row holds the secret sealed with AES-256-GCM under a
// retry key kept outside the database (SecretBox), for `retry_window`
// only: a retry within the window gets the secret unsealed, a later one
// FAILED_PRECONDITION (revoke the key and create another). A stolen
// database alone therefore never yields a secret; with the retry key as
// well, only those of keys created within the last window.
#ifndef INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_REGISTRY_H_
#define INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_REGISTRY_H_

#include <functional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/call/call_context.h"
#include "common/storage/audit_log.h"
#include "common/storage/database.h"
#include "interplan/agencies/v1/credentials.pb.h"
#include "services/agencies/agency_store.h"
#include "services/agencies/credential_store.h"
#include "services/agencies/credential_validator.h"
#include "services/agencies/secret_box.h"
#include "services/agencies/unit_registry.h"

namespace interplan::agencies {

class CredentialRegistry {
 public:
  using Clock = std::function<absl::Time()>;

  struct Options {
    // How long a retried CreateApiKey can still return the secret.
    absl::Duration retry_window = absl::Hours(1);
    Clock now;  // absl::Now by default
  };

  CredentialRegistry(storage::Database& db, UnitRegistry& units, SecretBox retry_box,
                     Options options);
  CredentialRegistry(storage::Database& db, UnitRegistry& units, SecretBox retry_box)
      : CredentialRegistry(db, units, std::move(retry_box), Options()) {}

  absl::StatusOr<v1::CreateApiKeyResponse> CreateApiKey(const v1::CreateApiKeyRequest& request,
                                                        const CallContext& call = CallContext());
  absl::StatusOr<v1::ListApiKeysResponse> ListApiKeys(const v1::ListApiKeysRequest& request,
                                                      const CallContext& call = CallContext());
  absl::StatusOr<v1::ApiKey> RevokeApiKey(const v1::RevokeApiKeyRequest& request,
                                          const CallContext& call = CallContext());
  absl::StatusOr<v1::CertificateBinding> CreateCertificateBinding(
      const v1::CreateCertificateBindingRequest& request, const CallContext& call = CallContext());
  absl::StatusOr<v1::ListCertificateBindingsResponse> ListCertificateBindings(
      const v1::ListCertificateBindingsRequest& request, const CallContext& call = CallContext());
  absl::StatusOr<v1::CertificateBinding> DeleteCertificateBinding(
      const v1::DeleteCertificateBindingRequest& request, const CallContext& call = CallContext());

  // Who presents this credential. UNAUTHENTICATED when it is malformed,
  // unknown, does not match, is revoked or expired, or its agency is not in
  // force today (retired, or not yet started); the message says which only
  // once the secret has matched.
  absl::StatusOr<v1::Principal> Authenticate(const v1::AuthenticateRequest& request,
                                             const CallContext& call = CallContext());

  // Whether some operator key is in force now (for start-up bootstrap).
  absl::StatusOr<bool> HasOperatorKeyInForce();

 private:
  // The agency `agency_field` names, in force today, and its unit's level.
  struct Holder {
    std::optional<AgencyRecord> agency;
    v1::UnitLevel unit_level = v1::UNIT_LEVEL_UNSPECIFIED;
  };
  absl::StatusOr<Holder> LoadHolder(storage::Transaction& txn, const std::string& agency_id,
                                    absl::string_view agency_field, absl::Time now);
  // The role a credential of `agency_id` gets when `requested` (checked
  // against the agency, which must be in force at `now`).
  absl::StatusOr<v1::Role> RoleFor(storage::Transaction& txn, v1::Role requested,
                                   const std::string& agency_id, absl::string_view role_field,
                                   absl::string_view agency_field, absl::Time now);
  // The name and secret of the key the last attempt of a create stored.
  struct FreshKey {
    std::string name;
    std::string secret;
  };
  // A new key for `checked` with `role`: only the secret's salted hash
  // kept, and the secret sealed for retries when `retryable`. The key as
  // presented (with its secret) goes to `presented`.
  absl::StatusOr<ApiKeyRecord> NewApiKey(const CheckedApiKey& checked, v1::Role role,
                                         absl::Time now, bool retryable, std::string& presented);
  // One attempt of CreateApiKey within its transaction: the logged
  // response (no secret) in `out`, the secret in `fresh`.
  absl::Status InsertApiKey(storage::Transaction& txn, const v1::CreateApiKeyRequest& request,
                            const CheckedApiKey& checked, absl::Time now,
                            v1::CreateApiKeyResponse& out, FreshKey& fresh);
  // The principal for a credential of `agency_id` and `role`, checking
  // the agency is still in force; valid until `expire_time` at most.
  absl::StatusOr<v1::Principal> PrincipalOf(storage::Transaction& txn,
                                            const std::string& credential,
                                            const std::string& agency_id, v1::Role role,
                                            std::optional<absl::Time> expire_time, absl::Time now);
  // The secret of a key created by an earlier attempt of a request.
  absl::StatusOr<std::string> RecoverSecret(const v1::ApiKey& key, absl::Time now);

  storage::Database& db_;
  UnitRegistry& units_;
  SecretBox retry_box_;
  Options options_;
  CredentialStore store_;
  AgencyStore agencies_;
};

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_REGISTRY_H_
