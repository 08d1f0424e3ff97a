// `interplan reports submit|get|list|accept|return`, `obligations`,
// `compliance`, `rollup` and `progress`.
#ifndef INTERPLAN_TOOLS_INTERPLAN_REPORTING_COMMANDS_H_
#define INTERPLAN_TOOLS_INTERPLAN_REPORTING_COMMANDS_H_

#include "tools/interplan/cli_context.h"

namespace interplan::cli {

int RunReportsCommand(const CliContext& cli);
int RunObligationsCommand(const CliContext& cli);
int RunComplianceCommand(const CliContext& cli);
int RunRollupCommand(const CliContext& cli);
int RunProgressCommand(const CliContext& cli);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_REPORTING_COMMANDS_H_
