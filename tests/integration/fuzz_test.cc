// Bounded random-mutation runs against the real binaries (SecuredSuite,
// authentication on):
//
// - gRPC: every unary method of every service each process offers (learnt
//   by server reflection) gets random and mutated request bodies, with no
//   credential and with the operator's, the SERVICE key, an agency's and
//   the ministry's. No answer may be INTERNAL with an empty message, and
//   every process must still run and answer health checks after each
//   round.
// - The command-line client: the JSON files it reads (plans push and
//   validate, reports submit, activities record, campaigns create,
//   agencies create), mutated from the fixtures and samples, never make
//   `interplan` die of a signal.
//
// INTERPLAN_FUZZ_SECONDS (default 4) bounds each run; INTERPLAN_FUZZ_SEED
// (default 1) replays one. A longer run by hand:
//   INTERPLAN_FUZZ_SECONDS=300 build/tests/integration/fuzz_test
#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/support/message_mutator.h"
#include "tests/support/raw_call.h"
#include "tests/support/reflected_methods.h"
#include "tests/support/secured_suite.h"
#include "tests/support/secured_suite_test.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"

namespace interplan {
namespace {

using testing::MessageMutator;
using testing::ReflectedMethods;
using testing::ServiceProcess;

absl::Duration RunTime() {
  const char* seconds = std::getenv("INTERPLAN_FUZZ_SECONDS");
  return absl::Seconds(seconds != nullptr ? std::atoi(seconds) : 4);
}

uint64_t Seed() {
  const char* seed = std::getenv("INTERPLAN_FUZZ_SEED");
  return seed != nullptr ? std::strtoull(seed, nullptr, 10) : 1;
}

struct Fixture {
  static testing::SecuredSuiteOptions Options() {
    return {.plans = true, .reporting = true, .campaigns = true, .gateway = true};
  }
  static std::string Load() { return ""; }
};

class FuzzTest : public testing::SecuredSuiteTest<Fixture> {
 protected:
  static std::vector<std::pair<std::string, ServiceProcess*>> Processes() {
    return {{"agencies", suite_->agencies()},
            {"plans", suite_->plans()},
            {"reporting", suite_->reporting()},
            {"campaigns", suite_->campaigns()},
            {"gateway", suite_->gateway()}};
  }

  // "" when `process` runs and answers health, else what is wrong.
  static std::string Liveness(ServiceProcess& process) {
    absl::StatusOr<int> exited = process.process().Wait(absl::ZeroDuration());
    if (!absl::IsDeadlineExceeded(exited.status())) {
      return absl::StrCat("exited (", exited.ok() ? *exited : -1, ")\n", process.Log());
    }
    absl::Status serving = testing::WaitForServing(process.address(), absl::Seconds(10));
    return serving.ok() ? "" : serving.ToString();
  }

