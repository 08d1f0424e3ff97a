// The container image's start-up sequence, outside containers: the SAME
// deploy/entrypoint.sh the image runs starts the four services and the
// gateway (binaries of this build through INTERPLAN_BIN_DIR) on a real
// PostgreSQL and Redis, then `interplan-entrypoint bootstrap` loads the
// reference data, creates the keys and pushes the seed plans — and a second
// run changes nothing.
#include <libpq-fe.h>
#include <sys/stat.h>

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
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/http_get.h"
#include "tests/support/postgres_server.h"
#include "tests/support/redis_server.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"

namespace interplan {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::vector<std::string> kServices = {"agencies", "plans", "reporting", "campaigns",
                                            "gateway"};
const std::vector<std::string> kKeys = {"operator",           "moha",
                                        "dong-nai-so-noi-vu", "quang-ngai-so-noi-vu",
                                        "hcm-so-noi-vu",      "dak-lak-so-noi-vu",
                                        "lai-chau-so-noi-vu", "service"};

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class DeployStartupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::PostgresServer>> postgres =
        testing::PostgresServer::Start();
    ASSERT_TRUE(postgres.ok()) << postgres.status();
    postgres_ = std::move(*postgres);
    ASSERT_TRUE(postgres_->CreateDatabase("interplan").ok());
    absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis = testing::RedisServer::Create();
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = std::move(*redis);
    absl::StatusOr<std::string> dir = testing::MakeTempDir("interplan-deploy");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = *dir;
    credentials_ = dir_ + "/credentials";

    env_ = {
        {"INTERPLAN_BIN_DIR", testing::BuildPath("")},
        {"INTERPLAN_REFERENCE_DIR", testing::SourcePath("data/reference")},
        {"INTERPLAN_SEED_PLANS_DIR", testing::SourcePath("tests/fixtures/plans")},
        {"INTERPLAN_DATA_DIR", dir_ + "/data"},
        {"INTERPLAN_CREDENTIALS_DIR", credentials_},
        {"INTERPLAN_BOOTSTRAP_KEY_FILE", credentials_ + "/operator.key"},
        {"INTERPLAN_SERVICE_KEY_FILE", credentials_ + "/service.key"},
        {"INTERPLAN_DATABASE_URL", postgres_->Url("interplan")},
        {"INTERPLAN_REDIS_URL", redis_->Url()},
        {"INTERPLAN_AUTH", "on"},
        {"INTERPLAN_BOOTSTRAP_WAIT", "120"},
        {"INTERPLAN_API_KEY", ""},
    };
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
    env_["INTERPLAN_GATEWAY_HTTP_ADDR"] = absl::StrCat("127.0.0.1:", http_port_);
  }

  void TearDown() override {
    for (auto& [name, process] : processes_) {
      absl::StatusOr<int> code = process.Stop(absl::Seconds(20));
      if (HasFailure()) {
        std::fprintf(stderr, "---- %s log ----\n%s\n", name.c_str(),
                     testing::ReadFileOrEmpty(dir_ + "/" + name + ".log").c_str());
      }
    }
    processes_.clear();
    if (!dir_.empty()) testing::RemoveTree(dir_);
    redis_.reset();
    postgres_.reset();
  }

  std::vector<std::string> Entrypoint(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {"/bin/bash", testing::SourcePath("deploy/entrypoint.sh")};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }

  // `interplan-entrypoint SERVICE` in the background, listening on its address.
  void StartService(const std::string& service) {
    testing::SubprocessOptions options;
    options.argv = Entrypoint({service});
    options.env = env_;
    options.env["INTERPLAN_LISTEN_ADDR"] = addresses_[service];
    options.log_path = dir_ + "/" + service + ".log";
    absl::StatusOr<testing::Subprocess> process = testing::Subprocess::Start(options);
    ASSERT_TRUE(process.ok()) << process.status();
    processes_.emplace(service, std::move(*process));
  }

  // `interplan-entrypoint ARGS...` to completion.
  testing::CommandResult Run(const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& extra_env = {}) {
    testing::SubprocessOptions options;
    options.argv = Entrypoint(args);
    options.env = env_;
    for (const auto& [k, v] : extra_env) options.env[k] = v;
    absl::StatusOr<testing::CommandResult> result = testing::RunCommand(options, absl::Minutes(5));
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : testing::CommandResult{-1, result.status().ToString()};
  }

  std::string Key(const std::string& name) const {
    return Trim(testing::ReadFileOrEmpty(credentials_ + "/" + name + ".key"));
  }

  // `interplan-entrypoint client ARGS...` with the key NAME.
  testing::CommandResult Client(const std::string& key, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"client"};
    argv.insert(argv.end(), args.begin(), args.end());
    return Run(argv, {{"INTERPLAN_API_KEY", Key(key)}});
  }

  // What a bootstrap run could change: the key files, the keys and the plans.
  std::string State() {
    std::string state;
    for (const std::string& key : kKeys) absl::StrAppend(&state, key, "=", Key(key), "\n");
    testing::CommandResult keys = Client("operator", {"keys", "list"});
    EXPECT_EQ(keys.exit_code, 0) << keys.output;
    testing::CommandResult plans = Client("moha", {"--json", "plans", "list"});
    EXPECT_EQ(plans.exit_code, 0) << plans.output;
    absl::StrAppend(&state, keys.output, plans.output);
    return state;
  }

  std::unique_ptr<testing::PostgresServer> postgres_;
  std::unique_ptr<testing::RedisServer> redis_;
  std::string dir_, credentials_;
  std::map<std::string, std::string> env_;
  std::map<std::string, std::string> addresses_;
  int http_port_ = 0;
  std::map<std::string, testing::Subprocess> processes_;
};

