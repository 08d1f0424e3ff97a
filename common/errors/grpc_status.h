// Conversion between absl::Status (inside every process) and grpc::Status
// (on the wire), carrying the google.rpc details in grpc-status-details-bin
// as a serialized google.rpc.Status, per AIP-193.
#ifndef INTERPLAN_COMMON_ERRORS_GRPC_STATUS_H_
#define INTERPLAN_COMMON_ERRORS_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include <cstdint>
#include <optional>

#include "absl/status/status.h"

namespace interplan {

// Every payload of `status` becomes a google.protobuf.Any detail.
grpc::Status ToGrpcStatus(const absl::Status& status);

// The trailing metadata by which a server tells gRPC's built-in retry
// policy how long to wait before the next attempt (gRFC A6).
inline constexpr char kRetryPushbackMetadata[] = "grpc-retry-pushback-ms";

// The RetryInfo delay of `status` in whole milliseconds, rounded up, as
// kRetryPushbackMetadata carries it; nullopt when it has no RetryInfo.
std::optional<int64_t> RetryPushbackMillis(const absl::Status& status);

// The inverse: details become payloads again, so FieldViolationsOf() and
// DescribeStatus() work on what a client received.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace interplan

#endif  // INTERPLAN_COMMON_ERRORS_GRPC_STATUS_H_
