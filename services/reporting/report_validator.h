// The checks a report's content must pass, decidable without the database:
// every value against the indicator catalogue (known indicator, allowed
// disaggregations, counts not negative, percentages within 0-100, numerator
// not above denominator, no value twice) and every task code against the
// plan. One field violation per problem.
//
// A value without a location was measured at the reporting agency's own
// unit, so it and the same value located at that unit are one value given
// twice: the second is refused (its field path named), else it would be
// rolled up twice.
#ifndef INTERPLAN_SERVICES_REPORTING_REPORT_VALIDATOR_H_
#define INTERPLAN_SERVICES_REPORTING_REPORT_VALIDATOR_H_

#include <set>
#include <string>

#include "common/errors/errors.h"
#include "interplan/plans/v1/plans.pb.h"
#include "interplan/reporting/v1/reporting.pb.h"
#include "services/reporting/indicator_catalogue.h"

namespace interplan::reporting {

// `own_unit` is the agency's unit ("units/51"), "" for a national body.
void CheckReportContent(const v1::Report& report, const IndicatorCatalogue& catalogue,
                        const plans::v1::Plan& plan, const std::string& own_unit,
                        FieldViolations& violations);

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_REPORT_VALIDATOR_H_
