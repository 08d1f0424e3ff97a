// The national data set the benchmarks share (reporting_bench,
// gateway_bench), built through the public gRPC APIs of the real binaries
// running as shipped, with authentication on (tests/support/
// secured_agencies.h) and real keys: the operator's for the registry, each
// province's People's Committee's for its units' plans and reports, the
// ministry's for views and national records:
// the 34 provinces and 3,321 communes of the 2025-07 list in force on
// 2026-01-01 (or --communes=N of them), one People's Committee per unit,
// and for every unit and year one issued plan whose reporting schedule has
// the committee report semi-annually (H1) and annually to its parent's
// committee (a province's to the ministry, agencies/moha). Also the 20
// indicators and the deterministic report values (one report per
// obligation), and the small tools the benchmarks time and print with.
#ifndef INTERPLAN_BENCH_NATIONAL_DATASET_H_
#define INTERPLAN_BENCH_NATIONAL_DATASET_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <sys/types.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/type/date.pb.h"
#include "interplan/reporting/v1/reporting.grpc.pb.h"
#include "tests/support/secured_agencies.h"
#include "tests/support/service_process.h"

namespace interplan::bench {

using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------
// Small tools: timing, percentiles, retries, parallel loops, /proc.

double MillisSince(Clock::time_point start);

struct Latencies {
  std::vector<double> ms;
  void Sort() { std::sort(ms.begin(), ms.end()); }
  double At(double p) const {
    if (ms.empty()) return 0;
    size_t index = static_cast<size_t>(p * (ms.size() - 1) + 0.5);
    return ms[std::min(index, ms.size() - 1)];
  }
  std::string Summary() const {
    return absl::StrFormat("p50 %.2f ms  p99 %.2f ms  max %.2f ms  (n=%d)", At(0.5), At(0.99),
                           ms.empty() ? 0.0 : ms.back(), static_cast<int>(ms.size()));
  }
};

// A client context presenting `key` ("authorization: Bearer <key>") with a
// deadline `timeout` from now.
std::unique_ptr<grpc::ClientContext> Call(const std::string& key,
                                          absl::Duration timeout = absl::Seconds(60));

// UNAVAILABLE, ABORTED, DEADLINE_EXCEEDED.
bool Retryable(const grpc::Status& status);

// Calls `call` (an idempotent request: same request_id) until it succeeds,
// fails for good, or has been tried `attempts` times.
grpc::Status WithRetries(const std::function<grpc::Status()>& call, int* retries = nullptr,
                         int attempts = 8);

std::string Describe(const grpc::Status& status);

// Runs fn(i) for every i in [0, n) on `threads` threads; returns the
// first failure message, if any (fn returns "" on success).
std::string ParallelFor(int n, int threads, const std::function<std::string(int)>& fn);

// A channel with a connection of its own (gRPC otherwise shares one
// connection between channels to the same address).
std::shared_ptr<grpc::Channel> OwnChannel(const std::string& address);

// A field of /proc/<pid>/status ("VmRSS" -> "73728 kB"), "?" if absent.
std::string ProcStatusField(pid_t pid, const std::string& field);
double KiBToMiB(const std::string& kib_text);
// utime + stime of a process (clock ticks), and its parent pid.
bool ProcTimes(pid_t pid, int64_t* ticks, pid_t* ppid);

// CPU use while a phase runs: the whole machine's busy time against the
// time of this benchmark's processes (those watched and their children),
// so what other processes took is visible.
struct CpuSample {
  int64_t machine_busy = 0;
  int64_t machine_total = 0;
  int64_t ours = 0;
};

class CpuMeter {
 public:
  void Watch(pid_t pid) { roots_.insert(pid); }
  CpuSample Sample() const;
  static std::string Describe(const CpuSample& a, const CpuSample& b);

 private:
  std::set<pid_t> roots_;
};

std::string LoadAverage();
// "ext4", "tmpfs (...)", ...: what the data folders sit on.
std::string FileSystemOf(const std::string& path);
// Prints a line on stdout, flushed.
void Say(const std::string& line);

// splitmix64: deterministic numbers from a key, so every run and every
// engine get the same data set.
uint64_t Mix(uint64_t x);
uint64_t HashOf(const std::string& s);

google::type::Date Date(int y, int m, int d);

// Runs `once` repeatedly for `seconds` (at least 50 times).
Latencies TimeLoop(double seconds, const std::function<bool()>& once, int* failures);

// <build> when this program is <build>/bench/<name>.
std::string DefaultBuildDir();

// ---------------------------------------------------------------------------
// The data set.

struct UnitInfo {
  std::string code;
  std::string name;
  std::string path;
  std::string province;  // its province's code (itself for a province)
  bool is_province = false;
  std::string agency;         // "agencies/bench-pc-<code>"
  std::string parent_agency;  // whom it reports to
};

struct BenchIndicator {
  std::string name;  // "indicators/..."
  bool ratio = false;
};

// One report to submit: the request and where its values belong.
struct ReportJob {
  reporting::v1::SubmitReportRequest request;
  std::string unit_path;
  std::string province;
  bool province_report = false;  // a province's own: the ministry receives it
  std::string report_name;       // filled by SubmitReport
};

// Next year and the one after: reports for them are never past their entry
// lock, however long after the benchmark was written it runs.
std::vector<int> DefaultBenchYears();

// The flags both benchmarks take: the data set's size and shape, and where
// the binaries are.
struct CommonFlags {
  int communes = 3321;
  std::vector<int> years = DefaultBenchYears();
  int threads = 16;
  int setup_threads = 16;
  int accept_threads = 1;
  bool sex = true;  // female, male and total per indicator
  std::string build_dir;
  std::string source_dir;
};

// Parses `key`=`value` into `flags` when it is one of the common flags:
// nullopt when it is not, else whether the value is good.
std::optional<bool> ParseCommonFlag(absl::string_view key, absl::string_view value,
                                    CommonFlags& flags);

struct DataSetOptions {
  int communes = 3321;
  std::vector<int> years = DefaultBenchYears();
  int setup_threads = 16;
  // More flags for interplan-agencies and interplan-plans (--redis_url=...).
  std::vector<std::string> service_args;
};

struct NationalDataSet {
  NationalDataSet() = default;
  NationalDataSet(const NationalDataSet&) = delete;
  NationalDataSet& operator=(const NationalDataSet&) = delete;
  ~NationalDataSet();

