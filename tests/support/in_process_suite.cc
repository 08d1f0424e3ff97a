#include "tests/support/in_process_suite.h"

#include <memory>
#include <utility>

namespace interplan::testing {
namespace {

InProcessSuite Load() {
  InProcessSuite suite;
  absl::StatusOr<std::unique_ptr<InProcessAgencies>> agencies =
      InProcessAgencies::StartWithReference();
  if (!agencies.ok()) {
    suite.error = agencies.status();
    return suite;
  }
  absl::StatusOr<std::unique_ptr<InProcessPlans>> plans = InProcessPlans::Start(**agencies);
  if (!plans.ok()) {
    suite.error = plans.status();
    return suite;
  }
  if (absl::Status pushed = (*plans)->PushSeedPlans(); !pushed.ok()) {
    suite.error = pushed;
    return suite;
  }
  // Kept for the life of the test process.
  suite.agencies = agencies->release();
  suite.plans = plans->release();
  return suite;
}

}  // namespace

const InProcessSuite& SharedInProcessSuite() {
  static const InProcessSuite* suite = new InProcessSuite(Load());
  return *suite;
}

}  // namespace interplan::testing
