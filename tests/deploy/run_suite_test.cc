// `make run`'s script, tools/run_suite.sh, with this build's real binaries
// on free ports, a fresh data folder and a real Redis: a start-up that goes
// wrong stops with a message naming what failed and the log to read, a
// non-zero exit and no half-written key; one that goes right prints the
// national overview and the gateway's real HTTP address, and stops on
// SIGTERM with exit 0.
#include <signal.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/http_get.h"
#include "tests/support/redis_server.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"

namespace interplan {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::vector<std::string> kServices = {"agencies", "plans", "reporting", "campaigns",
                                            "gateway"};

// The pid of the process whose command line holds every one of `words`;
// 0 when none does.
pid_t FindProcess(const std::vector<std::string>& words) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    std::string cmdline = testing::ReadFileOrEmpty(entry.path().string() + "/cmdline");
    for (char& c : cmdline) {
      if (c == '\0') c = ' ';
    }
    bool all = !cmdline.empty();
    for (const std::string& word : words) all = all && absl::StrContains(cmdline, word);
    if (all) return static_cast<pid_t>(std::stoi(name));
  }
  return 0;
}

// Whether `pid` has exited (gone, or a zombie not yet reaped).
bool Exited(pid_t pid) {
  const std::string stat = testing::ReadFileOrEmpty(absl::StrCat("/proc/", pid, "/stat"));
  const size_t paren = stat.rfind(')');
  return paren == std::string::npos || paren + 2 >= stat.size() || stat[paren + 2] == 'Z';
}

class RunSuiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis = testing::RedisServer::Create();
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = std::move(*redis);
    absl::StatusOr<std::string> dir = testing::MakeTempDir("interplan-run-suite");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = *dir;
    env_ = {{"INTERPLAN_DATA_DIR", dir_ + "/var"},
            {"INTERPLAN_REDIS_URL", redis_->Url()},
            {"INTERPLAN_API_KEY", ""}};
    for (const std::string& service : kServices) {
      absl::StatusOr<int> port = testing::PickUnusedPort();
      ASSERT_TRUE(port.ok());
      std::string upper = service;
      for (char& c : upper) c = static_cast<char>(std::toupper(c));
      addresses_[service] = absl::StrCat("127.0.0.1:", *port);
      env_[absl::StrCat("INTERPLAN_", upper, "_ADDR")] = addresses_[service];
    }
    absl::StatusOr<int> http_port = testing::PickUnusedPort();
    ASSERT_TRUE(http_port.ok());
    http_port_ = *http_port;
    http_address_ = absl::StrCat("127.0.0.1:", *http_port);
    env_["INTERPLAN_GATEWAY_HTTP_ADDR"] = http_address_;
  }

  void TearDown() override {
    if (script_.has_value()) {
      script_->Stop(absl::Seconds(60)).IgnoreError();
      script_.reset();
    }
    if (HasFailure()) {
      std::fprintf(stderr, "---- run_suite.sh output ----\n%s\n", Output().c_str());
    }
    if (!dir_.empty()) testing::RemoveTree(dir_);
    redis_.reset();
  }

  std::string Var(const std::string& relative) const { return dir_ + "/var/" + relative; }
  std::string Output() const { return testing::ReadFileOrEmpty(dir_ + "/run_suite.out"); }

  // tools/run_suite.sh BUILD_DIR in the background, its output in run_suite.out.
  void StartScript() {
    testing::SubprocessOptions options;
    options.argv = {"/bin/bash", testing::SourcePath("tools/run_suite.sh"), testing::BuildPath("")};
    options.env = env_;
    options.log_path = dir_ + "/run_suite.out";
    absl::StatusOr<testing::Subprocess> script = testing::Subprocess::Start(options);
    ASSERT_TRUE(script.ok()) << script.status();
    script_.emplace(std::move(*script));
  }

  // Until the script's output holds `text`; false when it exits first or
  // `timeout` passes.
  bool WaitForOutput(const std::string& text, absl::Duration timeout) {
    const absl::Time give_up = absl::Now() + timeout;
    while (absl::Now() < give_up) {
      if (absl::StrContains(Output(), text)) return true;
      if (Exited(script_->pid())) return absl::StrContains(Output(), text);
      absl::SleepFor(absl::Milliseconds(10));
    }
    return false;
  }

  // Every file in the credentials folder is a whole key (no temporary or
  // empty file is left); returns their names.
  std::vector<std::string> ExpectOnlyWholeKeys() {
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(Var("credentials"), error)) {
      const std::string name = entry.path().filename().string();
      names.push_back(name);
      EXPECT_TRUE(absl::EndsWith(name, ".key") && name[0] != '.') << "left behind: " << name;
      EXPECT_TRUE(absl::StartsWith(testing::ReadFileOrEmpty(entry.path().string()), "ipk_"))
          << name << " holds no whole key";
    }
    return names;
  }

  // No process of the suite is left.
  void ExpectEverythingStopped() {
    for (const auto& [service, address] : addresses_) {
      EXPECT_EQ(FindProcess({"--listen", address}), 0) << "interplan-" << service << " still runs";
    }
  }

  std::unique_ptr<testing::RedisServer> redis_;
  std::string dir_;
  std::map<std::string, std::string> env_;
  std::map<std::string, std::string> addresses_;
  std::string http_address_;
  int http_port_ = 0;
  std::optional<testing::Subprocess> script_;
};

