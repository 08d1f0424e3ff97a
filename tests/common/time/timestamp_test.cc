#include "common/time/timestamp.h"

#include "gtest/gtest.h"

namespace interplan::time {
namespace {

TEST(TimestampTest, WritesToTheMicrosecondRoundingDown) {
  const absl::Time t = absl::FromUnixSeconds(1764547200) + absl::Nanoseconds(123456789);
  const google::protobuf::Timestamp ts = ToTimestamp(t);
  EXPECT_EQ(ts.seconds(), 1764547200);
  EXPECT_EQ(ts.nanos(), 123456000);
  EXPECT_EQ(FromTimestamp(ts), absl::FromUnixMicros(1764547200123456));
}

TEST(TimestampTest, TimesBefore1970HaveNanosInRange) {
  // 1969-12-31 23:59:59.750000 UTC.
  const google::protobuf::Timestamp ts = TimestampFromMicros(-250000);
  EXPECT_EQ(ts.seconds(), -1);
  EXPECT_EQ(ts.nanos(), 750000000);
  EXPECT_EQ(FromTimestamp(ts), absl::FromUnixMicros(-250000));
}

TEST(TimestampTest, StoredMicrosRoundTrip) {
  for (int64_t micros : {int64_t{0}, int64_t{1}, int64_t{999999}, int64_t{1000000},
                         int64_t{1764547200123456}, int64_t{-1}, int64_t{-1000001}}) {
    EXPECT_EQ(absl::ToUnixMicros(FromTimestamp(TimestampFromMicros(micros))), micros) << micros;
  }
  EXPECT_EQ(FromTimestamp(google::protobuf::Timestamp()), absl::UnixEpoch());
}

// What a caller may hand over by mistake (an unbounded expiry) is written,
// not a reason to end the process.
TEST(TimestampTest, InfiniteTimesAreWrittenWithoutAborting) {
  const google::protobuf::Timestamp future = ToTimestamp(absl::InfiniteFuture());
  EXPECT_GT(future.seconds(), 0);
  EXPECT_GE(future.nanos(), 0);
  EXPECT_LT(future.nanos(), 1000000000);
  const google::protobuf::Timestamp past = ToTimestamp(absl::InfinitePast());
  EXPECT_LT(past.seconds(), 0);
  EXPECT_GE(past.nanos(), 0);
  EXPECT_LT(past.nanos(), 1000000000);
}

}  // namespace
}  // namespace interplan::time