TEST_F(DeployStartupTest, ServicesThenBootstrapGiveTheSeededSuiteAndASecondRunChangesNothing) {
  // As compose starts them: every service at once, before the bootstrap
  // job; all but agencies wait for the service key the job writes.
  for (const std::string& service : kServices) StartService(service);
  ASSERT_TRUE(testing::WaitForServing(addresses_["agencies"], absl::Seconds(60)).ok())
      << testing::ReadFileOrEmpty(dir_ + "/agencies.log");

  testing::CommandResult first = Run({"bootstrap"});
  ASSERT_EQ(first.exit_code, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("Redis answers"));
  EXPECT_THAT(first.output, HasSubstr("PostgreSQL is up"));

  for (const std::string& service : kServices) {
    EXPECT_TRUE(testing::WaitForServing(addresses_[service], absl::Seconds(90)).ok())
        << service << " not SERVING:\n"
        << testing::ReadFileOrEmpty(dir_ + "/" + service + ".log");
    // The image's own health probe through the entrypoint agrees.
    testing::CommandResult probe = Run({"probe", addresses_[service]});
    EXPECT_EQ(probe.exit_code, 0) << service << ": " << probe.output;
  }

  // The keys: one file each, readable by the owner only, in a 0700 folder.
  struct stat st {};
  ASSERT_EQ(stat(credentials_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  for (const std::string& key : kKeys) {
    const std::string path = credentials_ + "/" + key + ".key";
    ASSERT_EQ(stat(path.c_str(), &st), 0) << path;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << path;
    EXPECT_TRUE(absl::StartsWith(Key(key), "ipk_")) << path;
  }

  // Every service on PostgreSQL, each in its own schema; no SQLite file.
  PGconn* conn = PQconnectdb(postgres_->Url("interplan").c_str());
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PGresult* schemas = PQexec(conn,
                             "SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace "
                             "WHERE nspname IN ('agencies','plans','reporting','campaigns')");
  ASSERT_EQ(PQresultStatus(schemas), PGRES_TUPLES_OK);
  EXPECT_EQ(std::string(PQgetvalue(schemas, 0, 0)), "agencies,campaigns,plans,reporting");
  PQclear(schemas);
  PQfinish(conn);
  std::error_code error;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_ + "/data", error)) {
    EXPECT_FALSE(absl::EndsWith(entry.path().string(), ".db")) << entry.path();
  }

  // The five seed plans, issued, seen with the ministry's key.
  testing::CommandResult plans = Client("moha", {"plans", "list"});
  ASSERT_EQ(plans.exit_code, 0) << plans.output;
  for (const char* plan :
       {"dong-nai-2021", "quang-ngai-2022", "go-vap-2019-2020", "dak-lak-2020", "lai-chau-2024"}) {
    EXPECT_THAT(plans.output, HasSubstr(plan));
  }
  EXPECT_THAT(plans.output, HasSubstr("5 plans"));
  EXPECT_EQ(std::vector<std::string>(absl::StrSplit(plans.output, "issued")).size(), 6u)
      << plans.output;

  // The national overview through the gateway: gRPC (the client) and HTTP.
  testing::CommandResult overview =
      Client("moha", {"overview", "national", "--year", "2022", "--as-of", "2022-12-31"});
  EXPECT_EQ(overview.exit_code, 0) << overview.output;
  EXPECT_THAT(overview.output, HasSubstr("51 Tỉnh Quảng Ngãi"));
  testing::HttpResult http = testing::HttpGet(http_port_, "/v1/overview/national?year=2022",
                                              {{"Authorization", "Bearer " + Key("moha")}});
  EXPECT_EQ(http.status, 200) << http.error << http.body;
  testing::HttpResult anonymous = testing::HttpGet(http_port_, "/v1/overview/national?year=2022");
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;

  // Run again: exit 0, and nothing changes.
  const std::string before = State();
  testing::CommandResult second = Run({"bootstrap"});
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_EQ(State(), before);
  EXPECT_THAT(second.output, HasSubstr("agencies: 0 created"));
  EXPECT_THAT(second.output, Not(HasSubstr("created (")));
  EXPECT_EQ(std::vector<std::string>(absl::StrSplit(second.output, ": unchanged plans/")).size(),
            6u)
      << second.output;
}