// The line of `text` that starts with `prefix`, empty when none does.
std::string LineStartingWith(const std::string& text, const std::string& prefix) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::StartsWith(line, prefix)) return std::string(line);
  }
  return "";
}

TEST_F(RunSuiteTest, StartsPrintsTheOverviewStopsOnSigtermAndStartsAgainOnItsData) {
  StartScript();
  ASSERT_TRUE(WaitForOutput("Press Ctrl-C to stop.", absl::Minutes(5))) << Output();
  const std::string output = Output();
  EXPECT_THAT(output, HasSubstr("National overview of the seed data"));
  EXPECT_THAT(output, HasSubstr("51 Tỉnh Quảng Ngãi"));
  EXPECT_THAT(output, HasSubstr(absl::StrCat("'http://", http_address_, "/v1/overview/national")));
  EXPECT_THAT(output, Not(HasSubstr("RESOURCE_EXHAUSTED")));
  // The dashboard, from the folder the build put beside the gateway.
  EXPECT_THAT(output, HasSubstr(absl::StrCat("http://", http_address_, "/ (sign in")));
  testing::HttpResult page = testing::HttpGet(http_port_, "/");
  EXPECT_EQ(page.status, 200) << page.error << page.body;
  EXPECT_THAT(page.body, HasSubstr("<script src=\"app.js\" type=\"module\">"));
  EXPECT_EQ(ExpectOnlyWholeKeys().size(), 8u);
  ASSERT_TRUE(script_->Signal(SIGTERM).ok());
  absl::StatusOr<int> code = script_->Wait(absl::Seconds(90));
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 0) << Output();
  script_.reset();
  EXPECT_THAT(Output(), HasSubstr("Stopped."));
  ExpectEverythingStopped();

  // `make run` again on the data the first start left: it starts, enters
  // nothing twice, and shows the same overview.
  const std::string first = Output();
  std::filesystem::remove(dir_ + "/run_suite.out");
  StartScript();
  ASSERT_TRUE(WaitForOutput("Press Ctrl-C to stop.", absl::Minutes(5))) << Output();
  const std::string second = Output();
  EXPECT_THAT(second, HasSubstr("Sample reports: kept from an earlier start"));
  EXPECT_THAT(second, Not(HasSubstr("Start-up failed")));
  const std::string row = LineStartingWith(first, "51 Tỉnh Quảng Ngãi");
  ASSERT_FALSE(row.empty()) << first;
  EXPECT_EQ(LineStartingWith(second, "51 Tỉnh Quảng Ngãi"), row);
  EXPECT_EQ(ExpectOnlyWholeKeys().size(), 8u);
  ASSERT_TRUE(script_->Signal(SIGTERM).ok());
  code = script_->Wait(absl::Seconds(90));
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 0) << Output();
  script_.reset();
  ExpectEverythingStopped();
}

TEST_F(RunSuiteTest, PlansKilledDuringStartUpStopsItNamingPlansAndItsLog) {
  StartScript();
  // interplan-plans has just become healthy; the seed plans are next.
  ASSERT_TRUE(WaitForOutput("interplan-plans ", absl::Minutes(5))) << Output();
  const pid_t plans = FindProcess({"interplan-plans", addresses_["plans"]});
  ASSERT_NE(plans, 0);
  ASSERT_EQ(kill(plans, SIGKILL), 0);

  absl::StatusOr<int> code = script_->Wait(absl::Minutes(2));
  ASSERT_TRUE(code.ok()) << code.status();
  script_.reset();
  EXPECT_NE(*code, 0);
  const std::string output = Output();
  EXPECT_THAT(output, HasSubstr("Start-up failed"));
  EXPECT_THAT(output, HasSubstr(absl::StrCat("interplan-plans (pid ", plans,
                                             ") is no longer running; its log: ")));
  EXPECT_THAT(output, HasSubstr("/var/log/plans.log"));
  EXPECT_THAT(output, Not(HasSubstr("Press Ctrl-C to stop.")));
  ExpectOnlyWholeKeys();
  ExpectEverythingStopped();
}

TEST_F(RunSuiteTest, AnEmptyKeyFileIsAnErrorAndIsLeftAsItIs) {
  std::filesystem::create_directories(Var("credentials"));
  { std::ofstream(Var("credentials/hcm-so-noi-vu.key")); }
  StartScript();
  absl::StatusOr<int> code = script_->Wait(absl::Minutes(5));
  ASSERT_TRUE(code.ok()) << code.status();
  script_.reset();
  EXPECT_NE(*code, 0);
  EXPECT_THAT(Output(), HasSubstr("hcm-so-noi-vu.key holds no API key"));
  EXPECT_EQ(testing::ReadFileOrEmpty(Var("credentials/hcm-so-noi-vu.key")), "");
  ExpectEverythingStopped();
}

}  // namespace
}  // namespace interplan
