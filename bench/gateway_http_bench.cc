// The gateway's HTTP face under load: the cached national overview
// (GET /v1/overview/national?year=2022) with authentication on, measured
// with wrk (Debian package `wrk`) over keep-alive connections.
// A program that prints figures, not a test; bench/README.md has the
// figures and the command.
//
//   gateway_http_bench [--seconds=10] [--connections=16] [--wrk_threads=2]
//       [--rounds=3] [--baseline_build_dir=DIR] [--build_dir=DIR]
//
// What it does: a throwaway redis-server; the suite's real binaries with
// --auth=on, no rate limit (one key makes every call) and that Redis
// (tests/support/secured_suite.h: agencies with
// the reference data, plans, reporting, campaigns, gateway); the five seed
// plans pushed and issued; a key of the ministry (agencies/moha); one GET
// to fill the cache; then `--rounds` runs of wrk, each `--seconds` long,
// with "Authorization: Bearer <key>". With --baseline_build_dir (say, a
// build of main before a change) a second suite runs that build's
// binaries, the rounds alternate between the two, and the run ends with
// each one's median requests/s and their ratio. Any failed request (wrk's socket errors or non-2xx
// answers) fails the run.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/support/http_get.h"
#include "tests/support/redis_server.h"
#include "tests/support/secured_suite.h"
#include "tests/support/subprocess.h"