TEST_F(DeployStartupTest, BootstrapFailsClearlyWithoutAgencies) {
  // Nothing listens: the job must not report success.
  testing::CommandResult result = Run({"bootstrap"}, {{"INTERPLAN_BOOTSTRAP_WAIT", "2"}});
  EXPECT_NE(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("interplan-agencies"));
}

TEST_F(DeployStartupTest, AnEmptyKeyFileStopsTheBootstrapNamingIt) {
  StartService("agencies");
  ASSERT_TRUE(testing::WaitForServing(addresses_["agencies"], absl::Seconds(60)).ok())
      << testing::ReadFileOrEmpty(dir_ + "/agencies.log");
  std::filesystem::create_directories(credentials_);
  { std::ofstream(credentials_ + "/hcm-so-noi-vu.key"); }
  testing::CommandResult result = Run({"bootstrap"}, {{"INTERPLAN_SEED_PLANS", "off"}});
  EXPECT_NE(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("hcm-so-noi-vu.key holds no API key")) << result.output;
  EXPECT_EQ(testing::ReadFileOrEmpty(credentials_ + "/hcm-so-noi-vu.key"), "");
  // The keys made before it are whole, and nothing temporary is left.
  for (const auto& entry : std::filesystem::directory_iterator(credentials_)) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(absl::EndsWith(name, ".key") && name[0] != '.') << "left behind: " << name;
  }
  EXPECT_TRUE(absl::StartsWith(Key("moha"), "ipk_"));
}

TEST_F(DeployStartupTest, UnknownCommandIsAUsageError) {
  testing::CommandResult result = Run({"frobnicate"});
  EXPECT_EQ(result.exit_code, 64) << result.output;
  EXPECT_THAT(result.output, HasSubstr("unknown command"));
}

}  // namespace
}  // namespace interplan
