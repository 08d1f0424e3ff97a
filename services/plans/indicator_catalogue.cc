#include "services/plans/indicator_catalogue.h"

#include "absl/strings/str_cat.h"
#include "common/reference/indicator_file.h"

namespace interplan::plans {

absl::StatusOr<IndicatorMeasures> LoadIndicatorMeasures(const std::string& path) {
  absl::StatusOr<std::vector<reporting::v1::Indicator>> indicators = ReadIndicatorFile(path);
  if (!indicators.ok()) return indicators.status();
  IndicatorMeasures measures;
  for (const reporting::v1::Indicator& indicator : *indicators) {
    measures[absl::StrCat("indicators/", indicator.code())] = indicator.measure();
  }
  return measures;
}

}  // namespace interplan::plans
