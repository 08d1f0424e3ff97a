#include "services/agencies/api_key_secret.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace interplan::agencies {
namespace {

constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kKeyIdAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
constexpr size_t kKeyIdLength = 16;

int Base64UrlValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

}  // namespace

absl::StatusOr<std::string> RandomBytes(size_t count) {
  std::string bytes(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
    return absl::InternalError("the random number generator failed");
  }
  return bytes;
}

absl::StatusOr<std::string> NewKeyId() {
  // 36 does not divide 256: reject bytes >= 252 so every character is
  // equally likely.
  std::string id;
  while (id.size() < kKeyIdLength) {
    absl::StatusOr<std::string> bytes = RandomBytes(kKeyIdLength);
    if (!bytes.ok()) return bytes.status();
    for (unsigned char b : *bytes) {
      if (b < 252 && id.size() < kKeyIdLength) id.push_back(kKeyIdAlphabet[b % 36]);
    }
  }
  return id;
}

std::string Base64UrlEncode(absl::string_view bytes) {
  std::string out;
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) |
                       (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                       static_cast<uint8_t>(bytes[i + 2]);
    out.push_back(kBase64Url[(v >> 18) & 63]);
    out.push_back(kBase64Url[(v >> 12) & 63]);
    out.push_back(kBase64Url[(v >> 6) & 63]);
    out.push_back(kBase64Url[v & 63]);
  }
  const size_t rest = bytes.size() - i;
  if (rest == 1) {
    const uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    out.push_back(kBase64Url[(v >> 18) & 63]);
    out.push_back(kBase64Url[(v >> 12) & 63]);
  } else if (rest == 2) {
    const uint32_t v =
        (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out.push_back(kBase64Url[(v >> 18) & 63]);
    out.push_back(kBase64Url[(v >> 12) & 63]);
    out.push_back(kBase64Url[(v >> 6) & 63]);
  }
  return out;
}

std::optional<std::string> Base64UrlDecode(absl::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int v = Base64UrlValue(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  // Canonical: the unused low bits of the last character are zero.
  if ((buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string FormatApiKey(absl::string_view key_id, absl::string_view secret) {
  return absl::StrCat(kApiKeyPrefix, key_id, "_", Base64UrlEncode(secret));
}

std::optional<ParsedApiKey> ParseApiKey(absl::string_view presented) {
  if (!absl::StartsWith(presented, kApiKeyPrefix)) return std::nullopt;
  presented.remove_prefix(kApiKeyPrefix.size());
  // The key id has no '_'; the encoded secret may.
  const size_t underscore = presented.find('_');
  if (underscore != kKeyIdLength) return std::nullopt;
  ParsedApiKey parsed;
  parsed.key_id = std::string(presented.substr(0, underscore));
  for (char c : parsed.key_id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return std::nullopt;
  }
  std::optional<std::string> secret = Base64UrlDecode(presented.substr(underscore + 1));
  if (!secret.has_value() || secret->size() != kSecretBytes) return std::nullopt;
  parsed.secret = std::move(*secret);
  return parsed;
}

std::string KeyPrefixOf(absl::string_view presented) {
  const size_t length = kApiKeyPrefix.size() + kKeyIdLength + 1 + 4;
  return std::string(presented.substr(0, length));
}

std::string HashSecret(absl::string_view salt, absl::string_view secret) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), salt.data(), static_cast<int>(salt.size()),
       reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

bool SecretMatches(absl::string_view salt, absl::string_view secret,
                   absl::string_view stored_hash) {
  const std::string hash = HashSecret(salt, secret);
  return hash.size() == stored_hash.size() &&
         CRYPTO_memcmp(hash.data(), stored_hash.data(), hash.size()) == 0;
}

}  // namespace interplan::agencies
