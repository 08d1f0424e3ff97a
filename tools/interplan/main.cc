// interplan: the command-line client provinces and operators use.
#include <cstdio>
#include <string>

#include "absl/strings/numbers.h"
#include "tools/interplan/agencies_commands.h"
#include "tools/interplan/campaigns_commands.h"
#include "tools/interplan/cli_output.h"
#include "tools/interplan/credentials_commands.h"
#include "tools/interplan/gateway_commands.h"
#include "tools/interplan/plans_commands.h"
#include "tools/interplan/reference_commands.h"
#include "tools/interplan/reporting_commands.h"
#include "tools/interplan/units_commands.h"

namespace {

constexpr char kUsage[] =
    "usage: interplan [--json] [--timeout SECONDS] COMMAND ...\n"
    "\n"
    "  units list [--parent CODE] [--as-of DATE] [--level L] [--query WORDS] [--descendants]\n"
    "  units get CODE [--as-of DATE]\n"
    "  units ancestors|successors|predecessors CODE [--as-of DATE]\n"
    "  agencies search WORDS [--unit CODE] [--as-of DATE] [--kind KIND]\n"
    "  agencies list [--unit CODE] [--as-of DATE] [--kind KIND]\n"
    "  agencies get ID [--as-of DATE] | create FILE | retire ID --valid-to DATE [--successor ID]\n"
    "  reference import [FILE...]\n"
    "  plans push FILE [--issue] [--reason TEXT]   (create, or update/amend when it exists)\n"
    "  plans validate FILE | get NAME [--revision N] | issue NAME | revisions NAME\n"
    "  plans import DOCUMENT [--out DRAFT.json] [--push [--issue]]   (.docx, .pdf, .txt, .md)\n"
    "  plans targets NAME [--revision N]\n"
    "  plans list [--unit CODE] [--as-of DATE] [--year Y] [--status S] [--query WORDS]\n"
    "             [--content full|header_only]\n"
    "  assignments AGENCY [--year Y]\n"
    "  reports submit FILE | get NAME | list [--plan P] [--agency A] [--period P]\n"
    "  reports accept NAME | return NAME --reason TEXT\n"
    "  obligations [--agency A] [--plan P] [--period P] [--as-of DATE]\n"
    "  compliance [--unit CODE] [--plan P] --period P [--as-of DATE]\n"
    "  rollup --indicator I [--unit CODE] --period P [--as-of DATE]\n"
    "  progress PLAN [--as-of DATE]\n"
    "  campaigns list [--kind K] [--year Y] | get NAME | create FILE\n"
    "  campaigns summary [NAME] [--kind action-month --year Y] [--unit CODE]\n"
    "  activities record FILE [--campaign C] | list --campaign C [--unit CODE]\n"
    "  overview national --year Y [--as-of DATE] | province CODE --year Y [--as-of DATE]\n"
    "  indicator-progress CODE --year Y [--as-of DATE]\n"
    "  workload AGENCY --year Y\n"
    "  keys create [--agency A] [--role R] [--expires DATE] [--name TEXT]   (prints the secret "
    "once)\n"
    "  keys list [--agency A] [--revoked] | revoke NAME\n"
    "\n"
    "Service addresses: INTERPLAN_<SERVICE>_ADDR (default localhost:<port>).\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace interplan::cli;
  absl::StatusOr<Args> args =
      Args::Parse(argc, argv, {"json", "descendants", "help", "issue", "push", "revoked"});
  if (!args.ok()) return ReportError(args.status());
  if (args->Has("help") || args->Word(0).empty()) {
    std::fputs(kUsage, args->Has("help") ? stdout : stderr);
    return args->Has("help") ? 0 : 2;
  }
  CliContext cli{*args, args->Has("json")};
  if (auto timeout = args->Get("timeout")) {
    double seconds = 0;
    if (!absl::SimpleAtod(*timeout, &seconds) || seconds <= 0) {
      return ReportError(absl::InvalidArgumentError("--timeout: expected seconds > 0"));
    }
    cli.timeout = absl::Seconds(seconds);
  }
  const std::string command = args->Word(0);
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
  std::fputs(kUsage, stderr);
  return 2;
}
