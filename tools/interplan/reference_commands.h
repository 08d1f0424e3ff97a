// `interplan reference import [FILE...]`: loads the shipped reference data
// (or the given files) into interplan-agencies through its API.
#ifndef INTERPLAN_TOOLS_INTERPLAN_REFERENCE_COMMANDS_H_
#define INTERPLAN_TOOLS_INTERPLAN_REFERENCE_COMMANDS_H_

#include "tools/interplan/cli_context.h"

namespace interplan::cli {

int RunReferenceCommand(const CliContext& cli);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_REFERENCE_COMMANDS_H_
