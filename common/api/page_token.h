// Opaque page tokens for List methods (AIP-158): the last key returned,
// bound to the request's filters so a token cannot be replayed against a
// different query. Malformed or mismatched tokens are INVALID_ARGUMENT
// naming page_token.
#ifndef INTERPLAN_COMMON_API_PAGE_TOKEN_H_
#define INTERPLAN_COMMON_API_PAGE_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace interplan {

// A stable fingerprint of a List request's filters: the request serialized
// deterministically without its page_token and page_size fields.
uint64_t FilterFingerprint(const google::protobuf::Message& request);

std::string EncodePageToken(uint64_t fingerprint, absl::string_view last_key);

// The last key of the previous page; "" for an empty token.
absl::StatusOr<std::string> DecodePageToken(absl::string_view token, uint64_t fingerprint);

// Checks page_size (>= 0) and returns the size to use: `default_size` for
// 0, at most `max_size`.
absl::StatusOr<int> EffectivePageSize(int32_t page_size, int default_size, int max_size);

}  // namespace interplan

#endif  // INTERPLAN_COMMON_API_PAGE_TOKEN_H_
