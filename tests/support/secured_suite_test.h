// Base of the access tests' fixtures: one SecuredSuite for the whole test
// binary, started with the rate limits out of the way (every attempt is
// read back after it) and the commune agency registered. `Fixture` names
// the services it needs (`static SecuredSuiteOptions Options()`) and makes
// what its tests share (`static std::string Load()`, "" or what went
// wrong); a failed start or load fails every test of the fixture.
#ifndef INTERPLAN_TESTS_SUPPORT_SECURED_SUITE_TEST_H_
#define INTERPLAN_TESTS_SUPPORT_SECURED_SUITE_TEST_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "tests/support/secured_suite.h"

namespace interplan::testing {

template <typename Fixture>
class SecuredSuiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { setup_error_ = new std::string(StartAndLoad()); }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(setup_error_, nullptr);
    ASSERT_EQ(*setup_error_, "");
  }

  // A key SecuredSuite::MakeKeys or MakeUnusableKeys made.
  static const std::string& Key(const std::string& who) { return suite_->Key(who); }

  static inline SecuredSuite* suite_ = nullptr;
  static inline std::string* setup_error_ = nullptr;

 private:
  static std::string StartAndLoad() {
    SecuredSuiteOptions options = Fixture::Options();
    options.extra_args.push_back("--rate_limit_per_second=100000");
    options.extra_args.push_back("--rate_limit_burst=100000");
    absl::StatusOr<std::unique_ptr<SecuredSuite>> suite = SecuredSuite::Start(options);
    if (!suite.ok()) return suite.status().ToString();
    suite_ = suite->release();
    if (absl::Status registered = suite_->RegisterCommuneAgency(); !registered.ok()) {
      return registered.ToString();
    }
    return Fixture::Load();
  }
};

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_SECURED_SUITE_TEST_H_
