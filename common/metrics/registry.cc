#include "common/metrics/registry.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/logging/log.h"

namespace interplan::metrics {
namespace {

std::string CheckedName(absl::string_view name) {
  if (IsValidMetricName(name)) return std::string(name);
  std::string sanitized = SanitizeName(name, false);
  LogError("invalid metric name sanitised",
           {{"name", name}, {"used", absl::string_view(sanitized)}});
  return sanitized;
}

Labels CheckedLabels(absl::string_view metric, const Labels& labels, bool histogram) {
  Labels checked;
  for (const auto& [name, value] : labels) {
    if (histogram && name == "le") {
      LogError("label \"le\" of a histogram dropped", {{"metric", metric}});
      continue;
    }
    if (IsValidLabelName(name)) {
      checked.emplace(name, value);
      continue;
    }
    std::string sanitized = SanitizeName(name, true);
    LogError("invalid label name sanitised", {{"metric", metric},
                                              {"label", absl::string_view(name)},
                                              {"used", absl::string_view(sanitized)}});
    checked.emplace(std::move(sanitized), value);
  }
  return checked;
}

}  // namespace

struct Registry::Family {
  std::string name;
  std::string help;
  Type type;
  std::vector<double> bounds;  // histograms: the family's buckets
  std::map<Labels, std::unique_ptr<Counter>> counters;
  std::map<Labels, std::unique_ptr<Gauge>> gauges;
  std::map<Labels, std::unique_ptr<Histogram>> histograms;
  // AddGauge() and AddCounterFunction(): read at each Render().
  std::map<Labels, std::shared_ptr<std::function<double()>>> functions;
};

// What one family shows, read under the lock; functions are called after.
struct Registry::FamilyView {
  const Family* family;  // name, help and type never change
  std::map<Labels, double> values;
  std::vector<std::pair<Labels, std::shared_ptr<std::function<double()>>>> functions;
  std::vector<std::pair<Labels, Histogram::Snapshot>> histograms;
};

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Family* Registry::FindOrAddFamily(const std::string& name, absl::string_view help,
                                            Type type) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    auto family = std::make_unique<Family>();
    family->name = name;
    family->help = std::string(help);
    family->type = type;
    it = families_.emplace(name, std::move(family)).first;
  }
  if (it->second->type != type) {
    LogError("metric asked for under another type; it will not be exported",
             {{"name", absl::string_view(name)}});
    return nullptr;
  }
  return it->second.get();
}

Counter& Registry::GetCounter(absl::string_view name, absl::string_view help,
                              const Labels& labels) {
  const std::string checked_name = CheckedName(name);
  Labels checked_labels = CheckedLabels(checked_name, labels, false);
  absl::MutexLock lock(&mu_);
  Family* family = FindOrAddFamily(checked_name, help, Type::kCounter);
  if (family == nullptr) {
    stray_counters_.push_back(std::make_unique<Counter>());
    return *stray_counters_.back();
  }
  std::unique_ptr<Counter>& counter = family->counters[std::move(checked_labels)];
  if (counter == nullptr) counter = std::make_unique<Counter>();
  return *counter;
}

Gauge& Registry::GetGauge(absl::string_view name, absl::string_view help, const Labels& labels) {
  const std::string checked_name = CheckedName(name);
  Labels checked_labels = CheckedLabels(checked_name, labels, false);
  absl::MutexLock lock(&mu_);
  Family* family = FindOrAddFamily(checked_name, help, Type::kGauge);
  if (family == nullptr) {
    stray_gauges_.push_back(std::make_unique<Gauge>());
    return *stray_gauges_.back();
  }
  std::unique_ptr<Gauge>& gauge = family->gauges[std::move(checked_labels)];
  if (gauge == nullptr) gauge = std::make_unique<Gauge>();
  return *gauge;
}

