#include "common/metrics/registry.h"

#include <utility>

#include "absl/strings/str_cat.h"
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
  std::map<Labels, std::unique_ptr<Histogram>> histograms;
  std::map<Labels, std::shared_ptr<std::function<double()>>> gauges;
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
  std::lock_guard<std::mutex> lock(mu_);
  Family* family = FindOrAddFamily(checked_name, help, Type::kCounter);
  if (family == nullptr) {
    stray_counters_.push_back(std::make_unique<Counter>());
    return *stray_counters_.back();
  }
  std::unique_ptr<Counter>& counter = family->counters[std::move(checked_labels)];
  if (counter == nullptr) counter = std::make_unique<Counter>();
  return *counter;
}

Histogram& Registry::GetHistogram(absl::string_view name, absl::string_view help,
                                  std::vector<double> bounds, const Labels& labels) {
  const std::string checked_name = CheckedName(name);
  Labels checked_labels = CheckedLabels(checked_name, labels, true);
  std::lock_guard<std::mutex> lock(mu_);
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
  const std::string checked_name = CheckedName(name);
  Labels checked_labels = CheckedLabels(checked_name, labels, false);
  std::lock_guard<std::mutex> lock(mu_);
  Family* family = FindOrAddFamily(checked_name, help, Type::kGauge);
  if (family == nullptr) return;
  family->gauges[std::move(checked_labels)] =
      std::make_shared<std::function<double()>>(std::move(read));
}

std::string Registry::Render() const {
  // What one family shows, read under the lock; gauges are read after it.
  struct FamilyView {
    const Family* family;  // name, help and type never change
    std::vector<std::pair<Labels, uint64_t>> counters;
    std::vector<std::pair<Labels, Histogram::Snapshot>> histograms;
    std::vector<std::pair<Labels, std::shared_ptr<std::function<double()>>>> gauges;
  };
  std::vector<FamilyView> views;
  {
    std::lock_guard<std::mutex> lock(mu_);
    views.reserve(families_.size());
    for (const auto& [name, family] : families_) {
      FamilyView view{family.get(), {}, {}, {}};
      for (const auto& [labels, counter] : family->counters) {
        view.counters.emplace_back(labels, counter->value());
      }
      for (const auto& [labels, histogram] : family->histograms) {
        view.histograms.emplace_back(labels, histogram->Read());
      }
      for (const auto& [labels, read] : family->gauges) {
        view.gauges.emplace_back(labels, read);
      }
      views.push_back(std::move(view));
    }
  }

  std::string out;
  for (const FamilyView& view : views) {
    const std::string& name = view.family->name;
    if (!view.family->help.empty()) {
      absl::StrAppend(&out, "# HELP ", name, " ", EscapeHelp(view.family->help), "\n");
    }
    switch (view.family->type) {
      case Type::kCounter:
        absl::StrAppend(&out, "# TYPE ", name, " counter\n");
        for (const auto& [labels, value] : view.counters) {
          absl::StrAppend(&out, name, FormatLabels(labels), " ", value, "\n");
        }
        break;
      case Type::kGauge:
        absl::StrAppend(&out, "# TYPE ", name, " gauge\n");
        for (const auto& [labels, read] : view.gauges) {
          absl::StrAppend(&out, name, FormatLabels(labels), " ", FormatValue((*read)()), "\n");
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
