// The gateway benchmark: on the national data set of reporting_bench
// (bench/national_dataset.h), the suite as shipped, authentication on and
// every call with a real key (the ministry's for the views),
// interplan-gateway's GetNationalOverview
//  - cached, at concurrency 16: QPS and p50/p99, against the Echo RPC of
//    the same gateway process (interplan.gateway.v1.BenchService, served
//    with --bench_service) with the same key in the same run (goal: at
//    least 85% of the echo QPS; an Echo as large as the overview is the
//    ceiling);
//  - uncached (goal: p99 at most 20 ms at concurrency 1): a second gateway
//    process started without --redis_url, so every call builds the view
//    from the services; at concurrency 1 (one reader: what one miss costs)
//    and at --threads;
//  - freshness (goal: p99 at most 50 ms): from an acknowledged SubmitReport
//    to the first overview that counts it as submitted, and from an
//    acknowledged AcceptReport to the first overview that counts it as
//    accepted with its values in the national figures; one poller alone,
//    then again while --threads readers load the cached gateway.
// Any failed call of a measured phase makes the run exit 1, naming the
// phase (FAILED: ...), after the figures.
// A program that prints figures, not a test; bench/README.md has the
// figures and the command.
//
//   gateway_bench [--communes=3321] [--years=NEXT,NEXT+1] [--threads=16]
//       [--setup_threads=16] [--accept_threads=1] [--seconds=5] [--rounds=2]
//       [--freshness_samples=30] [--categories=sex|total] [--perf_dir=DIR]
//       [--build_dir=DIR] [--source_dir=DIR]
//
// --communes=100 --seconds=1 --freshness_samples=10 runs in about 30-45 s. The
// views are of the first of --years; every year's reports are loaded, so
// more years show what the data held costs the same view. --perf_dir
// records `perf` profiles of the cached and uncached runs (see README).
//
// What it does, every step through the public gRPC APIs of real binaries
// started in temporary folders on free ports:
//  1. a throwaway redis-server (tests/support/redis_server.h); every
//     service runs on SQLite with --redis_url, so it bumps its version
//     counter after each acknowledged write;
//  2. the data set of reporting_bench: interplan-agencies (reference
//     imported), interplan-plans, one People's Committee per unit, one
//     issued plan per unit and year; interplan-reporting follows the plans;
//     one report per obligation (20 indicators x female/male/total);
//  3. every report is submitted and accepted, except 2 x
//     --freshness_samples annual reports of the overview's year kept for
//     the freshness measurement (spread over the country); a report
//     refused because entry closed (ENTRY_LOCKED) gets an exception
//     (OpenException) and is submitted again;
//  4. interplan-campaigns with the year's Action Month (national, 15/11 -
//     15/12) and one activity per unit, so the overview's campaign section
//     has data (before it exists, the overview is read once to see what a
//     year without its campaign gives);
//  5. two interplan-gateway processes on the same services: "cached"
//     (--redis_url) and "uncached" (no Redis: "cache disabled");
//  6. checks the overview: every section available, 34 province rows,
//     compliance counts and the national figures of the key indicators
//     the data set carries equal what was sent;
//  7. the measurements above, a cache hit piece by piece (protobuf parse
//     and serialise of the view, the Redis round trips through the
//     gateway's RedisClient), then a timing breakdown of an uncached view:
//     each call of the gateway's fan-out made directly from here (alone,
//     and all at once as the gateway makes them), and the services'
//     own durations from their call logs during the uncached run and
//     during each freshness run (their counts show how many views were
//     built for the writes).
// Each phase prints the machine's CPU use split between this benchmark's
// processes (itself and its children: services, gateways, redis-server)
// and everything else, and the gateway's own CPU time per call.
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/client_unary_call.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/national_dataset.h"
#include "common/cache/redis_client.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "interplan/agencies/v1/units.grpc.pb.h"
#include "interplan/campaigns/v1/campaigns.grpc.pb.h"
#include "interplan/gateway/v1/bench.pb.h"
#include "interplan/gateway/v1/gateway.grpc.pb.h"
#include "interplan/plans/v1/plans.grpc.pb.h"
#include "interplan/reporting/v1/reporting.grpc.pb.h"
#include "tests/support/redis_server.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"

#ifndef INTERPLAN_BENCH_SOURCE_DIR
#define INTERPLAN_BENCH_SOURCE_DIR "."
#endif

namespace interplan::bench {
namespace {

namespace av1 = ::interplan::agencies::v1;
namespace pv1 = ::interplan::plans::v1;
namespace rv1 = ::interplan::reporting::v1;
namespace cv1 = ::interplan::campaigns::v1;
namespace gv1 = ::interplan::gateway::v1;
using testing::ServiceProcess;

// The ministry's key (agencies/moha), set once in main before any thread
// starts: every view, roll-up and direct fan-out call the benchmark makes
// presents it, as a ministry system would.
std::string ministry_key;

// The gateway's default --key_indicators: the overview shows these.
constexpr const char* kKeyIndicators[] = {"NSGE-1.1",          "NSGE-2.1", "NSGE-3.2",
                                          "NSGE-4.1",          "COMM-1",   "LOC-COMM-OFFICIALS",
                                          "LOC-COMM-RESIDENTS"};

// ---------------------------------------------------------------------------
// Flags.

struct Options : CommonFlags {
  double seconds = 5;          // each measured window
  int rounds = 2;              // echo / cached overview windows, alternating
  int freshness_samples = 30;  // per freshness run (quiet, then under load)
  std::string perf_dir;        // perf record the gateways and services into it
};

bool ParseFlags(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::pair<std::string, std::string> kv = absl::StrSplit(argv[i], absl::MaxSplits('=', 1));
    const std::string& key = kv.first;
    const std::string& value = kv.second;
    bool ok = true;
    if (std::optional<bool> common = ParseCommonFlag(key, value, o)) {
      ok = *common;
    } else if (key == "--seconds") {
      ok = absl::SimpleAtod(value, &o.seconds) && o.seconds > 0;
    } else if (key == "--rounds") {
      ok = absl::SimpleAtoi(value, &o.rounds) && o.rounds > 0;
    } else if (key == "--freshness_samples") {
      ok = absl::SimpleAtoi(value, &o.freshness_samples) && o.freshness_samples > 0;
    } else if (key == "--perf_dir") {
      o.perf_dir = value;
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

// ---------------------------------------------------------------------------
// Processes.

// interplan-gateway in a temporary folder, gRPC and HTTP on free ports,
// serving before Start() returns.
class GatewayProcess {
 public:
  static absl::StatusOr<std::unique_ptr<GatewayProcess>> Start(const std::string& label,
                                                               std::vector<std::string> args) {
    absl::StatusOr<std::string> dir = testing::MakeTempDir("interplan-gateway-bench");
    if (!dir.ok()) return dir.status();
    absl::StatusOr<int> port = testing::PickUnusedPort();
    if (!port.ok()) return port.status();
    absl::StatusOr<int> http_port = testing::PickUnusedPort();
    while (http_port.ok() && *http_port == *port) http_port = testing::PickUnusedPort();
    if (!http_port.ok()) return http_port.status();
    const std::string address = absl::StrCat("127.0.0.1:", *port);
    testing::SubprocessOptions options;
    options.argv = {
        testing::BuildPath("gateway/interplan-gateway"), absl::StrCat("--listen=", address),
        absl::StrCat("--http_listen=127.0.0.1:", *http_port), absl::StrCat("--data_dir=", *dir)};
    for (std::string& arg : args) options.argv.push_back(std::move(arg));
    options.log_path = *dir + "/gateway.log";
    absl::StatusOr<testing::Subprocess> process = testing::Subprocess::Start(options);
    if (!process.ok()) return process.status();
    auto gateway = std::unique_ptr<GatewayProcess>(
        new GatewayProcess(label, std::move(*process), address, *dir));
    absl::Status ready = testing::WaitForServing(address, absl::Seconds(60));
    if (!ready.ok()) {
      return absl::Status(ready.code(),
                          absl::StrCat(label, ": ", ready.message(), "\nlog:\n", gateway->Log()));
    }
    return gateway;
  }
  ~GatewayProcess() {
    if (process_.running()) process_.Stop(absl::Seconds(10)).IgnoreError();
    testing::RemoveTree(dir_);
  }
  const std::string& label() const { return label_; }
  const std::string& address() const { return address_; }
  pid_t pid() const { return process_.pid(); }
  std::string log_path() const { return dir_ + "/gateway.log"; }
  std::string Log() const { return testing::ReadFileOrEmpty(log_path()); }
  absl::StatusOr<int> Stop() { return process_.Stop(absl::Seconds(30)); }

 private:
  GatewayProcess(std::string label, testing::Subprocess process, std::string address,
                 std::string dir)
      : label_(std::move(label)),
        process_(std::move(process)),
        address_(std::move(address)),
        dir_(std::move(dir)) {}

  std::string label_;
  testing::Subprocess process_;
  std::string address_;
  std::string dir_;
};

// `perf record` while a phase runs (--perf_dir), for
// `perf report -i DIR/NAME-PID.perf --pid PID`.
class PerfRecording {
 public:
  PerfRecording(const std::string& dir, const std::string& name, pid_t pid, double seconds,
                bool dwarf = false) {
    if (dir.empty() || pid <= 0) return;
    std::filesystem::create_directories(dir);
    testing::SubprocessOptions options;
    // System-wide: gRPC's sync server starts and ends threads all the
    // time, and `perf record -p` misses those started later. Filter with
    // `perf report --pid`.
    options.argv = {"/usr/bin/perf", "record", "-a", "-F", "999"};
    if (dwarf) {
      // The services are built without frame pointers.
      options.argv.insert(options.argv.end(), {"--call-graph", "dwarf,16384"});
    } else {
      options.argv.push_back("-g");
    }
    options.argv.insert(options.argv.end(), {"-o", absl::StrCat(dir, "/", name, "-", pid, ".perf"),
                                             "--", "sleep", absl::StrFormat("%.1f", seconds)});
    options.log_path = absl::StrCat(dir, "/", name, ".perf.log");
    absl::StatusOr<testing::Subprocess> started = testing::Subprocess::Start(options);
    if (started.ok()) process_.emplace(std::move(*started));
  }
  ~PerfRecording() {
    if (process_.has_value()) process_->Wait(absl::Seconds(120)).IgnoreError();
  }

 private:
  std::optional<testing::Subprocess> process_;
};

// /proc/<pid>/io: what a process read and wrote, through any file.
struct ProcIo {
  int64_t rchar = 0, wchar = 0, syscr = 0, syscw = 0, write_bytes = 0;
};

ProcIo ReadProcIo(pid_t pid) {
  ProcIo io;
  std::ifstream in(absl::StrCat("/proc/", pid, "/io"));
  std::string key;
  int64_t value = 0;
  while (in >> key >> value) {
    if (key == "rchar:") io.rchar = value;
    if (key == "wchar:") io.wchar = value;
    if (key == "syscr:") io.syscr = value;
    if (key == "syscw:") io.syscw = value;
    if (key == "write_bytes:") io.write_bytes = value;
  }
  return io;
}

int64_t TicksOf(pid_t pid) {
  int64_t ticks = 0;
  pid_t ppid = 0;
  return ProcTimes(pid, &ticks, &ppid) ? ticks : 0;
}

// The redis-server this program started (a child named redis-server).
pid_t FindChildNamed(const std::string& name) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    pid_t pid = 0;
    if (!absl::SimpleAtoi(entry.path().filename().string(), &pid)) continue;
    int64_t ticks = 0;
    pid_t ppid = 0;
    if (!ProcTimes(pid, &ticks, &ppid) || ppid != getpid()) continue;
    std::ifstream comm(absl::StrCat("/proc/", pid, "/comm"));
    std::string text;
    if (std::getline(comm, text) && text == name) return pid;
  }
  return 0;
}

// CPU time of a few processes over a phase, in milliseconds.
class ProcessClock {
 public:
  void Add(const std::string& name, pid_t pid) {
    if (pid > 0) pids_.push_back({name, pid});
  }
  std::map<std::string, int64_t> Sample() const {
    std::map<std::string, int64_t> ticks;
    for (const auto& [name, pid] : pids_) ticks[name] = TicksOf(pid);
    return ticks;
  }
  static double Millis(const std::map<std::string, int64_t>& a,
                       const std::map<std::string, int64_t>& b, const std::string& name) {
    auto i = a.find(name), j = b.find(name);
    if (i == a.end() || j == b.end()) return 0;
    return 1000.0 * static_cast<double>(j->second - i->second) / sysconf(_SC_CLK_TCK);
  }
  std::string Describe(const std::map<std::string, int64_t>& a,
                       const std::map<std::string, int64_t>& b, double seconds) const {
    std::vector<std::string> parts;
    for (const auto& [name, pid] : pids_) {
      parts.push_back(
          absl::StrFormat("%s %.0f%%", name, 100.0 * Millis(a, b, name) / 1000 / seconds));
    }
    return absl::StrCat("cpu by process (of one core): ", absl::StrJoin(parts, ", "));
  }

