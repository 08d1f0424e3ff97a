// `interplan overview national|province`, `interplan indicator-progress`
// and `interplan workload`: the ministry's views from interplan-gateway.
#ifndef INTERPLAN_TOOLS_INTERPLAN_GATEWAY_COMMANDS_H_
#define INTERPLAN_TOOLS_INTERPLAN_GATEWAY_COMMANDS_H_

#include "tools/interplan/cli_context.h"

namespace interplan::cli {

int RunOverviewCommand(const CliContext& cli);
int RunIndicatorProgressCommand(const CliContext& cli);
int RunWorkloadCommand(const CliContext& cli);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_GATEWAY_COMMANDS_H_
