// The gateway's HTTP face under load: the cached national overview
// (GET /v1/overview/national?year=2022) with authentication on, measured
// with wrk (Debian package `wrk`) over keep-alive connections.
// A program that prints figures, not a test; bench/README.md has the
// figures and the command.
//
//   gateway_http_bench [--seconds=10] [--connections=16] [--wrk_threads=2]
//       [--rounds=3] [--gateway_binary=PATH] [--build_dir=DIR]
//
// What it does: a throwaway redis-server; the suite's real binaries with
// --auth=on and that Redis (tests/support/secured_suite.h: agencies with
// the reference data, plans, reporting, campaigns, gateway); the five seed
// plans pushed and issued; a key of the ministry (agencies/moha); one GET
// to fill the cache; then `--rounds` runs of wrk, each `--seconds` long,
// with "Authorization: Bearer <key>". --gateway_binary runs another build
// of interplan-gateway (say, one of main before a change) with everything
// else from this build, so two servers are compared in the same way.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

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
  std::string gateway_binary;
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
    } else if (key == "--gateway_binary") {
      o.gateway_binary = value;
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

// A folder that looks like `build_dir` (a link to each of its entries)
// except that gateway/interplan-gateway is `gateway_binary`.
absl::StatusOr<std::string> BuildDirWithGateway(const std::string& build_dir,
                                                const std::string& gateway_binary) {
  absl::StatusOr<std::string> dir = testing::MakeTempDir("gateway-http-bench-build");
  if (!dir.ok()) return dir.status();
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(build_dir, error)) {
    if (entry.path().filename() == "gateway") continue;
    fs::create_symlink(entry.path(), fs::path(*dir) / entry.path().filename(), error);
  }
  fs::create_directory(fs::path(*dir) / "gateway", error);
  fs::create_symlink(fs::absolute(gateway_binary), fs::path(*dir) / "gateway/interplan-gateway",
                     error);
  if (error) return absl::InternalError(absl::StrCat("cannot link the build: ", error.message()));
  return *dir;
}

int Run(const Options& options) {
  std::string build_dir = options.build_dir.empty() ? DefaultBuildDir() : options.build_dir;
  if (!options.gateway_binary.empty()) {
    absl::StatusOr<std::string> linked = BuildDirWithGateway(build_dir, options.gateway_binary);
    if (!linked.ok()) {
      std::fprintf(stderr, "%s\n", linked.status().ToString().c_str());
      return 1;
    }
    build_dir = *linked;
  }
  setenv("INTERPLAN_BINARY_DIR", build_dir.c_str(), 1);
  std::printf("binaries from %s\n", build_dir.c_str());

  absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis = testing::RedisServer::Create();
  if (!redis.ok()) {
    std::fprintf(stderr, "redis-server: %s\n", redis.status().ToString().c_str());
    return 1;
  }
  absl::StatusOr<std::unique_ptr<testing::SecuredSuite>> suite = testing::SecuredSuite::Start(
      {.gateway = true, .extra_args = {absl::StrCat("--redis_url=", (*redis)->Url())}});
  if (!suite.ok()) {
    std::fprintf(stderr, "suite: %s\n", suite.status().ToString().c_str());
    return 1;
  }
  if (absl::Status pushed = (*suite)->PushSeedPlans(); !pushed.ok()) {
    std::fprintf(stderr, "seed plans: %s\n", pushed.ToString().c_str());
    return 1;
  }
  absl::StatusOr<std::string> key = (*suite)->KeyFor("moha");
  if (!key.ok()) {
    std::fprintf(stderr, "key: %s\n", key.status().ToString().c_str());
    return 1;
  }
  const int port = (*suite)->gateway_http_port();
  const std::string target = "/v1/overview/national?year=2022";
  const std::string authorization = absl::StrCat("Bearer ", *key);
  testing::HttpResult first = testing::HttpGet(port, target, {{"Authorization", authorization}});
  if (first.status != 200) {
    std::fprintf(stderr, "first GET: %d %s %s\n", first.status, first.error.c_str(),
                 first.body.c_str());
    return 1;
  }
  std::printf("overview: %zu bytes\n", first.body.size());
  for (int round = 1; round <= options.rounds; ++round) {
    std::printf("== round %d: wrk -t%d -c%d -d%ds ==\n", round, options.wrk_threads,
                options.connections, options.seconds);
    std::fflush(stdout);
    absl::StatusOr<testing::CommandResult> wrk = testing::RunCommand(
        {.argv = {"/usr/bin/wrk", absl::StrCat("-t", options.wrk_threads),
                  absl::StrCat("-c", options.connections), absl::StrCat("-d", options.seconds, "s"),
                  "--latency", "-H", absl::StrCat("Authorization: ", authorization),
                  absl::StrCat("http://127.0.0.1:", port, target)}},
        absl::Seconds(options.seconds + 60));
    if (!wrk.ok()) {
      std::fprintf(stderr, "wrk: %s (is the Debian package wrk installed?)\n",
                   wrk.status().ToString().c_str());
      return 1;
    }
    std::printf("%s\n", wrk->output.c_str());
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
