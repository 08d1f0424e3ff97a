// Conversions between absl::Time and google.protobuf.Timestamp, the way
// every service writes times in its messages: to the microsecond (what the
// stores keep), with nanos in [0, 999999999] also before 1970.
#ifndef INTERPLAN_COMMON_TIME_TIMESTAMP_H_
#define INTERPLAN_COMMON_TIME_TIMESTAMP_H_

#include <cstdint>

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace interplan::time {

// `time` to the microsecond, rounded down.
google::protobuf::Timestamp ToTimestamp(absl::Time time);
// Microseconds since the Unix epoch, as the stores keep them.
google::protobuf::Timestamp TimestampFromMicros(int64_t unix_micros);
// Exact, nanoseconds included.
absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp);

}  // namespace interplan::time

#endif  // INTERPLAN_COMMON_TIME_TIMESTAMP_H_
