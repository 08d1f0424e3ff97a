// Small files that hold secrets: the bootstrap operator key and the key
// that seals API key secrets for retries. Written with mode 0600 (parent
// folders created), atomically (a temporary file renamed into place), so a
// crash never leaves half a secret.
#ifndef INTERPLAN_SERVICES_AGENCIES_SECRET_FILE_H_
#define INTERPLAN_SERVICES_AGENCIES_SECRET_FILE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interplan::agencies {

// The file's content; nullopt when it does not exist.
absl::StatusOr<std::optional<std::string>> ReadSecretFile(const std::string& path);

absl::Status WriteSecretFile(const std::string& path, absl::string_view content);

// The `size` random bytes stored (base64url) at `path`, created on first
// use. FAILED_PRECONDITION when the file holds something else.
absl::StatusOr<std::string> LoadOrCreateRandomKey(const std::string& path, size_t size);

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_SECRET_FILE_H_