  // The keys calls are made with: none, and one per kind of caller.
  static std::vector<std::string> Keys() {
    std::vector<std::string> keys = {"", suite_->operator_key(), suite_->service_key()};
    for (const char* agency : {"quang-ngai-so-noi-vu", "moha"}) {
      absl::StatusOr<std::string> key = suite_->KeyFor(agency);
      if (key.ok()) keys.push_back(*key);
    }
    return keys;
  }
};

struct Tally {
  int64_t calls = 0;
  std::map<grpc::StatusCode, int64_t> codes;
  std::vector<std::string> empty_internal;  // method and body, hex
};

// One call of `method` with a body made by `mutator` and key `key`.
void CallOnce(ServiceProcess& process, ReflectedMethods& methods,
              const ReflectedMethods::Method& method, const std::string& key,
              MessageMutator& mutator, Tally& tally) {
  std::unique_ptr<google::protobuf::Message> request = methods.NewRequest(method);
  if (!mutator.OneIn(4)) mutator.Fill(*request);
  std::string body = request->SerializeAsString();
  if (mutator.OneIn(2)) body = mutator.MutateBytes(std::move(body));
  grpc::Status status = testing::CallRaw(process.NewChannel(), method.path, body,
                                         {.api_key = key, .timeout = absl::Seconds(20)});
  ++tally.calls;
  ++tally.codes[status.error_code()];
  if (status.error_code() == grpc::StatusCode::INTERNAL && status.error_message().empty()) {
    tally.empty_internal.push_back(absl::StrCat(method.path, " key=", key.empty() ? "none" : "set",
                                                " body=", absl::BytesToHexString(body)));
  }
}

TEST_F(FuzzTest, MutatedBodiesOfEveryMethodNeitherStopAServiceNorAnswerABareInternal) {
  MessageMutator mutator(Seed());
  const std::vector<std::string> keys = Keys();
  const absl::Duration per_process = RunTime() / 5;
  for (const auto& [name, process] : Processes()) {
    absl::StatusOr<std::unique_ptr<ReflectedMethods>> methods =
        ReflectedMethods::Fetch(process->NewChannel());
    ASSERT_TRUE(methods.ok()) << name << ": " << methods.status();
    ASSERT_FALSE((*methods)->methods().empty()) << name;
    Tally tally;
    const absl::Time end = absl::Now() + per_process;
    // Every method at least once with and without a credential, then at
    // random until the time is up; liveness after every round.
    for (int round = 0; round == 0 || absl::Now() < end; ++round) {
      for (const ReflectedMethods::Method& method : (*methods)->methods()) {
        const std::string& key = round == 0 ? keys[0] : keys[mutator.Below(keys.size())];
        CallOnce(*process, **methods, method, key, mutator, tally);
        if (round == 0) CallOnce(*process, **methods, method, keys[1], mutator, tally);
      }
      const std::string liveness = Liveness(*process);
      ASSERT_EQ(liveness, "") << "interplan-" << name << " after round " << round;
    }
    std::cout << "fuzz interplan-" << name << ": " << (*methods)->methods().size() << " methods, "
              << tally.calls << " calls, codes";
    for (const auto& [code, count] : tally.codes) std::cout << " " << code << ":" << count;
    std::cout << "\n";
    EXPECT_TRUE(tally.empty_internal.empty())
        << "interplan-" << name << " answered INTERNAL with no message to "
        << tally.empty_internal.size() << " calls, first: " << tally.empty_internal[0];
  }
  for (const auto& [name, process] : Processes()) {
    EXPECT_EQ(Liveness(*process), "") << "interplan-" << name;
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A command of the client that reads a JSON file, and a file it reads.
struct CliSeed {
  std::vector<std::string> command;  // the file's path is appended
  std::string text;
};

std::vector<CliSeed> CliSeeds() {
  std::vector<CliSeed> seeds;
  for (const char* plan :
       {"000_dong_nai_2021.json", "001_quang_ngai_2022.json", "004_lai_chau_2024.json"}) {
    const std::string text =
        ReadFile(testing::SourcePath(absl::StrCat("tests/fixtures/plans/", plan)));
    seeds.push_back({{"plans", "validate"}, text});
    seeds.push_back({{"plans", "push"}, text});
  }
  for (const char* report : {"01_qn_gddt_h1.json", "08_qn_gddt_2022.json"}) {
    seeds.push_back({{"reports", "submit"},
                     ReadFile(testing::SourcePath(absl::StrCat("data/samples/reports/", report)))});
  }
  const std::vector<std::string> activities = absl::StrSplit(
      ReadFile(testing::SourcePath("data/samples/campaigns/activities.jsonl")), '\n');
  const std::vector<std::string> months = absl::StrSplit(
      ReadFile(testing::SourcePath("data/samples/campaigns/action_months.jsonl")), '\n');
  seeds.push_back({{"activities", "record"}, activities.at(0)});
  seeds.push_back({{"campaigns", "create"}, months.at(0)});
  seeds.push_back({{"agencies", "create"},
                   R"({"agencyId": "fuzz-agency", "agency": {"displayName": "Cơ quan thử",)"
                   R"( "kind": "AGENCY_KIND_OTHER", "unit": "units/51"}, "requestId": "fuzz-1"})"});
  return seeds;
}

TEST_F(FuzzTest, MutatedJsonFilesNeverKillTheClient) {
  MessageMutator mutator(Seed());
  const std::vector<CliSeed> seeds = CliSeeds();
  absl::StatusOr<std::string> dir = testing::MakeTempDir("cli-fuzz");
  ASSERT_TRUE(dir.ok()) << dir.status();
  const std::string path = absl::StrCat(*dir, "/input.json");
  const std::map<std::string, std::string> env = suite_->ClientEnv(suite_->operator_key());
  const absl::Time end = absl::Now() + RunTime();
  int64_t runs = 0;
  std::map<int, int64_t> exit_codes;
  for (size_t i = 0; i == 0 || absl::Now() < end; ++i) {
    const CliSeed& seed = seeds[i % seeds.size()];
    const std::string input = i < seeds.size() ? seed.text : mutator.MutateJson(seed.text);
    std::ofstream(path, std::ios::trunc) << input;
    std::vector<std::string> args = seed.command;
    args.push_back(path);
    absl::StatusOr<testing::CommandResult> result = testing::RunClient(args, env);
    ASSERT_TRUE(result.ok()) << result.status();
    ++runs;
    ++exit_codes[result->exit_code];
    ASSERT_LT(result->exit_code, 128)
        << "interplan " << absl::StrJoin(seed.command, " ") << " died on:\n"
        << input << "\n"
        << result->output;
  }
  std::cout << "fuzz interplan CLI: " << runs << " runs, exit codes";
  for (const auto& [code, count] : exit_codes) std::cout << " " << code << ":" << count;
  std::cout << "\n";
  testing::RemoveTree(*dir);
  for (const auto& [name, process] : Processes()) {
    EXPECT_EQ(Liveness(*process), "") << "interplan-" << name;
  }
}

}  // namespace
}  // namespace interplan
