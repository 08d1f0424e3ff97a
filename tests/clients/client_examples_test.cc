// The client examples a ministry developer starts from (clients/python,
// clients/node) against the real suite with authentication on, each run
// as its README says: its interpreter, the suite's addresses and a key of
// the ministry in INTERPLAN_API_KEY (a new one each, since an example
// spends its key's rate budget on purpose). An example checks its own answers
// and exits non-zero, naming the wrong one; here it must exit 0 having
// printed what it found.
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/secured_suite.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"

namespace interplan {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::SecuredSuite;

// What the build says (tests/clients/CMakeLists.txt): an interpreter, or
// where the generated modules or the npm packages are.
std::string FromBuild(const char* variable) {
  const char* value = std::getenv(variable);
  if (value == nullptr || *value == '\0') {
    ADD_FAILURE() << variable << " is not set: run the test with ctest";
    return "";
  }
  return value;
}

class ClientExamplesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<SecuredSuite>> suite = SecuredSuite::Start({.gateway = true});
    ASSERT_TRUE(suite.ok()) << suite.status();
    suite_ = suite->release();
  }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(suite_, nullptr); }

  // Runs `argv` from the source folder with the suite's addresses, a new
  // key of the ministry and `env`; expects exit status 0 and returns the
  // output.
  static std::string RunExample(const std::vector<std::string>& argv,
                                const std::map<std::string, std::string>& env) {
    absl::StatusOr<std::string> key = suite_->CreateKey("moha");
    EXPECT_TRUE(key.ok()) << key.status();
    if (!key.ok()) return "";
    std::map<std::string, std::string> full = suite_->ClientEnv(*key);
    full.insert(env.begin(), env.end());
    absl::StatusOr<testing::CommandResult> result = testing::RunCommand(
        {.argv = argv, .env = full, .working_dir = testing::SourcePath("")}, absl::Minutes(5));
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return "";
    std::cout << argv.back() << " said:\n" << result->output;
    EXPECT_EQ(result->exit_code, 0) << absl::StrCat(argv.back(), " said:\n", result->output);
    return result->output;
  }

  // What both examples print (each checks the figures itself).
  static ::testing::Matcher<std::string> TheTour() {
    return AllOf(HasSubstr("provinces on 2022-12-31: 63, in 4 pages"),
                 HasSubstr("units/02 as of 2025-07-01: NOT_FOUND"),
                 HasSubstr("national overview of 2022 as of 2022-12-31: 63 provinces"),
                 HasSubstr("invalid request: INVALID_ARGUMENT"),
                 HasSubstr("mistyped key: UNAUTHENTICATED, ErrorInfo CREDENTIAL_REFUSED"),
                 HasSubstr("over the rate limit: RESOURCE_EXHAUSTED, ErrorInfo RATE_LIMITED"),
                 HasSubstr("all answers as expected"));
  }

  static SecuredSuite* suite_;
};

SecuredSuite* ClientExamplesTest::suite_ = nullptr;

TEST_F(ClientExamplesTest, PythonExampleAnswersAsItExpects) {
  const std::string output =
      RunExample({FromBuild("INTERPLAN_PYTHON3"), "clients/python/example.py"},
                 {{"PYTHONPATH", FromBuild("INTERPLAN_PYTHON_STUBS")},
                  // No __pycache__ in the source tree.
                  {"PYTHONDONTWRITEBYTECODE", "1"}});
  EXPECT_THAT(output, TheTour());
}

TEST_F(ClientExamplesTest, NodeExampleAnswersAsItExpects) {
  const std::string output = RunExample({FromBuild("INTERPLAN_NODE"), "clients/node/example.js"},
                                        {{"NODE_PATH", FromBuild("INTERPLAN_NODE_MODULES")}});
  EXPECT_THAT(output, AllOf(TheTour(), HasSubstr("revision (an int64 as a string: \"")));
}

}  // namespace
}  // namespace interplan
