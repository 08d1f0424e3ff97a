// `interplan plans push|get|list|validate|issue|revisions` and
// `interplan assignments AGENCY`.
#ifndef INTERPLAN_TOOLS_INTERPLAN_PLANS_COMMANDS_H_
#define INTERPLAN_TOOLS_INTERPLAN_PLANS_COMMANDS_H_

#include "interplan/plans/v1/plans.grpc.pb.h"
#include "tools/interplan/cli_context.h"

namespace interplan::cli {

int RunPlansCommand(const CliContext& cli);
int RunAssignmentsCommand(const CliContext& cli);

// Creates the plan, or updates the draft / amends the issued plan of the
// same plan_id when its content differs; issues it with --issue. Prints
// what it did; the exit code.
int PushPlan(const CliContext& cli, plans::v1::PlanService::Stub& stub,
             plans::v1::CreatePlanRequest request);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_PLANS_COMMANDS_H_
