#include "common/auth/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors/errors.h"

namespace interplan::auth {

RateLimiter::RateLimiter(RateLimiterOptions options) : options_(std::move(options)) {}

absl::Time RateLimiter::Now() const { return options_.now ? options_.now() : absl::Now(); }

void RateLimiter::Refill(Bucket& bucket, absl::Time now) const {
  if (now <= bucket.updated) return;
  const double elapsed = absl::ToDoubleSeconds(now - bucket.updated);
  bucket.tokens = std::min(options_.burst, bucket.tokens + elapsed * options_.per_second);
  bucket.updated = now;
}

absl::Status RateLimiter::Admit(absl::string_view credential) {
  if (options_.per_second <= 0) return absl::OkStatus();
  absl::MutexLock lock(&mu_);
  const absl::Time now = Now();
  auto found = buckets_.find(credential);
  if (found == buckets_.end()) {
    MakeRoomLocked(now);
    found = buckets_.emplace(std::string(credential), Bucket{options_.burst, now}).first;
  }
  Bucket& bucket = found->second;
  Refill(bucket, now);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return absl::OkStatus();
  }
  // Whole milliseconds, rounded up, so a client waiting this long succeeds.
  const double wait_seconds = (1 - bucket.tokens) / options_.per_second;
  const absl::Duration retry_after =
      absl::Milliseconds(std::max(1.0, std::ceil(wait_seconds * 1000)));
  absl::Status status = absl::ResourceExhaustedError(
      absl::StrCat("rate limit exceeded for ", credential, ": at most ", options_.per_second,
                   " calls a second (bursts of ", options_.burst, "); retry after ",
                   absl::FormatDuration(retry_after)));
  status =
      WithErrorInfo(std::move(status), "RATE_LIMITED", {{"credential", std::string(credential)}});
  return WithRetryInfo(std::move(status), retry_after);
}

void RateLimiter::MakeRoomLocked(absl::Time now) {
  if (buckets_.size() < options_.max_buckets) return;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    Bucket refilled = it->second;
    Refill(refilled, now);
    if (refilled.tokens >= options_.burst) {
      buckets_.erase(it++);
    } else {
      ++it;
    }
  }
  while (!buckets_.empty() && buckets_.size() >= options_.max_buckets) {
    buckets_.erase(buckets_.begin());
  }
}

}  // namespace interplan::auth
