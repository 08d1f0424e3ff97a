#include "common/server/status_code_name.h"

namespace interplan {

const char* StatusCodeName(grpc::StatusCode code) {
  static const char* kNames[kStatusCodeCount] = {"OK",
                                                 "CANCELLED",
                                                 "UNKNOWN",
                                                 "INVALID_ARGUMENT",
                                                 "DEADLINE_EXCEEDED",
                                                 "NOT_FOUND",
                                                 "ALREADY_EXISTS",
                                                 "PERMISSION_DENIED",
                                                 "RESOURCE_EXHAUSTED",
                                                 "FAILED_PRECONDITION",
                                                 "ABORTED",
                                                 "OUT_OF_RANGE",
                                                 "UNIMPLEMENTED",
                                                 "INTERNAL",
                                                 "UNAVAILABLE",
                                                 "DATA_LOSS",
                                                 "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  return index >= 0 && index < kStatusCodeCount ? kNames[index] : "UNKNOWN";
}

}  // namespace interplan
