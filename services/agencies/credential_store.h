// SQL access to API keys and certificate bindings. Every call runs inside
// the caller's transaction; what the rows mean (roles, expiry, the salted
// hash) is the CredentialRegistry's business.
#ifndef INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_STORE_H_
#define INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/storage/database.h"
#include "interplan/agencies/v1/credentials.pb.h"

namespace interplan::agencies {

struct ApiKeyRecord {
  std::string id;
  std::string agency_id;  // "" for operator, service and agency-less keys
  v1::Role role = v1::ROLE_UNSPECIFIED;
  std::string display_name;
  std::string salt;  // raw bytes
  std::string hash;  // HMAC-SHA256(salt, secret), raw bytes
  std::string key_prefix;
  absl::Time create_time;
  std::optional<absl::Time> expire_time;  // nullopt: never
  std::optional<absl::Time> revoke_time;  // nullopt: in force
  // The secret sealed for retries (SecretBox), until retry_until; empty
  // after that.
  std::string retry_secret;
  std::optional<absl::Time> retry_until;

  // "agencies/{agency}/apiKeys/{id}", or "apiKeys/{id}" without an agency.
  std::string name() const;
  // The API message: never the salt, hash or sealed secret.
  void ToProto(v1::ApiKey* key) const;
};

struct CertificateBindingRecord {
  std::string id;
  std::string subject;
  std::string agency_id;
  v1::Role role = v1::ROLE_UNSPECIFIED;
  absl::Time create_time;

  std::string name() const;  // "certificateBindings/{id}"
  void ToProto(v1::CertificateBinding* binding) const;
};

struct ApiKeyQuery {
  std::optional<std::string> agency_id;  // nullopt: every key
  bool show_revoked = false;
  std::string after_id;
  int limit = 50;
};

class CredentialStore {
 public:
  absl::Status InsertApiKey(storage::Transaction& txn, const ApiKeyRecord& key);
  absl::StatusOr<std::optional<ApiKeyRecord>> FindApiKey(storage::Transaction& txn,
                                                         absl::string_view id);
  absl::StatusOr<std::vector<ApiKeyRecord>> ListApiKeys(storage::Transaction& txn,
                                                        const ApiKeyQuery& query);
  // Sets revoke_time on a key still in force; false when it was not.
  absl::StatusOr<bool> RevokeApiKey(storage::Transaction& txn, absl::string_view id,
                                    absl::Time when);
  // Whether some operator key is in force at `now` (not revoked, not expired).
  absl::StatusOr<bool> HasOperatorKeyInForce(storage::Transaction& txn, absl::Time now);
  // Erases the sealed secrets whose retry window ended before `now`.
  absl::Status EraseRetrySecrets(storage::Transaction& txn, absl::Time now);

  absl::Status InsertBinding(storage::Transaction& txn, const CertificateBindingRecord& binding);
  absl::StatusOr<std::optional<CertificateBindingRecord>> FindBinding(storage::Transaction& txn,
                                                                      absl::string_view id);
  absl::StatusOr<std::optional<CertificateBindingRecord>> FindBindingBySubject(
      storage::Transaction& txn, absl::string_view subject);
  absl::StatusOr<std::vector<CertificateBindingRecord>> ListBindings(storage::Transaction& txn,
                                                                     absl::string_view after_id,
                                                                     int limit);
  absl::Status DeleteBinding(storage::Transaction& txn, absl::string_view id);
};

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_STORE_H_
