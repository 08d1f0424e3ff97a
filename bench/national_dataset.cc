#include "bench/national_dataset.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>
#include <sys/statfs.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "interplan/agencies/v1/agencies.grpc.pb.h"
#include "interplan/agencies/v1/units.grpc.pb.h"
#include "interplan/plans/v1/plans.grpc.pb.h"
#include "tests/support/suite_processes.h"

namespace interplan::bench {

namespace av1 = ::interplan::agencies::v1;
namespace pv1 = ::interplan::plans::v1;
namespace rv1 = ::interplan::reporting::v1;

// ---------------------------------------------------------------------------
// Small tools: timing, percentiles, retries, parallel loops, /proc.

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::unique_ptr<grpc::ClientContext> Call(const std::string& key, absl::Duration timeout) {
  return testing::CallAs(key, timeout);
}

bool Retryable(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::ABORTED ||
         status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
}

// Calls `call` (an idempotent request: same request_id) until it succeeds,
// fails for good, or has been tried `attempts` times.
grpc::Status WithRetries(const std::function<grpc::Status()>& call, int* retries, int attempts) {
  grpc::Status status;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    if (attempt > 0) {
      if (retries != nullptr) ++*retries;
      std::this_thread::sleep_for(std::chrono::milliseconds(20 << std::min(attempt, 6)));
    }
    status = call();
    if (status.ok() || !Retryable(status)) return status;
  }
  return status;
}

std::string Describe(const grpc::Status& status) {
  return absl::StrCat(status.error_code(), " ", status.error_message());
}

// Runs fn(i) for every i in [0, n) on `threads` threads; returns the
// first failure message, if any (fn returns "" on success).
std::string ParallelFor(int n, int threads, const std::function<std::string(int)>& fn) {
  std::atomic<int> next{0};
  std::mutex mu;
  std::string first_error;
  std::atomic<bool> failed{false};
  std::vector<std::thread> pool;
  for (int t = 0; t < std::min(threads, std::max(n, 1)); ++t) {
    pool.emplace_back([&] {
      while (!failed.load()) {
        const int i = next.fetch_add(1);
        if (i >= n) return;
        std::string error = fn(i);
        if (!error.empty()) {
          std::lock_guard<std::mutex> lock(mu);
          if (first_error.empty()) first_error = error;
          failed = true;
        }
      }
    });
  }
  for (std::thread& thread : pool) thread.join();
  return first_error;
}

// A channel with a connection of its own (gRPC otherwise shares one
// connection between channels to the same address).
std::shared_ptr<grpc::Channel> OwnChannel(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  args.SetMaxSendMessageSize(64 << 20);
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

std::string ProcStatusField(pid_t pid, const std::string& field) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    if (absl::StartsWith(line, field + ":")) {
      std::string value = line.substr(field.size() + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      return value;
    }
  }
  return "?";
}

double KiBToMiB(const std::string& kib_text) {
  std::vector<std::string> parts = absl::StrSplit(kib_text, ' ', absl::SkipEmpty());
  double kib = 0;
  if (parts.empty() || !absl::SimpleAtod(parts[0], &kib)) return -1;
  return kib / 1024;
}

bool ProcTimes(pid_t pid, int64_t* ticks, pid_t* ppid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat;
  if (!std::getline(in, stat)) return false;
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return false;
  std::vector<std::string> f = absl::StrSplit(stat.substr(close + 2), ' ');
  // f[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  if (f.size() < 13) return false;
  int64_t utime = 0, stime = 0, parent = 0;
  absl::SimpleAtoi(f[1], &parent);
  absl::SimpleAtoi(f[11], &utime);
  absl::SimpleAtoi(f[12], &stime);
  *ticks = utime + stime;
  *ppid = static_cast<pid_t>(parent);
  return true;
}

CpuSample CpuMeter::Sample() const {
  CpuSample s;
  std::ifstream in("/proc/stat");
  std::string cpu;
  int64_t v[10] = {0};
  in >> cpu;
  for (int i = 0; i < 10 && in >> v[i]; ++i) {
  }
  // user nice system idle iowait irq softirq steal guest guest_nice
  s.machine_busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
  s.machine_total = s.machine_busy + v[3] + v[4];
  std::map<pid_t, std::pair<int64_t, pid_t>> all;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    pid_t pid = 0;
    if (!absl::SimpleAtoi(entry.path().filename().string(), &pid)) continue;
    int64_t ticks = 0;
    pid_t ppid = 0;
    if (ProcTimes(pid, &ticks, &ppid)) all[pid] = {ticks, ppid};
  }
  for (const auto& [pid, info] : all) {
    bool mine = roots_.count(pid) > 0 || roots_.count(info.second) > 0;
    if (mine) s.ours += info.first;
  }
  return s;
}