Histogram& Registry::GetHistogram(absl::string_view name, absl::string_view help,
                                  std::vector<double> bounds, const Labels& labels) {
  const std::string checked_name = CheckedName(name);
  Labels checked_labels = CheckedLabels(checked_name, labels, true);
  absl::MutexLock lock(&mu_);
  Family* family = FindOrAddFamily(checked_name, help, Type::kHistogram);
  if (family == nullptr) {
    stray_histograms_.push_back(std::make_unique<Histogram>(std::move(bounds)));
    return *stray_histograms_.back();
  }
  if (family->histograms.empty()) {
    family->bounds = NormalizeBounds(std::move(bounds));
  } else if (NormalizeBounds(std::move(bounds)) != family->bounds) {
    LogWarning("histogram bounds differ from the family's; the family's hold",
               {{"name", absl::string_view(checked_name)}});
  }
  std::unique_ptr<Histogram>& histogram = family->histograms[std::move(checked_labels)];
  if (histogram == nullptr) histogram = std::make_unique<Histogram>(family->bounds);
  return *histogram;
}

void Registry::AddGauge(absl::string_view name, absl::string_view help,
                        std::function<double()> read, const Labels& labels) {
  AddFunction(name, help, Type::kGauge, std::move(read), labels);
}

void Registry::AddCounterFunction(absl::string_view name, absl::string_view help,
                                  std::function<double()> read, const Labels& labels) {
  AddFunction(name, help, Type::kCounter, std::move(read), labels);
}

void Registry::AddFunction(absl::string_view name, absl::string_view help, Type type,
                           std::function<double()> read, const Labels& labels) {
  const std::string checked_name = CheckedName(name);
  Labels checked_labels = CheckedLabels(checked_name, labels, false);
  absl::MutexLock lock(&mu_);
  Family* family = FindOrAddFamily(checked_name, help, type);
  if (family == nullptr) return;
  family->functions[std::move(checked_labels)] =
      std::make_shared<std::function<double()>>(std::move(read));
}

std::vector<Registry::FamilyView> Registry::Snapshot() const {
  std::vector<FamilyView> views;
  absl::MutexLock lock(&mu_);
  views.reserve(families_.size());
  for (const auto& [name, family] : families_) {
    FamilyView view{family.get(), {}, {}, {}};
    for (const auto& [labels, counter] : family->counters) {
      view.values.emplace(labels, static_cast<double>(counter->value()));
    }
    for (const auto& [labels, gauge] : family->gauges) view.values.emplace(labels, gauge->value());
    for (const auto& [labels, read] : family->functions) view.functions.emplace_back(labels, read);
    for (const auto& [labels, histogram] : family->histograms) {
      view.histograms.emplace_back(labels, histogram->Read());
    }
    views.push_back(std::move(view));
  }
  return views;
}

std::string Registry::Render() const {
  std::vector<FamilyView> views = Snapshot();
  std::string out;
  for (FamilyView& view : views) {
    // Called without the lock: a function may use the registry.
    for (const auto& [labels, read] : view.functions) view.values[labels] = (*read)();
    const std::string& name = view.family->name;
    if (!view.family->help.empty()) {
      absl::StrAppend(&out, "# HELP ", name, " ", EscapeHelp(view.family->help), "\n");
    }
    switch (view.family->type) {
      case Type::kCounter:
      case Type::kGauge:
        absl::StrAppend(&out, "# TYPE ", name,
                        view.family->type == Type::kCounter ? " counter\n" : " gauge\n");
        for (const auto& [labels, value] : view.values) {
          absl::StrAppend(&out, name, FormatLabels(labels), " ", FormatValue(value), "\n");
        }
        break;
      case Type::kHistogram:
        absl::StrAppend(&out, "# TYPE ", name, " histogram\n");
        for (const auto& [labels, snapshot] : view.histograms) {
          for (size_t i = 0; i < snapshot.cumulative.size(); ++i) {
            const std::string le =
                i < snapshot.bounds.size() ? FormatValue(snapshot.bounds[i]) : std::string("+Inf");
            absl::StrAppend(&out, name, "_bucket", FormatLabels(labels, "le", le), " ",
                            snapshot.cumulative[i], "\n");
          }
          absl::StrAppend(&out, name, "_sum", FormatLabels(labels), " ", FormatValue(snapshot.sum),
                          "\n");
          absl::StrAppend(&out, name, "_count", FormatLabels(labels), " ", snapshot.count, "\n");
        }
        break;
    }
  }
  return out;
}

}  // namespace interplan::metrics
