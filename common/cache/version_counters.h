// Version counters in Redis that make cached views fresh: a service bumps
// its counter ("interplan:version:<service>") after each write that changes
// what it serves and before acknowledging it, and the gateway puts a
// snapshot of the counters a view depends on into the view's cache key. A write therefore moves
// every view that reads the service to a new key; the old entries are never read again and expire
// by their TTL, which is only a backstop.
//
// The epoch ("interplan:version:epoch") is in every snapshot and covers
// what per-service counters cannot: bumps lost while Redis was down.
// - A write acknowledged while Redis was unreachable could not bump its
//   counter; views cached before the outage still carry the old counter
//   and would be served as fresh once Redis is back. So a writer remembers
//   each bump it owes, retries it on later calls and from a background
//   thread every retry_interval, and when the retry succeeds bumps the
//   epoch too: everything cached before the outage becomes unreachable.
// - The writer may not live to pay its debt (killed while Redis was down),
//   and Redis may come back from a snapshot with older counters. So the
//   reader bumps the epoch as well when it sees Redis come back:
//   Snapshot() does it itself whenever the client's connection generation
//   changed since its last snapshot (and on its first snapshot, since a
//   new process cannot know what happened before it), and
//   OnCacheReconnected() does it on request.
// The remaining gap is a writer cut off from a Redis the gateway still
// reaches: views may then be stale until the owed bump is delivered (within
// retry_interval of the writer reaching Redis again) or the entry expires.
//
// The gateway must take the snapshot before it reads the data a view is
// built from; a write landing in between then only makes the stored view
// unreachable, never wrong.
#ifndef INTERPLAN_COMMON_CACHE_VERSION_COUNTERS_H_
#define INTERPLAN_COMMON_CACHE_VERSION_COUNTERS_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/cache/redis_client.h"

namespace interplan::cache {

inline constexpr absl::string_view kVersionKeyPrefix = "interplan:version:";
inline constexpr absl::string_view kEpochKey = "interplan:version:epoch";

struct VersionCountersOptions {
  // How often the background thread retries owed bumps.
  absl::Duration retry_interval = absl::Seconds(1);
};

class VersionCounters {
 public:
  // `client` must outlive this object.
  explicit VersionCounters(RedisClient* client, VersionCountersOptions options = {});
  VersionCounters(const VersionCounters&) = delete;
  VersionCounters& operator=(const VersionCounters&) = delete;
  // Stops the retry thread; bumps still owed are lost (see above).
  ~VersionCounters();

  // "interplan:version:<service>".
  static std::string CounterKey(absl::string_view service);

  // Called by a writer after a write that changes what `service` serves,
  // before acknowledging it. OK once the counter moved; UNAVAILABLE when
  // Redis cannot be reached, in which case the bump is owed and will be
  // made (with an epoch bump) once Redis answers: the writer acknowledges
  // its write either way. Each bump tries to reach Redis, even while the
  // client is between reconnect attempts (a Redis that just came back must
  // get the bump before the write is acknowledged), so while Redis is down
  // each bump costs a connect attempt. A disabled client needs no bumps: OK.
  // INVALID_ARGUMENT for a service name that is not [a-z0-9_-]+ or "epoch".
  absl::Status Bump(absl::string_view service);

  // "<epoch>:<counter>.<counter>..." for `services` in the given order
  // (absent counters read as 0), from one MGET; UNAVAILABLE when Redis is
  // unreachable (the caller computes without the cache).
  absl::StatusOr<std::string> Snapshot(const std::vector<std::string>& services);

  // The same, without the reader's epoch bump on a new connection: for a
  // writer telling whether any replica wrote (ServiceServer::
  // SharedWriteVersion), which a bump of the epoch would only make miss
  // every view the gateway has cached.
  absl::StatusOr<std::string> Current(const std::vector<std::string>& services);

  // Bumps the epoch: every view cached so far becomes unreachable.
  absl::Status OnCacheReconnected();

  // Services whose bump is still owed (for health and tests).
  std::vector<std::string> OwedBumps() const;
  // Tries to pay the owed bumps now; OK when nothing is owed any more.
  absl::Status RetryOwedBumps();

 private:
  void RetryLoop();
  absl::StatusOr<std::string> Read(const std::vector<std::string>& services,
                                   bool bump_epoch_on_reconnect);

  RedisClient* const client_;
  const VersionCountersOptions options_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::set<std::string> owed_ ABSL_GUARDED_BY(mu_);
  // Failed bumps so far, and how many of them an epoch bump has covered:
  // an epoch bump is owed while covered < failed.
  uint64_t failed_bumps_ = 0 ABSL_GUARDED_BY(mu_);
  uint64_t covered_bumps_ = 0 ABSL_GUARDED_BY(mu_);
  bool stopping_ = false ABSL_GUARDED_BY(mu_);

  std::mutex retry_mu_;  // one RetryOwedBumps at a time
  std::mutex epoch_mu_;  // one reconnection epoch bump at a time
  // The client generation Snapshot last bumped the epoch for (kNever:
  // none yet).
  static constexpr uint64_t kNever = ~uint64_t{0};
  std::atomic<uint64_t> epoch_generation_{kNever};
  std::thread retry_thread_;
};

}  // namespace interplan::cache

#endif  // INTERPLAN_COMMON_CACHE_VERSION_COUNTERS_H_
