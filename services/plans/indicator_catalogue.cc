#include "services/plans/indicator_catalogue.h"

#include "absl/strings/str_cat.h"
#include "common/reference/indicator_file.h"

namespace interplan::plans {

absl::StatusOr<std::set<std::string>> LoadIndicatorNames(const std::string& path) {
  absl::StatusOr<std::vector<reporting::v1::Indicator>> indicators = ReadIndicatorFile(path);
  if (!indicators.ok()) return indicators.status();
  std::set<std::string> names;
  for (const reporting::v1::Indicator& indicator : *indicators) {
    names.insert(absl::StrCat("indicators/", indicator.code()));
  }
  return names;
}

}  // namespace interplan::plans
