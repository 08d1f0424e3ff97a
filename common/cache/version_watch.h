// Holds the snapshot of version counters (VersionCounters::Snapshot) that
// the gateway's cache keys are made of in memory, and lets Redis say when
// it changes, so that a cached view costs no Redis round trip.
//
// One connection of its own asks Redis to track every key under
// kVersionKeyPrefix (CLIENT TRACKING on BCAST, its invalidations sent to
// the connection itself) and listens on __redis__:invalidate. Any bump of
// a counter, by any writer or replica (or a FLUSHALL, or keys expiring),
// drops the snapshot held here; the next Snapshot() reads it again through
// `read` and holds it.
//
// Freshness: Redis queues the invalidation before the writer's reply and
// writes it out first, and a snapshot is not used while bytes wait on the
// watch's socket (the thread reads and applies them under the lock). So a
// write acknowledged before a view request is in that view when Redis and
// the gateway share a host; across hosts, unless the invalidation travels
// slower than the writer's reply and its acknowledgement together. A
// snapshot read while an invalidation arrived is not held.
//
// Failure: while the connection is not set up, or a liveness PING sent
// every `ping_interval` has gone unanswered for `liveness`, nothing is held
// and every Snapshot() reads through `read`, as without a watch. The
// thread reconnects every `reconnect_interval` until Redis answers. A
// Redis that stops answering is noticed within ping_interval + liveness;
// until then what is held is used, so a write acknowledged meanwhile (its
// bump owed, see VersionCounters) shows once the watch has ended.
//
// Thread-safe.
#ifndef INTERPLAN_COMMON_CACHE_VERSION_WATCH_H_
#define INTERPLAN_COMMON_CACHE_VERSION_WATCH_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/cache/redis_client.h"

struct redisContext;

namespace interplan::cache {

struct VersionWatchOptions {
  absl::Duration connect_timeout = absl::Milliseconds(200);
  absl::Duration ping_interval = absl::Milliseconds(100);
  // A watch whose last PING has been unanswered this long holds nothing.
  absl::Duration liveness = absl::Milliseconds(300);
  absl::Duration reconnect_interval = absl::Seconds(1);
};

class VersionWatch {
 public:
  using Reader = std::function<absl::StatusOr<std::string>()>;

  // Starts watching the Redis of `client` (enabled; its creation made a
  // write to a closed connection fail instead of killing the process);
  // `read` takes a snapshot from Redis and fails as it does when Redis
  // cannot be reached.
  VersionWatch(const RedisClient& client, Reader read, VersionWatchOptions options = {});
  VersionWatch(const VersionWatch&) = delete;
  VersionWatch& operator=(const VersionWatch&) = delete;
  // Stops the thread and closes the connection.
  ~VersionWatch();

  // The snapshot held, or one read through `read` (held when Redis said
  // nothing changed meanwhile).
  absl::StatusOr<std::string> Snapshot();

  // True while Redis tracks the counters for this watch and answers it.
  bool watching() const;
  // Invalidations received so far (tests, metrics).
  uint64_t invalidations() const;

 private:
  void Loop();
  // Connects, asks for tracking, subscribes and listens until the
  // connection fails or the watch stops; the reason it ended.
  // `was_watching` is set once Redis tracks the counters for it.
  absl::Status WatchOnce(bool& was_watching);
  // Reads invalidations and answers to its PINGs until the connection
  // fails, goes quiet for `liveness`, or the watch stops.
  absl::Status Listen(redisContext& context);
  // Reads what the socket has and parses it: an invalidation drops what is
  // held, a PING's answer clears `ping_pending`.
  absl::Status ReadMessages(redisContext& context, bool& ping_pending);
  // Drops what is held; with the socket `fd` of a watching connection a
  // snapshot may be held again, with -1 not.
  void SetWatching(int fd);
  // Whether the watching connection has bytes not read yet (or is gone):
  // an invalidation may be among them.
  bool InvalidationWaiting() const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Waits `interval`, or less when the watch stops; false once it stops.
  bool Pause(absl::Duration interval);
  bool stopping() const;

  const std::optional<RedisAddress> address_;
  const Reader read_;
  const VersionWatchOptions options_;

  // Readers of held_ share it: 16 threads serving cached views at once
  // do not queue for it.
  mutable absl::Mutex mu_;
  std::optional<std::string> held_ ABSL_GUARDED_BY(mu_);
  // The watching connection's socket, -1 while there is none (nothing is
  // held then); closed only after it is set to -1.
  int fd_ ABSL_GUARDED_BY(mu_) = -1;
  // Counts invalidations and changes of fd_: a snapshot read while it
  // moved is not held.
  uint64_t changes_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t invalidations_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace interplan::cache

#endif  // INTERPLAN_COMMON_CACHE_VERSION_WATCH_H_
