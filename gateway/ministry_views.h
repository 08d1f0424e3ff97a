// The gateway's views with their cache: a view is looked up in Redis under
// a key that includes every service's version counter, so after any
// acknowledged write the old entry is simply never asked for again (the TTL
// only reclaims space). Without Redis, or while it is down, views are
// built directly and the health says "degraded: no cache". Serves both the
// gRPC methods and the HTTP/JSON routes, and counts requests, latency,
// cache hits and misses, and fan-out failures per service.
//
// Views are kept serialized: a hit is sent as the stored bytes (stored
// with from_cache set), never parsed. The last few entries read or stored
// are also kept in memory under the same key (so still current exactly
// when the Redis entry is), which spares the GET. The version counters are
// held in memory while Redis tells the gateway of every bump (VersionWatch),
// which spares the MGET; otherwise concurrent requests share their read of
// them (BatchedRead). Concurrent misses of one key wait for one build
// (SingleFlight); a build outlives callers that gave up on it, and is
// cached when complete.
#ifndef INTERPLAN_GATEWAY_MINISTRY_VIEWS_H_
#define INTERPLAN_GATEWAY_MINISTRY_VIEWS_H_

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/cache/redis_client.h"
#include "common/cache/version_counters.h"
#include "common/cache/version_watch.h"
#include "common/metrics/registry.h"
#include "gateway/batched_read.h"
#include "gateway/single_flight.h"
#include "gateway/view_builder.h"
#include "google/protobuf/message.h"

namespace interplan::gateway {

// What part of the suite a caller reads, for the cache key: "all" for
// callers who read everything (no authentication, ministry, operator,
// service), else its agency and role. A view built for one scope is never
// served to another.
std::string ScopeKey(const Caller& caller);

class MinistryViews {
 public:
  // `redis` may be null or disabled (no cache). `ttl` bounds how long an
  // entry is kept.
  MinistryViews(ViewBuilder& builder, cache::RedisClient* redis, absl::Duration ttl,
                metrics::Registry& metrics);

  // A view serialized, ready to send.
  struct ViewBytes {
    std::string bytes;
    bool complete = false;  // every section available
  };
  using Bytes = std::shared_ptr<const ViewBytes>;

  // The views serialized (from_cache set in the bytes when from the
  // cache). `deadline` bounds the sections; the answer may take a little
  // longer to be put together.
  absl::StatusOr<Bytes> NationalOverviewBytes(const v1::GetNationalOverviewRequest& request,
                                              absl::Time deadline,
                                              const Caller& caller = std::nullopt);
  absl::StatusOr<Bytes> ProvinceOverviewBytes(const v1::GetProvinceOverviewRequest& request,
                                              absl::Time deadline,
                                              const Caller& caller = std::nullopt);
  absl::StatusOr<Bytes> IndicatorProgressBytes(const v1::GetIndicatorProgressRequest& request,
                                               absl::Time deadline,
                                               const Caller& caller = std::nullopt);
  absl::StatusOr<Bytes> AgencyWorkloadBytes(const v1::GetAgencyWorkloadRequest& request,
                                            absl::Time deadline,
                                            const Caller& caller = std::nullopt);

  // The same views, parsed (the HTTP face parses the bytes itself, to know
  // whether they are complete).
  absl::StatusOr<v1::Overview> NationalOverview(const v1::GetNationalOverviewRequest& request,
                                                absl::Time deadline,
                                                const Caller& caller = std::nullopt);
  absl::StatusOr<v1::Overview> ProvinceOverview(const v1::GetProvinceOverviewRequest& request,
                                                absl::Time deadline,
                                                const Caller& caller = std::nullopt);
  absl::StatusOr<v1::IndicatorProgress> IndicatorProgress(
      const v1::GetIndicatorProgressRequest& request, absl::Time deadline,
      const Caller& caller = std::nullopt);
  absl::StatusOr<v1::AgencyWorkload> AgencyWorkload(const v1::GetAgencyWorkloadRequest& request,
                                                    absl::Time deadline,
                                                    const Caller& caller = std::nullopt);

  // A validator of what `name` answers `caller` for `request` now, for
  // HTTP's ETag: it changes whenever a service's version counter, the
  // epoch, the caller's scope or the day changes, so an unchanged one means
  // an unchanged answer. "" without the cache (no counters to read).
  std::string Validator(const std::string& name, const Caller& caller,
                        const google::protobuf::Message& request);

