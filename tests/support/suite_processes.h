// Starting the suite's real binaries for tests, already loaded: agencies
// with the shipped reference data, plans pointed at it.
#ifndef INTERPLAN_TESTS_SUPPORT_SUITE_PROCESSES_H_
#define INTERPLAN_TESTS_SUPPORT_SUITE_PROCESSES_H_

#include <memory>
#include <string>
#include <vector>

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

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_SUITE_PROCESSES_H_