 private:
  std::vector<std::pair<std::string, pid_t>> pids_;
};

// The call log lines a service wrote after Mark(): server-side durations
// by method.
class LogCursor {
 public:
  explicit LogCursor(std::string path) : path_(std::move(path)) {}
  void Mark() {
    std::error_code error;
    offset_ = std::filesystem::file_size(path_, error);
    if (error) offset_ = 0;
  }
  // method (last part) -> durations, of the lines written since Mark().
  std::map<std::string, Latencies> Since() const {
    std::map<std::string, Latencies> by_method;
    std::ifstream in(path_);
    in.seekg(static_cast<std::streamoff>(offset_));
    std::string line;
    while (std::getline(in, line)) {
      const size_t m = line.find("\"method\":\"");
      const size_t d = line.find("\"duration_ms\":");
      if (m == std::string::npos || d == std::string::npos) continue;
      const size_t start = m + 10;
      std::string method = line.substr(start, line.find('"', start) - start);
      method = method.substr(method.rfind('/') + 1);
      const size_t value_start = d + 14;
      const size_t value_end = line.find_first_of(",}", value_start);
      double ms = 0;
      if (!absl::SimpleAtod(line.substr(value_start, value_end - value_start), &ms)) continue;
      by_method[method].ms.push_back(ms);
    }
    for (auto& [method, l] : by_method) l.Sort();
    return by_method;
  }

 private:
  std::string path_;
  uintmax_t offset_ = 0;
};

// ---------------------------------------------------------------------------
// The overview.

const gv1::ComplianceFigures* ComplianceOf(const gv1::OverviewRow& row, const std::string& period) {
  for (const gv1::ComplianceFigures& c : row.compliance()) {
    if (c.period() == period) return &c;
  }
  return nullptr;
}

const gv1::IndicatorFigures* FiguresOf(const gv1::OverviewRow& row, const std::string& indicator) {
  for (const gv1::IndicatorFigures& f : row.indicators()) {
    if (f.indicator() == indicator) return &f;
  }
  return nullptr;
}

bool Complete(const gv1::Overview& overview) {
  for (const gv1::SectionStatus& s : overview.sections()) {
    if (!s.available()) return false;
  }
  return true;
}

std::string MissingSections(const gv1::Overview& overview) {
  std::vector<std::string> missing;
  for (const gv1::SectionStatus& s : overview.sections()) {
    if (!s.available()) missing.push_back(s.reason());
  }
  return absl::StrJoin(missing, "; ");
}

grpc::Status GetOverview(gv1::MinistryService::Stub& stub, int year, gv1::Overview* overview,
                         absl::Duration timeout = absl::Seconds(30)) {
  gv1::GetNationalOverviewRequest request;
  request.set_year(year);
  return stub.GetNationalOverview(Call(ministry_key, timeout).get(), request, overview);
}

// ---------------------------------------------------------------------------
// Load: `threads` clients, each with its own connection, calling for
// `seconds`.

struct LoadResult {
  std::string label;
  int threads = 0;
  double seconds = 0;
  int64_t calls = 0;
  double qps = 0;
  Latencies latency;
  int failures = 0;
  std::string first_error;
  int64_t from_cache = 0;  // overview answers marked from_cache
  std::string cpu;
  std::string cpu_by_process;
  double gateway_cpu_us_per_call = 0;
  double total_cpu_us_per_call = 0;  // every process of this benchmark
};

// One client thread's connection: the generated stub, and the channel for
// calls whose reply is taken as bytes.
struct LoadConnection {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<gv1::MinistryService::Stub> stub;
};

using LoadCall = std::function<grpc::Status(LoadConnection&, bool* from_cache)>;

// A unary call of `method` ("/package.Service/Method") whose reply is kept
// as the bytes received, without building a message from them: what the
// throughput runs measure is the gateway, not the protobuf parse of the
// benchmark's own threads, which share the machine's 2 cores with it.
template <typename Request>
grpc::Status RawCall(grpc::Channel& channel, const char* method, const Request& request,
                     grpc::ByteBuffer* reply) {
  const grpc::internal::RpcMethod rpc(method, grpc::internal::RpcMethod::NORMAL_RPC);
  return grpc::internal::BlockingUnaryCall<Request, grpc::ByteBuffer, grpc::protobuf::MessageLite,
                                           grpc::ByteBuffer>(
      &channel, rpc, Call(ministry_key, absl::Seconds(10)).get(), request, reply);
}

// Overview.from_cache (field 9) read from the serialized view by walking
// its top-level fields, without parsing the rest.
bool FromCacheFlag(const grpc::ByteBuffer& reply) {
  std::vector<grpc::Slice> slices;
  if (!reply.Dump(&slices).ok()) return false;
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  bool from_cache = false;
  while (const uint32_t tag = in.ReadTag()) {
    if (tag == google::protobuf::internal::WireFormatLite::MakeTag(
                   gv1::Overview::kFromCacheFieldNumber,
                   google::protobuf::internal::WireFormatLite::WIRETYPE_VARINT)) {
      uint64_t value = 0;
      if (!in.ReadVarint64(&value)) return false;
      from_cache = value != 0;
    } else if (!google::protobuf::internal::WireFormatLite::SkipField(&in, tag)) {
      return false;
    }
  }
  return from_cache;
}

LoadResult RunLoad(const std::string& label, const std::string& address, int threads,
                   double seconds, const LoadCall& call, const CpuMeter& meter,
                   const ProcessClock& clock) {
  LoadResult result;
  result.label = label;
  result.threads = threads;
  std::vector<LoadConnection> stubs;
  for (int t = 0; t < threads; ++t) {
    std::shared_ptr<grpc::Channel> channel = OwnChannel(address);
    channel->WaitForConnected(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    stubs.push_back(LoadConnection{channel, gv1::MinistryService::NewStub(channel)});
  }
  // One call each first: connections warm, the view in the cache.
  for (auto& stub : stubs) {
    bool cached = false;
    call(stub, &cached).ok();
  }
  std::vector<Latencies> per_thread(threads);
  std::atomic<int> failures{0};
  std::atomic<int64_t> from_cache{0};
  std::mutex error_mu;
  std::string first_error;
  const CpuSample cpu_start = meter.Sample();
  const auto ticks_start = clock.Sample();
  const auto start = Clock::now();
  const auto end =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      per_thread[t].ms.reserve(200000);
      while (Clock::now() < end) {
        bool cached = false;
        const auto begin = Clock::now();
        grpc::Status status = call(stubs[t], &cached);
        const double ms = MillisSince(begin);
        if (!status.ok()) {
          if (failures++ == 0) {
            std::lock_guard<std::mutex> lock(error_mu);
            first_error = Describe(status);
          }
          continue;
        }
        if (cached) from_cache++;
        per_thread[t].ms.push_back(ms);
      }
    });
  }
  for (std::thread& thread : pool) thread.join();
  const double elapsed = MillisSince(start) / 1000;
  const CpuSample cpu_end = meter.Sample();
  const auto ticks_end = clock.Sample();
  for (const Latencies& l : per_thread) {
    result.latency.ms.insert(result.latency.ms.end(), l.ms.begin(), l.ms.end());
  }
  result.latency.Sort();
  result.seconds = elapsed;
  result.calls = static_cast<int64_t>(result.latency.ms.size());
  result.qps = result.calls / elapsed;
  result.failures = failures.load();
  result.first_error = first_error;
  result.from_cache = from_cache.load();
  result.cpu = CpuMeter::Describe(cpu_start, cpu_end);
  result.cpu_by_process = clock.Describe(ticks_start, ticks_end, elapsed);
  if (result.calls > 0) {
    result.gateway_cpu_us_per_call =
        1000.0 * ProcessClock::Millis(ticks_start, ticks_end, "gateway") / result.calls;
    result.total_cpu_us_per_call = 1e6 * static_cast<double>(cpu_end.ours - cpu_start.ours) /
                                   sysconf(_SC_CLK_TCK) / result.calls;
  }
  return result;
}

