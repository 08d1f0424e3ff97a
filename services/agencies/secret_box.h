// Authenticated encryption (AES-256-GCM) of short values under a 32-byte
// key, for the one secret the agencies service must keep for a while in a
// form it can read back: the secret of a freshly created API key, so that a
// retried CreateApiKey (same request_id) returns the same secret. The key
// lives outside the database (a file, see --credential_retry_key_file), so
// a copy of the database alone reveals no secret.
#ifndef INTERPLAN_SERVICES_AGENCIES_SECRET_BOX_H_
#define INTERPLAN_SERVICES_AGENCIES_SECRET_BOX_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interplan::agencies {

class SecretBox {
 public:
  static constexpr size_t kKeyBytes = 32;

  // INVALID_ARGUMENT unless `key` is kKeyBytes long.
  static absl::StatusOr<SecretBox> Create(absl::string_view key);

  // nonce || ciphertext || tag; `context` (the key id) is authenticated
  // too, so a sealed value cannot be moved to another row.
  absl::StatusOr<std::string> Seal(absl::string_view plaintext, absl::string_view context) const;
  // The plaintext; FAILED_PRECONDITION when the box was sealed under
  // another key or context, or was altered.
  absl::StatusOr<std::string> Open(absl::string_view sealed, absl::string_view context) const;

 private:
  explicit SecretBox(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_SECRET_BOX_H_
