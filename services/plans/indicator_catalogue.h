// The indicator codes targets may name. Until interplan-reporting serves
// the catalogue, the plans service reads the shipped catalogue file
// (data/reference/indicators.jsonl) at start-up.
#ifndef INTERPLAN_SERVICES_PLANS_INDICATOR_CATALOGUE_H_
#define INTERPLAN_SERVICES_PLANS_INDICATOR_CATALOGUE_H_

#include <set>
#include <string>

#include "absl/status/statusor.h"

namespace interplan::plans {

// "indicators/<code>" for every line of a JSON-lines file of
// interplan.reporting.v1.Indicator.
absl::StatusOr<std::set<std::string>> LoadIndicatorNames(const std::string& path);

}  // namespace interplan::plans

#endif  // INTERPLAN_SERVICES_PLANS_INDICATOR_CATALOGUE_H_
