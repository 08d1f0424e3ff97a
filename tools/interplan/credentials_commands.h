// `interplan keys create|list|revoke`: API keys for agencies, operators and
// services (an operator's commands).
#ifndef INTERPLAN_TOOLS_INTERPLAN_CREDENTIALS_COMMANDS_H_
#define INTERPLAN_TOOLS_INTERPLAN_CREDENTIALS_COMMANDS_H_

#include "tools/interplan/cli_context.h"

namespace interplan::cli {

int RunKeysCommand(const CliContext& cli);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_CREDENTIALS_COMMANDS_H_
