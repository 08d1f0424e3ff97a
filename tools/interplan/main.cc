// interplan: the command-line client provinces and operators use.
#include <cstdio>
#include <cstring>
#include <string>

#include "absl/strings/numbers.h"
#include "tools/interplan/agencies_commands.h"
#include "tools/interplan/campaigns_commands.h"
#include "tools/interplan/cli_errors.h"
#include "tools/interplan/command_help.h"
#include "tools/interplan/credentials_commands.h"
#include "tools/interplan/error_report.h"
#include "tools/interplan/exit_codes.h"
#include "tools/interplan/gateway_commands.h"
#include "tools/interplan/plans_commands.h"
#include "tools/interplan/reference_commands.h"
#include "tools/interplan/reporting_commands.h"
#include "tools/interplan/units_commands.h"

namespace interplan::cli {
namespace {

// Whether --json is on the command line, before it is parsed: a command
// line that does not parse is reported in JSON too.
bool WantsJson(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--json") == 0 || std::strcmp(argv[i], "--json=true") == 0) {
      return true;
    }
  }
  return false;
}

int Dispatch(const CliContext& cli) {
  const std::string command = cli.args.Word(0);
  if (command == "units") return RunUnitsCommand(cli);
  if (command == "agencies") return RunAgenciesCommand(cli);
  if (command == "reference") return RunReferenceCommand(cli);
  if (command == "plans") return RunPlansCommand(cli);
  if (command == "assignments") return RunAssignmentsCommand(cli);
  if (command == "reports") return RunReportsCommand(cli);
  if (command == "obligations") return RunObligationsCommand(cli);
  if (command == "compliance") return RunComplianceCommand(cli);
  if (command == "rollup") return RunRollupCommand(cli);
  if (command == "progress") return RunProgressCommand(cli);
  if (command == "campaigns") return RunCampaignsCommand(cli);
  if (command == "activities") return RunActivitiesCommand(cli);
  if (command == "overview") return RunOverviewCommand(cli);
  if (command == "indicator-progress") return RunIndicatorProgressCommand(cli);
  if (command == "workload") return RunWorkloadCommand(cli);
  if (command == "keys") return RunKeysCommand(cli);
  return ReportError(UsageError("unknown command: " + command));
}

// Prints `text` to stdout; exit status 0.
int PrintHelp(const std::string& text) {
  std::fputs(text.c_str(), stdout);
  return kExitOk;
}

int Run(int argc, char** argv) {
  SetJsonErrors(WantsJson(argc, argv));
  absl::StatusOr<Args> args =
      Args::Parse(argc, argv, {"json", "descendants", "help", "issue", "push", "revoked"});
  if (!args.ok()) return ReportError(args.status());
  bool help = args->Has("help");
  std::vector<std::string> words = args->positional();
  if (!words.empty() && words[0] == "help") {  // `interplan help plans push`
    help = true;
    words.erase(words.begin());
  }
  if (words.empty()) {
    if (help) return PrintHelp(GlobalUsage());
    std::fputs(GlobalUsage().c_str(), stderr);
    return kExitUsage;
  }
  if (help && words.size() == 1 && IsGroup(words[0])) {
    absl::StatusOr<const CommandHelp*> single = FindCommand(words);
    return PrintHelp(single.ok() ? CommandUsage(**single) : GroupUsage(words[0]));
  }
  absl::StatusOr<const CommandHelp*> command = FindCommand(words);
  if (!command.ok()) return ReportError(command.status());
  if (help) return PrintHelp(CommandUsage(**command));
  if (absl::Status fits = CheckCommandLine(**command, *args); !fits.ok()) {
    return ReportError(fits);
  }
  CliContext cli{*args, args->Has("json")};
  if (auto timeout = args->Get("timeout")) {
    double seconds = 0;
    if (!absl::SimpleAtod(*timeout, &seconds) || seconds <= 0) {
      return ReportError(UsageError("--timeout: expected seconds > 0, e.g. --timeout 300"));
    }
    cli.timeout = absl::Seconds(seconds);
  }
  return Dispatch(cli);
}

}  // namespace
}  // namespace interplan::cli

int main(int argc, char** argv) { return interplan::cli::Run(argc, argv); }
