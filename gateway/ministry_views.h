// The gateway's views with their cache: a view is looked up in Redis under
// a key that includes every service's version counter, so after any
// acknowledged write the old entry is simply never asked for again (the TTL
// only reclaims space). Without Redis, or while it is down, views are
// built directly and the health says "degraded: no cache". Serves both the
// gRPC methods and the HTTP/JSON routes, and counts requests, latency,
// cache hits and misses, and fan-out failures per service.
#ifndef INTERPLAN_GATEWAY_MINISTRY_VIEWS_H_
#define INTERPLAN_GATEWAY_MINISTRY_VIEWS_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/cache/redis_client.h"
#include "common/cache/version_counters.h"
#include "common/metrics/registry.h"
#include "gateway/view_builder.h"
#include "google/protobuf/message.h"

namespace interplan::gateway {

class MinistryViews {
 public:
  // `redis` may be null or disabled (no cache). `ttl` bounds how long an
  // entry is kept.
  MinistryViews(ViewBuilder& builder, cache::RedisClient* redis, absl::Duration ttl,
                metrics::Registry& metrics);

  absl::StatusOr<v1::Overview> NationalOverview(const v1::GetNationalOverviewRequest& request,
                                                absl::Time deadline);
  absl::StatusOr<v1::Overview> ProvinceOverview(const v1::GetProvinceOverviewRequest& request,
                                                absl::Time deadline);
  absl::StatusOr<v1::IndicatorProgress> IndicatorProgress(
      const v1::GetIndicatorProgressRequest& request, absl::Time deadline);
  absl::StatusOr<v1::AgencyWorkload> AgencyWorkload(const v1::GetAgencyWorkloadRequest& request,
                                                    absl::Time deadline);

  // "ok" while Redis answers, else "degraded: no cache" (not configured,
  // or unreachable): views are then built directly. Logs each change.
  std::string CacheState();
  // For the health page: which Redis, and whether it answers.
  std::string CacheDetail();

 private:
  // Looks `view` up in the cache, or builds it with `build` and stores it
  // when it is complete (every section available).
  template <typename View>
  absl::StatusOr<View> Cached(const std::string& name, const google::protobuf::Message& request,
                              const std::function<absl::StatusOr<View>()>& build);
  // Whether the cache answers now; notes (and logs) a change.
  bool CacheAvailable();
  void NoteCacheState(bool available);

  ViewBuilder& builder_;
  cache::RedisClient* redis_;
  std::unique_ptr<cache::VersionCounters> versions_;
  const absl::Duration ttl_;
  metrics::Registry& metrics_;
  // The cache state last seen: -1 before the first look, 0 down, 1 up.
  std::atomic<int> cache_up_{-1};
};

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_MINISTRY_VIEWS_H_
