// The HTTP status code that stands for a canonical status code, as Google's
// JSON APIs map them (google/rpc/code.proto): what the gateway answers over
// HTTP and what the client prints in the "code" of a JSON error.
#ifndef INTERPLAN_COMMON_ERRORS_HTTP_STATUS_H_
#define INTERPLAN_COMMON_ERRORS_HTTP_STATUS_H_

#include "absl/status/status.h"

namespace interplan {

int HttpStatusOf(absl::StatusCode code);

}  // namespace interplan

#endif  // INTERPLAN_COMMON_ERRORS_HTTP_STATUS_H_