std::string DescribeLoad(const LoadResult& r) {
  std::string text = absl::StrFormat(
      "%-34s x%-2d %8.0f calls/s  %s  gateway cpu %.0f us/call, all processes %.0f us/call",
      r.label, r.threads, r.qps, r.latency.Summary(), r.gateway_cpu_us_per_call,
      r.total_cpu_us_per_call);
  if (r.failures > 0)
    absl::StrAppend(&text, absl::StrFormat("; %d FAILED (%s)", r.failures, r.first_error));
  return text;
}

// ---------------------------------------------------------------------------
// The fan-out of one national overview, made directly from here: the same
// requests the gateway's ViewBuilder sends (gateway/view_builder.cc).

struct FanoutCall {
  std::string what;
  std::function<grpc::Status(grpc::ClientContext*, size_t* bytes)> sync;
  std::function<void(grpc::ClientContext*, std::function<void(grpc::Status)>)> async;
};

struct Backends {
  std::unique_ptr<av1::UnitService::Stub> units;
  std::unique_ptr<pv1::PlanService::Stub> plans;
  std::unique_ptr<rv1::ReportingService::Stub> reporting;
  std::unique_ptr<cv1::CampaignService::Stub> campaigns;
};

// Holds the requests and responses the calls use.
struct FanoutState {
  av1::ListUnitsRequest units_request;
  av1::ListUnitsResponse units_response;
  pv1::ListPlanDigestsRequest digests_request;
  pv1::ListPlanDigestsResponse digests_response;
  std::vector<rv1::GetComplianceRequest> compliance_requests;
  std::vector<rv1::Compliance> compliance_responses;
  std::vector<rv1::GetIndicatorRequest> indicator_requests;
  std::vector<rv1::Indicator> indicator_responses;
  std::vector<rv1::GetRollupRequest> rollup_requests;
  std::vector<rv1::Rollup> rollup_responses;
  cv1::SummarizeCampaignRequest campaign_request;
  cv1::CampaignSummary campaign_response;
};

std::vector<FanoutCall> OverviewFanout(Backends& b, FanoutState& s, int year) {
  // "Today" in Vietnam (UTC+7), as the gateway's time::Today().
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(7 * 60 * 60));
  const google::type::Date as_of = Date(static_cast<int>(today.year()), today.month(), today.day());
  std::vector<FanoutCall> calls;
  s.units_request.set_level(av1::UNIT_LEVEL_PROVINCE);
  *s.units_request.mutable_as_of() = as_of;
  s.units_request.set_page_size(1000);
  calls.push_back({"agencies ListUnits (provinces)",
                   [&](grpc::ClientContext* c, size_t* bytes) {
                     grpc::Status st = b.units->ListUnits(c, s.units_request, &s.units_response);
                     *bytes = s.units_response.ByteSizeLong();
                     return st;
                   },
                   [&](grpc::ClientContext* c, std::function<void(grpc::Status)> done) {
                     b.units->async()->ListUnits(c, &s.units_request, &s.units_response,
                                                 std::move(done));
                   }});
  s.digests_request.set_year(year);
  s.digests_request.set_page_size(20000);
  calls.push_back({absl::StrCat("plans ListPlanDigests (", year, ")"),
                   [&](grpc::ClientContext* c, size_t* bytes) {
                     grpc::Status st =
                         b.plans->ListPlanDigests(c, s.digests_request, &s.digests_response);
                     *bytes = s.digests_response.ByteSizeLong();
                     return st;
                   },
                   [&](grpc::ClientContext* c, std::function<void(grpc::Status)> done) {
                     b.plans->async()->ListPlanDigests(c, &s.digests_request, &s.digests_response,
                                                       std::move(done));
                   }});
  const std::vector<std::string> periods = {absl::StrCat(year, "-H1"), absl::StrCat(year)};
  s.compliance_requests.resize(periods.size());
  s.compliance_responses.resize(periods.size());
  for (size_t i = 0; i < periods.size(); ++i) {
    s.compliance_requests[i].set_period(periods[i]);
    s.compliance_requests[i].set_exact_period(true);
    s.compliance_requests[i].set_omit_agencies(true);  // as gateway/view_builder.cc
    *s.compliance_requests[i].mutable_as_of() = as_of;
    calls.push_back({absl::StrCat("reporting GetCompliance ", periods[i]),
                     [&, i](grpc::ClientContext* c, size_t* bytes) {
                       grpc::Status st = b.reporting->GetCompliance(c, s.compliance_requests[i],
                                                                    &s.compliance_responses[i]);
                       *bytes = s.compliance_responses[i].ByteSizeLong();
                       return st;
                     },
                     [&, i](grpc::ClientContext* c, std::function<void(grpc::Status)> done) {
                       b.reporting->async()->GetCompliance(c, &s.compliance_requests[i],
                                                           &s.compliance_responses[i],
                                                           std::move(done));
                     }});
  }
  const size_t n = std::size(kKeyIndicators);
  s.indicator_requests.resize(n);
  s.indicator_responses.resize(n);
  s.rollup_requests.resize(n);
  s.rollup_responses.resize(n);
  for (size_t i = 0; i < n; ++i) {
    s.indicator_requests[i].set_name(absl::StrCat("indicators/", kKeyIndicators[i]));
    calls.push_back({absl::StrCat("reporting GetIndicator ", kKeyIndicators[i]),
                     [&, i](grpc::ClientContext* c, size_t* bytes) {
                       grpc::Status st = b.reporting->GetIndicator(c, s.indicator_requests[i],
                                                                   &s.indicator_responses[i]);
                       *bytes = s.indicator_responses[i].ByteSizeLong();
                       return st;
                     },
                     [&, i](grpc::ClientContext* c, std::function<void(grpc::Status)> done) {
                       b.reporting->async()->GetIndicator(
                           c, &s.indicator_requests[i], &s.indicator_responses[i], std::move(done));
                     }});
    rv1::GetRollupRequest& r = s.rollup_requests[i];
    r.set_indicator(absl::StrCat("indicators/", kKeyIndicators[i]));
    r.set_period(absl::StrCat(year));
    *r.mutable_as_of() = as_of;
    r.set_by_child(true);
    calls.push_back({absl::StrCat("reporting GetRollup by_child ", kKeyIndicators[i]),
                     [&, i](grpc::ClientContext* c, size_t* bytes) {
                       grpc::Status st =
                           b.reporting->GetRollup(c, s.rollup_requests[i], &s.rollup_responses[i]);
                       *bytes = s.rollup_responses[i].ByteSizeLong();
                       return st;
                     },
                     [&, i](grpc::ClientContext* c, std::function<void(grpc::Status)> done) {
                       b.reporting->async()->GetRollup(c, &s.rollup_requests[i],
                                                       &s.rollup_responses[i], std::move(done));
                     }});
  }
  s.campaign_request.set_kind(cv1::CAMPAIGN_KIND_ACTION_MONTH_GENDER_EQUALITY);
  s.campaign_request.set_year(year);
  calls.push_back({"campaigns SummarizeCampaign",
                   [&](grpc::ClientContext* c, size_t* bytes) {
                     grpc::Status st = b.campaigns->SummarizeCampaign(c, s.campaign_request,
                                                                      &s.campaign_response);
                     *bytes = s.campaign_response.ByteSizeLong();
                     return st;
                   },
                   [&](grpc::ClientContext* c, std::function<void(grpc::Status)> done) {
                     b.campaigns->async()->SummarizeCampaign(c, &s.campaign_request,
                                                             &s.campaign_response, std::move(done));
                   }});
  return calls;
}

// All the calls at once, like the gateway's Fanout; true when all were ok.
bool RunFanoutOnce(std::vector<FanoutCall>& calls) {
  const size_t n = calls.size();
  std::vector<grpc::ClientContext> contexts(n);
  std::mutex mu;
  std::condition_variable done;
  size_t pending = n;
  bool ok = true;
  for (size_t i = 0; i < n; ++i) {
    contexts[i].set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    testing::PresentKey(contexts[i], ministry_key);
    calls[i].async(&contexts[i], [&](grpc::Status status) {
      std::lock_guard<std::mutex> lock(mu);
      ok = ok && status.ok();
      if (--pending == 0) done.notify_all();
    });
  }
  std::unique_lock<std::mutex> lock(mu);
  done.wait(lock, [&] { return pending == 0; });
  return ok;
}

// ---------------------------------------------------------------------------
// Freshness.

struct FreshnessResult {
  std::string label;
  Latencies submit_ack;      // SubmitReport round trip
  Latencies submit_visible;  // ack -> first overview counting it submitted
  Latencies accept_ack;
  Latencies accept_visible;   // ack -> first overview counting it accepted, values in
  Latencies miss_poll;        // the poll that first showed the write (a cache miss)
  int first_poll_saw_it = 0;  // of 2 x samples
  int polls = 0;
  int partial_polls = 0;  // views with a section missing (a service late)
  std::string partial_reason;
  int timeouts = 0;
  int samples = 0;
  int64_t background_calls = 0;
  double background_seconds = 0;
  std::string cpu;
  std::string error;
};

