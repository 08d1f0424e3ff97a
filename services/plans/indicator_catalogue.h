// The indicators targets may name, with what each measures (a count, a
// percentage, a ratio), so that a target's unit can be checked against
// its indicator. Until interplan-reporting serves the catalogue, the plans
// service reads the shipped catalogue file (data/reference/indicators.jsonl)
// at start-up.
#ifndef INTERPLAN_SERVICES_PLANS_INDICATOR_CATALOGUE_H_
#define INTERPLAN_SERVICES_PLANS_INDICATOR_CATALOGUE_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "interplan/reporting/v1/indicator.pb.h"

namespace interplan::plans {

// "indicators/<code>" -> what the indicator measures.
using IndicatorMeasures = std::map<std::string, reporting::v1::Measure>;

// Every line of a JSON-lines file of interplan.reporting.v1.Indicator.
absl::StatusOr<IndicatorMeasures> LoadIndicatorMeasures(const std::string& path);

}  // namespace interplan::plans

#endif  // INTERPLAN_SERVICES_PLANS_INDICATOR_CATALOGUE_H_
