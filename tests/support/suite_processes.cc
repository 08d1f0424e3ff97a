#include "tests/support/suite_processes.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace interplan::testing {

absl::StatusOr<std::unique_ptr<ServiceProcess>> StartAgenciesWithReference(
    std::vector<std::string> extra_args) {
  absl::StatusOr<std::unique_ptr<ServiceProcess>> agencies =
      ServiceProcess::Start({.service = "agencies", .extra_args = std::move(extra_args)});
  if (!agencies.ok()) return agencies.status();
  absl::StatusOr<CommandResult> imported =
      RunClient({"reference", "import"}, {{"INTERPLAN_AGENCIES_ADDR", (*agencies)->address()}});
  if (!imported.ok()) return imported.status();
  if (imported->exit_code != 0) {
    return absl::InternalError(absl::StrCat("reference import failed: ", imported->output));
  }
  return agencies;
}

absl::StatusOr<std::unique_ptr<ServiceProcess>> StartPlans(const std::string& agencies_address,
                                                           std::vector<std::string> extra_args) {
  extra_args.push_back(absl::StrCat("--agencies_addr=", agencies_address));
  return ServiceProcess::Start({.service = "plans", .extra_args = std::move(extra_args)});
}

std::vector<std::string> SeedPlanFixtures() {
  std::vector<std::string> files;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator(SourcePath("tests/fixtures/plans"), error)) {
    const std::string path = entry.path().string();
    if (absl::EndsWith(path, ".json")) files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  return files;
}

absl::Status PushSeedPlans(const std::map<std::string, std::string>& client_env) {
  for (const std::string& path : SeedPlanFixtures()) {
    absl::StatusOr<CommandResult> pushed =
        RunClient({"plans", "push", path, "--issue"}, client_env);
    if (!pushed.ok()) return pushed.status();
    if (pushed->exit_code != 0) {
      return absl::InternalError(absl::StrCat("pushing ", path, " failed: ", pushed->output));
    }
  }
  return absl::OkStatus();
}

}  // namespace interplan::testing
