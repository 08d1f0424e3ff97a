// A scrape as tests read it: the Prometheus text format parsed into
// samples, and lookups of one sample by name and labels.
#ifndef INTERPLAN_TESTS_COMMON_METRICS_SCRAPE_H_
#define INTERPLAN_TESTS_COMMON_METRICS_SCRAPE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/metrics/exposition.h"

namespace interplan::testing {

struct Sample {
  std::string name;  // with its suffix: "x_bucket", "x_count"
  metrics::Labels labels;
  double value = 0;
};

class Scrape {
 public:
  // Parses `text`; an error names the first line that is no sample,
  // comment or blank line.
  static absl::StatusOr<Scrape> Parse(absl::string_view text);

  // The value of the sample `name` with exactly `labels`, if there is one.
  std::optional<double> Value(absl::string_view name, const metrics::Labels& labels = {}) const;
  // The samples named `name`, whatever their labels.
  std::vector<Sample> All(absl::string_view name) const;
  // The TYPE line's type of family `name` ("counter"), or "".
  std::string TypeOf(absl::string_view name) const;

 private:
  std::vector<Sample> samples_;
  std::map<std::string, std::string> types_;
};

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_COMMON_METRICS_SCRAPE_H_
