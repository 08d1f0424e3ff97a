// `interplan units history CODE`: every version of a code and every link,
// with dates; and the operator's corrections of that history: `units link`
// (a succession the official lists do not show) and `units correct-start`
// (a version's first day moved to its resolution's effective date).
#ifndef INTERPLAN_TOOLS_INTERPLAN_UNIT_HISTORY_COMMANDS_H_
#define INTERPLAN_TOOLS_INTERPLAN_UNIT_HISTORY_COMMANDS_H_

#include <string>

#include "interplan/agencies/v1/units.grpc.pb.h"
#include "tools/interplan/cli_context.h"

namespace interplan::cli {

// Whether `verb` is one of the commands below.
bool IsUnitHistoryVerb(const std::string& verb);

int RunUnitHistoryCommand(const CliContext& cli, agencies::v1::UnitService::Stub& stub);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_UNIT_HISTORY_COMMANDS_H_