// What the freshness poller looks at in an overview.
struct Seen {
  int submitted = -1;
  int accepted = -1;
  double numerator = -1, denominator = -1;  // of the tracked indicator, totals row
  bool from_cache = false;
};

Seen Look(const gv1::Overview& overview, const std::string& period,
          const std::string& tracked_indicator) {
  Seen seen;
  seen.from_cache = overview.from_cache();
  if (const gv1::ComplianceFigures* c = ComplianceOf(overview.totals(), period)) {
    seen.submitted = c->submitted();
    seen.accepted = c->accepted();
  }
  if (const gv1::IndicatorFigures* f = FiguresOf(overview.totals(), tracked_indicator)) {
    seen.numerator = f->numerator();
    seen.denominator = f->denominator();
  }
  return seen;
}

// For each job: SubmitReport, poll the cached gateway until the overview
// counts it; AcceptReport, poll until it counts it accepted and the tracked
// indicator's national figures moved. `background` readers load the same
// gateway meanwhile.
FreshnessResult RunFreshness(const std::string& label, const std::string& gateway_address,
                             const std::string& reporting_address, int year,
                             const std::string& tracked_indicator, std::vector<ReportJob*> jobs,
                             int background, const CpuMeter& meter, const NationalDataSet& setup) {
  FreshnessResult result;
  result.label = label;
  result.samples = static_cast<int>(jobs.size());
  const std::string period = absl::StrCat(year);
  auto gateway = gv1::MinistryService::NewStub(OwnChannel(gateway_address));
  auto reporting = rv1::ReportingService::NewStub(OwnChannel(reporting_address));
  std::atomic<bool> stop{false};
  std::atomic<int64_t> background_calls{0};
  std::vector<std::thread> readers;
  const auto background_start = Clock::now();
  for (int t = 0; t < background; ++t) {
    readers.emplace_back([&] {
      auto stub = gv1::MinistryService::NewStub(OwnChannel(gateway_address));
      while (!stop.load()) {
        gv1::Overview overview;
        if (GetOverview(*stub, year, &overview).ok()) background_calls++;
      }
    });
  }
  if (background > 0) std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const CpuSample cpu_start = meter.Sample();
  // Polls until `included` holds for an overview; the time from `acked`
  // to the answer that first showed it, or -1.
  auto poll_until = [&](Clock::time_point acked, const std::function<bool(const Seen&)>& included,
                        bool* first_poll) -> double {
    for (int poll = 0;; ++poll) {
      if (MillisSince(acked) > 10000) return -1;
      gv1::Overview overview;
      const auto begin = Clock::now();
      grpc::Status status = GetOverview(*gateway, year, &overview, absl::Seconds(10));
      result.polls++;
      if (!status.ok()) {
        if (result.error.empty()) result.error = "GetNationalOverview: " + Describe(status);
        continue;
      }
      if (!Complete(overview)) {
        result.partial_polls++;
        if (result.partial_reason.empty()) result.partial_reason = MissingSections(overview);
      }
      if (included(Look(overview, period, tracked_indicator))) {
        result.miss_poll.ms.push_back(MillisSince(begin));
        *first_poll = poll == 0;
        return MillisSince(acked);
      }
    }
  };
  for (size_t i = 0; i < jobs.size(); ++i) {
    ReportJob& job = *jobs[i];
    gv1::Overview before_overview;
    if (grpc::Status s = GetOverview(*gateway, year, &before_overview); !s.ok()) {
      result.error = "GetNationalOverview: " + Describe(s);
      break;
    }
    const Seen before = Look(before_overview, period, tracked_indicator);
    // Submit.
    rv1::Report report;
    auto begin = Clock::now();
    grpc::Status status = WithRetries([&] {
      return reporting->SubmitReport(Call(setup.SubmitterKey(job)).get(), job.request, &report);
    });
    if (!status.ok()) {
      result.error = "SubmitReport: " + Describe(status);
      break;
    }
    auto acked = Clock::now();
    result.submit_ack.ms.push_back(
        std::chrono::duration<double, std::milli>(acked - begin).count());
    job.report_name = report.name();
    bool first = false;
    double ms = poll_until(
        acked, [&](const Seen& s) { return s.submitted >= before.submitted + 1; }, &first);
    if (ms < 0) {
      result.timeouts++;
    } else {
      result.submit_visible.ms.push_back(ms);
      result.first_poll_saw_it += first ? 1 : 0;
    }
    // Accept.
    rv1::AcceptReportRequest accept;
    accept.set_name(report.name());
    accept.set_request_id(absl::StrCat("gateway-bench-accept-", report.name()));
    begin = Clock::now();
    status = WithRetries([&] {
      return reporting->AcceptReport(Call(setup.RecipientKey(job)).get(), accept, &report);
    });
    if (!status.ok()) {
      result.error = "AcceptReport: " + Describe(status);
      break;
    }
    acked = Clock::now();
    result.accept_ack.ms.push_back(
        std::chrono::duration<double, std::milli>(acked - begin).count());
    ms = poll_until(
        acked,
        [&](const Seen& s) {
          return s.accepted >= before.accepted + 1 &&
                 (tracked_indicator.empty() || s.denominator != before.denominator ||
                  s.numerator != before.numerator);
        },
        &first);
    if (ms < 0) {
      result.timeouts++;
    } else {
      result.accept_visible.ms.push_back(ms);
      result.first_poll_saw_it += first ? 1 : 0;
    }
  }
  result.cpu = CpuMeter::Describe(cpu_start, meter.Sample());
  stop = true;
  for (std::thread& t : readers) t.join();
  result.background_calls = background_calls.load();
  result.background_seconds = MillisSince(background_start) / 1000;
  for (Latencies* l : {&result.submit_ack, &result.submit_visible, &result.accept_ack,
                       &result.accept_visible, &result.miss_poll}) {
    l->Sort();
  }
  return result;
}

// ---------------------------------------------------------------------------
// What a cache hit does besides gRPC, piece by piece.

// Microseconds per call of `once`, over about `seconds`.
double MicrosPer(double seconds, const std::function<void()>& once) {
  int64_t n = 0;
  const auto start = Clock::now();
  const auto end =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  do {
    once();
    ++n;
  } while (Clock::now() < end);
  return 1000.0 * MillisSince(start) / n;
}

struct CodecCost {
  size_t bytes = 0;
  double parse_us = 0;
  double serialize_us = 0;
};

CodecCost MeasureCodec(const gv1::Overview& overview, double seconds) {
  CodecCost cost;
  const std::string bytes = overview.SerializeAsString();
  cost.bytes = bytes.size();
  cost.parse_us = MicrosPer(seconds, [&] {
    gv1::Overview parsed;
    parsed.ParseFromString(bytes);
  });
  cost.serialize_us = MicrosPer(seconds, [&] {
    std::string out;
    overview.SerializeToString(&out);
  });
  return cost;
}

// The overview with every display name replaced by ASCII of the same
// length: what proto3's UTF-8 checks of the Vietnamese text cost.
gv1::Overview AsciiNames(gv1::Overview overview) {
  auto ascii = [](std::string* s) { *s = std::string(s->size(), 'a'); };
  ascii(overview.mutable_display_name());
  for (gv1::OverviewRow* row : [&] {
         std::vector<gv1::OverviewRow*> rows;
         for (gv1::OverviewRow& r : *overview.mutable_rows()) rows.push_back(&r);
         rows.push_back(overview.mutable_totals());
         return rows;
       }()) {
    ascii(row->mutable_display_name());
    for (gv1::IndicatorFigures& f : *row->mutable_indicators()) ascii(f.mutable_display_name());
  }
  return overview;
}

// The overview with the indicators' names only in the totals row.
gv1::Overview NamesOnce(gv1::Overview overview) {
  for (gv1::OverviewRow& row : *overview.mutable_rows()) {
    for (gv1::IndicatorFigures& f : *row.mutable_indicators()) f.clear_display_name();
  }
  return overview;
}

// ---------------------------------------------------------------------------
// Setup beyond the shared data set.

