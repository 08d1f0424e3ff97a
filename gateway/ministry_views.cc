#include "gateway/ministry_views.h"

#include <string_view>

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

// The metric in `slot`, made by `make` the first time.
template <typename Metric, typename Make>
Metric& Lazy(std::atomic<Metric*>& slot, Make make) {
  Metric* metric = slot.load(std::memory_order_acquire);
  if (metric == nullptr) {
    // Racing callers get the same metric from the registry.
    metric = &make();
    slot.store(metric, std::memory_order_release);
  }
  return *metric;
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

// How many views are kept in memory besides Redis.
constexpr size_t kMemoEntries = 32;

// How long after its deadline a build may take to put its view together
// before a waiter stops waiting for it.
constexpr absl::Duration kAssemblyGrace = absl::Milliseconds(50);

// The sections of each view, all marked missing when its build is late.
template <typename View>
std::vector<v1::Section> SectionsOf();
template <>
std::vector<v1::Section> SectionsOf<v1::Overview>() {
  return {v1::SECTION_UNITS, v1::SECTION_PLANS, v1::SECTION_REPORTING, v1::SECTION_CAMPAIGNS};
}
template <>
std::vector<v1::Section> SectionsOf<v1::IndicatorProgress>() {
  return {v1::SECTION_UNITS, v1::SECTION_REPORTING};
}
template <>
std::vector<v1::Section> SectionsOf<v1::AgencyWorkload>() {
  return {v1::SECTION_UNITS, v1::SECTION_PLANS, v1::SECTION_REPORTING};
}

// The view serialized as sent (from_cache clear), and whether every
// section is in it.
template <typename View>
std::shared_ptr<MinistryViews::ViewBytes> Serialized(View& view) {
  auto bytes = std::make_shared<MinistryViews::ViewBytes>();
  bytes->complete = Complete(view);
  view.clear_from_cache();
  view.SerializeToString(&bytes->bytes);
  return bytes;
}

// `bytes` as the cache keeps them: with from_cache = true appended (the
// last occurrence of a field wins).
template <typename View>
MinistryViews::Bytes MarkedFromCache(const std::string& bytes) {
  auto stored = std::make_shared<MinistryViews::ViewBytes>();
  stored->complete = true;
  const int field = View::descriptor()->FindFieldByName("from_cache")->number();
  stored->bytes.reserve(bytes.size() + 2);
  stored->bytes = bytes;
  stored->bytes.push_back(static_cast<char>(field << 3));
  stored->bytes.push_back(1);
  return stored;
}

// The answer while a build is late: every section missing, for now.
template <typename View>
MinistryViews::Bytes StillAssembling() {
  View view;
  for (v1::Section section : SectionsOf<View>()) {
    v1::SectionStatus* status = view.add_sections();
    status->set_section(section);
    status->set_reason("deadline exceeded: the view is still being assembled");
  }
  auto bytes = std::make_shared<MinistryViews::ViewBytes>();
  view.SerializeToString(&bytes->bytes);
  return bytes;
}

}  // namespace

