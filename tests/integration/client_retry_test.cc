// The suite's retry policy against the real interplan-agencies with
// authentication on and a tight rate limit (1 call a second, bursts of 1):
// a client command run right after a key's budget is spent waits for the
// server's pushback and succeeds, and the operator's bulk work (the
// reference import, making keys) is not limited at all.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "interplan/agencies/v1/units.grpc.pb.h"
#include "tests/support/secured_suite.h"
#include "tests/support/service_process.h"

namespace interplan {
namespace {

namespace v1 = ::interplan::agencies::v1;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::SecuredSuite;

class ClientRetryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<SecuredSuite>> suite = SecuredSuite::Start(
        {.plans = false, .extra_args = {"--rate_limit_per_second=1", "--rate_limit_burst=1"}});
    ASSERT_TRUE(suite.ok()) << suite.status();
    suite_ = suite->release();
  }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
  }

  // Calls GetUnit with `key` on a channel without retries until the rate
  // limit refuses one: the key's budget is then spent.
  static void SpendBudget(const std::string& key) {
    auto units = v1::UnitService::NewStub(
        grpc::CreateChannel(suite_->agencies()->address(), grpc::InsecureChannelCredentials()));
    v1::GetUnitRequest request;
    request.set_name("units/79");
    for (int i = 0; i < 20; ++i) {
      v1::Unit unit;
      grpc::Status status = units->GetUnit(testing::CallAs(key).get(), request, &unit);
      if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) return;
      ASSERT_TRUE(status.ok()) << status.error_message();
    }
    FAIL() << "the rate limit never refused a call";
  }

  // The agencies log lines of `method` calls with `status`.
  static int LoggedCalls(const std::string& method, const std::string& status) {
    int count = 0;
    for (absl::string_view line : absl::StrSplit(suite_->agencies()->Log(), '\n')) {
      if (absl::StrContains(line, absl::StrCat("\"method\":\"", method, "\"")) &&
          absl::StrContains(line, absl::StrCat("\"status\":\"", status, "\""))) {
        ++count;
      }
    }
    return count;
  }

  static SecuredSuite* suite_;
};

SecuredSuite* ClientRetryTest::suite_ = nullptr;

TEST_F(ClientRetryTest, TheNextCommandAfterTheBudgetIsSpentWaitsAndSucceeds) {
  absl::StatusOr<std::string> key = suite_->KeyFor("moha");
  ASSERT_TRUE(key.ok()) << key.status();
  const std::string method = "/interplan.agencies.v1.UnitService/ListUnits";
  const int refused_before = LoggedCalls(method, "RESOURCE_EXHAUSTED");
  SpendBudget(*key);
  absl::StatusOr<testing::CommandResult> listed = testing::RunClient(
      {"units", "list", "--parent", "79", "--as-of", "2026-01-01"}, suite_->ClientEnv(*key));
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->exit_code, 0) << listed->output;
  EXPECT_THAT(listed->output, Not(HasSubstr("RESOURCE_EXHAUSTED")));
  EXPECT_THAT(listed->output, HasSubstr("Phường"));
  // The server did refuse the client's first attempt: the channel retried it.
  EXPECT_GT(LoggedCalls(method, "RESOURCE_EXHAUSTED"), refused_before);
}

TEST_F(ClientRetryTest, AWaitPastTheDeadlineEndsTheCommandWithExitStatus8) {
  absl::StatusOr<std::string> key = suite_->KeyFor("quang-ngai-so-noi-vu");
  ASSERT_TRUE(key.ok()) << key.status();
  SpendBudget(*key);
  // The next token comes in about a second; the deadline is 0.2 s away, so
  // the server refuses at once instead of asking the client to wait.
  absl::StatusOr<testing::CommandResult> refused =
      testing::RunClient({"--timeout", "0.2", "units", "get", "79"}, suite_->ClientEnv(*key));
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_EQ(refused->exit_code, 8) << refused->output;
  EXPECT_THAT(refused->output, HasSubstr("error: RESOURCE_EXHAUSTED: "));
}

TEST_F(ClientRetryTest, TheOperatorsBulkWorkIsNotLimited) {
  // The suite already imported the reference data with the operator key
  // (hundreds of calls at 1 a second); it goes on without waiting.
  absl::StatusOr<testing::CommandResult> again =
      testing::RunClient({"reference", "import"}, suite_->ClientEnv(suite_->operator_key()));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->exit_code, 0) << again->output;
  EXPECT_THAT(again->output, HasSubstr("agencies: 0 created"));
  absl::StatusOr<testing::CommandResult> listed =
      testing::RunClient({"units", "list", "--parent", "79", "--as-of", "2026-01-01"},
                         suite_->ClientEnv(suite_->operator_key()));
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->exit_code, 0) << listed->output;
}

}  // namespace
}  // namespace interplan
