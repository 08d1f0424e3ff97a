// What a plan asks of each agency, read from the plan alone: its duties
// (leads, coordinates, reports ...) in document order, the digest an
// overview reads, the agencies that may read it, and one duty described
// from the plan's own words. Pure functions: no I/O.
#ifndef INTERPLAN_SERVICES_PLANS_PLAN_DUTIES_H_
#define INTERPLAN_SERVICES_PLANS_PLAN_DUTIES_H_

#include <string>
#include <vector>

#include "interplan/plans/v1/plans.pb.h"
#include "services/plans/plan_store.h"

namespace interplan::plans {

// Every duty the plan gives, in document order.
std::vector<Duty> DutiesOf(const v1::Plan& plan);

// How much of the plan is known: PLAN_CONTENT_FULL (also for a plan that
// leaves it unspecified) or PLAN_CONTENT_HEADER_ONLY.
v1::PlanContent KnownContent(const v1::Plan& plan);

// The facts an overview needs of a plan whose unit lies at `unit_path`.
v1::PlanDigest DigestOf(const v1::Plan& plan, const std::string& unit_path);

// The agencies a plan gives duties to (ids), who may read it.
std::vector<std::string> ReadersOf(const v1::Plan& plan);

// Fills the details of one duty from the plan it belongs to.
void DescribeDuty(const v1::Plan& plan, const Duty& duty, v1::AgencyAssignment* out);

}  // namespace interplan::plans

#endif  // INTERPLAN_SERVICES_PLANS_PLAN_DUTIES_H_
