// `interplan plans push|get|list|validate|issue|revisions` and
// `interplan assignments AGENCY`.
#ifndef INTERPLAN_TOOLS_INTERPLAN_PLANS_COMMANDS_H_
#define INTERPLAN_TOOLS_INTERPLAN_PLANS_COMMANDS_H_

#include "tools/interplan/cli_context.h"

namespace interplan::cli {

int RunPlansCommand(const CliContext& cli);
int RunAssignmentsCommand(const CliContext& cli);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_PLANS_COMMANDS_H_
