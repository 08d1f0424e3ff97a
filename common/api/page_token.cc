#include "common/api/page_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api/fingerprint.h"
#include "common/errors/errors.h"

namespace interplan {
namespace {

constexpr char kVersion[] = "v1";

}  // namespace

uint64_t FilterFingerprint(const google::protobuf::Message& request) {
  return MessageFingerprint(request, {"page_token", "page_size"});
}

std::string EncodePageToken(uint64_t fingerprint, absl::string_view last_key) {
  std::string raw = absl::StrCat(kVersion, ":", absl::Hex(fingerprint), ":", last_key);
  return absl::WebSafeBase64Escape(raw);
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view token, uint64_t fingerprint) {
  if (token.empty()) return std::string();
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) {
    return InvalidFieldError("page_token", "is not a token this service issued");
  }
  std::vector<absl::string_view> parts = absl::StrSplit(raw, absl::MaxSplits(':', 2));
  uint64_t token_fingerprint = 0;
  if (parts.size() != 3 || parts[0] != kVersion ||
      !absl::SimpleHexAtoi(parts[1], &token_fingerprint)) {
    return InvalidFieldError("page_token", "is not a token this service issued");
  }
  if (token_fingerprint != fingerprint) {
    return InvalidFieldError("page_token",
                             "belongs to a request with other filters; start again without it");
  }
  return std::string(parts[2]);
}

absl::StatusOr<int> EffectivePageSize(int32_t page_size, int default_size, int max_size) {
  if (page_size < 0) {
    return InvalidFieldError("page_size", "must not be negative");
  }
  if (page_size == 0) return default_size;
  return page_size > max_size ? max_size : static_cast<int>(page_size);
}

}  // namespace interplan
