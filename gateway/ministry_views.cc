#include "gateway/ministry_views.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/fingerprint.h"
#include "common/logging/log.h"
#include "common/time/date.h"
#include "gateway/fanout.h"

namespace interplan::gateway {
namespace {

// The services whose data the views show; their version counters are in
// every cache key.
const std::vector<std::string>& ViewSources() {
  static const auto* services =
      new std::vector<std::string>{"agencies", "plans", "reporting", "campaigns"};
  return *services;
}

const std::vector<double>& LatencyBuckets() {
  static const auto* buckets = new std::vector<double>{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                       0.05,   0.1,   0.25,   0.5,   1,    2.5};
  return *buckets;
}

template <typename View>
bool Complete(const View& view) {
  for (const v1::SectionStatus& section : view.sections()) {
    if (!section.available()) return false;
  }
  return true;
}

template <typename View>
void CountFailures(const View& view, metrics::Registry& metrics) {
  for (const v1::SectionStatus& section : view.sections()) {
    if (section.available()) continue;
    metrics
        .GetCounter("interplan_gateway_fanout_errors_total",
                    "Views assembled with a service's section missing, by service.",
                    {{"service", ServiceOf(section.section())}})
        .Increment();
  }
}

}  // namespace

MinistryViews::MinistryViews(ViewBuilder& builder, cache::RedisClient* redis, absl::Duration ttl,
                             metrics::Registry& metrics)
    : builder_(builder), redis_(redis), ttl_(ttl), metrics_(metrics) {
  if (redis_ != nullptr && redis_->enabled()) {
    versions_ = std::make_unique<cache::VersionCounters>(redis_);
  }
  metrics_.AddGauge("interplan_gateway_cache_available",
                    "1 when the view cache (Redis) answers, 0 when views are built directly.",
                    [this] { return CacheAvailable() ? 1.0 : 0.0; });
  if (versions_ == nullptr) NoteCacheState(false);
}

bool MinistryViews::CacheAvailable() {
  const bool up = redis_ != nullptr && redis_->enabled() && redis_->available();
  NoteCacheState(up);
  return up;
}

void MinistryViews::NoteCacheState(bool available) {
  const int now = available ? 1 : 0;
  if (cache_up_.exchange(now) == now) return;
  if (available) {
    LogInfo("view cache available", {{"cache", "ok"}, {"redis", redis_->url()}});
  } else {
    LogWarning("view cache unavailable: views are built directly",
               {{"cache", "degraded: no cache"},
                {"redis", redis_ != nullptr && redis_->enabled() ? redis_->url() : "(none)"}});
  }
}

std::string MinistryViews::CacheState() { return CacheAvailable() ? "ok" : "degraded: no cache"; }

std::string MinistryViews::CacheDetail() {
  if (redis_ == nullptr || !redis_->enabled()) return "no Redis configured (--redis_url)";
  return absl::StrCat(redis_->url(), CacheAvailable() ? " answers" : " does not answer");
}

template <typename View>
absl::StatusOr<View> MinistryViews::Cached(const std::string& name,
                                           const google::protobuf::Message& request,
                                           const std::function<absl::StatusOr<View>()>& build) {
  const absl::Time start = absl::Now();
  auto finish = [&](const char* outcome) {
    metrics_
        .GetCounter("interplan_gateway_requests_total", "View requests, by view and outcome.",
                    {{"view", name}, {"outcome", outcome}})
        .Increment();
    metrics_
        .GetHistogram("interplan_gateway_request_seconds", "Time to answer a view request.",
                      LatencyBuckets(), {{"view", name}})
        .Observe(absl::ToDoubleSeconds(absl::Now() - start));
  };
  // The versions first, then the data: a write acknowledged after this
  // point changes a counter, so its view gets another key.
  std::string key;
  if (versions_ != nullptr) {
    absl::StatusOr<std::string> snapshot = versions_->Snapshot(ViewSources());
    NoteCacheState(snapshot.ok());
    if (snapshot.ok()) {
      // The day matters too: "today" decides as_of when the request has none.
      key = absl::StrCat("interplan:view:", name, ":", *snapshot, ":",
                         time::FormatDate(time::Today()), ":",
                         absl::Hex(MessageFingerprint(request)));
      absl::StatusOr<std::optional<std::string>> hit = redis_->Get(key);
      if (hit.ok() && hit->has_value()) {
        View view;
        if (view.ParseFromString(**hit)) {
          view.set_from_cache(true);
          metrics_
              .GetCounter("interplan_gateway_cache_hits_total", "Views served from the cache.",
                          {{"view", name}})
              .Increment();
          finish("ok");
          return view;
        }
      }
      metrics_
          .GetCounter("interplan_gateway_cache_misses_total",
                      "Views built because the cache had no current entry.", {{"view", name}})
          .Increment();
    } else {
      key.clear();
    }
  }
  absl::StatusOr<View> view = build();
  if (!view.ok()) {
    finish("error");
    return view;
  }
  CountFailures(*view, metrics_);
  // Only a complete view is worth keeping: a missing section should be
  // retried by the next reader, not frozen into the cache.
  if (!key.empty() && Complete(*view)) {
    redis_->Set(key, view->SerializeAsString(), ttl_).IgnoreError();
  }
  finish(Complete(*view) ? "ok" : "partial");
  return view;
}

absl::StatusOr<v1::Overview> MinistryViews::NationalOverview(
    const v1::GetNationalOverviewRequest& request, absl::Time deadline) {
  return Cached<v1::Overview>("national_overview", request, [&] {
    return builder_.NationalOverview(request, time::Today(), deadline);
  });
}

absl::StatusOr<v1::Overview> MinistryViews::ProvinceOverview(
    const v1::GetProvinceOverviewRequest& request, absl::Time deadline) {
  return Cached<v1::Overview>("province_overview", request, [&] {
    return builder_.ProvinceOverview(request, time::Today(), deadline);
  });
}

absl::StatusOr<v1::IndicatorProgress> MinistryViews::IndicatorProgress(
    const v1::GetIndicatorProgressRequest& request, absl::Time deadline) {
  return Cached<v1::IndicatorProgress>("indicator_progress", request, [&] {
    return builder_.IndicatorProgress(request, time::Today(), deadline);
  });
}

absl::StatusOr<v1::AgencyWorkload> MinistryViews::AgencyWorkload(
    const v1::GetAgencyWorkloadRequest& request, absl::Time deadline) {
  return Cached<v1::AgencyWorkload>("agency_workload", request,
                                    [&] { return builder_.AgencyWorkload(request, deadline); });
}

}  // namespace interplan::gateway
