// `interplan campaigns list|get|create|summary` and
// `interplan activities record|list`.
#ifndef INTERPLAN_TOOLS_INTERPLAN_CAMPAIGNS_COMMANDS_H_
#define INTERPLAN_TOOLS_INTERPLAN_CAMPAIGNS_COMMANDS_H_

#include "tools/interplan/cli_context.h"

namespace interplan::cli {

int RunCampaignsCommand(const CliContext& cli);
int RunActivitiesCommand(const CliContext& cli);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_CAMPAIGNS_COMMANDS_H_
