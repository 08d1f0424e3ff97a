// The metrics a process exposes, grouped into families by name, and their
// rendering for a Prometheus scrape (text format 0.0.4). Metrics live as
// long as the registry and are never removed, so a caller looks one up once
// and keeps the reference; every method is safe from any thread.
//
// Programming mistakes do not fail calls: a name or label name Prometheus
// would reject is sanitised ('-' becomes '_') and logged; asking for a
// family under another type than it was made with logs an error and returns
// a metric that works but is never rendered.
#ifndef INTERPLAN_COMMON_METRICS_REGISTRY_H_
#define INTERPLAN_COMMON_METRICS_REGISTRY_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/metrics/counter.h"
#include "common/metrics/exposition.h"
#include "common/metrics/gauge.h"
#include "common/metrics/histogram.h"

namespace interplan::metrics {

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The counter `name` with `labels`, made on first use. The family's help
  // is the one given first.
  Counter& GetCounter(absl::string_view name, absl::string_view help, const Labels& labels = {});

  // The histogram `name` with `labels`, made on first use. The bounds given
  // first for the family hold for all of its label sets (see Histogram for
  // how they are cleaned); a label named "le" is dropped.
  Histogram& GetHistogram(absl::string_view name, absl::string_view help,
                          std::vector<double> bounds, const Labels& labels = {});

  // The gauge `name` with `labels` the program sets, made on first use.
  Gauge& GetGauge(absl::string_view name, absl::string_view help, const Labels& labels = {});

  // A gauge whose value `read` returns at each Render(), on the rendering
  // thread and without the registry's lock held. Adding the same name and
  // labels again replaces the callback (and hides a GetGauge() gauge of
  // the same labels).
  void AddGauge(absl::string_view name, absl::string_view help, std::function<double()> read,
                const Labels& labels = {});

  // A counter whose value `read` returns at each Render(), like AddGauge():
  // for counts kept elsewhere (the CPU time the kernel accounts). `read`
  // must never decrease.
  void AddCounterFunction(absl::string_view name, absl::string_view help,
                          std::function<double()> read, const Labels& labels = {});

  // Every family, sorted by name, each with its HELP (when not empty) and
  // TYPE lines once and then its samples, sorted by label set. Serve it
  // with Content-Type kExpositionContentType.
  std::string Render() const;

 private:
  enum class Type { kCounter, kGauge, kHistogram };
  struct Family;
  struct FamilyView;

  // The family `name` of `type`, made with `help` if new; null (after
  // logging) when `name` already names a family of another type.
  Family* FindOrAddFamily(const std::string& name, absl::string_view help, Type type)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Registers `read` for AddGauge() and AddCounterFunction().
  void AddFunction(absl::string_view name, absl::string_view help, Type type,
                   std::function<double()> read, const Labels& labels);
  // What every family holds now; callbacks are not called yet.
  std::vector<FamilyView> Snapshot() const;

  mutable absl::Mutex mu_;
  std::map<std::string, std::unique_ptr<Family>> families_ ABSL_GUARDED_BY(mu_);
  // Metrics handed out for a name of the wrong type: alive, never rendered.
  std::vector<std::unique_ptr<Counter>> stray_counters_ ABSL_GUARDED_BY(mu_);
  std::vector<std::unique_ptr<Gauge>> stray_gauges_ ABSL_GUARDED_BY(mu_);
  std::vector<std::unique_ptr<Histogram>> stray_histograms_ ABSL_GUARDED_BY(mu_);
};

}  // namespace interplan::metrics

#endif  // INTERPLAN_COMMON_METRICS_REGISTRY_H_