namespace interplan::bench {
namespace {

namespace fs = std::filesystem;

struct Options {
  int seconds = 10;
  int connections = 16;
  int wrk_threads = 2;
  int rounds = 3;
  std::string baseline_build_dir;
  std::string build_dir;
};

bool ParseFlags(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::pair<std::string, std::string> kv = absl::StrSplit(argv[i], absl::MaxSplits('=', 1));
    const std::string& key = kv.first;
    const std::string& value = kv.second;
    bool ok = true;
    if (key == "--seconds") {
      ok = absl::SimpleAtoi(value, &o.seconds) && o.seconds > 0;
    } else if (key == "--connections") {
      ok = absl::SimpleAtoi(value, &o.connections) && o.connections > 0;
    } else if (key == "--wrk_threads") {
      ok = absl::SimpleAtoi(value, &o.wrk_threads) && o.wrk_threads > 0;
    } else if (key == "--rounds") {
      ok = absl::SimpleAtoi(value, &o.rounds) && o.rounds > 0;
    } else if (key == "--baseline_build_dir") {
      o.baseline_build_dir = value;
    } else if (key == "--build_dir") {
      o.build_dir = value;
    } else {
      ok = false;
    }
    if (!ok) {
      std::fprintf(stderr, "bad flag %s (see the comment at the top of %s)\n", argv[i], __FILE__);
      return false;
    }
  }
  return true;
}

// <build>/bench/gateway_http_bench -> <build>.
std::string DefaultBuildDir() {
  return fs::read_symlink("/proc/self/exe").parent_path().parent_path().string();
}

// One suite as a user runs it, its cache filled: what a wrk round needs.
struct Target {
  std::string label;
  std::unique_ptr<testing::RedisServer> redis;
  std::unique_ptr<testing::SecuredSuite> suite;
  std::string authorization;
  std::string url;
  std::vector<double> requests_per_second;
};

constexpr char kOverviewTarget[] = "/v1/overview/national?year=2022";

absl::StatusOr<std::unique_ptr<Target>> StartTarget(const std::string& label,
                                                    const std::string& build_dir) {
  auto target = std::make_unique<Target>();
  target->label = label;
  setenv("INTERPLAN_BINARY_DIR", build_dir.c_str(), 1);
  std::printf("%s: binaries from %s\n", label.c_str(), build_dir.c_str());
  absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis = testing::RedisServer::Create();
  if (!redis.ok()) return redis.status();
  target->redis = std::move(*redis);
  absl::StatusOr<std::unique_ptr<testing::SecuredSuite>> suite = testing::SecuredSuite::Start(
      {.gateway = true,
       // One key makes every call: the per-credential rate limit (50 a
       // second by default) would measure the limiter, not the HTTP face.
       // Authentication stays on: every request's key is checked.
       .extra_args = {absl::StrCat("--redis_url=", target->redis->Url()),
                      "--rate_limit_per_second=0"}});
  if (!suite.ok()) return suite.status();
  target->suite = std::move(*suite);
  if (absl::Status pushed = target->suite->PushSeedPlans(); !pushed.ok()) return pushed;
  absl::StatusOr<std::string> key = target->suite->KeyFor("moha");
  if (!key.ok()) return key.status();
  target->authorization = absl::StrCat("Bearer ", *key);
  const int port = target->suite->gateway_http_port();
  target->url = absl::StrCat("http://127.0.0.1:", port, kOverviewTarget);
  testing::HttpResult first =
      testing::HttpGet(port, kOverviewTarget, {{"Authorization", target->authorization}});
  if (first.status != 200) {
    return absl::InternalError(
        absl::StrCat("first GET: ", first.status, " ", first.error, " ", first.body));
  }
  std::printf("%s: overview of %zu bytes\n", label.c_str(), first.body.size());
  return target;
}

// One wrk round against `target`; its requests/s, or why the round failed.
absl::StatusOr<double> RunRound(const Options& options, Target& target) {
  absl::StatusOr<testing::CommandResult> wrk = testing::RunCommand(
      {.argv = {"/usr/bin/wrk", absl::StrCat("-t", options.wrk_threads),
                absl::StrCat("-c", options.connections), absl::StrCat("-d", options.seconds, "s"),
                "--latency", "-H", absl::StrCat("Authorization: ", target.authorization),
                target.url}},
      absl::Seconds(options.seconds + 60));
  if (!wrk.ok()) {
    return absl::Status(wrk.status().code(),
                        absl::StrCat("wrk (Debian package wrk): ", wrk.status().message()));
  }
  std::printf("%s\n", wrk->output.c_str());
  if (wrk->exit_code != 0) return absl::InternalError("wrk failed");
  if (absl::StrContains(wrk->output, "Non-2xx") ||
      absl::StrContains(wrk->output, "Socket errors")) {
    return absl::InternalError("requests failed (see wrk's counts above)");
  }
  for (absl::string_view line : absl::StrSplit(wrk->output, '\n')) {
    if (!absl::ConsumePrefix(&line, "Requests/sec:")) continue;
    double value = 0;
    if (absl::SimpleAtod(absl::StripAsciiWhitespace(line), &value) && value > 0) return value;
  }
  return absl::InternalError("wrk printed no Requests/sec");
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

int Fail(const std::string& what, const absl::Status& status) {
  std::fprintf(stderr, "%s: %s\n", what.c_str(), status.ToString().c_str());
  return 1;
}

int Run(const Options& options) {
  const std::string build_dir = options.build_dir.empty() ? DefaultBuildDir() : options.build_dir;
  std::vector<std::unique_ptr<Target>> targets;
  if (!options.baseline_build_dir.empty()) {
    absl::StatusOr<std::unique_ptr<Target>> baseline =
        StartTarget("baseline", options.baseline_build_dir);
    if (!baseline.ok()) return Fail("baseline suite", baseline.status());
    targets.push_back(std::move(*baseline));
  }
  absl::StatusOr<std::unique_ptr<Target>> current = StartTarget("this build", build_dir);
  if (!current.ok()) return Fail("suite", current.status());
  targets.push_back(std::move(*current));

  for (int round = 1; round <= options.rounds; ++round) {
    for (std::unique_ptr<Target>& target : targets) {
      std::printf("== round %d, %s: wrk -t%d -c%d -d%ds ==\n", round, target->label.c_str(),
                  options.wrk_threads, options.connections, options.seconds);
      std::fflush(stdout);
      absl::StatusOr<double> rate = RunRound(options, *target);
      if (!rate.ok())
        return Fail(absl::StrCat("round ", round, ", ", target->label), rate.status());
      target->requests_per_second.push_back(*rate);
    }
  }
  std::printf("== summary: cached national overview over HTTP, median of %d rounds ==\n",
              options.rounds);
  for (const std::unique_ptr<Target>& target : targets) {
    std::printf("%-11s %10.0f requests/s\n", target->label.c_str(),
                Median(target->requests_per_second));
  }
  if (targets.size() == 2) {
    std::printf("this build / baseline: %.2fx\n",
                Median(targets[1]->requests_per_second) / Median(targets[0]->requests_per_second));
  }
  return 0;
}

}  // namespace
}  // namespace interplan::bench

int main(int argc, char** argv) {
  interplan::bench::Options options;
  if (!interplan::bench::ParseFlags(argc, argv, options)) return 2;
  return interplan::bench::Run(options);
}
