#include "common/errors/grpc_status.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/time/time.h"
#include "common/errors/errors.h"
#include "google/protobuf/any.pb.h"
#include "google/rpc/status.pb.h"

namespace interplan {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  google::rpc::Status wire;
  wire.set_code(static_cast<int>(status.code()));
  wire.set_message(std::string(status.message()));
  status.ForEachPayload([&wire](absl::string_view url, const absl::Cord& value) {
    google::protobuf::Any* any = wire.add_details();
    any->set_type_url(std::string(url));
    any->set_value(std::string(value));
  });
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()),
                      wire.SerializeAsString());
}

std::optional<int64_t> RetryPushbackMillis(const absl::Status& status) {
  google::rpc::RetryInfo retry;
  if (!GetRetryInfo(status, &retry)) return std::nullopt;
  const absl::Duration delay =
      absl::Seconds(retry.retry_delay().seconds()) + absl::Nanoseconds(retry.retry_delay().nanos());
  return absl::ToInt64Milliseconds(absl::Ceil(delay, absl::Milliseconds(1)));
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  google::rpc::Status wire;
  if (!status.error_details().empty() && wire.ParseFromString(status.error_details())) {
    for (const google::protobuf::Any& any : wire.details()) {
      out.SetPayload(any.type_url(), absl::Cord(any.value()));
    }
  }
  return out;
}

}  // namespace interplan
