// A token bucket per credential: each credential may make `burst` calls at
// once and `per_second` calls a second after that. A call over the limit
// is refused with RESOURCE_EXHAUSTED carrying a google.rpc.RetryInfo
// retry_delay (when the next call will be admitted) and an ErrorInfo
// (reason RATE_LIMITED, metadata credential).
//
// Thread-safe. Holds at most `max_buckets` buckets; when full, buckets
// that have refilled completely (indistinguishable from new ones) go
// first, then arbitrary ones.
#ifndef INTERPLAN_COMMON_AUTH_RATE_LIMITER_H_
#define INTERPLAN_COMMON_AUTH_RATE_LIMITER_H_

#include <cstddef>
#include <functional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace interplan::auth {

struct RateLimiterOptions {
  // Calls a second each credential may make on average; 0 turns limiting off.
  double per_second = 50;
  // Calls a credential may make at once, after being idle.
  double burst = 100;
  size_t max_buckets = 10000;
  // The clock; injectable for tests.
  std::function<absl::Time()> now;
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimiterOptions options = {});

  // Takes one token from `credential`'s bucket: OK, or RESOURCE_EXHAUSTED
  // with the delay after which a call will be admitted.
  absl::Status Admit(absl::string_view credential);

 private:
  struct Bucket {
    double tokens;
    absl::Time updated;
  };

  absl::Time Now() const;
  // `bucket` refilled up to `now`.
  void Refill(Bucket& bucket, absl::Time now) const;
  void MakeRoomLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const RateLimiterOptions options_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Bucket> buckets_ ABSL_GUARDED_BY(mu_);
};

}  // namespace interplan::auth

#endif  // INTERPLAN_COMMON_AUTH_RATE_LIMITER_H_
