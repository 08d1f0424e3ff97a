// The figures of one indicator in a view: its rolled-up value, the
// national target it is judged against, and the share of a unit's own
// bodies (what the unit's roll-up holds beyond its children's). Plain
// logic over the reporting service's messages, no network.
#ifndef INTERPLAN_GATEWAY_INDICATOR_FIGURES_H_
#define INTERPLAN_GATEWAY_INDICATOR_FIGURES_H_

#include <optional>

#include "google/protobuf/repeated_ptr_field.h"
#include "interplan/gateway/v1/gateway.pb.h"
#include "interplan/reporting/v1/reporting.pb.h"

namespace interplan::gateway {

// The national target a value of `year` is judged against: the one for
// `year`, else the nearest later one (a 2022 value against the 2025
// target), else the latest earlier one; null when the indicator has none.
const reporting::v1::NationalTarget* TargetFor(const reporting::v1::Indicator& indicator, int year);

// Sets target, target_year, comparison and meets_target from TargetFor()
// (meets_target only for a figure with a value: set the value first).
void SetTarget(const reporting::v1::Indicator& indicator, int year, v1::IndicatorFigures* figures);

// Sets value, numerator, denominator and has_value from the total (the
// value without categories) among `values`; leaves `figures` without a
// value when there is none.
void SetRollupValue(const google::protobuf::RepeatedPtrField<reporting::v1::RollupValue>& values,
                    v1::IndicatorFigures* figures);

// The total of the unit's own bodies: the roll-up's total minus its
// children's, for the rules that can be subtracted (SUM: values; ratio of
// sums: numerators and denominators, then divided and scaled by
// `indicator`'s scale). nullopt when nothing is the unit's own or the rule
// cannot be subtracted (latest value, not aggregatable).
std::optional<reporting::v1::RollupValue> OwnTotal(const reporting::v1::Rollup& rollup,
                                                   const reporting::v1::Indicator& indicator);

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_INDICATOR_FIGURES_H_
