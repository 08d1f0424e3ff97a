// A thread-safe Redis client for the gateway's cache and the services'
// version counters: the few commands they need, each bounded by a timeout,
// each answering UNAVAILABLE (never hanging, never throwing) when Redis is
// absent, down, hung or unreachable, and reconnecting by itself when Redis
// comes back.
//
// Connections: a small pool (RedisClientOptions::pool_size, default 8) of
// blocking hiredis connections, each used by one call at a time. One
// connection behind a mutex would serialise every cached read of a busy
// gateway on one round trip; a few connections let 16 threads overlap
// their round trips while costing Redis almost nothing. Connections are
// opened on first need.
//
// Failure handling:
// - Every call has a deadline of `command_timeout` from its start: waiting
//   for a pooled connection, opening one and the socket reads and writes
//   all count against it (hiredis blocks per socket operation, so the bound
//   is per operation; a reply is one small read in practice). Only a call
//   that opens a connection can overrun it, by at most `connect_timeout`:
//   no call takes longer than about connect_timeout + command_timeout.
// - A connection that fails (I/O error, end of file, timeout) is closed and
//   every idle connection opened before it is dropped too (they are as
//   likely to be stale: Redis restarted). A call that fails on a reused
//   connection with anything but a timeout is retried once on a fresh one,
//   so a Redis restart between two calls costs nothing. Every command used
//   here may safely run twice (INCR twice only over-invalidates).
// - When that fails too, or a connect fails, the client is "down": calls
//   fail at once with UNAVAILABLE, and only one call per
//   `reconnect_interval` (default 1 s) tries to connect again. A dead Redis
//   therefore costs one connect attempt per second, not one per call.
//
// An empty URL makes a disabled client: every call answers UNAVAILABLE
// ("cache disabled"), so callers have one path for "no cache".
//
// Creating an enabled client sets SIGPIPE to be ignored when it still has
// its default action: hiredis writes with write(2), and a write to a
// connection Redis has closed must not kill the process.
#ifndef INTERPLAN_COMMON_CACHE_REDIS_CLIENT_H_
#define INTERPLAN_COMMON_CACHE_REDIS_CLIENT_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace interplan::cache {

// Where Redis is: "redis://host:port[/db]" (port defaults to 6379, db to 0;
// an IPv6 host is written in brackets: "redis://[::1]:6379").
struct RedisAddress {
  std::string host;
  int port = 6379;
  int db = 0;
};

// Parses and validates a Redis URL; INVALID_ARGUMENT saying what is wrong.
absl::StatusOr<RedisAddress> ParseRedisUrl(absl::string_view url);

struct RedisClientOptions {
  absl::Duration connect_timeout = absl::Milliseconds(200);
  absl::Duration command_timeout = absl::Milliseconds(200);
  // While Redis is down, at most one connect attempt per interval.
  absl::Duration reconnect_interval = absl::Seconds(1);
  int pool_size = 8;
};

class RedisClient {
 public:
  // Validates `url` (empty: a disabled client) without connecting: Redis
  // need not be up yet.
  static absl::StatusOr<std::unique_ptr<RedisClient>> Create(absl::string_view url,
                                                             RedisClientOptions options = {});

  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;
  ~RedisClient();

  // False for a client made from an empty URL.
  bool enabled() const { return address_.has_value(); }
  const std::string& url() const { return url_; }

  // Cheap, never blocks on the network unless a reconnect attempt is due:
  // true when the last contact with Redis succeeded (connecting if no
  // connection is open yet), false while the client is down. Ping() asks.
  bool available();
  absl::Status Ping();

  // The value of `key`; nullopt when the key does not exist.
  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key);
  // Sets `key` to `value` (any bytes), expiring after `ttl` (rounded up to
  // whole milliseconds; absl::InfiniteDuration() for never).
  absl::Status Set(absl::string_view key, absl::string_view value, absl::Duration ttl);
  // Adds one to the integer at `key` (0 when absent) and returns the result.
  // With `connect_even_if_down`, a client that is down tries to connect for
  // this call instead of failing at once: for writes that must reach Redis
  // if it is back at all (a version bump before a write is acknowledged),
  // at the price of a connect attempt per call while Redis is down.
  absl::StatusOr<int64_t> Incr(absl::string_view key, bool connect_even_if_down = false);
  // The values of `keys` in one round trip, nullopt for absent keys.
  absl::StatusOr<std::vector<std::optional<std::string>>> MGet(
      const std::vector<std::string>& keys);
  // Removes `key` (tests and invalidation by hand).
  absl::Status Del(absl::string_view key);

  // Changes whenever a connection to Redis is lost or a connect fails.
  // Redis may have restarted (and lost, or rolled back to a snapshot, what
  // it held) since any value read under an older generation: callers that
  // derive cache keys from Redis counters compare it (see VersionCounters).
  uint64_t connection_generation() const;

 private:
  struct Connection;
  struct Reply;

  RedisClient(std::string url, std::optional<RedisAddress> address, RedisClientOptions options);

  absl::StatusOr<Reply> Execute(const std::vector<absl::string_view>& args,
                                bool connect_even_if_down = false);
  absl::StatusOr<std::unique_ptr<Connection>> Acquire(absl::Time deadline,
                                                      bool connect_even_if_down);
  void Release(std::unique_ptr<Connection> connection);
  // Closes a failed connection; with `mark_down` the client goes down.
  void Broken(std::unique_ptr<Connection> connection, bool mark_down, absl::string_view error);
  absl::StatusOr<std::unique_ptr<Connection>> Connect();
  void MarkDownLocked(absl::string_view error) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status DownError() const;

  const std::string url_;
  const std::optional<RedisAddress> address_;
  const RedisClientOptions options_;

  mutable std::mutex mu_;
  std::condition_variable connection_freed_;
  std::vector<std::unique_ptr<Connection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ = 0 ABSL_GUARDED_BY(mu_);  // idle + in use + being connected
  bool down_ = false ABSL_GUARDED_BY(mu_);
  absl::Time next_attempt_ ABSL_GUARDED_BY(mu_);  // while down: when a connect may be tried
  std::string last_error_ ABSL_GUARDED_BY(mu_);
  std::atomic<uint64_t> generation_{0};  // written under mu_
};

}  // namespace interplan::cache

#endif  // INTERPLAN_COMMON_CACHE_REDIS_CLIENT_H_