// The Action Month of `year` (national) and one activity per unit.
absl::Status CreateCampaign(const std::string& address, const NationalDataSet& setup, int year,
                            int threads) {
  const std::vector<UnitInfo>& units = setup.units;
  auto channel = OwnChannel(address);
  auto stub = cv1::CampaignService::NewStub(channel);
  cv1::CreateCampaignRequest request;
  request.set_campaign_id(absl::StrCat("bench-action-month-", year));
  request.set_request_id(absl::StrCat("bench-campaign-", year));
  cv1::Campaign* campaign = request.mutable_campaign();
  campaign->set_display_name(absl::StrCat(
      "Tháng hành động vì bình đẳng giới và phòng, chống bạo lực trên cơ sở giới năm ", year));
  campaign->set_kind(cv1::CAMPAIGN_KIND_ACTION_MONTH_GENDER_EQUALITY);
  campaign->set_theme("Chung tay vì bình đẳng giới");
  *campaign->mutable_start_date() = Date(year, 11, 15);
  *campaign->mutable_end_date() = Date(year, 12, 15);
  campaign->set_organiser("agencies/moha");
  campaign->set_year(year);
  cv1::Campaign created;
  grpc::Status status = WithRetries(
      [&] { return stub->CreateCampaign(Call(ministry_key).get(), request, &created); });
  if (!status.ok()) return absl::InternalError("CreateCampaign: " + Describe(status));
  std::string error =
      ParallelFor(static_cast<int>(units.size()), threads, [&](int i) -> std::string {
        const UnitInfo& unit = units[i];
        auto s = cv1::CampaignService::NewStub(channel);
        const uint64_t r = Mix(HashOf(unit.code + "|activity"));
        cv1::RecordActivityRequest record;
        record.set_parent(created.name());
        record.set_request_id(absl::StrCat("bench-activity-", year, "-", unit.code));
        cv1::Activity* a = record.mutable_activity();
        a->set_organiser(unit.agency);
        a->set_unit(absl::StrCat("units/", unit.code));
        a->set_type(unit.is_province ? cv1::ACTIVITY_TYPE_FORUM
                                     : cv1::ACTIVITY_TYPE_GRASSROOTS_EVENT);
        a->set_title(absl::StrCat("Truyền thông về bình đẳng giới tại ", unit.name));
        *a->mutable_start_date() = Date(year, 11, 15 + static_cast<int>(r % 10));
        a->mutable_participants()->set_female(20 + static_cast<int64_t>(r % 200));
        a->mutable_participants()->set_male(10 + static_cast<int64_t>((r >> 16) % 150));
        a->set_people_reached(100 + static_cast<int64_t>((r >> 32) % 2000));
        a->set_spend_vnd(1000000 * (1 + static_cast<int64_t>((r >> 8) % 20)));
        cv1::Activity recorded;
        grpc::Status st = WithRetries(
            [&] { return s->RecordActivity(Call(setup.KeyOf(unit)).get(), record, &recorded); });
        if (!st.ok()) return absl::StrCat("RecordActivity ", unit.code, ": ", Describe(st));
        return "";
      });
  if (!error.empty()) return absl::InternalError(error);
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------

int Main(int argc, char** argv) {
  Options options;
  if (!ParseFlags(argc, argv, options)) return 2;
  if (options.build_dir.empty()) {
    const char* env = std::getenv("INTERPLAN_BINARY_DIR");
    options.build_dir = env != nullptr && *env ? env : DefaultBuildDir();
  }
  if (options.source_dir.empty()) {
    const char* env = std::getenv("INTERPLAN_SOURCE_DIR");
    options.source_dir = env != nullptr && *env ? env : INTERPLAN_BENCH_SOURCE_DIR;
  }
  setenv("INTERPLAN_BINARY_DIR", options.build_dir.c_str(), 1);
  setenv("INTERPLAN_SOURCE_DIR", options.source_dir.c_str(), 1);
  const int year = options.years[0];
  const std::string period = absl::StrCat(year);
  const auto bench_start = Clock::now();
  Say(absl::StrFormat("gateway_bench: %d cores, binaries from %s; %s",
                      static_cast<int>(std::thread::hardware_concurrency()), options.build_dir,
                      LoadAverage()));
  CpuMeter meter;
  meter.Watch(getpid());  // and so every child: services, gateways, redis-server

  absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis = testing::RedisServer::Create();
  if (!redis.ok()) {
    std::fprintf(stderr, "redis-server: %s\n", redis.status().ToString().c_str());
    return 1;
  }
  const std::string redis_flag = "--redis_url=" + (*redis)->Url();
  Say(absl::StrFormat("redis-server on port %d", (*redis)->port()));

  NationalDataSet setup;
  DataSetOptions data_set;
  data_set.communes = options.communes;
  data_set.years = options.years;
  data_set.setup_threads = options.setup_threads;
  data_set.service_args = {redis_flag};
  if (absl::Status s = BuildDataSet(data_set, setup); !s.ok()) {
    std::fprintf(stderr, "setup failed: %s\n", s.ToString().c_str());
    return 1;
  }
  ministry_key = setup.ministry_key;
  std::map<std::string, const UnitInfo*> unit_by_agency;
  for (const UnitInfo& u : setup.units) unit_by_agency[u.agency] = &u;

  auto start = Clock::now();
  std::vector<std::string> service_args = setup.ServiceFlags();
  service_args.push_back(absl::StrCat("--plans_addr=", setup.plans->address()));
  service_args.push_back(redis_flag);
  absl::StatusOr<std::unique_ptr<ServiceProcess>> reporting =
      ServiceProcess::Start({.service = "reporting", .extra_args = service_args});
  if (!reporting.ok()) {
    std::fprintf(stderr, "interplan-reporting: %s\n", reporting.status().ToString().c_str());
    return 1;
  }
  absl::StatusOr<std::unique_ptr<ServiceProcess>> campaigns =
      ServiceProcess::Start({.service = "campaigns", .extra_args = service_args});
  if (!campaigns.ok()) {
    std::fprintf(stderr, "interplan-campaigns: %s\n", campaigns.status().ToString().c_str());
    return 1;
  }
  auto reporting_stub = rv1::ReportingService::NewStub(OwnChannel((*reporting)->address()));
  const int expected_obligations = setup.plans_created * 2;
  std::vector<rv1::Obligation> obligations;
  while (true) {
    absl::StatusOr<std::vector<rv1::Obligation>> all =
        AllObligations(*reporting_stub, ministry_key);
    if (!all.ok()) {
      std::fprintf(stderr, "%s\n", all.status().ToString().c_str());
      return 1;
    }
    obligations.clear();
    for (rv1::Obligation& o : *all) {
      if (absl::StartsWith(o.plan(), "plans/bench-")) obligations.push_back(std::move(o));
    }
    if (static_cast<int>(obligations.size()) >= expected_obligations) break;
    if (MillisSince(start) > 30 * 60 * 1000) {
      std::fprintf(stderr, "obligations did not appear within 30 minutes\n");
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  Say(absl::StrFormat(
      "setup: interplan-reporting follows all %d plans (%d obligations) after %.1f s; "
      "interplan-campaigns up",
      setup.plans_created, static_cast<int>(obligations.size()), MillisSince(start) / 1000));

  absl::StatusOr<std::vector<BenchIndicator>> picked =
      PickIndicators(*reporting_stub, ministry_key);
  if (!picked.ok()) {
    std::fprintf(stderr, "%s\n", picked.status().ToString().c_str());
    return 1;
  }
  const std::vector<BenchIndicator> indicators = *picked;
  // The key indicators the overview shows that the data set carries.
  std::vector<const BenchIndicator*> shown;
  for (const BenchIndicator& i : indicators) {
    for (const char* code : kKeyIndicators) {
      if (i.name == absl::StrCat("indicators/", code)) shown.push_back(&i);
    }
  }
  const std::string tracked = shown.empty() ? "" : shown[0]->name;
  {
    std::vector<std::string> names;
    for (const BenchIndicator* i : shown) names.push_back(i->name.substr(11));
    Say(absl::StrFormat(
        "the overview's %d key indicators (gateway default) include %d of the data set's 20: %s",
        static_cast<int>(std::size(kKeyIndicators)), static_cast<int>(shown.size()),
        absl::StrJoin(names, ", ")));
  }

  // The reports, in obligation order; some annual reports of the
  // overview's year are kept back for the freshness runs.
  std::sort(obligations.begin(), obligations.end(),
            [](const rv1::Obligation& a, const rv1::Obligation& b) {
              return a.plan() + a.period() < b.plan() + b.period();
            });
  const absl::Time now = absl::Now();
  std::vector<ReportJob> jobs;
  std::vector<int> annual;  // indexes of the overview year's annual reports
  for (const rv1::Obligation& o : obligations) {
    jobs.push_back(MakeReportJob(o, *unit_by_agency.at(o.agency()), indicators, options.sex, now));
    jobs.back().request.set_request_id(absl::StrCat("gateway-bench-submit-", o.name().substr(12)));
    if (o.period() == period) annual.push_back(static_cast<int>(jobs.size()) - 1);
  }
  const int reserved_count =
      std::min(2 * options.freshness_samples, static_cast<int>(annual.size()));
  std::vector<bool> reserved(jobs.size(), false);
  std::vector<ReportJob*> freshness_jobs;
  for (int k = 0; k < reserved_count; ++k) {
    const int index =
        annual[static_cast<size_t>(static_cast<double>(k) * annual.size() / reserved_count)];
    reserved[index] = true;
    freshness_jobs.push_back(&jobs[index]);
  }
  std::vector<int> to_load;
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (!reserved[i]) to_load.push_back(static_cast<int>(i));
  }

  {
    std::vector<ReportJob*> load;
    for (int i : to_load) load.push_back(&jobs[i]);
    absl::StatusOr<LoadTimes> loaded =
        LoadReports((*reporting)->address(), setup, "gateway-bench", load, options.setup_threads,
                    options.accept_threads);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str());
      return 1;
    }
    Say(absl::StrFormat(
        "setup: %d reports of %d IndicatorValues submitted in %.1f s (%d threads) and accepted "
        "in %.1f s (%d threads); %d annual %d reports kept back for freshness",
        static_cast<int>(to_load.size()), jobs.empty() ? 0 : jobs[0].request.report().values_size(),
        loaded->submit_seconds, options.setup_threads, loaded->accept_seconds,
        options.accept_threads, reserved_count, year));
  }
  // The gateways.
  std::vector<std::string> gateway_args = setup.ServiceFlags();
  gateway_args.push_back(absl::StrCat("--plans_addr=", setup.plans->address()));
  gateway_args.push_back(absl::StrCat("--reporting_addr=", (*reporting)->address()));
  gateway_args.push_back(absl::StrCat("--campaigns_addr=", (*campaigns)->address()));
  // Echo, the baseline, is served only when asked for.
  gateway_args.push_back("--bench_service");
  std::vector<std::string> cached_args = gateway_args;
  cached_args.push_back(redis_flag);
  absl::StatusOr<std::unique_ptr<GatewayProcess>> cached =
      GatewayProcess::Start("cached", cached_args);
  if (!cached.ok()) {
    std::fprintf(stderr, "interplan-gateway: %s\n", cached.status().ToString().c_str());
    return 1;
  }
  absl::StatusOr<std::unique_ptr<GatewayProcess>> uncached =
      GatewayProcess::Start("uncached", gateway_args);
  if (!uncached.ok()) {
    std::fprintf(stderr, "interplan-gateway: %s\n", uncached.status().ToString().c_str());
    return 1;
  }
  ProcessClock clock;
  clock.Add("gateway", (*cached)->pid());
  clock.Add("uncached-gateway", (*uncached)->pid());
  clock.Add("redis", FindChildNamed("redis-server"));
  clock.Add("reporting", (*reporting)->process().pid());
  clock.Add("plans", setup.plans->process().pid());
  clock.Add("agencies", setup.agencies->process().pid());
  clock.Add("campaigns", (*campaigns)->process().pid());
  clock.Add("bench", getpid());
  Say(absl::StrFormat(
      "gateways up: cached %s (Redis; pid %d), uncached %s (no Redis; pid %d); pids: reporting "
      "%d, plans %d, agencies %d, campaigns %d; %s",
      (*cached)->address(), (*cached)->pid(), (*uncached)->address(), (*uncached)->pid(),
      (*reporting)->process().pid(), setup.plans->process().pid(), setup.agencies->process().pid(),
      (*campaigns)->process().pid(), LoadAverage()));

  // A year without its Action Month: what the overview does then.
  std::string no_campaign_note;
  {
    auto stub = gv1::MinistryService::NewStub(OwnChannel((*cached)->address()));
    gv1::Overview a, b;
    grpc::Status s1 = GetOverview(*stub, year, &a);
    grpc::Status s2 = GetOverview(*stub, year, &b);
    no_campaign_note = absl::StrFormat(
        "before the campaign exists: %s / %s; complete %d, second call from_cache %d; %s",
        s1.ok() ? "OK" : Describe(s1), s2.ok() ? "OK" : Describe(s2), Complete(b), b.from_cache(),
        Complete(b) ? "" : MissingSections(b));
    Say("overview " + no_campaign_note);
  }
  start = Clock::now();
  if (absl::Status s = CreateCampaign((*campaigns)->address(), setup, year, options.setup_threads);
      !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  Say(
      absl::StrFormat("setup: the %d Action Month (national) and %d activities, one per unit, "
                      "in %.1f s",
                      year, static_cast<int>(setup.units.size()), MillisSince(start) / 1000));

  // Check the view before timing it.
  auto cached_stub = gv1::MinistryService::NewStub(OwnChannel((*cached)->address()));
  auto uncached_stub = gv1::MinistryService::NewStub(OwnChannel((*uncached)->address()));
  bool checks_ok = true;
  std::vector<std::string> check_notes;
  size_t overview_bytes = 0;
  {
    gv1::Overview first, second, direct;
    grpc::Status s1 = GetOverview(*cached_stub, year, &first);
    grpc::Status s2 = GetOverview(*cached_stub, year, &second);
    grpc::Status s3 = GetOverview(*uncached_stub, year, &direct);
    if (!s1.ok() || !s2.ok() || !s3.ok()) {
      std::fprintf(stderr, "GetNationalOverview: %s / %s / %s\n", Describe(s1).c_str(),
                   Describe(s2).c_str(), Describe(s3).c_str());
      return 1;
    }
    overview_bytes = second.ByteSizeLong();
    if (!options.perf_dir.empty()) {
      std::filesystem::create_directories(options.perf_dir);
      std::ofstream(options.perf_dir + "/overview.txt") << second.DebugString();
    }
    auto check = [&](bool ok, const std::string& what) {
      if (!ok) checks_ok = false;
      check_notes.push_back(absl::StrCat(ok ? "ok: " : "FAILED: ", what));
    };
    check(Complete(first) && Complete(direct),
          absl::StrCat("every section available",
                       Complete(first) ? "" : " (cached: " + MissingSections(first) + ")",
                       Complete(direct) ? "" : " (uncached: " + MissingSections(direct) + ")"));
    check(!first.from_cache() && second.from_cache() && !direct.from_cache(),
          absl::StrFormat("from_cache: first %d, second %d, uncached gateway %d",
                          first.from_cache(), second.from_cache(), direct.from_cache()));
    check(second.rows_size() == setup.provinces,
          absl::StrFormat("%d province rows", second.rows_size()));
    for (const std::string& p : {absl::StrCat(year, "-H1"), period}) {
      int expected = 0, submitted = 0;
      for (size_t i = 0; i < jobs.size(); ++i) {
        if (jobs[i].request.report().period() != p) continue;
        ++expected;
        if (!reserved[i]) ++submitted;
      }
      const gv1::ComplianceFigures* c = ComplianceOf(second.totals(), p);
      check(c != nullptr && c->expected() == expected && c->submitted() == submitted &&
                c->accepted() == submitted,
            absl::StrFormat("compliance %s: expected %d submitted %d accepted %d (sent %d, "
                            "submitted and accepted %d)",
                            p, c ? c->expected() : -1, c ? c->submitted() : -1,
                            c ? c->accepted() : -1, expected, submitted));
    }
    std::vector<ReportJob> loaded;
    for (size_t i = 0; i < jobs.size(); ++i) {
      if (!reserved[i]) loaded.push_back(jobs[i]);
    }
    for (const BenchIndicator* i : shown) {
      const CategorySums sums = ExpectedNational(loaded, i->name, period);
      const gv1::IndicatorFigures* f = FiguresOf(second.totals(), i->name);
      auto total = sums.find("");
      const bool ok = f != nullptr && total != sums.end() && f->has_value() &&
                      std::fabs(f->numerator() - total->second.numerator) <
                          1e-6 * (1 + total->second.numerator) &&
                      std::fabs(f->denominator() - total->second.denominator) <
                          1e-6 * (1 + total->second.denominator);
      check(ok, absl::StrFormat("%s national numerator/denominator %.0f/%.0f (sent %.0f/%.0f)",
                                i->name, f ? f->numerator() : -1, f ? f->denominator() : -1,
                                total != sums.end() ? total->second.numerator : -1,
                                total != sums.end() ? total->second.denominator : -1));
    }
    Say(absl::StrFormat("the national overview (%d): %d bytes, %d rows; checks:", year,
                        static_cast<int>(overview_bytes), second.rows_size()));
    for (const std::string& note : check_notes) Say("  " + note);
  }

  // Every phase whose calls failed, named at the end: the run then exits 1
  // instead of leaving figures of errors.
  std::vector<std::string> failed_phases;
  auto note_failures = [&failed_phases](const LoadResult& r) {
    if (r.failures > 0) {
      failed_phases.push_back(absl::StrFormat("%s x%d: %d calls failed (%s)", r.label, r.threads,
                                              r.failures, r.first_error));
    }
  };

  // 1. Cached overview against Echo, alternating, at --threads.
  // The throughput runs take every reply as bytes (RawCall), Echo and the
  // overview alike; the overview's from_cache flag is read from them. One
  // more run parses each overview, as a client using the generated stub
  // would.
  const LoadCall echo = [](LoadConnection& connection, bool* from_cache) {
    gv1::EchoRequest request;
    request.set_text("ping");
    grpc::ByteBuffer reply;
    *from_cache = false;
    return RawCall(*connection.channel, "/interplan.gateway.v1.BenchService/Echo", request, &reply);
  };
  const LoadCall overview_call = [year](LoadConnection& connection, bool* from_cache) {
    gv1::GetNationalOverviewRequest request;
    request.set_year(year);
    grpc::ByteBuffer reply;
    grpc::Status status =
        RawCall(*connection.channel, "/interplan.gateway.v1.MinistryService/GetNationalOverview",
                request, &reply);
    *from_cache = status.ok() && FromCacheFlag(reply);
    return status;
  };
  // Views answered with a section missing (a service late past the
  // gateway's --max_view_time), counted across a run.
  std::atomic<int64_t> partial_views{0};
  const LoadCall overview_parsed = [year, &partial_views](LoadConnection& connection,
                                                          bool* from_cache) {
    gv1::Overview overview;
    grpc::Status status = GetOverview(*connection.stub, year, &overview, absl::Seconds(10));
    *from_cache = overview.from_cache();
    if (status.ok() && !Complete(overview)) partial_views++;
    return status;
  };
  auto say_partial = [&partial_views] {
    if (const int64_t n = partial_views.exchange(0); n > 0) {
      Say(absl::StrFormat("    %d views answered with a section missing", n));
    }
  };
  std::vector<LoadResult> echo_runs, cached_runs;
  Say(absl::StrFormat("cached overview vs Echo: %d rounds of %.0f s each, %d client threads (%s)",
                      options.rounds, options.seconds, options.threads, LoadAverage()));
  for (int round = 0; round < options.rounds; ++round) {
    echo_runs.push_back(RunLoad("Echo", (*cached)->address(), options.threads, options.seconds,
                                echo, meter, clock));
    Say("  " + DescribeLoad(echo_runs.back()));
    note_failures(echo_runs.back());
    Say("    " + echo_runs.back().cpu + "; " + echo_runs.back().cpu_by_process);
    {
      PerfRecording perf(round == 0 ? options.perf_dir : "", "gateway-cached", (*cached)->pid(),
                         options.seconds);
      cached_runs.push_back(RunLoad("GetNationalOverview cached", (*cached)->address(),
                                    options.threads, options.seconds, overview_call, meter, clock));
    }
    note_failures(cached_runs.back());
    Say("  " + DescribeLoad(cached_runs.back()) +
        absl::StrFormat("; %d of %d from the cache", cached_runs.back().from_cache,
                        cached_runs.back().calls));
    Say("    " + cached_runs.back().cpu + "; " + cached_runs.back().cpu_by_process);
    say_partial();
  }
  // The same, with the client parsing each view.
  LoadResult cached_parsed_run =
      RunLoad("GetNationalOverview cached, parsed", (*cached)->address(), options.threads,
              options.seconds, overview_parsed, meter, clock);
  note_failures(cached_parsed_run);
  Say("  " + DescribeLoad(cached_parsed_run) +
      absl::StrFormat("; %d of %d from the cache", cached_parsed_run.from_cache,
                      cached_parsed_run.calls));
  Say("    " + cached_parsed_run.cpu + "; " + cached_parsed_run.cpu_by_process);
  say_partial();
  // Echo with a payload the size of the overview: what moving the bytes
  // alone costs.
  const std::string payload(overview_bytes, 'x');
  const LoadCall echo_big = [&payload](LoadConnection& connection, bool* from_cache) {
    gv1::EchoRequest request;
    request.set_text(payload);
    grpc::ByteBuffer reply;
    *from_cache = false;
    return RawCall(*connection.channel, "/interplan.gateway.v1.BenchService/Echo", request, &reply);
  };
  LoadResult echo_big_run =
      RunLoad(absl::StrFormat("Echo, %d-byte text", static_cast<int>(overview_bytes)),
              (*cached)->address(), options.threads, options.seconds, echo_big, meter, clock);
  note_failures(echo_big_run);
  Say("  " + DescribeLoad(echo_big_run));
  Say("    " + echo_big_run.cpu + "; " + echo_big_run.cpu_by_process);

  // What a hit does besides gRPC: the Redis round trips (MGET of the
  // version counters, GET of the view) and the protobuf work.
  Say("a cache hit, piece by piece (from this process):");
  std::string codec_lines;
  double redis_qps = 0;
  Latencies redis_latency;
  {
    gv1::Overview overview;
    if (!GetOverview(*cached_stub, year, &overview).ok()) return 1;
    overview.clear_from_cache();
    const CodecCost as_is = MeasureCodec(overview, 1);
    const CodecCost ascii = MeasureCodec(AsciiNames(overview), 1);
    const CodecCost once = MeasureCodec(NamesOnce(overview), 1);
    codec_lines = absl::StrFormat(
        "protobuf, one thread: the overview (%d bytes) parses in %.0f us and serialises in %.0f "
        "us; with its display names in ASCII of the same length: %.0f / %.0f us; with the "
        "indicator names once (totals row only, %d bytes): %.0f / %.0f us",
        static_cast<int>(as_is.bytes), as_is.parse_us, as_is.serialize_us, ascii.parse_us,
        ascii.serialize_us, static_cast<int>(once.bytes), once.parse_us, once.serialize_us);
    Say("  " + codec_lines);
    absl::StatusOr<std::unique_ptr<cache::RedisClient>> client =
        cache::RedisClient::Create((*redis)->Url());
    if (client.ok()) {
      const std::string value = overview.SerializeAsString();
      (*client)->Set("gateway-bench:overview", value, absl::Minutes(10)).IgnoreError();
      const std::vector<std::string> keys = {
          "interplan:version:epoch", "interplan:version:agencies", "interplan:version:plans",
          "interplan:version:reporting", "interplan:version:campaigns"};
      std::atomic<int64_t> calls{0};
      std::vector<Latencies> per_thread(options.threads);
      const auto start = Clock::now();
      const auto end = start + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(options.seconds));
      std::vector<std::thread> pool;
      for (int t = 0; t < options.threads; ++t) {
        pool.emplace_back([&, t] {
          while (Clock::now() < end) {
            const auto begin = Clock::now();
            if (!(*client)->MGet(keys).ok()) continue;
            absl::StatusOr<std::optional<std::string>> got =
                (*client)->Get("gateway-bench:overview");
            if (!got.ok() || !got->has_value()) continue;
            per_thread[t].ms.push_back(MillisSince(begin));
            calls++;
          }
        });
      }
      for (std::thread& thread : pool) thread.join();
      redis_qps = calls.load() / (MillisSince(start) / 1000);
      for (const Latencies& l : per_thread) {
        redis_latency.ms.insert(redis_latency.ms.end(), l.ms.begin(), l.ms.end());
      }
      redis_latency.Sort();
      Say(absl::StrFormat(
          "  Redis alone, x%d through the gateway's RedisClient (pool of 8): MGET of the 5 "
          "counters + GET of the %d-byte view: %.0f/s, %s",
          options.threads, static_cast<int>(value.size()), redis_qps, redis_latency.Summary()));
    }
  }

  // 2. Uncached: the gateway without Redis builds every view.
  std::map<std::string, std::unique_ptr<LogCursor>> logs;
  logs["reporting"] = std::make_unique<LogCursor>((*reporting)->data_dir() + "/reporting.log");
  logs["plans"] = std::make_unique<LogCursor>(setup.plans->data_dir() + "/plans.log");
  logs["agencies"] = std::make_unique<LogCursor>(setup.agencies->data_dir() + "/agencies.log");
  logs["campaigns"] = std::make_unique<LogCursor>((*campaigns)->data_dir() + "/campaigns.log");
  logs["gateway"] = std::make_unique<LogCursor>((*uncached)->log_path());
  Say(absl::StrFormat("uncached overview (gateway without Redis), %.0f s each (%s)",
                      options.seconds, LoadAverage()));
  for (auto& [name, cursor] : logs) cursor->Mark();
  ProcessClock uncached_clock;
  uncached_clock.Add("gateway", (*uncached)->pid());
  for (const auto& [name, pid] :
       std::vector<std::pair<std::string, pid_t>>{{"reporting", (*reporting)->process().pid()},
                                                  {"plans", setup.plans->process().pid()},
                                                  {"agencies", setup.agencies->process().pid()},
                                                  {"campaigns", (*campaigns)->process().pid()},
                                                  {"bench", getpid()}}) {
    uncached_clock.Add(name, pid);
  }
  LoadResult uncached_one;
  {
    PerfRecording perf(options.perf_dir, "uncached", (*uncached)->pid(), options.seconds);
    uncached_one = RunLoad("GetNationalOverview uncached", (*uncached)->address(), 1,
                           options.seconds, overview_parsed, meter, uncached_clock);
  }
  note_failures(uncached_one);
  Say("  " + DescribeLoad(uncached_one));
  Say("    " + uncached_one.cpu + "; " + uncached_one.cpu_by_process);
  say_partial();
  std::map<std::string, std::map<std::string, Latencies>> server_times;
  for (auto& [name, cursor] : logs) server_times[name] = cursor->Since();
  for (auto& [name, cursor] : logs) cursor->Mark();
  LoadResult uncached_many =
      RunLoad("GetNationalOverview uncached", (*uncached)->address(), options.threads,
              options.seconds, overview_parsed, meter, uncached_clock);
  note_failures(uncached_many);
  Say("  " + DescribeLoad(uncached_many));
  Say("    " + uncached_many.cpu + "; " + uncached_many.cpu_by_process);
  say_partial();
  std::map<std::string, std::map<std::string, Latencies>> server_times_many;
  for (auto& [name, cursor] : logs) server_times_many[name] = cursor->Since();

  // 3. Where an uncached view's time goes.
  Say("breakdown of one uncached view: the services' own durations (call logs) at "
      "concurrency 1 / at concurrency " +
      absl::StrCat(options.threads) + ", per call, p50 / p99 ms:");
  for (const auto& [service, methods] : server_times) {
    for (const auto& [method, l] : methods) {
      if (method == "Check") continue;
      const Latencies& many = server_times_many[service][method];
      Say(absl::StrFormat("  %-10s %-22s n=%-6d %7.2f / %7.2f      n=%-6d %7.2f / %7.2f", service,
                          method, static_cast<int>(l.ms.size()), l.At(0.5), l.At(0.99),
                          static_cast<int>(many.ms.size()), many.At(0.5), many.At(0.99)));
    }
  }
  Backends backends{av1::UnitService::NewStub(OwnChannel(setup.agencies->address())),
                    pv1::PlanService::NewStub(OwnChannel(setup.plans->address())),
                    rv1::ReportingService::NewStub(OwnChannel((*reporting)->address())),
                    cv1::CampaignService::NewStub(OwnChannel((*campaigns)->address()))};
  FanoutState state;
  std::vector<FanoutCall> fanout = OverviewFanout(backends, state, year);
  const double each_seconds = std::max(0.2, options.seconds / 5);
  Say(absl::StrFormat("breakdown: each call of the fan-out made directly, alone, for %.1f s:",
                      each_seconds));
  std::vector<std::pair<std::string, Latencies>> alone;
  double sum_p50 = 0;
  const pid_t reporting_pid = (*reporting)->process().pid();
  for (FanoutCall& call : fanout) {
    int failures = 0;
    size_t bytes = 0;
    const ProcIo io_before = ReadProcIo(reporting_pid);
    std::optional<PerfRecording> perf;
    if (absl::StrContains(call.what, "GetCompliance " + period)) {
      perf.emplace(options.perf_dir, "compliance", reporting_pid, each_seconds, true);
    }
    Latencies l = TimeLoop(
        each_seconds,
        [&] {
          grpc::ClientContext context;
          context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
          testing::PresentKey(context, ministry_key);
          return call.sync(&context, &bytes).ok();
        },
        &failures);
    perf.reset();
    const ProcIo io_after = ReadProcIo(reporting_pid);
    sum_p50 += l.At(0.5);
    std::string io_text;
    if (absl::StartsWith(call.what, "reporting") && !l.ms.empty()) {
      const double n = static_cast<double>(l.ms.size());
      io_text = absl::StrFormat(
          "; interplan-reporting per call: %.0f write syscalls, %.0f KB written (files and "
          "sockets), %.0f KB to storage, %.0f KB read",
          (io_after.syscw - io_before.syscw) / n, (io_after.wchar - io_before.wchar) / n / 1024,
          (io_after.write_bytes - io_before.write_bytes) / n / 1024,
          (io_after.rchar - io_before.rchar) / n / 1024);
    }
    Say(absl::StrFormat("  %-40s %s  response %d bytes%s%s", call.what, l.Summary(),
                        static_cast<int>(bytes),
                        failures > 0 ? absl::StrCat(" (", failures, " FAILED)") : "", io_text));
    if (failures > 0) {
      failed_phases.push_back(absl::StrFormat("%s: %d calls failed", call.what, failures));
    }
    alone.push_back({call.what, std::move(l)});
  }
  int fanout_failures = 0;
  Latencies all_at_once = TimeLoop(
      options.seconds, [&] { return RunFanoutOnce(fanout); }, &fanout_failures);
  if (fanout_failures > 0) {
    failed_phases.push_back(absl::StrFormat("the fan-out all at once: %d failed", fanout_failures));
  }
  Say(absl::StrFormat("  sum of the p50s, one after another: %.2f ms", sum_p50));
  Say(
      absl::StrFormat("  all %d at once from here (the gateway's fan-out, without the gateway): "
                      "%s%s",
                      static_cast<int>(fanout.size()), all_at_once.Summary(),
                      fanout_failures > 0 ? absl::StrCat(" (", fanout_failures, " FAILED)") : ""));

  // 4. Freshness.
  const int half = static_cast<int>(freshness_jobs.size()) / 2;
  std::vector<ReportJob*> quiet_jobs(freshness_jobs.begin(), freshness_jobs.begin() + half);
  std::vector<ReportJob*> loaded_jobs(freshness_jobs.begin() + half, freshness_jobs.end());
  Say(absl::StrFormat("freshness: %d reports, one poller on the cached gateway (%s)",
                      static_cast<int>(quiet_jobs.size()), LoadAverage()));
  // The services' own durations during each run: the calls of the
  // views' builds and of the writes (the gateway's log is the uncached
  // one's). A call made once per build (ListUnits) counts the builds: one
  // per write when concurrent readers share the build of a new version.
  auto mark_services = [&] {
    for (auto& [name, cursor] : logs) {
      if (name != "gateway") cursor->Mark();
    }
  };
  auto services_since = [&] {
    std::map<std::string, std::map<std::string, Latencies>> times;
    for (auto& [name, cursor] : logs) {
      if (name != "gateway") times[name] = cursor->Since();
    }
    return times;
  };
  mark_services();
  FreshnessResult quiet = RunFreshness("quiet", (*cached)->address(), (*reporting)->address(), year,
                                       tracked, quiet_jobs, 0, meter, setup);
  const auto quiet_times = services_since();
  mark_services();
  Say(absl::StrFormat(
      "freshness: %d reports, one poller while %d readers load the cached gateway (%s)",
      static_cast<int>(loaded_jobs.size()), options.threads, LoadAverage()));
  FreshnessResult busy = RunFreshness(absl::StrFormat("%d readers", options.threads),
                                      (*cached)->address(), (*reporting)->address(), year, tracked,
                                      loaded_jobs, options.threads, meter, setup);
  const auto busy_times = services_since();
  for (const FreshnessResult* f : {&quiet, &busy}) {
    Say(absl::StrFormat("  [%s] SubmitReport ack: %s", f->label, f->submit_ack.Summary()));
    Say(absl::StrFormat("  [%s] ack -> overview counts it submitted: %s", f->label,
                        f->submit_visible.Summary()));
    Say(absl::StrFormat("  [%s] AcceptReport ack: %s", f->label, f->accept_ack.Summary()));
    Say(absl::StrFormat("  [%s] ack -> overview counts it accepted, %s moved: %s", f->label,
                        tracked.empty() ? "-" : tracked.substr(11), f->accept_visible.Summary()));
    Say(absl::StrFormat("  [%s] the poll that first showed the write (a cache miss): %s", f->label,
                        f->miss_poll.Summary()));
    Say(absl::StrFormat(
        "  [%s] %d of %d writes seen by the first poll; %d polls; %d not seen "
        "within 10 s%s; %s",
        f->label, f->first_poll_saw_it, 2 * f->samples, f->polls, f->timeouts,
        f->background_calls > 0 ? absl::StrFormat("; readers made %.0f calls/s",
                                                  f->background_calls / f->background_seconds)
                                : "",
        f->cpu));
    if (f->partial_polls > 0) {
      Say(absl::StrFormat("  [%s] %d polls answered with a section missing, e.g. %s", f->label,
                          f->partial_polls, f->partial_reason));
    }
    if (!f->error.empty()) Say(absl::StrFormat("  [%s] ERROR: %s", f->label, f->error));
  }
  Say(absl::StrFormat(
      "freshness: the services' own durations (call logs), quiet / with %d readers, per call, "
      "p50 / p99 / max ms:",
      options.threads));
  for (const auto& [service, methods] : busy_times) {
    for (const auto& [method, l] : methods) {
      if (method == "Check") continue;
      Latencies q;
      if (auto it = quiet_times.find(service); it != quiet_times.end()) {
        if (auto m = it->second.find(method); m != it->second.end()) q = m->second;
      }
      Say(absl::StrFormat(
          "  %-10s %-22s n=%-5d %6.2f / %6.2f / %6.2f    n=%-5d %6.2f / %6.2f / %6.2f", service,
          method, static_cast<int>(q.ms.size()), q.At(0.5), q.At(0.99), q.At(1.0),
          static_cast<int>(l.ms.size()), l.At(0.5), l.At(0.99), l.At(1.0)));
    }
  }

  // The summary.
  auto mean_qps = [](const std::vector<LoadResult>& runs) {
    double sum = 0;
    for (const LoadResult& r : runs) sum += r.qps;
    return runs.empty() ? 0 : sum / runs.size();
  };
  Latencies echo_all, cached_all;
  for (const LoadResult& r : echo_runs) {
    echo_all.ms.insert(echo_all.ms.end(), r.latency.ms.begin(), r.latency.ms.end());
  }
  for (const LoadResult& r : cached_runs) {
    cached_all.ms.insert(cached_all.ms.end(), r.latency.ms.begin(), r.latency.ms.end());
  }
  echo_all.Sort();
  cached_all.Sort();
  const double echo_qps = mean_qps(echo_runs);
  const double cached_qps = mean_qps(cached_runs);
  Say("");
  Say(absl::StrFormat(
      "== summary: %d provinces + %d communes, %d plans (%s), %d reports (%d kept back), "
      "SQLite, redis-server; %s ==",
      setup.provinces, setup.communes, setup.plans_created, absl::StrJoin(options.years, ", "),
      static_cast<int>(jobs.size()), reserved_count, LoadAverage()));
  Say(absl::StrFormat("overview %d bytes; checks %s", static_cast<int>(overview_bytes),
                      checks_ok ? "passed" : "FAILED"));
  Say("overview " + no_campaign_note);
  Say(absl::StrFormat("Echo x%d:                        %7.0f calls/s  p50 %6.2f ms  p99 %6.2f ms",
                      options.threads, echo_qps, echo_all.At(0.5), echo_all.At(0.99)));
  Say(absl::StrFormat(
      "GetNationalOverview cached x%d:  %7.0f calls/s  p50 %6.2f ms  p99 %6.2f ms  = %.0f%% of "
      "Echo (goal >= 85%%: %s)",
      options.threads, cached_qps, cached_all.At(0.5), cached_all.At(0.99),
      echo_qps > 0 ? 100 * cached_qps / echo_qps : 0,
      echo_qps > 0 && cached_qps >= 0.85 * echo_qps ? "met" : "NOT met"));
  Say(absl::StrFormat(
      "GetNationalOverview cached x%d, client parsing each view: %7.0f calls/s  p50 %6.2f ms  "
      "p99 %6.2f ms  = %.0f%% of Echo",
      options.threads, cached_parsed_run.qps, cached_parsed_run.latency.At(0.5),
      cached_parsed_run.latency.At(0.99),
      echo_qps > 0 ? 100 * cached_parsed_run.qps / echo_qps : 0));
  Say(absl::StrFormat(
      "Echo x%d with the overview's size:  %7.0f calls/s  p50 %6.2f ms  p99 %6.2f ms",
      options.threads, echo_big_run.qps, echo_big_run.latency.At(0.5),
      echo_big_run.latency.At(0.99)));
  Say(absl::StrFormat(
      "Redis alone (MGET + GET of the view) x%d: %7.0f/s  p50 %6.2f ms  p99 %6.2f ms",
      options.threads, redis_qps, redis_latency.At(0.5), redis_latency.At(0.99)));
  Say(codec_lines);
  Say(absl::StrFormat(
      "GetNationalOverview uncached x1: %7.0f calls/s  p50 %6.2f ms  p99 %6.2f ms  (goal p99 <= "
      "20 ms: %s)",
      uncached_one.qps, uncached_one.latency.At(0.5), uncached_one.latency.At(0.99),
      uncached_one.latency.At(0.99) <= 20 ? "met" : "NOT met"));
  Say(absl::StrFormat(
      "GetNationalOverview uncached x%d: %6.0f calls/s  p50 %6.2f ms  p99 %6.2f ms  (%s)",
      options.threads, uncached_many.qps, uncached_many.latency.At(0.5),
      uncached_many.latency.At(0.99),
      uncached_many.latency.At(0.99) < 50 ? "under 50 ms" : "over 50 ms"));
  Say(absl::StrFormat("fan-out from here, all at once: p50 %.2f ms  p99 %.2f ms",
                      all_at_once.At(0.5), all_at_once.At(0.99)));
  for (const FreshnessResult* f : {&quiet, &busy}) {
    Say(absl::StrFormat(
        "freshness [%s]: submit -> view p50 %.2f ms p99 %.2f ms; accept -> view p50 %.2f ms p99 "
        "%.2f ms (goal p99 <= 50 ms: %s)",
        f->label, f->submit_visible.At(0.5), f->submit_visible.At(0.99), f->accept_visible.At(0.5),
        f->accept_visible.At(0.99),
        f->timeouts == 0 && f->submit_visible.At(0.99) <= 50 && f->accept_visible.At(0.99) <= 50
            ? "met"
            : "NOT met"));
  }
  Say(absl::StrFormat("total run time %.0f s", MillisSince(bench_start) / 1000));

  for (auto* g : {cached->get(), uncached->get()}) g->Stop().IgnoreError();
  (*campaigns)->Stop().IgnoreError();
  (*reporting)->Stop().IgnoreError();
  for (const std::string& failed : failed_phases) Say("FAILED: " + failed);
  return checks_ok && quiet.error.empty() && busy.error.empty() && failed_phases.empty() ? 0 : 1;
}

}  // namespace
}  // namespace interplan::bench

int main(int argc, char** argv) { return interplan::bench::Main(argc, argv); }
