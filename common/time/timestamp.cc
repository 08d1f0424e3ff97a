#include "common/time/timestamp.h"

namespace interplan::time {

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  return TimestampFromMicros(absl::ToUnixMicros(time));
}

// Written by hand rather than with protobuf's TimeUtil, which aborts the
// process on a time outside years 1-9999 (an infinite absl::Time, say).
google::protobuf::Timestamp TimestampFromMicros(int64_t unix_micros) {
  int64_t seconds = unix_micros / 1000000;
  int64_t micros = unix_micros % 1000000;
  if (micros < 0) {
    micros += 1000000;
    --seconds;
  }
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(static_cast<int32_t>(micros * 1000));
  return timestamp;
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

}  // namespace interplan::time
