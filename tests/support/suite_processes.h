// Starting the suite's real binaries for tests, already loaded: agencies
// with the shipped reference data, plans pointed at it.
#ifndef INTERPLAN_TESTS_SUPPORT_SUITE_PROCESSES_H_
#define INTERPLAN_TESTS_SUPPORT_SUITE_PROCESSES_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tests/support/service_process.h"

namespace interplan::testing {

// interplan-agencies with the reference units and agencies imported
// through the real client.
absl::StatusOr<std::unique_ptr<ServiceProcess>> StartAgenciesWithReference(
    std::vector<std::string> extra_args = {});

// interplan-plans using `agencies_address`.
absl::StatusOr<std::unique_ptr<ServiceProcess>> StartPlans(
    const std::string& agencies_address, std::vector<std::string> extra_args = {});

// The five seed plan fixtures (tests/fixtures/plans/*.json), sorted.
std::vector<std::string> SeedPlanFixtures();

// Pushes and issues every seed plan through the real client, whose
// environment (INTERPLAN_AGENCIES_ADDR, INTERPLAN_PLANS_ADDR) is
// `client_env`. The error names the fixture and the client's output.
absl::Status PushSeedPlans(const std::map<std::string, std::string>& client_env);

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_SUITE_PROCESSES_H_