  // "ok" while Redis answers, else "degraded: no cache" (not configured,
  // or unreachable): views are then built directly. Logs each change.
  std::string CacheState();
  // For the health page: which Redis, and whether it answers.
  std::string CacheDetail();

 private:
  // Looks the view up in the cache (memory, then Redis), or builds it with
  // `build` (one build for concurrent misses) and stores it when it is
  // complete. `build` must own what it uses: it may outlive the call.
  // `scope` (ScopeKey of the caller) is part of the cache key.
  template <typename View>
  absl::StatusOr<Bytes> Cached(const std::string& name, const std::string& scope,
                               const google::protobuf::Message& request, absl::Time deadline,
                               std::function<absl::StatusOr<View>(absl::Time)> build);
  template <typename View>
  static absl::StatusOr<View> Parse(absl::StatusOr<Bytes> bytes);

  // The cache key of a view for `scope` and `request` under the current
  // version counters; "" without a cache (not configured, or down).
  std::string CacheKey(const std::string& name, const std::string& scope,
                       const google::protobuf::Message& request);
  // The view under `key`, from memory or Redis; null when neither has it.
  Bytes Lookup(const std::string& key);
  // Keeps `stored` (from_cache set) under `key`, in Redis and in memory.
  void Store(const std::string& key, Bytes stored);
  // Builds the view, or joins the build of the same key under way; with
  // every section missing when that build does not end in time. `key` ""
  // builds directly.
  template <typename View>
  absl::StatusOr<Bytes> BuildOrJoin(const std::string& key, absl::Time deadline,
                                    std::function<absl::StatusOr<View>(absl::Time)> build);
  // One build: the view serialized, stored under `key` when complete.
  template <typename View>
  SingleFlight<ViewBytes>::Result Build(
      const std::string& key, const std::function<absl::StatusOr<View>(absl::Time)>& build,
      absl::Time deadline);
  Bytes Remembered(const std::string& key);
  void Remember(const std::string& key, Bytes bytes);
  // Whether the cache answers now; notes (and logs) a change.
  bool CacheAvailable();
  void NoteCacheState(bool available);

  // The per-view metrics, looked up in the registry on first use only (a
  // cache hit must not pay for label maps and the registry's lock).
  struct ViewMetrics {
    std::atomic<metrics::Counter*> hits{nullptr};
    std::atomic<metrics::Counter*> misses{nullptr};
    std::atomic<metrics::Counter*> ok{nullptr};
    std::atomic<metrics::Counter*> partial{nullptr};
    std::atomic<metrics::Counter*> error{nullptr};
    std::atomic<metrics::Histogram*> seconds{nullptr};
  };
  ViewMetrics& MetricsOf(const std::string& name);
  // One request answered with `outcome` ("ok", "partial" or "error"), and
  // its latency since `start`.
  void CountRequest(const std::string& name, ViewMetrics& view_metrics, absl::Time start,
                    const char* outcome);
  void CountHit(const std::string& name, ViewMetrics& view_metrics);
  void CountMiss(const std::string& name, ViewMetrics& view_metrics);

  ViewBuilder& builder_;
  cache::RedisClient* redis_;
  std::unique_ptr<cache::VersionCounters> versions_;
  // Snapshots of versions_, one read for the callers that come together.
  std::unique_ptr<BatchedRead<absl::StatusOr<std::string>>> snapshots_;
  // The snapshot held in memory while Redis says nothing changed; reads
  // through snapshots_ otherwise. Declared after them: stopped before them.
  std::unique_ptr<cache::VersionWatch> watch_;
  const absl::Duration ttl_;
  metrics::Registry& metrics_;
  // The cache state last seen: -1 before the first look, 0 down, 1 up.
  std::atomic<int> cache_up_{-1};
  // One per view, made in the constructor, never changed after.
  std::map<std::string, ViewMetrics> view_metrics_;
  // The last entries read or stored, by key, with when they were kept.
  absl::Mutex memo_mu_;
  std::map<std::string, std::pair<Bytes, absl::Time>> memo_ ABSL_GUARDED_BY(memo_mu_);
  std::deque<std::string> memo_order_ ABSL_GUARDED_BY(memo_mu_);  // oldest first
  // Last: destroyed first, waiting for the builds that use the rest.
  SingleFlight<ViewBytes> flights_;
};

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_MINISTRY_VIEWS_H_
