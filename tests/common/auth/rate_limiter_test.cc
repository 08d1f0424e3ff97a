// Tests of RateLimiter: bursts, refill on an injected clock, RetryInfo.
#include "common/auth/rate_limiter.h"

#include "absl/status/status.h"
#include "common/errors/errors.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace interplan::auth {
namespace {

absl::Duration RetryDelayOf(const absl::Status& status) {
  google::rpc::RetryInfo info;
  if (!GetRetryInfo(status, &info)) return absl::InfiniteDuration();
  return absl::Seconds(info.retry_delay().seconds()) +
         absl::Nanoseconds(info.retry_delay().nanos());
}

class RateLimiterTest : public ::testing::Test {
 protected:
  RateLimiterOptions Options(double per_second, double burst) {
    return RateLimiterOptions{
        .per_second = per_second, .burst = burst, .now = [this] { return now_; }};
  }
  absl::Time now_ = absl::FromUnixSeconds(1750000000);
};

TEST_F(RateLimiterTest, AdmitsABurstThenRefusesWithRetryInfo) {
  RateLimiter limiter(Options(/*per_second=*/2, /*burst=*/3));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Admit("k").ok()) << i;
  absl::Status refused = limiter.Admit("k");
  EXPECT_TRUE(absl::IsResourceExhausted(refused)) << refused;
  EXPECT_EQ(RetryDelayOf(refused), absl::Milliseconds(500));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(refused, &info));
  EXPECT_EQ(info.reason(), "RATE_LIMITED");
  EXPECT_EQ(info.metadata().at("credential"), "k");
}

TEST_F(RateLimiterTest, RefillsAtTheRateUpToTheBurst) {
  RateLimiter limiter(Options(/*per_second=*/2, /*burst=*/3));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.Admit("k").ok());
  ASSERT_FALSE(limiter.Admit("k").ok());
  now_ += absl::Milliseconds(250);
  absl::Status early = limiter.Admit("k");
  EXPECT_FALSE(early.ok());
  EXPECT_EQ(RetryDelayOf(early), absl::Milliseconds(250));
  now_ += absl::Milliseconds(250);
  EXPECT_TRUE(limiter.Admit("k").ok());
  EXPECT_FALSE(limiter.Admit("k").ok());
  // A long idle refills the burst, no more.
  now_ += absl::Hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Admit("k").ok()) << i;
  EXPECT_FALSE(limiter.Admit("k").ok());
}

TEST_F(RateLimiterTest, EachCredentialHasItsOwnBucket) {
  RateLimiter limiter(Options(/*per_second=*/1, /*burst=*/1));
  EXPECT_TRUE(limiter.Admit("a").ok());
  EXPECT_FALSE(limiter.Admit("a").ok());
  EXPECT_TRUE(limiter.Admit("b").ok());
}

TEST_F(RateLimiterTest, ZeroRateMeansNoLimit) {
  RateLimiter limiter(Options(/*per_second=*/0, /*burst=*/1));
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Admit("k").ok());
}

TEST_F(RateLimiterTest, HoldsAtMostMaxBuckets) {
  RateLimiterOptions options = Options(1, 1);
  options.max_buckets = 2;
  RateLimiter limiter(options);
  EXPECT_TRUE(limiter.Admit("a").ok());
  EXPECT_TRUE(limiter.Admit("b").ok());
  EXPECT_TRUE(limiter.Admit("c").ok());  // makes room; never refuses a new credential
}

}  // namespace
}  // namespace interplan::auth
