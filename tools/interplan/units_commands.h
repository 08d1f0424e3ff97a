// `interplan units list|get|ancestors|successors|predecessors`.
#ifndef INTERPLAN_TOOLS_INTERPLAN_UNITS_COMMANDS_H_
#define INTERPLAN_TOOLS_INTERPLAN_UNITS_COMMANDS_H_

#include "tools/interplan/cli_context.h"

namespace interplan::cli {

int RunUnitsCommand(const CliContext& cli);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_UNITS_COMMANDS_H_
