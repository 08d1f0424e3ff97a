// The canonical name of a gRPC status code ("OK", "NOT_FOUND"), the form
// call logs and metric labels use.
#ifndef INTERPLAN_COMMON_SERVER_STATUS_CODE_NAME_H_
#define INTERPLAN_COMMON_SERVER_STATUS_CODE_NAME_H_

#include <grpcpp/support/status.h>

namespace interplan {

// "UNKNOWN" for a number that is no code.
const char* StatusCodeName(grpc::StatusCode code);

// The number of status codes: OK (0) to UNAUTHENTICATED (16), plus one.
inline constexpr int kStatusCodeCount = 17;

}  // namespace interplan

#endif  // INTERPLAN_COMMON_SERVER_STATUS_CODE_NAME_H_
