// `interplan plans import FILE [--out DRAFT.json] [--push [--issue]]`: sends
// a plan document (.docx, .pdf, .txt, .md) to ImportPlanDocument, prints
// what was understood as a review report (what to check before pushing),
// writes the draft in the fixture format (CreatePlanRequest JSON) ready to
// edit and push, and pushes it when asked and when it is valid.
#ifndef INTERPLAN_TOOLS_INTERPLAN_PLAN_IMPORT_COMMAND_H_
#define INTERPLAN_TOOLS_INTERPLAN_PLAN_IMPORT_COMMAND_H_

#include "interplan/plans/v1/plans.grpc.pb.h"
#include "tools/interplan/cli_context.h"

namespace interplan::cli {

int RunPlanImport(const CliContext& cli, plans::v1::PlanService::Stub& stub);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_PLAN_IMPORT_COMMAND_H_
