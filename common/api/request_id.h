// The one rule for request ids, wherever a caller hands one in (a
// request's request_id field, AIP-155; the x-request-id metadata): 1 to 128
// printable ASCII characters without spaces. Checked before an id is echoed
// in response metadata (where gRPC would abort on any other byte), written
// to a log or stored in the request log; an id that fails is refused, never
// repeated back.
#ifndef INTERPLAN_COMMON_API_REQUEST_ID_H_
#define INTERPLAN_COMMON_API_REQUEST_ID_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace interplan::api {

inline constexpr size_t kMaxRequestIdLength = 128;

// Whether `id` is 1 to 128 characters from '!' to '~'.
bool IsValidRequestId(absl::string_view id);

// OK for a valid id; otherwise INVALID_ARGUMENT with a field violation on
// `field` ("request_id", "x-request-id") saying what is wrong, without the
// id itself.
absl::Status CheckRequestId(absl::string_view id, absl::string_view field);

}  // namespace interplan::api

#endif  // INTERPLAN_COMMON_API_REQUEST_ID_H_
