// The in-process interplan-agencies (reference data loaded) and
// interplan-plans (seed plans created and issued) a test binary shares:
// loaded on first use, kept for the life of the process.
#ifndef INTERPLAN_TESTS_SUPPORT_IN_PROCESS_SUITE_H_
#define INTERPLAN_TESTS_SUPPORT_IN_PROCESS_SUITE_H_

#include "absl/status/status.h"
#include "tests/support/in_process_agencies.h"
#include "tests/support/in_process_plans.h"

namespace interplan::testing {

struct InProcessSuite {
  InProcessAgencies* agencies = nullptr;
  InProcessPlans* plans = nullptr;
  // Why they could not be loaded; OK when both are there.
  absl::Status error;
};

// The shared pair; the same answer on every call.
const InProcessSuite& SharedInProcessSuite();

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_IN_PROCESS_SUITE_H_
