// The cryptography of API keys, kept in one place: random secrets from the
// operating system's CSPRNG, the presented form "ipk_<key id>_<secret>",
// the salted hash stored instead of the secret, and its constant-time check.
//
// Why a fast hash is enough: the secret is 32 random bytes (256 bits) from
// a CSPRNG, not something a person chose. Slow password hashes (PBKDF2,
// scrypt, Argon2) exist to make guessing low-entropy passwords expensive;
// nobody can enumerate 2^256 secrets however fast each guess is. So the
// stored value is HMAC-SHA256 keyed by a per-key random salt, which a
// stolen database cannot turn back into a secret, and an uncached
// Authenticate costs microseconds rather than the ~100 ms a password hash
// tuned for people would add to a call.
#ifndef INTERPLAN_SERVICES_AGENCIES_API_KEY_SECRET_H_
#define INTERPLAN_SERVICES_AGENCIES_API_KEY_SECRET_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interplan::agencies {

inline constexpr absl::string_view kApiKeyPrefix = "ipk_";
inline constexpr size_t kSecretBytes = 32;
inline constexpr size_t kSaltBytes = 16;

// `count` bytes from the CSPRNG (OpenSSL RAND_bytes). INTERNAL when the
// generator fails, which callers must not paper over.
absl::StatusOr<std::string> RandomBytes(size_t count);

// A fresh key id: 16 characters of [a-z0-9] (about 82 bits), no '_'.
absl::StatusOr<std::string> NewKeyId();

// Base64url without padding (RFC 4648 section 5), and back; nullopt when
// `text` is not canonical base64url.
std::string Base64UrlEncode(absl::string_view bytes);
std::optional<std::string> Base64UrlDecode(absl::string_view text);

// "ipk_<key_id>_<base64url(secret)>": what a client presents.
std::string FormatApiKey(absl::string_view key_id, absl::string_view secret);

struct ParsedApiKey {
  std::string key_id;
  std::string secret;  // raw bytes, kSecretBytes long
};
// The key id and raw secret of a presented key; nullopt when it is not in
// the form FormatApiKey writes.
std::optional<ParsedApiKey> ParseApiKey(absl::string_view presented);

// What a key listing shows to tell keys apart: "ipk_<key id>_" and the
// first 4 characters of the encoded secret (24 of its 256 bits).
std::string KeyPrefixOf(absl::string_view presented);

// HMAC-SHA256(salt, secret): the value stored instead of the secret.
std::string HashSecret(absl::string_view salt, absl::string_view secret);

// Whether HashSecret(salt, secret) == stored_hash, in time independent of
// where they differ (CRYPTO_memcmp).
bool SecretMatches(absl::string_view salt, absl::string_view secret, absl::string_view stored_hash);

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_API_KEY_SECRET_H_
