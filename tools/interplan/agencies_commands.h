// `interplan agencies search|list|get|create|retire`.
#ifndef INTERPLAN_TOOLS_INTERPLAN_AGENCIES_COMMANDS_H_
#define INTERPLAN_TOOLS_INTERPLAN_AGENCIES_COMMANDS_H_

#include "tools/interplan/cli_context.h"

namespace interplan::cli {

int RunAgenciesCommand(const CliContext& cli);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_AGENCIES_COMMANDS_H_