std::string CpuMeter::Describe(const CpuSample& a, const CpuSample& b) {
  const double total = static_cast<double>(b.machine_total - a.machine_total);
  if (total <= 0) return "cpu: ?";
  const double cpus = std::thread::hardware_concurrency();
  const double busy = 100.0 * (b.machine_busy - a.machine_busy) / total;
  // /proc/stat counts all CPUs; process ticks are CPU time too.
  const double ours = 100.0 * (b.ours - a.ours) / total;
  return absl::StrFormat(
      "cpu: machine %.0f%% busy of %d cores; this benchmark's processes %.0f%%, others %.0f%%",
      busy, static_cast<int>(cpus), ours, std::max(0.0, busy - ours));
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return absl::StrCat("load average ", a, " ", b, " ", c);
}

// How many transactions PostgreSQL refused as serialization failures or

std::string FileSystemOf(const std::string& path) {
  struct statfs fs;
  if (statfs(path.c_str(), &fs) != 0) return "unknown";
  switch (static_cast<unsigned long>(fs.f_type)) {
    case 0xEF53:
      return "ext4";
    case 0x01021994:
      return "tmpfs (fsync is free: the write figures mean nothing)";
    case 0x58465342:
      return "xfs";
    case 0x9123683E:
      return "btrfs";
    case 0x794c7630:
      return "overlayfs";
    default:
      return absl::StrCat("type 0x", absl::Hex(fs.f_type));
  }
}

void Say(const std::string& line) {
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
}

// splitmix64: deterministic numbers from a key, so every run and every
// engine get the same data set.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t HashOf(const std::string& s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return Mix(h);
}