  std::string dir;  // the key files; removed with the data set
  std::unique_ptr<testing::SecuredAgencies> registry;
  testing::ServiceProcess* agencies = nullptr;  // registry's process
  std::unique_ptr<testing::ServiceProcess> plans;
  std::vector<UnitInfo> units;  // provinces first, then communes in path order
  int plans_created = 0;
  int provinces = 0;
  int communes = 0;
  // The ministry's key (agencies/moha): views, the indicator catalogue,
  // national campaigns, and the provinces' reports it receives.
  std::string ministry_key;
  // Each province's People's Committee's key, by province code: its
  // units' plans, reports and activities, and its communes' reports it
  // receives.
  std::map<std::string, std::string> province_keys;

  // The flags a service the benchmark starts needs to run secured against
  // the registry (--auth=on, its service key, --agencies_addr), and
  // without the per-credential rate limit: a handful of keys make every
  // call, and the figures are the service's, not the limiter's.
  std::vector<std::string> ServiceFlags() const;
  // Who submits `job` (its province's key) and who acts on it as its
  // recipient (the province's for a commune's report, the ministry's for
  // a province's).
  const std::string& SubmitterKey(const ReportJob& job) const;
  const std::string& RecipientKey(const ReportJob& job) const;
  const std::string& KeyOf(const UnitInfo& unit) const;
};

// Starts interplan-agencies (reference imported) and interplan-plans in
// temporary folders on free ports, both with authentication on, then
// creates the agencies, the keys and the plans.
absl::Status BuildDataSet(const DataSetOptions& options, NationalDataSet& setup);

// Every obligation, read with `key` (the ministry's: it reads everything).
absl::StatusOr<std::vector<reporting::v1::Obligation>> AllObligations(
    reporting::v1::ReportingService::Stub& stub, const std::string& key);

// 10 counts and 10 percentages disaggregated by sex: the shipped ones
// first (code order), CreateIndicator for the rest.
absl::StatusOr<std::vector<BenchIndicator>> PickIndicators(
    reporting::v1::ReportingService::Stub& stub, const std::string& ministry_key);

// The values one report carries, generated from (unit, period): 20
// indicators x (female, male, total), or the totals only without `sex`.
void FillValues(const std::vector<BenchIndicator>& indicators, const std::string& unit,
                const std::string& period, bool sex, reporting::v1::Report* report);

// The report for obligation `o` of `unit`: one task line, a narrative and
// FillValues' values. A report whose due date (minus five days) is before
// `now` carries submitted_at five days before its due date, like a paper
// report entered later (entry after the lock date is closed).
ReportJob MakeReportJob(const reporting::v1::Obligation& o, const UnitInfo& unit,
                        const std::vector<BenchIndicator>& indicators, bool sex, absl::Time now);

// What LoadReports took.
struct LoadTimes {
  double submit_seconds = 0;
  double accept_seconds = 0;
};

// Submits (`submit_threads`) and then accepts (`accept_threads`) `jobs`
// through `address`, each with the keys of `setup` and a request id made
// from `prefix`, filling each job's report_name. A report refused because
// entry closed (ENTRY_LOCKED) gets an exception from its recipient
// (OpenException) and is submitted again, as a paper report typed in
// late. Not measured: what the benchmarks load before they measure.
absl::StatusOr<LoadTimes> LoadReports(const std::string& address, const NationalDataSet& setup,
                                      const std::string& prefix, std::vector<ReportJob*> jobs,
                                      int submit_threads, int accept_threads);

struct Sums {
  double value = 0, numerator = 0, denominator = 0;
  int64_t count = 0;
};
// category key ("sex=female", "" for the total) -> sums.
using CategorySums = std::map<std::string, Sums>;

std::string CategoryKeyOf(const reporting::v1::IndicatorValue& value);

// The national sums of `indicator` over the reports of `period` in `jobs`.
CategorySums ExpectedNational(const std::vector<ReportJob>& jobs, const std::string& indicator,
                              const std::string& period);

// "" when `rollup` holds `expected`, else what differs.
std::string CompareRollup(const reporting::v1::Rollup& rollup, const CategorySums& expected,
                          bool ratio);

}  // namespace interplan::bench

#endif  // INTERPLAN_BENCH_NATIONAL_DATASET_H_