MinistryViews::MinistryViews(ViewBuilder& builder, cache::RedisClient* redis, absl::Duration ttl,
                             metrics::Registry& metrics)
    : builder_(builder), redis_(redis), ttl_(ttl), metrics_(metrics) {
  for (const char* view :
       {"national_overview", "province_overview", "indicator_progress", "agency_workload"}) {
    view_metrics_[view];
  }
  if (redis_ != nullptr && redis_->enabled()) {
    versions_ = std::make_unique<cache::VersionCounters>(redis_);
    snapshots_ = std::make_unique<BatchedRead<absl::StatusOr<std::string>>>(
        [this] { return versions_->Snapshot(ViewSources()); });
    watch_ = std::make_unique<cache::VersionWatch>(*redis_, [this] { return snapshots_->Read(); });
    metrics_.AddGauge("interplan_gateway_version_watch",
                      "1 while Redis tells this gateway of every version bump, so cached views "
                      "need no Redis round trip; 0 while each reads the versions from Redis.",
                      [this] { return watch_->watching() ? 1.0 : 0.0; });
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

MinistryViews::Bytes MinistryViews::Remembered(const std::string& key) {
  absl::ReaderMutexLock lock(&memo_mu_);
  auto it = memo_.find(key);
  if (it == memo_.end() || absl::Now() - it->second.second > ttl_) return nullptr;
  return it->second.first;
}

void MinistryViews::Remember(const std::string& key, Bytes bytes) {
  absl::MutexLock lock(&memo_mu_);
  auto [it, added] = memo_.insert_or_assign(key, std::make_pair(std::move(bytes), absl::Now()));
  if (!added) return;
  memo_order_.push_back(key);
  while (memo_order_.size() > kMemoEntries) {
    memo_.erase(memo_order_.front());
    memo_order_.pop_front();
  }
}

MinistryViews::ViewMetrics& MinistryViews::MetricsOf(const std::string& name) {
  return view_metrics_.at(name);
}

std::string ScopeKey(const Caller& caller) {
  if (!caller.has_value()) return "all";
  switch (caller->role) {
    case auth::Role::kMinistry:
    case auth::Role::kOperator:
    case auth::Role::kService:
      return "all";
    default:
      return absl::StrCat(caller->agency, "/", auth::RoleName(caller->role));
  }
}

std::string MinistryViews::CacheKey(const std::string& name, const std::string& scope,
                                    const google::protobuf::Message& request) {
  if (versions_ == nullptr) return "";
  absl::StatusOr<std::string> snapshot = watch_->Snapshot();
  NoteCacheState(snapshot.ok());
  if (!snapshot.ok()) return "";
  // The day matters too: "today" decides as_of when the request has none.
  return absl::StrCat("interplan:view:", name, ":", scope, ":", *snapshot, ":",
                      time::FormatDate(time::Today()), ":", absl::Hex(MessageFingerprint(request)));
}

std::string MinistryViews::Validator(const std::string& name, const Caller& caller,
                                     const google::protobuf::Message& request) {
  return CacheKey(name, ScopeKey(caller), request);
}

MinistryViews::Bytes MinistryViews::Lookup(const std::string& key) {
  if (Bytes remembered = Remembered(key)) return remembered;
  absl::StatusOr<std::optional<std::string>> stored = redis_->Get(key);
  if (!stored.ok() || !stored->has_value()) return nullptr;
  // Stored with from_cache set; sent as it is.
  auto bytes = std::make_shared<ViewBytes>();
  bytes->bytes = std::move(**stored);
  bytes->complete = true;
  Remember(key, bytes);
  return bytes;
}

void MinistryViews::Store(const std::string& key, Bytes stored) {
  redis_->Set(key, stored->bytes, ttl_).IgnoreError();
  Remember(key, std::move(stored));
}

void MinistryViews::CountRequest(const std::string& name, ViewMetrics& view_metrics,
                                 absl::Time start, const char* outcome) {
  std::atomic<metrics::Counter*>& slot = outcome == std::string_view("ok") ? view_metrics.ok
                                         : outcome == std::string_view("partial")
                                             ? view_metrics.partial
                                             : view_metrics.error;
  Lazy(slot, [&]() -> metrics::Counter& {
    return metrics_.GetCounter("interplan_gateway_requests_total",
                               "View requests, by view and outcome.",
                               {{"view", name}, {"outcome", outcome}});
  }).Increment();
  Lazy(view_metrics.seconds, [&]() -> metrics::Histogram& {
    return metrics_.GetHistogram("interplan_gateway_request_seconds",
                                 "Time to answer a view request.", LatencyBuckets(),
                                 {{"view", name}});
  }).Observe(absl::ToDoubleSeconds(absl::Now() - start));
}

void MinistryViews::CountHit(const std::string& name, ViewMetrics& view_metrics) {
  Lazy(view_metrics.hits, [&]() -> metrics::Counter& {
    return metrics_.GetCounter("interplan_gateway_cache_hits_total", "Views served from the cache.",
                               {{"view", name}});
  }).Increment();
}

void MinistryViews::CountMiss(const std::string& name, ViewMetrics& view_metrics) {
  Lazy(view_metrics.misses, [&]() -> metrics::Counter& {
    return metrics_.GetCounter("interplan_gateway_cache_misses_total",
                               "Views built because the cache had no current entry.",
                               {{"view", name}});
  }).Increment();
}

template <typename View>
SingleFlight<MinistryViews::ViewBytes>::Result MinistryViews::Build(
    const std::string& key, const std::function<absl::StatusOr<View>(absl::Time)>& build,
    absl::Time deadline) {
  // Stored by a build that ended since this caller looked.
  if (!key.empty()) {
    if (Bytes remembered = Remembered(key)) return remembered;
  }
  absl::StatusOr<View> view = build(deadline);
  if (!view.ok()) return view.status();
  CountFailures(*view, metrics_);
  std::shared_ptr<ViewBytes> bytes = Serialized(*view);
  // Only a complete view is worth keeping: a missing section should be
  // retried by the next reader, not frozen into the cache.
  if (!key.empty() && bytes->complete) Store(key, MarkedFromCache<View>(bytes->bytes));
  return Bytes(std::move(bytes));
}

template <typename View>
absl::StatusOr<MinistryViews::Bytes> MinistryViews::BuildOrJoin(
    const std::string& key, absl::Time deadline,
    std::function<absl::StatusOr<View>(absl::Time)> build) {
  // Runs on the build's own thread and may outlive this call: owns its
  // `build` and `key`, uses only members.
  auto build_bytes = [this, key, build = std::move(build)](
                         absl::Time build_deadline) -> SingleFlight<ViewBytes>::Result {
    return Build<View>(key, build, build_deadline);
  };
  if (key.empty()) {
    // No cache, so no key saying which data a build saw: a build started
    // before a write must not answer a read after it. Built directly.
    return build_bytes(deadline);
  }
  std::optional<SingleFlight<ViewBytes>::Result> shared =
      flights_.Do(key, deadline, kAssemblyGrace, std::move(build_bytes));
  if (shared.has_value()) return *std::move(shared);
  return StillAssembling<View>();
}

template <typename View>
absl::StatusOr<MinistryViews::Bytes> MinistryViews::Cached(
    const std::string& name, const std::string& scope, const google::protobuf::Message& request,
    absl::Time deadline, std::function<absl::StatusOr<View>(absl::Time)> build) {
  const absl::Time start = absl::Now();
  ViewMetrics& view_metrics = MetricsOf(name);
  // The versions first, then the data: a write acknowledged after this
  // point changes a counter, so its view gets another key.
  const std::string key = CacheKey(name, scope, request);
  if (!key.empty()) {
    if (Bytes cached = Lookup(key)) {
      CountHit(name, view_metrics);
      CountRequest(name, view_metrics, start, "ok");
      return cached;
    }
    CountMiss(name, view_metrics);
  }
  absl::StatusOr<Bytes> result = BuildOrJoin<View>(key, deadline, std::move(build));
  const char* outcome = !result.ok() ? "error" : (*result)->complete ? "ok" : "partial";
  CountRequest(name, view_metrics, start, outcome);
  return result;
}

template <typename View>
absl::StatusOr<View> MinistryViews::Parse(absl::StatusOr<Bytes> bytes) {
  if (!bytes.ok()) return bytes.status();
  View view;
  if (!view.ParseFromString((*bytes)->bytes)) {
    return absl::InternalError("a stored view could not be read");
  }
  return view;
}

absl::StatusOr<MinistryViews::Bytes> MinistryViews::NationalOverviewBytes(
    const v1::GetNationalOverviewRequest& request, absl::Time deadline, const Caller& caller) {
  return Cached<v1::Overview>("national_overview", ScopeKey(caller), request, deadline,
                              [this, request, caller](absl::Time d) {
                                return builder_.NationalOverview(request, time::Today(), d, caller);
                              });
}

absl::StatusOr<MinistryViews::Bytes> MinistryViews::ProvinceOverviewBytes(
    const v1::GetProvinceOverviewRequest& request, absl::Time deadline, const Caller& caller) {
  return Cached<v1::Overview>("province_overview", ScopeKey(caller), request, deadline,
                              [this, request, caller](absl::Time d) {
                                return builder_.ProvinceOverview(request, time::Today(), d, caller);
                              });
}

absl::StatusOr<MinistryViews::Bytes> MinistryViews::IndicatorProgressBytes(
    const v1::GetIndicatorProgressRequest& request, absl::Time deadline, const Caller& caller) {
  return Cached<v1::IndicatorProgress>("indicator_progress", ScopeKey(caller), request, deadline,
                                       [this, request, caller](absl::Time d) {
                                         return builder_.IndicatorProgress(request, time::Today(),
                                                                           d, caller);
                                       });
}

absl::StatusOr<MinistryViews::Bytes> MinistryViews::AgencyWorkloadBytes(
    const v1::GetAgencyWorkloadRequest& request, absl::Time deadline, const Caller& caller) {
  return Cached<v1::AgencyWorkload>("agency_workload", ScopeKey(caller), request, deadline,
                                    [this, request, caller](absl::Time d) {
                                      return builder_.AgencyWorkload(request, d, caller);
                                    });
}

absl::StatusOr<v1::Overview> MinistryViews::NationalOverview(
    const v1::GetNationalOverviewRequest& request, absl::Time deadline, const Caller& caller) {
  return Parse<v1::Overview>(NationalOverviewBytes(request, deadline, caller));
}

absl::StatusOr<v1::Overview> MinistryViews::ProvinceOverview(
    const v1::GetProvinceOverviewRequest& request, absl::Time deadline, const Caller& caller) {
  return Parse<v1::Overview>(ProvinceOverviewBytes(request, deadline, caller));
}

absl::StatusOr<v1::IndicatorProgress> MinistryViews::IndicatorProgress(
    const v1::GetIndicatorProgressRequest& request, absl::Time deadline, const Caller& caller) {
  return Parse<v1::IndicatorProgress>(IndicatorProgressBytes(request, deadline, caller));
}

absl::StatusOr<v1::AgencyWorkload> MinistryViews::AgencyWorkload(
    const v1::GetAgencyWorkloadRequest& request, absl::Time deadline, const Caller& caller) {
  return Parse<v1::AgencyWorkload>(AgencyWorkloadBytes(request, deadline, caller));
}

}  // namespace interplan::gateway
