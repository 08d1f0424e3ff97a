// The HTTP status code that stands for a canonical status code, as Google's
// JSON APIs map them (google/rpc/code.proto): what the gateway answers over
// HTTP and what the client prints in the "code" of a JSON error.
#ifndef INTERPLAN_COMMON_ERRORS_HTTP_STATUS_H_
#define INTERPLAN_COMMON_ERRORS_HTTP_STATUS_H_

#include "absl/status/status.h"

namespace interplan {

int HttpStatusOf(absl::StatusCode code);

// The canonical code an HTTP error status stands for, for the errors an
// HTTP server answers without a handler (404 unknown path: NOT_FOUND; 405
// and 501: UNIMPLEMENTED; 413 and 431: INVALID_ARGUMENT; 503:
// UNAVAILABLE): HttpStatusOf's inverse where that is one-to-one, UNKNOWN
// for a status that is not an error.
absl::StatusCode CodeOfHttpStatus(int http_status);

}  // namespace interplan

#endif  // INTERPLAN_COMMON_ERRORS_HTTP_STATUS_H_