google::type::Date Date(int y, int m, int d) {
  google::type::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

// ---------------------------------------------------------------------------
// The data set.

namespace {

constexpr const char* kSexes[] = {"female", "male", ""};  // "" is the total

}  // namespace

void FillValues(const std::vector<BenchIndicator>& indicators, const std::string& unit,
                const std::string& period, bool sex, rv1::Report* report) {
  for (size_t i = 0; i < indicators.size(); ++i) {
    const uint64_t seed = HashOf(absl::StrCat(unit, "|", period, "|", i));
    // Female and male parts; the total is their sum.
    double part_n[2], part_d[2];
    for (int s = 0; s < 2; ++s) {
      const uint64_t r = Mix(seed + s);
      if (indicators[i].ratio) {
        part_d[s] = 50 + static_cast<double>(r % 951);
        part_n[s] = static_cast<double>((r >> 20) % static_cast<uint64_t>(part_d[s] + 1));
      } else {
        part_n[s] = static_cast<double>(r % 501);
        part_d[s] = 0;
      }
    }
    for (int s = sex ? 0 : 2; s < 3; ++s) {
      const double n = s < 2 ? part_n[s] : part_n[0] + part_n[1];
      const double d = s < 2 ? part_d[s] : part_d[0] + part_d[1];
      rv1::IndicatorValue* value = report->add_values();
      value->set_indicator(indicators[i].name);
      if (kSexes[s][0] != '\0') {
        rv1::Category* category = value->add_categories();
        category->set_dimension(rv1::DISAGGREGATION_SEX);
        category->set_value(kSexes[s]);
      }
      if (indicators[i].ratio) {
        value->set_numerator(n);
        value->set_denominator(d);
        value->set_value(100.0 * n / d);
      } else {
        value->set_value(n);
      }
    }
  }
}

namespace {

absl::Status ListUnitsAt(av1::UnitService::Stub& units, const std::string& key,
                         av1::UnitLevel level, std::vector<av1::Unit>* out) {
  std::string token;
  do {
    av1::ListUnitsRequest request;
    request.set_level(level);
    *request.mutable_as_of() = Date(2026, 1, 1);
    request.set_page_size(1000);
    request.set_page_token(token);
    av1::ListUnitsResponse response;
    grpc::Status status = units.ListUnits(Call(key).get(), request, &response);
    if (!status.ok()) return absl::InternalError("ListUnits: " + Describe(status));
    for (const av1::Unit& unit : response.units()) out->push_back(unit);
    token = response.next_page_token();
  } while (!token.empty());
  return absl::OkStatus();
}

}  // namespace

NationalDataSet::~NationalDataSet() {
  plans.reset();
  registry.reset();
  if (!dir.empty()) testing::RemoveTree(dir);
}

std::vector<std::string> NationalDataSet::ServiceFlags() const {
  std::vector<std::string> flags = registry->ServiceFlags();
  flags.push_back("--rate_limit_per_second=0");
  return flags;
}

const std::string& NationalDataSet::KeyOf(const UnitInfo& unit) const {
  return province_keys.at(unit.province);
}

const std::string& NationalDataSet::SubmitterKey(const ReportJob& job) const {
  return province_keys.at(job.province);
}

const std::string& NationalDataSet::RecipientKey(const ReportJob& job) const {
  return job.province_report ? ministry_key : province_keys.at(job.province);
}

namespace {

// interplan-agencies (reference imported through the client with the
// operator's key) and interplan-plans, both secured.
absl::Status StartRegistryAndPlans(const DataSetOptions& options, NationalDataSet& setup) {
  absl::StatusOr<std::string> dir = testing::MakeTempDir("bench-keys");
  if (!dir.ok()) return dir.status();
  setup.dir = *dir;
  std::vector<std::string> args = options.service_args;
  args.push_back("--rate_limit_per_second=0");
  absl::StatusOr<std::unique_ptr<testing::SecuredAgencies>> registry =
      testing::SecuredAgencies::Start(setup.dir, args);
  if (!registry.ok()) return registry.status();
  setup.registry = std::move(*registry);
  setup.agencies = &setup.registry->process();
  std::vector<std::string> plan_args = setup.ServiceFlags();
  plan_args.insert(plan_args.end(), options.service_args.begin(), options.service_args.end());
  absl::StatusOr<std::unique_ptr<testing::ServiceProcess>> plans =
      testing::ServiceProcess::Start({.service = "plans", .extra_args = plan_args});
  if (!plans.ok()) return plans.status();
  setup.plans = std::move(*plans);
  return absl::OkStatus();
}

// The ministry's key and each province's committee's, made with the
// operator's key once the committees exist.
absl::Status MakeKeys(NationalDataSet& setup) {
  absl::StatusOr<std::string> ministry = setup.registry->KeyFor("moha");
  if (!ministry.ok()) return ministry.status();
  setup.ministry_key = *ministry;
  for (const UnitInfo& unit : setup.units) {
    if (!unit.is_province) continue;
    absl::StatusOr<std::string> key = setup.registry->KeyFor(unit.agency.substr(9));
    if (!key.ok()) return key.status();
    setup.province_keys[unit.code] = *key;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status BuildDataSet(const DataSetOptions& options, NationalDataSet& setup) {
  auto start = Clock::now();
  if (absl::Status started = StartRegistryAndPlans(options, setup); !started.ok()) return started;
  Say(absl::StrFormat(
      "setup: interplan-agencies (reference imported) and interplan-plans up in %.1f s, "
      "authentication on; data in %s on %s",
      MillisSince(start) / 1000, setup.agencies->data_dir(),
      FileSystemOf(setup.agencies->data_dir())));

  // The units of the 2025-07 list, in force in 2026.
  auto unit_stub = av1::UnitService::NewStub(setup.agencies->NewChannel());
  std::vector<av1::Unit> provinces, communes;
  if (absl::Status s = ListUnitsAt(*unit_stub, setup.registry->operator_key(),
                                   av1::UNIT_LEVEL_PROVINCE, &provinces);
      !s.ok())
    return s;
  if (absl::Status s = ListUnitsAt(*unit_stub, setup.registry->operator_key(),
                                   av1::UNIT_LEVEL_COMMUNE, &communes);
      !s.ok())
    return s;
  std::sort(communes.begin(), communes.end(),
            [](const av1::Unit& a, const av1::Unit& b) { return a.path() < b.path(); });
  const size_t all_communes = communes.size();
  if (options.communes < static_cast<int>(communes.size())) {
    // Every k-th commune in path order, so every province keeps some.
    std::vector<av1::Unit> kept;
    const double step = static_cast<double>(communes.size()) / std::max(options.communes, 1);
    for (int i = 0; i < options.communes; ++i) {
      kept.push_back(communes[static_cast<size_t>(i * step)]);
    }
    communes = std::move(kept);
  }
  Say(absl::StrFormat(
      "setup: %d provinces and %d communes in force on 2026-01-01; using %d communes",
      static_cast<int>(provinces.size()), static_cast<int>(all_communes),
      static_cast<int>(communes.size())));
  for (const av1::Unit& unit : provinces) {
    UnitInfo info;
    info.code = unit.code();
    info.name = unit.display_name();
    info.path = unit.path();
    info.province = unit.code();
    info.is_province = true;
    info.agency = absl::StrCat("agencies/bench-pc-", unit.code());
    info.parent_agency = "agencies/moha";
    setup.units.push_back(info);
  }
  for (const av1::Unit& unit : communes) {
    UnitInfo info;
    info.code = unit.code();
    info.name = unit.display_name();
    info.path = unit.path();
    info.province = unit.parent().substr(6);
    info.agency = absl::StrCat("agencies/bench-pc-", unit.code());
    info.parent_agency = absl::StrCat("agencies/bench-pc-", info.province);
    setup.units.push_back(info);
  }
  setup.provinces = static_cast<int>(provinces.size());
  setup.communes = static_cast<int>(communes.size());

  // One People's Committee per unit: provinces first (communes name them
  // as parent).
  start = Clock::now();
  auto agency_channel = setup.agencies->NewChannel();
  auto create_agency = [&](int i) -> std::string {
    const UnitInfo& unit = setup.units[i];
    auto stub = av1::AgencyService::NewStub(agency_channel);
    av1::CreateAgencyRequest request;
    request.set_agency_id(unit.agency.substr(9));
    request.set_request_id(absl::StrCat("bench-agency-", unit.code));
    av1::Agency* agency = request.mutable_agency();
    agency->set_display_name(absl::StrCat("Ủy ban nhân dân ", unit.name));
    agency->set_short_name(absl::StrCat("UBND ", unit.name));
    agency->set_kind(av1::AGENCY_KIND_PEOPLES_COMMITTEE);
    agency->set_unit(absl::StrCat("units/", unit.code));
    if (!unit.is_province) agency->set_parent(unit.parent_agency);
    *agency->mutable_valid_from() = Date(2025, 7, 1);
    agency->set_assignable(true);
    av1::Agency created;
    grpc::Status status = WithRetries([&] {
      return stub->CreateAgency(Call(setup.registry->operator_key()).get(), request, &created);
    });
    if (!status.ok()) return absl::StrCat("CreateAgency ", unit.agency, ": ", Describe(status));
    return "";
  };
  std::string error = ParallelFor(setup.provinces, options.setup_threads, create_agency);
  if (error.empty()) {
    error = ParallelFor(setup.communes, options.setup_threads,
                        [&](int i) { return create_agency(setup.provinces + i); });
  }
  if (!error.empty()) return absl::InternalError(error);
  const double agency_seconds = MillisSince(start) / 1000;
  Say(absl::StrFormat("setup: %d CreateAgency in %.1f s (%.0f/s, %d threads)",
                      static_cast<int>(setup.units.size()), agency_seconds,
                      setup.units.size() / agency_seconds, options.setup_threads));
  if (absl::Status keys = MakeKeys(setup); !keys.ok()) return keys;

  // One plan per unit per year, issued.
  start = Clock::now();
  const int plan_count = static_cast<int>(setup.units.size() * options.years.size());
  auto plan_channel = setup.plans->NewChannel();
  error = ParallelFor(plan_count, options.setup_threads, [&](int i) -> std::string {
    const UnitInfo& unit = setup.units[i % setup.units.size()];
    const int year = options.years[i / setup.units.size()];
    auto stub = pv1::PlanService::NewStub(plan_channel);
    pv1::CreatePlanRequest request;
    request.set_plan_id(absl::StrCat("bench-", unit.code, "-", year));
    request.set_request_id(absl::StrCat("bench-plan-", unit.code, "-", year));
    pv1::Plan* plan = request.mutable_plan();
    plan->set_issuer(unit.agency);
    plan->set_unit(absl::StrCat("units/", unit.code));
    plan->set_document_number(absl::StrCat(100 + i % 900, "/KH-UBND"));
    plan->set_place(unit.name);
    *plan->mutable_issue_date() = Date(year, 1, 15);
    plan->set_title(
        absl::StrCat("Kế hoạch thực hiện công tác bình đẳng giới năm ", year, " của ", unit.name));
    plan->set_period(absl::StrCat(year));
    plan->add_purposes("Thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021-2030.");
    pv1::Section* section = plan->add_sections();
    section->set_code("I");
    section->set_title("Nhiệm vụ");
    pv1::Task* task = section->add_tasks();
    task->set_code("I.1");
    task->set_title("Thống kê, báo cáo chỉ tiêu bình đẳng giới");
    task->set_content("Thu thập số liệu các chỉ tiêu phân tách theo giới tính và báo cáo định kỳ.");
    task->set_kind(pv1::TASK_KIND_REPORTING);
    task->set_lead(unit.agency);
    task->set_timing(absl::StrCat("Năm ", year));
    for (const auto& [kind, period, month, day] :
         {std::tuple{pv1::REPORT_KIND_SEMI_ANNUAL, absl::StrCat(year, "-H1"), 6, 20},
          std::tuple{pv1::REPORT_KIND_ANNUAL, absl::StrCat(year), 12, 15}}) {
      pv1::ReportingRequirement* line = plan->add_reporting();
      line->set_kind(kind);
      line->set_period(period);
      *line->mutable_due_date() = Date(year, month, day);
      line->set_due_text(absl::StrCat("trước ngày ", day, "/", month, "/", year));
      line->add_reporting_agencies(unit.agency);
      line->set_recipient(unit.parent_agency);
    }
    pv1::Plan created;
    grpc::Status status = WithRetries(
        [&] { return stub->CreatePlan(Call(setup.KeyOf(unit)).get(), request, &created); });
    if (!status.ok()) return absl::StrCat("CreatePlan ", request.plan_id(), ": ", Describe(status));
    pv1::IssuePlanRequest issue;
    issue.set_name(created.name());
    issue.set_etag(created.etag());
    issue.set_request_id(absl::StrCat("bench-issue-", unit.code, "-", year));
    pv1::Plan issued;
    status =
        WithRetries([&] { return stub->IssuePlan(Call(setup.KeyOf(unit)).get(), issue, &issued); });
    if (!status.ok()) return absl::StrCat("IssuePlan ", created.name(), ": ", Describe(status));
    return "";
  });
  if (!error.empty()) return absl::InternalError(error);
  setup.plans_created = plan_count;
  const double plan_seconds = MillisSince(start) / 1000;
  Say(absl::StrFormat("setup: %d plans created and issued in %.1f s (%.0f plans/s, %d threads)",
                      plan_count, plan_seconds, plan_count / plan_seconds, options.setup_threads));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<rv1::Obligation>> AllObligations(rv1::ReportingService::Stub& stub,
                                                            const std::string& key) {
  std::vector<rv1::Obligation> all;
  std::string token;
  do {
    rv1::ListObligationsRequest request;
    request.set_page_size(1000);
    request.set_page_token(token);
    rv1::ListObligationsResponse response;
    grpc::Status status = stub.ListObligations(Call(key).get(), request, &response);
    if (!status.ok()) return absl::InternalError("ListObligations: " + Describe(status));
    for (const rv1::Obligation& o : response.obligations()) all.push_back(o);
    token = response.next_page_token();
  } while (!token.empty());
  return all;
}

absl::StatusOr<std::vector<BenchIndicator>> PickIndicators(rv1::ReportingService::Stub& stub,
                                                           const std::string& key) {
  std::vector<rv1::Indicator> catalogue;
  std::string token;
  do {
    rv1::ListIndicatorsRequest request;
    request.set_page_size(1000);
    request.set_page_token(token);
    rv1::ListIndicatorsResponse response;
    grpc::Status status = stub.ListIndicators(Call(key).get(), request, &response);
    if (!status.ok()) return absl::InternalError("ListIndicators: " + Describe(status));
    for (const rv1::Indicator& i : response.indicators()) catalogue.push_back(i);
    token = response.next_page_token();
  } while (!token.empty());
  auto by_sex = [](const rv1::Indicator& i) {
    for (int d : i.disaggregations()) {
      if (d == rv1::DISAGGREGATION_SEX) return true;
    }
    return false;
  };
  std::vector<BenchIndicator> counts, ratios;
  for (const rv1::Indicator& i : catalogue) {
    if (!by_sex(i) || absl::StartsWith(i.code(), "BENCH-")) continue;
    if (i.measure() == rv1::MEASURE_COUNT && i.aggregation() == rv1::AGGREGATION_RULE_SUM &&
        counts.size() < 10) {
      counts.push_back({i.name(), false});
    }
    if (i.measure() == rv1::MEASURE_PERCENT &&
        i.aggregation() == rv1::AGGREGATION_RULE_RATIO_OF_SUMS && ratios.size() < 10) {
      ratios.push_back({i.name(), true});
    }
  }
  auto create = [&](rv1::Indicator indicator) -> absl::Status {
    indicator.add_disaggregations(rv1::DISAGGREGATION_SEX);
    indicator.set_direction(rv1::DIRECTION_HIGHER_IS_BETTER);
    indicator.set_source("reporting_bench");
    rv1::CreateIndicatorRequest request;
    *request.mutable_indicator() = indicator;
    request.set_request_id("bench-indicator-" + indicator.code());
    rv1::Indicator created;
    grpc::Status status = stub.CreateIndicator(Call(key).get(), request, &created);
    if (!status.ok() && status.error_code() != grpc::StatusCode::ALREADY_EXISTS) {
      return absl::InternalError("CreateIndicator: " + Describe(status));
    }
    return absl::OkStatus();
  };
  for (int n = 1; counts.size() < 10; ++n) {
    rv1::Indicator count;
    count.set_code(absl::StrCat("BENCH-C", n));
    count.set_display_name_vi(absl::StrCat("Chỉ tiêu đếm thử nghiệm ", n));
    count.set_display_name_en(absl::StrCat("Benchmark count ", n));
    count.set_measure(rv1::MEASURE_COUNT);
    count.set_aggregation(rv1::AGGREGATION_RULE_SUM);
    if (absl::Status s = create(count); !s.ok()) return s;
    counts.push_back({"indicators/" + count.code(), false});
  }
  for (int n = 1; ratios.size() < 10; ++n) {
    const std::string code = absl::StrCat("BENCH-P", n);
    for (const char* part : {"-N", "-D"}) {
      rv1::Indicator count;
      count.set_code(code + part);
      count.set_display_name_vi(absl::StrCat("Tỷ lệ thử nghiệm ", n, part));
      count.set_measure(rv1::MEASURE_COUNT);
      count.set_aggregation(rv1::AGGREGATION_RULE_SUM);
      if (absl::Status s = create(count); !s.ok()) return s;
    }
    rv1::Indicator percent;
    percent.set_code(code);
    percent.set_display_name_vi(absl::StrCat("Tỷ lệ thử nghiệm ", n));
    percent.set_display_name_en(absl::StrCat("Benchmark percentage ", n));
    percent.set_measure(rv1::MEASURE_PERCENT);
    percent.set_aggregation(rv1::AGGREGATION_RULE_RATIO_OF_SUMS);
    percent.set_numerator("indicators/" + code + "-N");
    percent.set_denominator("indicators/" + code + "-D");
    percent.set_scale(100);
    if (absl::Status s = create(percent); !s.ok()) return s;
    ratios.push_back({"indicators/" + code, true});
  }
  std::vector<BenchIndicator> picked = counts;
  picked.insert(picked.end(), ratios.begin(), ratios.end());
  return picked;
}

ReportJob MakeReportJob(const rv1::Obligation& o, const UnitInfo& unit,
                        const std::vector<BenchIndicator>& indicators, bool sex, absl::Time now) {
  ReportJob job;
  job.unit_path = o.unit_path().empty() ? unit.path : o.unit_path();
  job.province = unit.province;
  job.province_report = unit.is_province;
  rv1::Report* report = job.request.mutable_report();
  report->set_obligation(o.name());
  report->set_plan(o.plan());
  report->set_agency(o.agency());
  report->set_period(o.period());
  report->set_kind(o.kind());
  rv1::TaskProgress* task = report->add_tasks();
  task->set_task("I.1");
  task->set_state(o.kind() == rv1::REPORT_KIND_ANNUAL ? rv1::TASK_STATE_DONE
                                                      : rv1::TASK_STATE_IN_PROGRESS);
  report->set_narrative(absl::StrCat("Báo cáo ", o.period(), " của ", unit.name, "."));
  FillValues(indicators, unit.code, o.period(), sex, report);
  // Entry after the lock date is closed: a report whose due date has
  // passed was handed in on time, on paper, five days before it.
  const absl::CivilDay due(o.due_date().year(), o.due_date().month(), o.due_date().day());
  const absl::Time handed_in = absl::FromCivil(due - 5, absl::UTCTimeZone()) + absl::Hours(2);
  if (handed_in < now) {
    report->mutable_submitted_at()->set_seconds(absl::ToUnixSeconds(handed_in));
  }
  return job;
}

namespace {

// SubmitReport of `job`, with an exception opened by its recipient when
// entry closed; "" or what failed.
std::string SubmitOne(rv1::ReportingService::Stub& stub, const NationalDataSet& setup,
                      const std::string& prefix, ReportJob& job) {
  rv1::Report report;
  grpc::Status status = WithRetries(
      [&] { return stub.SubmitReport(Call(setup.SubmitterKey(job)).get(), job.request, &report); });
  if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION &&
      absl::StrContains(status.error_message(), "closed after")) {
    // Entry exceptions last a week from today in Vietnam (the services' day).
    const absl::CivilDay until =
        absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(7 * 60 * 60)) + 7;
    rv1::OpenExceptionRequest open;
    open.set_obligation(job.request.report().obligation());
    *open.mutable_until() = Date(static_cast<int>(until.year()), until.month(), until.day());
    open.set_reason("Báo cáo giấy nộp đúng hạn, nhập vào hệ thống sau.");
    open.set_request_id(
        absl::StrCat(prefix, "-exception-", job.request.report().obligation().substr(12)));
    rv1::Obligation opened;
    status = WithRetries(
        [&] { return stub.OpenException(Call(setup.RecipientKey(job)).get(), open, &opened); });
    if (!status.ok()) return "OpenException: " + Describe(status);
    status = WithRetries([&] {
      return stub.SubmitReport(Call(setup.SubmitterKey(job)).get(), job.request, &report);
    });
  }
  if (!status.ok()) return "SubmitReport: " + Describe(status);
  job.report_name = report.name();
  return "";
}

}  // namespace

absl::StatusOr<LoadTimes> LoadReports(const std::string& address, const NationalDataSet& setup,
                                      const std::string& prefix, std::vector<ReportJob*> jobs,
                                      int submit_threads, int accept_threads) {
  LoadTimes times;
  auto channel = OwnChannel(address);
  auto start = Clock::now();
  std::string error =
      ParallelFor(static_cast<int>(jobs.size()), submit_threads, [&](int k) -> std::string {
        auto stub = rv1::ReportingService::NewStub(channel);
        return SubmitOne(*stub, setup, prefix, *jobs[k]);
      });
  if (!error.empty()) return absl::InternalError(error);
  times.submit_seconds = MillisSince(start) / 1000;
  start = Clock::now();
  error = ParallelFor(static_cast<int>(jobs.size()), accept_threads, [&](int k) -> std::string {
    ReportJob& job = *jobs[k];
    auto stub = rv1::ReportingService::NewStub(channel);
    rv1::AcceptReportRequest request;
    request.set_name(job.report_name);
    request.set_request_id(absl::StrCat(prefix, "-accept-", job.report_name));
    rv1::Report report;
    grpc::Status status = WithRetries(
        [&] { return stub->AcceptReport(Call(setup.RecipientKey(job)).get(), request, &report); },
        nullptr, 12);
    if (!status.ok()) return "AcceptReport: " + Describe(status);
    return "";
  });
  if (!error.empty()) return absl::InternalError(error);
  times.accept_seconds = MillisSince(start) / 1000;
  return times;
}

std::string CategoryKeyOf(const rv1::IndicatorValue& value) {
  return value.categories().empty() ? "" : "sex=" + value.categories(0).value();
}

CategorySums ExpectedNational(const std::vector<ReportJob>& jobs, const std::string& indicator,
                              const std::string& period) {
  CategorySums sums;
  for (const ReportJob& job : jobs) {
    if (job.request.report().period() != period) continue;
    for (const rv1::IndicatorValue& v : job.request.report().values()) {
      if (v.indicator() != indicator) continue;
      Sums& s = sums[CategoryKeyOf(v)];
      s.value += v.value();
      s.numerator += v.numerator();
      s.denominator += v.denominator();
      ++s.count;
    }
  }
  return sums;
}

std::string CompareRollup(const rv1::Rollup& rollup, const CategorySums& expected, bool ratio) {
  if (rollup.values_size() != static_cast<int>(expected.size())) {
    return absl::StrCat(rollup.indicator(), ": ", rollup.values_size(), " categories, expected ",
                        expected.size());
  }
  for (const rv1::RollupValue& v : rollup.values()) {
    const std::string key = v.categories().empty() ? "" : "sex=" + v.categories(0).value();
    auto it = expected.find(key);
    if (it == expected.end()) return absl::StrCat(rollup.indicator(), ": unexpected ", key);
    const Sums& e = it->second;
    const double want_value = ratio ? 100.0 * e.numerator / e.denominator : e.value;
    if (v.count() != e.count || std::fabs(v.numerator() - e.numerator) > 1e-6 * (1 + e.numerator) ||
        std::fabs(v.denominator() - e.denominator) > 1e-6 * (1 + e.denominator) ||
        std::fabs(v.value() - want_value) > 1e-6 * (1 + std::fabs(want_value))) {
      return absl::StrFormat(
          "%s [%s]: count %d value %.6f num %.0f den %.0f; expected %d %.6f %.0f %.0f",
          rollup.indicator(), key, v.count(), v.value(), v.numerator(), v.denominator(), e.count,
          want_value, e.numerator, e.denominator);
    }
  }
  return "";
}

Latencies TimeLoop(double seconds, const std::function<bool()>& once, int* failures) {
  Latencies latencies;
  const auto end = Clock::now() + std::chrono::duration<double>(seconds);
  while ((Clock::now() < end || latencies.ms.size() < 50) && latencies.ms.size() < 200000) {
    const auto begin = Clock::now();
    const bool ok = once();
    const double ms = MillisSince(begin);
    if (!ok) {
      ++*failures;
      if (*failures > 10) break;
      continue;
    }
    latencies.ms.push_back(ms);
  }
  latencies.Sort();
  return latencies;
}

std::string DefaultBuildDir() {
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "build";
  return self.parent_path().parent_path().string();  // <build>/bench/reporting_bench
}

std::vector<int> DefaultBenchYears() {
  const int year = static_cast<int>(absl::ToCivilYear(absl::Now(), absl::UTCTimeZone()).year());
  return {year + 1, year + 2};
}

std::optional<bool> ParseCommonFlag(absl::string_view key, absl::string_view value,
                                    CommonFlags& flags) {
  if (key == "--communes") return absl::SimpleAtoi(value, &flags.communes) && flags.communes >= 0;
  if (key == "--years") {
    flags.years.clear();
    bool ok = true;
    for (absl::string_view y : absl::StrSplit(value, ',')) {
      int year = 0;
      ok = ok && absl::SimpleAtoi(y, &year) && year >= 2026 && year <= 2100;
      flags.years.push_back(year);
    }
    return ok;
  }
  if (key == "--threads") return absl::SimpleAtoi(value, &flags.threads) && flags.threads > 0;
  if (key == "--setup_threads") {
    return absl::SimpleAtoi(value, &flags.setup_threads) && flags.setup_threads > 0;
  }
  if (key == "--accept_threads") {
    return absl::SimpleAtoi(value, &flags.accept_threads) && flags.accept_threads > 0;
  }
  if (key == "--categories") {
    flags.sex = value == "sex";
    return value == "sex" || value == "total";
  }
  if (key == "--build_dir") {
    flags.build_dir = std::string(value);
    return true;
  }
  if (key == "--source_dir") {
    flags.source_dir = std::string(value);
    return true;
  }
  return std::nullopt;
}

}  // namespace interplan::bench
