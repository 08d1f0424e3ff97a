// The reporting benchmark of issue 4: a national data set pushed through the
// real binaries, then SubmitReport throughput at concurrency 16, national
// roll-ups against a GROUP BY over the raw values in PostgreSQL, and the
// resident memory of interplan-reporting, on SQLite and on PostgreSQL.
// A program that prints figures, not a test; bench/README.md has the
// figures and the command.
//
//   reporting_bench [--communes=3321] [--years=NEXT,NEXT+1] [--threads=16]
//       [--accept_threads=1] [--setup_threads=16] [--engines=sqlite,postgres]
//       [--seconds=5] [--submit_seconds=120] [--categories=sex|total]
//       [--pg_fsync=on|off] [--replicas=1] [--what_if_index] [--build_dir=DIR]
//       [--source_dir=DIR]
//
// --replicas=2 runs two interplan-reporting processes on the PostgreSQL
// database (the client threads take turns), and after the run counts what
// the database holds against what was acknowledged.
// --communes and --seconds scale a run down (--communes=100 --seconds=1 takes
// about a minute). The first of --years is measured; the others are
// history, submitted and accepted before any measurement (so
// --years=2027 against --years=2027,2028,2029,2030,2031,2032 shows what
// six years held cost the first one's figures, and the storage each takes). --what_if_index adds,
// after the measurements, an index on the roll-up table directly in the service's database and
// times the roll-ups again: an experiment on the storage layout, not the service as shipped.
//
// What it does, every step through the public gRPC APIs:
//  1. starts interplan-agencies (and `interplan reference import`) and
//     interplan-plans in temporary folders on free ports, every service with
//     authentication on as shipped (each call presents a real key: see
//     bench/national_dataset.h), and a throwaway
//     PostgreSQL server (tests/support/postgres_server.h), restarted with
//     fsync on so commits there are durable as on SQLite;
//  2. lists the 34 provinces and 3,321 communes in force on 2026-01-01
//     (--communes=N keeps N communes spread over the provinces), creates one
//     People's Committee per unit (CreateAgency), and for every unit and year
//     one plan (CreatePlan + IssuePlan) whose reporting schedule makes the
//     committee report semi-annually (H1) and annually to its parent's
//     committee (a province's to the ministry, agencies/moha);
//  3. per engine, starts interplan-reporting (SQLite in its data folder, or
//     a database of the PostgreSQL server), waits until its obligations
//     follow every plan, picks 20 indicators disaggregated by sex (10 counts,
//     10 percentages with numerator and denominator; CreateIndicator for
//     whatever the shipped catalogue lacks), and builds one report per
//     obligation: 20 indicators x (female, male, total) = 60 IndicatorValue
//     messages (--categories=total: the 20 totals only);
//  4. SubmitReport from --threads client threads, each with its own
//     connection and a request_id per report: reports/s, p50/p99;
//  5. AcceptReport for every report from --accept_threads threads (so the
//     incremental roll-ups exist; more threads only contend, see README),
//     then national GetRollup (unit empty) of one indicator and of all 20
//     (20 calls one after another, and 20 at once), checked against sums
//     computed here from the generated values;
//  6. VmRSS/VmHWM of interplan-reporting with everything loaded;
//  7. the same values, one row each, in a table of the PostgreSQL server,
//     and the equivalent SELECT ... GROUP BY category through libpq;
//     beside it, the national roll-up's own statement (as
//     interplan-reporting runs it) through libpq, without the call;
//  8. on PostgreSQL, after the measurements: the plans (EXPLAIN ANALYZE
//     BUFFERS) of the national roll-up and of a national compliance
//     count's read, and per table the rows, dead rows and the updates
//     made in place (HOT).
// Steps 1-3's data set and report values come from bench/national_dataset.h
// (shared with gateway_bench).
#include <libpq-fe.h>
#include <pwd.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/national_dataset.h"
#include "interplan/reporting/v1/reporting.grpc.pb.h"
#include "tests/support/postgres_server.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"
#include "tests/support/suite_processes.h"

#ifndef INTERPLAN_BENCH_SOURCE_DIR
#define INTERPLAN_BENCH_SOURCE_DIR "."
#endif

namespace interplan::bench {
namespace {

namespace rv1 = ::interplan::reporting::v1;
using testing::ServiceProcess;

// ---------------------------------------------------------------------------
// Flags.

struct Options : CommonFlags {
  std::vector<std::string> engines = {"sqlite", "postgres"};
  double seconds = 5;           // each timed query loop
  double submit_seconds = 120;  // the most the measured submit window lasts
  bool pg_fsync = true;
  bool what_if_index = false;
  // PostgreSQL: interplan-reporting processes on the one database, as the
  // production overlay runs them; the client threads take turns.
  int replicas = 1;
};

bool ParseFlags(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::pair<std::string, std::string> kv = absl::StrSplit(argv[i], absl::MaxSplits('=', 1));
    const std::string& key = kv.first;
    const std::string& value = kv.second;
    bool ok = true;
    if (std::optional<bool> common = ParseCommonFlag(key, value, o)) {
      ok = *common;
    } else if (key == "--engines") {
      o.engines = absl::StrSplit(value, ',', absl::SkipEmpty());
      for (const std::string& e : o.engines) ok = ok && (e == "sqlite" || e == "postgres");
    } else if (key == "--seconds") {
      ok = absl::SimpleAtod(value, &o.seconds) && o.seconds > 0;
    } else if (key == "--submit_seconds") {
      ok = absl::SimpleAtod(value, &o.submit_seconds) && o.submit_seconds > 0;
    } else if (key == "--replicas") {
      ok = absl::SimpleAtoi(value, &o.replicas) && o.replicas >= 1 && o.replicas <= 8;
    } else if (key == "--pg_fsync") {
      ok = value == "on" || value == "off";
      o.pg_fsync = value == "on";
    } else if (key == "--what_if_index") {
      ok = value.empty() || value == "true" || value == "false";
      o.what_if_index = value != "false";
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

// deadlocks so far: its log has one ERROR line each.
int64_t PgConflictsLogged(const std::string& log_path) {
  if (log_path.empty()) return 0;
  std::ifstream in(log_path);
  std::string line;
  int64_t count = 0;
  while (std::getline(in, line)) {
    if (absl::StrContains(line, "could not serialize access") ||
        absl::StrContains(line, "deadlock detected")) {
      ++count;
    }
  }
  return count;
}

// ---------------------------------------------------------------------------
// PostgreSQL through libpq.

class Pg {
 public:
  static absl::StatusOr<std::unique_ptr<Pg>> Connect(const std::string& url) {
    auto pg = std::unique_ptr<Pg>(new Pg);
    pg->conn_ = PQconnectdb(url.c_str());
    if (PQstatus(pg->conn_) != CONNECTION_OK) {
      return absl::UnavailableError(PQerrorMessage(pg->conn_));
    }
    return pg;
  }
  ~Pg() {
    if (conn_ != nullptr) PQfinish(conn_);
  }
  PGconn* conn() { return conn_; }

  // Runs `sql`; returns the rows as text.
  absl::StatusOr<std::vector<std::vector<std::string>>> Query(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    return Collect(result);
  }
  absl::StatusOr<std::vector<std::vector<std::string>>> Collect(PGresult* result) {
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      std::string error = PQresultErrorMessage(result);
      PQclear(result);
      return absl::InternalError(error);
    }
    std::vector<std::vector<std::string>> rows;
    for (int r = 0; r < PQntuples(result); ++r) {
      std::vector<std::string> row;
      for (int c = 0; c < PQnfields(result); ++c) row.push_back(PQgetvalue(result, r, c));
      rows.push_back(std::move(row));
    }
    PQclear(result);
    return rows;
  }

 private:
  Pg() = default;
  PGconn* conn_ = nullptr;
};

// The throwaway server runs with fsync=off (tests/support starts it so);
// restart it with PostgreSQL's defaults so commits there are durable.
absl::Status RestartWithFsync(testing::PostgresServer& server, bool fsync) {
  absl::StatusOr<std::unique_ptr<Pg>> pg = Pg::Connect(server.Url("postgres"));
  if (!pg.ok()) return pg.status();
  auto rows = (*pg)->Query("SHOW data_directory");
  if (!rows.ok()) return rows.status();
  const std::string data = (*rows)[0][0];
  const std::string dir = std::filesystem::path(data).parent_path().string();
  pg->reset();
  std::string bin;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", error)) {
    std::string candidate = entry.path().string() + "/bin";
    if (std::filesystem::exists(candidate + "/pg_ctl") && candidate > bin) bin = candidate;
  }
  if (bin.empty()) return absl::NotFoundError("pg_ctl not found");
  testing::SubprocessOptions options;
  options.argv = {bin + "/pg_ctl",
                  "-D",
                  data,
                  "-l",
                  dir + "/server.log",
                  "-w",
                  "-t",
                  "60",
                  "-m",
                  "fast",
                  "-o",
                  absl::StrCat("-p ", server.port(), " -k ", dir,
                               " -c listen_addresses=127.0.0.1 -c max_connections=200",
                               fsync ? "" : " -c fsync=off"),
                  "restart"};
  options.working_dir = dir;
  if (geteuid() == 0) {
    const passwd* user = getpwnam("postgres");
    if (user == nullptr) user = getpwnam("nobody");
    if (user == nullptr) return absl::FailedPreconditionError("no user to run PostgreSQL");
    options.uid = user->pw_uid;
    options.gid = user->pw_gid;
  }
  absl::StatusOr<testing::CommandResult> result = testing::RunCommand(options);
  if (!result.ok()) return result.status();
  if (result->exit_code != 0) return absl::InternalError("pg_ctl restart: " + result->output);
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// The data set (bench/national_dataset.h), with the PostgreSQL server.

struct Setup : NationalDataSet {
  std::unique_ptr<testing::PostgresServer> postgres;
  std::string pg_log;  // the server's log file
};

// ---------------------------------------------------------------------------
// One engine.

struct EngineResult {
  std::string engine;
  double sync_seconds = 0;
  int reports = 0;
  int values_per_report = 0;
  double submit_per_second = 0;
  Latencies submit;
  int submit_failures = 0;
  int submit_measured = 0;
  int64_t submit_conflicts = 0;  // PostgreSQL serialization failures
  int64_t accept_conflicts = 0;
  double submit_window = 0;
  std::string submit_cpu;
  double accept_per_second = 0;
  Latencies accept;
  int accept_retries = 0;
  int accept_failures = 0;
  Latencies rollup_one;
  Latencies rollup_all_serial;
  Latencies rollup_all_parallel;
  std::string rollup_cpu;
  int history_reports = 0;  // loaded before the measurements
  std::string count_check;  // PostgreSQL: what the database holds after the run
  bool rollup_checked = false;
  int rollup_failures = 0;  // failed GetRollup calls of the timed runs
  std::string rollup_check;
  bool what_if = false;
  Latencies what_if_one;
  Latencies what_if_serial;
  Latencies what_if_parallel;
  double rss_mib = 0;
  double hwm_mib = 0;
  double rss_before_mib = 0;
  std::string storage_size;
};

// The what-if experiment: an index leading with the roll-up node, added
// directly to the running service's database.
absl::Status AddRollupNodeIndex(const std::string& engine, ServiceProcess& reporting,
                                Setup& setup) {
  const char* sql =
      "CREATE INDEX IF NOT EXISTS bench_rollups_by_node ON rollups"
      " (era, indicator, period, node_path, category_key)";
  if (engine == "sqlite") {
    sqlite3* db = nullptr;
    const std::string path = reporting.data_dir() + "/reporting.db";
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      std::string error = db != nullptr ? sqlite3_errmsg(db) : "cannot open";
      sqlite3_close(db);
      return absl::InternalError(absl::StrCat(path, ": ", error));
    }
    sqlite3_busy_timeout(db, 30000);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
    std::string error = message != nullptr ? message : "";
    sqlite3_free(message);
    sqlite3_close(db);
    if (rc != SQLITE_OK) return absl::InternalError("CREATE INDEX: " + error);
    return absl::OkStatus();
  }
  absl::StatusOr<std::unique_ptr<Pg>> pg = Pg::Connect(setup.postgres->Url("reporting_bench"));
  if (!pg.ok()) return pg.status();
  auto done =
      (*pg)->Query(absl::StrCat("SET search_path TO reporting; ", sql, "; ANALYZE rollups"));
  return done.status();
}

// The statement interplan-reporting runs for a roll-up of one node: its
// rows' sums over the shards (RollupStore::NodeRows in
// services/reporting/rollup_store.cc); $1 era, $2 indicator, $3 period,
// $4 node path ("" for the nation).
constexpr char kNodeRollupStatement[] =
    "SELECT category_key, SUM(sum_value), SUM(sum_numerator), SUM(sum_denominator),"
    " CAST(SUM(value_count) AS BIGINT), MAX(update_time_micros) FROM rollups WHERE era = $1"
    " AND indicator = $2 AND period = $3 AND node_path = $4 GROUP BY category_key"
    " ORDER BY category_key";

// The era of the national roll-up row of `code` and `period` in the
// reporting schema, which becomes `pg`'s search path.
absl::StatusOr<std::string> NationalEra(Pg& pg, const std::string& code,
                                        const std::string& period) {
  auto era = pg.Query(
      absl::StrCat("SET search_path TO reporting; SELECT era FROM rollups WHERE indicator = '",
                   code, "' AND period = '", period, "' AND node_path = '' LIMIT 1"));
  if (!era.ok()) return era.status();
  if (era->empty()) return absl::NotFoundError("no national roll-up row");
  return (*era)[0][0];
}

// The lines of `EXPLAIN (ANALYZE, BUFFERS) <sql>`, appended to `lines`.
absl::Status AppendPlan(Pg& pg, const std::string& sql, std::vector<std::string>& lines) {
  auto plan = pg.Query("EXPLAIN (ANALYZE, BUFFERS) " + sql);
  if (!plan.ok()) return plan.status();
  for (const auto& row : *plan) lines.push_back("  " + row[0]);
  return absl::OkStatus();
}

// How PostgreSQL answers two reads of `period`: the national roll-up of
// `code` and a national compliance count's read of the obligations (the
// services' statements, with their buffers and times), and what the
// writes did to the two tables (rows, dead rows, updates made in place).
// Lines to print.
absl::StatusOr<std::vector<std::string>> ExplainReads(Setup& setup, const std::string& code,
                                                      const std::string& period) {
  absl::StatusOr<std::unique_ptr<Pg>> connected =
      Pg::Connect(setup.postgres->Url("reporting_bench"));
  if (!connected.ok()) return connected.status();
  Pg& pg = **connected;
  absl::StatusOr<std::string> era = NationalEra(pg, code, period);
  if (!era.ok()) return era.status();
  if (auto prepared = pg.Query(absl::StrCat("PREPARE node_rollup AS ", kNodeRollupStatement));
      !prepared.ok()) {
    return prepared.status();
  }
  std::vector<std::string> lines = {"the national roll-up (GetRollup):"};
  absl::Status explained = AppendPlan(
      pg, absl::StrCat("EXECUTE node_rollup('", *era, "', '", code, "', '", period, "', '')"),
      lines);
  if (!explained.ok()) return explained;
  lines.push_back("the obligations of a national compliance count (GetCompliance):");
  explained = AppendPlan(
      pg,
      absl::StrCat("SELECT id, agency_id, due_date, unit_code, unit_valid_from, unit_path, ceased,"
                   " report_status, first_submit_date FROM obligations WHERE cancelled = 0"
                   " AND period = '",
                   period, "' AND id > '' ORDER BY id"),
      lines);
  if (!explained.ok()) return explained;
  auto stats = pg.Query(
      "SELECT relname, n_live_tup, n_dead_tup, n_tup_upd, n_tup_hot_upd, autovacuum_count,"
      " pg_size_pretty(pg_relation_size(relid)), pg_size_pretty(pg_indexes_size(relid))"
      " FROM pg_stat_user_tables WHERE relname IN ('rollups', 'obligations', 'reports')"
      " ORDER BY relname");
  if (!stats.ok()) return stats.status();
  for (const auto& row : *stats) {
    lines.push_back(absl::StrCat(row[0], ": ", row[1], " live rows, ", row[2], " dead, ", row[3],
                                 " updates (", row[4], " in place), ", row[5],
                                 " autovacuums; table ", row[6], ", indexes ", row[7]));
  }
  return lines;
}

// What PostgreSQL holds of `year`'s reports after the run, against the
// `acknowledged` SubmitReport (each then accepted once): "" when every one
// is there exactly once, with one version, accepted; else what differs.
absl::StatusOr<std::string> CountReports(Setup& setup, const std::string& year,
                                         int64_t acknowledged) {
  absl::StatusOr<std::unique_ptr<Pg>> pg = Pg::Connect(setup.postgres->Url("reporting_bench"));
  if (!pg.ok()) return pg.status();
  const std::string where = absl::StrCat("WHERE r.period LIKE '", year, "%'");
  auto rows = (*pg)->Query(
      absl::StrCat("SELECT count(*), count(DISTINCT r.obligation_id), "
                   "sum(CASE WHEN r.status = ",
                   rv1::REPORT_STATUS_ACCEPTED,
                   " THEN 1 ELSE 0 END), (SELECT count(*) FROM reporting.report_versions v JOIN "
                   "reporting.reports r ON r.id = v.report_id ",
                   where, ") FROM reporting.reports r ", where));
  if (!rows.ok()) return rows.status();
  const std::vector<std::string>& row = (*rows)[0];
  const std::string expected = absl::StrCat(acknowledged);
  if (row[0] == expected && row[1] == expected && row[2] == expected && row[3] == expected) {
    return std::string();
  }
  return absl::StrFormat(
      "%d acknowledged; PostgreSQL holds %s reports for %s obligations, %s accepted, %s versions",
      acknowledged, row[0], row[1], row[2], row[3]);
}

absl::StatusOr<EngineResult> RunEngine(const Options& options, Setup& setup,
                                       const std::vector<ServiceProcess*>& replicas,
                                       const std::string& engine, double sync_seconds,
                                       const std::vector<ReportJob>& jobs_in,
                                       const std::vector<BenchIndicator>& indicators,
                                       CpuMeter meter) {
  ServiceProcess& reporting = *replicas[0];
  for (ServiceProcess* replica : replicas) meter.Watch(replica->process().pid());
  auto replica_of = [&replicas](int thread) -> ServiceProcess& {
    return *replicas[thread % replicas.size()];
  };
  EngineResult result;
  result.engine = engine;
  result.sync_seconds = sync_seconds;
  // The years after the first are history: loaded (submitted and
  // accepted) before anything is measured, so that the first year's
  // figures show what a service holding several years costs.
  std::vector<ReportJob> jobs, history;
  const std::string measured_year = absl::StrCat(options.years[0]);
  for (const ReportJob& job : jobs_in) {
    const bool current = absl::StartsWith(job.request.report().period(), measured_year);
    (current ? jobs : history).push_back(job);
  }
  result.reports = static_cast<int>(jobs.size());
  result.history_reports = static_cast<int>(history.size());
  result.values_per_report = jobs.empty() ? 0 : jobs[0].request.report().values_size();
  const pid_t pid = reporting.process().pid();
  const std::string pg_log = engine == "postgres" ? setup.pg_log : "";
  meter.Watch(pid);
  result.rss_before_mib = KiBToMiB(ProcStatusField(pid, "VmRSS"));
  for (std::vector<ReportJob>* list : {&jobs, &history}) {
    for (ReportJob& job : *list) {
      job.request.set_request_id(
          absl::StrCat("bench-submit-", engine, "-", job.request.report().obligation().substr(12)));
    }
  }
  if (!history.empty()) {
    std::vector<ReportJob*> load;
    for (ReportJob& job : history) load.push_back(&job);
    absl::StatusOr<LoadTimes> loaded =
        LoadReports(reporting.address(), setup, absl::StrCat("bench-history-", engine), load,
                    options.setup_threads, std::max(options.accept_threads, 4));
    if (!loaded.ok()) return loaded.status();
    Say(
        absl::StrFormat("[%s] history: %d reports of the years besides %s submitted in %.1f s and "
                        "accepted in %.1f s (not measured)",
                        engine, result.history_reports, measured_year, loaded->submit_seconds,
                        loaded->accept_seconds));
  }

  // SubmitReport at concurrency --threads.
  Say(absl::StrFormat("[%s] SubmitReport: %d reports of %d IndicatorValues, %d client threads (%s)",
                      engine, result.reports, result.values_per_report, options.threads,
                      LoadAverage()));
  {
    std::atomic<int> next{0};
    std::atomic<bool> window_open{true};
    std::atomic<int> failures{0};
    std::mutex error_mu;
    std::string first_error;
    std::vector<Latencies> per_thread(options.threads);
    std::vector<std::thread> threads;
    // Connections are made before the clock starts.
    std::vector<std::unique_ptr<rv1::ReportingService::Stub>> stubs;
    for (int t = 0; t < options.threads; ++t) {
      std::shared_ptr<grpc::Channel> channel = OwnChannel(replica_of(t).address());
      channel->WaitForConnected(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
      stubs.push_back(rv1::ReportingService::NewStub(channel));
    }
    const int64_t conflicts_before = PgConflictsLogged(pg_log);
    const CpuSample cpu_start = meter.Sample();
    const auto start = Clock::now();
    const auto window_end = start + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(options.submit_seconds));
    std::atomic<int> measured{0};
    for (int t = 0; t < options.threads; ++t) {
      threads.emplace_back([&, t] {
        rv1::ReportingService::Stub* stub = stubs[t].get();
        while (true) {
          const int i = next.fetch_add(1);
          if (i >= static_cast<int>(jobs.size())) return;
          const bool in_window = window_open.load() && Clock::now() < window_end;
          if (!in_window) window_open = false;
          rv1::Report report;
          const auto begin = Clock::now();
          grpc::Status status =
              stub->SubmitReport(Call(setup.SubmitterKey(jobs[i])).get(), jobs[i].request, &report);
          const double ms = MillisSince(begin);
          if (!status.ok()) {
            // Retried outside the measurement (same request_id).
            status = WithRetries([&] {
              return stub->SubmitReport(Call(setup.SubmitterKey(jobs[i])).get(), jobs[i].request,
                                        &report);
            });
            failures++;
            if (!status.ok()) {
              std::lock_guard<std::mutex> lock(error_mu);
              if (first_error.empty()) first_error = Describe(status);
              continue;
            }
          } else if (in_window) {
            per_thread[t].ms.push_back(ms);
            measured++;
          }
          jobs[i].report_name = report.name();
        }
      });
    }
    // The window closes at the cap or when the last report is taken.
    for (std::thread& thread : threads) thread.join();
    const auto finish = Clock::now();
    const CpuSample cpu_end = meter.Sample();
    result.submit_window =
        std::chrono::duration<double>(std::min(finish, window_end) - start).count();
    for (const Latencies& l : per_thread) {
      result.submit.ms.insert(result.submit.ms.end(), l.ms.begin(), l.ms.end());
    }
    result.submit.Sort();
    result.submit_measured = measured.load();
    result.submit_failures = failures.load();
    result.submit_per_second = result.submit_measured / result.submit_window;
    result.submit_cpu = CpuMeter::Describe(cpu_start, cpu_end);
    result.submit_conflicts = PgConflictsLogged(pg_log) - conflicts_before;
    if (!first_error.empty()) return absl::InternalError("SubmitReport: " + first_error);
    Say(absl::StrFormat("[%s]   %.0f reports/s over %.1f s (%d reports), %s; %d failed first try",
                        engine, result.submit_per_second, result.submit_window,
                        result.submit_measured, result.submit.Summary(), result.submit_failures));
    Say(absl::StrFormat("[%s]   %s", engine, result.submit_cpu));
    if (!pg_log.empty()) {
      Say(
          absl::StrFormat("[%s]   PostgreSQL refused %d transactions (serialization failure or "
                          "deadlock; the service retried them)",
                          engine, static_cast<int>(result.submit_conflicts)));
    }
  }

  // AcceptReport, so the roll-ups exist.
  {
    Say(absl::StrFormat("[%s] AcceptReport: %d reports, %d client threads", engine, result.reports,
                        options.accept_threads));
    std::atomic<int> retries{0}, failures{0};
    std::vector<Latencies> per_thread(options.accept_threads);
    std::atomic<int> next{0};
    std::mutex error_mu;
    std::string first_error;
    std::vector<std::thread> threads;
    const int64_t conflicts_before = PgConflictsLogged(pg_log);
    const CpuSample cpu_start = meter.Sample();
    const auto start = Clock::now();
    for (int t = 0; t < options.accept_threads; ++t) {
      threads.emplace_back([&, t] {
        auto stub = rv1::ReportingService::NewStub(OwnChannel(replica_of(t).address()));
        while (true) {
          const int i = next.fetch_add(1);
          if (i >= static_cast<int>(jobs.size())) return;
          rv1::AcceptReportRequest request;
          request.set_name(jobs[i].report_name);
          request.set_request_id(absl::StrCat("bench-accept-", engine, "-", i));
          rv1::Report report;
          int tries = 0;
          const auto begin = Clock::now();
          grpc::Status status = WithRetries(
              [&] {
                return stub->AcceptReport(Call(setup.RecipientKey(jobs[i])).get(), request,
                                          &report);
              },
              &tries, 12);
          per_thread[t].ms.push_back(MillisSince(begin));
          retries += tries;
          if (!status.ok()) {
            failures++;
            std::lock_guard<std::mutex> lock(error_mu);
            if (first_error.empty()) first_error = Describe(status);
          }
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    const double seconds = MillisSince(start) / 1000;
    for (const Latencies& l : per_thread) {
      result.accept.ms.insert(result.accept.ms.end(), l.ms.begin(), l.ms.end());
    }
    result.accept.Sort();
    result.accept_per_second = result.reports / seconds;
    result.accept_retries = retries.load();
    result.accept_failures = failures.load();
    Say(absl::StrFormat("[%s]   %.0f reports/s over %.1f s, %s; %d client retries, %d failed",
                        engine, result.accept_per_second, seconds, result.accept.Summary(),
                        result.accept_retries, result.accept_failures));
    Say(absl::StrFormat("[%s]   %s", engine, CpuMeter::Describe(cpu_start, meter.Sample())));
    result.accept_conflicts = PgConflictsLogged(pg_log) - conflicts_before;
    if (!pg_log.empty()) {
      Say(
          absl::StrFormat("[%s]   PostgreSQL refused %d transactions (serialization failure or "
                          "deadlock; the service retried them)",
                          engine, static_cast<int>(result.accept_conflicts)));
    }
    if (!first_error.empty()) Say(absl::StrCat("[", engine, "]   first failure: ", first_error));
  }

  if (engine == "postgres") {
    absl::StatusOr<std::string> counted =
        CountReports(setup, measured_year, static_cast<int64_t>(jobs.size()));
    if (!counted.ok()) return counted.status();
    result.count_check = counted->empty() ? absl::StrFormat(
                                                "%d reports acknowledged, each held once, accepted "
                                                "once, one version: 0 lost, 0 doubled",
                                                static_cast<int>(jobs.size()))
                                          : "MISMATCH: " + *counted;
    Say(absl::StrFormat("[%s] after the run (%d replicas): %s", engine,
                        static_cast<int>(replicas.size()), result.count_check));
    if (!counted->empty()) return absl::InternalError(result.count_check);
  }

  // National roll-ups.
  const std::string period = absl::StrCat(options.years[0]);
  auto stub = rv1::ReportingService::NewStub(OwnChannel(reporting.address()));
  {
    // Correctness first: every indicator against the sums of what was sent.
    std::string mismatch;
    for (const BenchIndicator& indicator : indicators) {
      rv1::GetRollupRequest request;
      request.set_indicator(indicator.name);
      request.set_period(period);
      rv1::Rollup rollup;
      grpc::Status status = stub->GetRollup(Call(setup.ministry_key).get(), request, &rollup);
      if (!status.ok()) return absl::InternalError("GetRollup: " + Describe(status));
      std::string diff =
          CompareRollup(rollup, ExpectedNational(jobs, indicator.name, period), indicator.ratio);
      if (!diff.empty() && mismatch.empty()) mismatch = diff;
    }
    result.rollup_checked = mismatch.empty();
    result.rollup_check = mismatch.empty() ? "all 20 national roll-ups equal the sums of the "
                                             "values sent"
                                           : "MISMATCH: " + mismatch;
    Say(absl::StrFormat("[%s] GetRollup check (%s): %s", engine, period, result.rollup_check));
  }
  // Timed national roll-ups: one indicator, all 20 in sequence, all 20 at once.
  auto measure_rollups = [&](const std::string& label, Latencies* one, Latencies* serial,
                             Latencies* parallel) {
    const CpuSample cpu_start = meter.Sample();
    int failures = 0;
    *one = TimeLoop(
        options.seconds,
        [&] {
          rv1::GetRollupRequest request;
          request.set_indicator(indicators[10].name);
          request.set_period(period);
          rv1::Rollup rollup;
          return stub->GetRollup(Call(setup.ministry_key).get(), request, &rollup).ok();
        },
        &failures);
    Say(absl::StrFormat("[%s]%s national GetRollup, one indicator (%s, %s): %s", engine, label,
                        indicators[10].name, period, one->Summary()));
    *serial = TimeLoop(
        options.seconds,
        [&] {
          for (const BenchIndicator& indicator : indicators) {
            rv1::GetRollupRequest request;
            request.set_indicator(indicator.name);
            request.set_period(period);
            rv1::Rollup rollup;
            if (!stub->GetRollup(Call(setup.ministry_key).get(), request, &rollup).ok())
              return false;
          }
          return true;
        },
        &failures);
    Say(absl::StrFormat("[%s]%s national GetRollup, all 20 one after another: %s", engine, label,
                        serial->Summary()));
    *parallel = TimeLoop(
        options.seconds,
        [&] {
          const int n = static_cast<int>(indicators.size());
          std::vector<grpc::ClientContext> contexts(n);
          std::vector<rv1::GetRollupRequest> requests(n);
          std::vector<rv1::Rollup> responses(n);
          std::mutex mu;
          std::condition_variable done;
          int pending = n;
          bool ok = true;
          for (int i = 0; i < n; ++i) {
            contexts[i].set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
            testing::PresentKey(contexts[i], setup.ministry_key);
            requests[i].set_indicator(indicators[i].name);
            requests[i].set_period(period);
            stub->async()->GetRollup(&contexts[i], &requests[i], &responses[i],
                                     [&](grpc::Status status) {
                                       std::lock_guard<std::mutex> lock(mu);
                                       ok = ok && status.ok();
                                       if (--pending == 0) done.notify_all();
                                     });
          }
          std::unique_lock<std::mutex> lock(mu);
          done.wait(lock, [&] { return pending == 0; });
          return ok;
        },
        &failures);
    Say(absl::StrFormat("[%s]%s national GetRollup, all 20 at once: %s", engine, label,
                        parallel->Summary()));
    const std::string cpu = CpuMeter::Describe(cpu_start, meter.Sample());
    Say(absl::StrFormat("[%s]   %s", engine, cpu));
    if (failures > 0) Say(absl::StrFormat("[%s]   %d roll-up calls FAILED", engine, failures));
    result.rollup_failures += failures;
    return cpu;
  };
  result.rollup_cpu = measure_rollups("", &result.rollup_one, &result.rollup_all_serial,
                                      &result.rollup_all_parallel);

  if (engine == "postgres") {
    absl::StatusOr<std::vector<std::string>> explained =
        ExplainReads(setup, indicators[10].name.substr(11), period);
    if (!explained.ok()) return explained.status();
    Say(absl::StrFormat("[%s] in PostgreSQL, after the measurements:", engine));
    for (const std::string& line : *explained) Say(absl::StrFormat("[%s]   %s", engine, line));
  }

  result.rss_mib = KiBToMiB(ProcStatusField(pid, "VmRSS"));
  result.hwm_mib = KiBToMiB(ProcStatusField(pid, "VmHWM"));
  Say(
      absl::StrFormat("[%s] interplan-reporting resident memory: VmRSS %.1f MiB (peak VmHWM %.1f "
                      "MiB; %.1f MiB before the reports)",
                      engine, result.rss_mib, result.hwm_mib, result.rss_before_mib));

  if (options.what_if_index) {
    // Not the service as shipped: an index added behind its back, to show
    // what the order of the roll-up table's primary key costs.
    absl::Status added = AddRollupNodeIndex(engine, reporting, setup);
    if (!added.ok()) return added;
    Say(
        absl::StrFormat("[%s] what-if: CREATE INDEX ON rollups (era, indicator, period, "
                        "node_path) in the service's database, then the same roll-ups",
                        engine));
    measure_rollups(" what-if", &result.what_if_one, &result.what_if_serial,
                    &result.what_if_parallel);
    result.what_if = true;
  }
  return result;
}

// ---------------------------------------------------------------------------
// The GROUP BY baseline.

struct GroupByResult {
  int64_t rows = 0;
  double load_seconds = 0;
  std::string table_size;
  Latencies one;
  Latencies all;
  // The national roll-up's own statement (the one interplan-reporting
  // runs for GetRollup), sent the same way through libpq: the storage's
  // share of a roll-up, without the call.
  Latencies rollup_statement;
  std::string check;
  std::string plan;
};

// Runs the prepared statement `name` with `params` over and over for
// `seconds`; a run that returns no rows counts as a failure.
Latencies TimePrepared(Pg& pg, const char* name, const std::vector<std::string>& params,
                       double seconds, int* failures) {
  std::vector<const char*> values;
  for (const std::string& param : params) values.push_back(param.c_str());
  return TimeLoop(
      seconds,
      [&] {
        PGresult* r = PQexecPrepared(pg.conn(), name, static_cast<int>(values.size()),
                                     values.data(), nullptr, nullptr, 0);
        const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0;
        PQclear(r);
        return ok;
      },
      failures);
}

// The national roll-up's statement, as interplan-reporting prepares and
// runs it, timed through libpq against its database.
absl::StatusOr<Latencies> TimeRollupStatement(const Options& options,
                                              testing::PostgresServer& server,
                                              const std::string& code, const std::string& period) {
  absl::StatusOr<std::unique_ptr<Pg>> connected = Pg::Connect(server.Url("reporting_bench"));
  if (!connected.ok()) return connected.status();
  Pg& pg = **connected;
  absl::StatusOr<std::string> era = NationalEra(pg, code, period);
  if (!era.ok()) return era.status();
  PGresult* prepared = PQprepare(pg.conn(), "rollup", kNodeRollupStatement, 4, nullptr);
  if (auto r = pg.Collect(prepared); !r.ok()) return r.status();
  int failures = 0;
  // The nation's node path is "".
  Latencies latencies =
      TimePrepared(pg, "rollup", {*era, code, period, ""}, options.seconds, &failures);
  if (failures > 0) return absl::InternalError("the roll-up's statement failed");
  return latencies;
}

absl::StatusOr<GroupByResult> RunGroupBy(const Options& options, testing::PostgresServer& server,
                                         const std::vector<ReportJob>& jobs,
                                         const std::vector<BenchIndicator>& indicators) {
  GroupByResult result;
  if (absl::Status s = server.CreateDatabase("raw_values"); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<Pg>> connected = Pg::Connect(server.Url("raw_values"));
  if (!connected.ok()) return connected.status();
  Pg& pg = **connected;
  auto done = pg.Query(
      "CREATE TABLE raw_values ("
      " indicator TEXT NOT NULL, period TEXT NOT NULL, category TEXT NOT NULL,"
      " province TEXT NOT NULL, unit_path TEXT NOT NULL,"
      " numerator DOUBLE PRECISION, denominator DOUBLE PRECISION,"
      " value DOUBLE PRECISION NOT NULL)");
  if (!done.ok()) return done.status();
  const auto start = Clock::now();
  PGresult* copy = PQexec(pg.conn(), "COPY raw_values FROM STDIN");
  if (PQresultStatus(copy) != PGRES_COPY_IN) {
    std::string error = PQresultErrorMessage(copy);
    PQclear(copy);
    return absl::InternalError("COPY: " + error);
  }
  PQclear(copy);
  std::string buffer;
  for (const ReportJob& job : jobs) {
    for (const rv1::IndicatorValue& v : job.request.report().values()) {
      const bool ratio = v.has_numerator();
      absl::StrAppend(&buffer, v.indicator().substr(11), "\t", job.request.report().period(), "\t",
                      CategoryKeyOf(v), "\t", job.province, "\t", job.unit_path, "\t",
                      ratio ? absl::StrCat(v.numerator()) : "\\N", "\t",
                      ratio ? absl::StrCat(v.denominator()) : "\\N", "\t",
                      absl::StrFormat("%.17g", v.value()), "\n");
      ++result.rows;
    }
    if (buffer.size() > (1 << 20)) {
      if (PQputCopyData(pg.conn(), buffer.data(), static_cast<int>(buffer.size())) != 1) {
        return absl::InternalError(PQerrorMessage(pg.conn()));
      }
      buffer.clear();
    }
  }
  if (!buffer.empty() &&
      PQputCopyData(pg.conn(), buffer.data(), static_cast<int>(buffer.size())) != 1) {
    return absl::InternalError(PQerrorMessage(pg.conn()));
  }
  if (PQputCopyEnd(pg.conn(), nullptr) != 1) return absl::InternalError(PQerrorMessage(pg.conn()));
  auto copied = pg.Collect(PQgetResult(pg.conn()));
  if (!copied.ok()) return copied.status();
  done = pg.Query("CREATE INDEX raw_values_by_indicator ON raw_values (indicator, period)");
  if (!done.ok()) return done.status();
  done = pg.Query("VACUUM ANALYZE raw_values");
  if (!done.ok()) return done.status();
  result.load_seconds = MillisSince(start) / 1000;
  auto size = pg.Query("SELECT pg_size_pretty(pg_total_relation_size('raw_values'))");
  if (size.ok()) result.table_size = (*size)[0][0];

  const std::string one_sql =
      "SELECT category, SUM(value), SUM(numerator), SUM(denominator), COUNT(*)"
      " FROM raw_values WHERE indicator = $1 AND period = $2 GROUP BY category";
  const std::string all_sql =
      "SELECT indicator, category, SUM(value), SUM(numerator), SUM(denominator), COUNT(*)"
      " FROM raw_values WHERE period = $1 GROUP BY indicator, category";
  PGresult* prepared = PQprepare(pg.conn(), "one", one_sql.c_str(), 2, nullptr);
  if (auto r = pg.Collect(prepared); !r.ok()) return r.status();
  prepared = PQprepare(pg.conn(), "all", all_sql.c_str(), 1, nullptr);
  if (auto r = pg.Collect(prepared); !r.ok()) return r.status();

  const std::string period = absl::StrCat(options.years[0]);
  const std::string code = indicators[10].name.substr(11);
  // The same numbers as the roll-up?
  {
    const char* params[] = {code.c_str(), period.c_str()};
    auto rows = pg.Collect(PQexecPrepared(pg.conn(), "one", 2, params, nullptr, nullptr, 0));
    if (!rows.ok()) return rows.status();
    CategorySums expected = ExpectedNational(jobs, indicators[10].name, period);
    result.check = "GROUP BY sums equal the roll-up's";
    for (const auto& row : *rows) {
      const Sums& e = expected[row[0]];
      double num = 0;
      int64_t count = 0;
      absl::SimpleAtod(row[2], &num);
      absl::SimpleAtoi(row[4], &count);
      if (count != e.count || std::fabs(num - e.numerator) > 1e-6 * (1 + e.numerator)) {
        result.check = absl::StrCat("MISMATCH in category '", row[0], "'");
      }
    }
    if (rows->size() != expected.size()) result.check = "MISMATCH: categories";
    auto plan = pg.Query(absl::StrCat(
        "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY OFF) SELECT category, SUM(value), SUM(numerator),"
        " SUM(denominator), COUNT(*) FROM raw_values WHERE indicator = '",
        code, "' AND period = '", period, "' GROUP BY category"));
    if (plan.ok()) {
      std::vector<std::string> lines;
      for (const auto& row : *plan) lines.push_back(row[0]);
      result.plan = absl::StrJoin(lines, "\n    ");
    }
  }
  int failures = 0;
  result.one = TimePrepared(pg, "one", {code, period}, options.seconds, &failures);
  result.all = TimePrepared(pg, "all", {period}, options.seconds, &failures);
  if (failures > 0) return absl::InternalError("GROUP BY queries failed");
  absl::StatusOr<Latencies> statement = TimeRollupStatement(options, server, code, period);
  if (!statement.ok()) return statement.status();
  result.rollup_statement = std::move(*statement);
  return result;
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
  const bool want_pg = std::find(options.engines.begin(), options.engines.end(), "postgres") !=
                       options.engines.end();
  const auto bench_start = Clock::now();
  Say(absl::StrFormat("reporting_bench: %d cores, binaries from %s; %s",
                      static_cast<int>(std::thread::hardware_concurrency()), options.build_dir,
                      LoadAverage()));

  Setup setup;
  CpuMeter meter;
  meter.Watch(getpid());
  if (want_pg) {
    absl::StatusOr<std::unique_ptr<testing::PostgresServer>> pg = testing::PostgresServer::Start();
    if (!pg.ok()) {
      std::fprintf(stderr, "PostgreSQL: %s\n", pg.status().ToString().c_str());
      return 1;
    }
    setup.postgres = std::move(*pg);
    if (absl::Status s = RestartWithFsync(*setup.postgres, options.pg_fsync); !s.ok()) {
      std::fprintf(stderr, "PostgreSQL restart: %s\n", s.ToString().c_str());
      return 1;
    }
    absl::StatusOr<std::unique_ptr<Pg>> pg_conn = Pg::Connect(setup.postgres->Url("postgres"));
    if (!pg_conn.ok()) {
      std::fprintf(stderr, "PostgreSQL: %s\n", pg_conn.status().ToString().c_str());
      return 1;
    }
    auto settings = (*pg_conn)->Query(
        "SELECT version(), current_setting('fsync'), current_setting('synchronous_commit'),"
        " current_setting('shared_buffers'), current_setting('data_directory'),"
        " pg_backend_pid()");
    if (settings.ok()) {
      const auto& row = (*settings)[0];
      Say(
          absl::StrFormat("PostgreSQL: %s; fsync=%s synchronous_commit=%s shared_buffers=%s; data "
                          "in %s on %s",
                          row[0].substr(0, row[0].find(" on ")), row[1], row[2], row[3], row[4],
                          FileSystemOf(row[4])));
      // The postmaster and its backends count as this benchmark's CPU.
      setup.pg_log = std::filesystem::path(row[4]).parent_path().string() + "/server.log";
      std::ifstream pidfile(row[4] + "/postmaster.pid");
      pid_t postmaster = 0;
      if (pidfile >> postmaster) meter.Watch(postmaster);
    }
  }

  DataSetOptions data_set;
  data_set.communes = options.communes;
  data_set.years = options.years;
  data_set.setup_threads = options.setup_threads;
  if (absl::Status s = BuildDataSet(data_set, setup); !s.ok()) {
    std::fprintf(stderr, "setup failed: %s\n", s.ToString().c_str());
    return 1;
  }
  meter.Watch(setup.agencies->process().pid());
  meter.Watch(setup.plans->process().pid());
  const std::map<std::string, const UnitInfo*> unit_by_agency = [&] {
    std::map<std::string, const UnitInfo*> m;
    for (const UnitInfo& u : setup.units) m[u.agency] = &u;
    return m;
  }();

  // Every engine's interplan-reporting starts now, so they follow the plan
  // feed at the same time; each is measured alone afterwards.
  std::map<std::string, std::unique_ptr<ServiceProcess>> reporting;
  std::map<std::string, std::vector<std::unique_ptr<ServiceProcess>>> more_replicas;
  const auto sync_start = Clock::now();
  for (const std::string& engine : options.engines) {
    std::vector<std::string> args = setup.ServiceFlags();
    args.push_back(absl::StrCat("--plans_addr=", setup.plans->address()));
    if (engine == "postgres") {
      if (absl::Status s = setup.postgres->CreateDatabase("reporting_bench"); !s.ok()) {
        std::fprintf(stderr, "%s\n", s.ToString().c_str());
        return 1;
      }
      args.push_back("--database_url=" + setup.postgres->Url("reporting_bench"));
    }
    absl::StatusOr<std::unique_ptr<ServiceProcess>> started =
        ServiceProcess::Start({.service = "reporting", .extra_args = args});
    if (!started.ok()) {
      std::fprintf(stderr, "interplan-reporting (%s): %s\n", engine.c_str(),
                   started.status().ToString().c_str());
      return 1;
    }
    reporting[engine] = std::move(*started);
    meter.Watch(reporting[engine]->process().pid());
    // More replicas on the same database, started once the first has
    // migrated it.
    for (int r = 1; engine == "postgres" && r < options.replicas; ++r) {
      absl::StatusOr<std::unique_ptr<ServiceProcess>> replica =
          ServiceProcess::Start({.service = "reporting", .extra_args = args});
      if (!replica.ok()) {
        std::fprintf(stderr, "interplan-reporting replica %d: %s\n", r + 1,
                     replica.status().ToString().c_str());
        return 1;
      }
      more_replicas[engine].push_back(std::move(*replica));
    }
  }
  const int expected_obligations = setup.plans_created * 2;
  std::map<std::string, double> sync_seconds;
  std::map<std::string, std::vector<rv1::Obligation>> obligations;
  while (obligations.size() < reporting.size()) {
    for (auto& [engine, process] : reporting) {
      if (obligations.count(engine) > 0) continue;
      auto stub = rv1::ReportingService::NewStub(process->NewChannel());
      absl::StatusOr<std::vector<rv1::Obligation>> all = AllObligations(*stub, setup.ministry_key);
      if (!all.ok()) {
        std::fprintf(stderr, "%s\n", all.status().ToString().c_str());
        return 1;
      }
      std::vector<rv1::Obligation> mine;
      for (rv1::Obligation& o : *all) {
        if (absl::StartsWith(o.plan(), "plans/bench-")) mine.push_back(std::move(o));
      }
      if (static_cast<int>(mine.size()) >= expected_obligations) {
        sync_seconds[engine] = MillisSince(sync_start) / 1000;
        Say(absl::StrFormat(
            "[%s] interplan-reporting follows all %d plans: %d obligations after "
            "%.1f s",
            engine, setup.plans_created, static_cast<int>(mine.size()), sync_seconds[engine]));
        obligations[engine] = std::move(mine);
      }
    }
    if (MillisSince(sync_start) > 30 * 60 * 1000) {
      std::fprintf(stderr, "obligations did not appear within 30 minutes\n");
      return 1;
    }
    if (obligations.size() < reporting.size()) std::this_thread::sleep_for(std::chrono::seconds(2));
  }

  std::vector<BenchIndicator> indicators;
  std::vector<ReportJob> jobs;
  std::vector<EngineResult> results;
  const absl::Time now = absl::Now();
  for (const std::string& engine : options.engines) {
    ServiceProcess& process = *reporting[engine];
    auto stub = rv1::ReportingService::NewStub(process.NewChannel());
    absl::StatusOr<std::vector<BenchIndicator>> picked = PickIndicators(*stub, setup.ministry_key);
    if (!picked.ok()) {
      std::fprintf(stderr, "%s\n", picked.status().ToString().c_str());
      return 1;
    }
    if (indicators.empty()) {
      indicators = *picked;
      std::vector<std::string> names;
      for (const BenchIndicator& i : indicators) names.push_back(i.name.substr(11));
      Say(absl::StrCat("indicators (10 counts, 10 percentages; sex: female, male, total): ",
                       absl::StrJoin(names, " ")));
    }
    // The reports: one per obligation, sorted by obligation id so both
    // engines get the same order.
    std::vector<rv1::Obligation>& mine = obligations[engine];
    std::sort(mine.begin(), mine.end(), [](const rv1::Obligation& a, const rv1::Obligation& b) {
      return a.plan() + a.period() < b.plan() + b.period();
    });
    std::vector<ReportJob> engine_jobs;
    for (const rv1::Obligation& o : mine) {
      engine_jobs.push_back(
          MakeReportJob(o, *unit_by_agency.at(o.agency()), indicators, options.sex, now));
    }
    if (jobs.empty()) jobs = engine_jobs;
    std::vector<ServiceProcess*> replicas = {&process};
    for (auto& replica : more_replicas[engine]) replicas.push_back(replica.get());
    absl::StatusOr<EngineResult> result = RunEngine(
        options, setup, replicas, engine, sync_seconds[engine], engine_jobs, indicators, meter);
    if (!result.ok()) {
      std::fprintf(stderr, "[%s] %s\nlog tail:\n%s\n", engine.c_str(),
                   result.status().ToString().c_str(),
                   process.Log()
                       .substr(process.Log().size() > 4000 ? process.Log().size() - 4000 : 0)
                       .c_str());
      return 1;
    }
    // What the data set takes on disk.
    if (engine == "sqlite") {
      std::error_code error;
      uintmax_t bytes = 0;
      for (const auto& entry : std::filesystem::directory_iterator(process.data_dir(), error)) {
        if (absl::StrContains(entry.path().filename().string(), ".db")) {
          bytes += std::filesystem::file_size(entry.path(), error);
        }
      }
      result->storage_size = absl::StrFormat("%.0f MiB (reporting.db + WAL)", bytes / 1048576.0);
    } else {
      absl::StatusOr<std::unique_ptr<Pg>> pg = Pg::Connect(setup.postgres->Url("reporting_bench"));
      if (pg.ok()) {
        auto size = (*pg)->Query("SELECT pg_size_pretty(pg_database_size(current_database()))");
        if (size.ok()) result->storage_size = (*size)[0][0] + " (database)";
      }
    }
    results.push_back(std::move(*result));
    process.Stop().IgnoreError();
  }

  std::optional<GroupByResult> group_by;
  if (want_pg) {
    Say(absl::StrFormat("GROUP BY baseline: loading the raw values into PostgreSQL (%s)",
                        LoadAverage()));
    absl::StatusOr<GroupByResult> r = RunGroupBy(options, *setup.postgres, jobs, indicators);
    if (!r.ok()) {
      std::fprintf(stderr, "GROUP BY: %s\n", r.status().ToString().c_str());
      return 1;
    }
    group_by = std::move(*r);
    Say(absl::StrFormat("GROUP BY baseline: %d rows (%s with its index) loaded in %.1f s; %s",
                        static_cast<int>(group_by->rows), group_by->table_size,
                        group_by->load_seconds, group_by->check));
    Say("  plan:\n    " + group_by->plan);
    Say(absl::StrCat("  one indicator, GROUP BY category: ", group_by->one.Summary()));
    Say(absl::StrCat("  all 20, GROUP BY indicator, category: ", group_by->all.Summary()));
    Say(absl::StrCat("  the national roll-up's own statement, one indicator: ",
                     group_by->rollup_statement.Summary()));
  }

  // The summary.
  Say("");
  Say(absl::StrFormat(
      "== summary: %d provinces + %d communes, %d plans (%s), %d reports of %d IndicatorValues "
      "(20 indicators%s), %s ==",
      setup.provinces, setup.communes, setup.plans_created, absl::StrJoin(options.years, ", "),
      results.empty() ? 0 : results[0].reports, results.empty() ? 0 : results[0].values_per_report,
      options.sex ? " x female/male/total" : ", totals only", LoadAverage()));
  for (const EngineResult& r : results) {
    Say(absl::StrFormat(
        "%-8s SubmitReport x%d: %6.0f reports/s  p50 %6.2f ms  p99 %7.2f ms%s", r.engine,
        options.threads, r.submit_per_second, r.submit.At(0.5), r.submit.At(0.99),
        r.engine == "postgres" ? absl::StrCat("  (", r.submit_conflicts, " serialization failures)")
                               : ""));
    Say(absl::StrFormat(
        "%-8s AcceptReport x%d:  %6.0f reports/s  p50 %6.2f ms  p99 %7.2f ms  "
        "(%d client retries, %d failed%s)",
        r.engine, options.accept_threads, r.accept_per_second, r.accept.At(0.5), r.accept.At(0.99),
        r.accept_retries, r.accept_failures,
        r.engine == "postgres" ? absl::StrCat(", ", r.accept_conflicts, " serialization failures")
                               : ""));
    Say(absl::StrFormat("%-8s GetRollup nation, 1 indicator:    p50 %6.2f ms  p99 %7.2f ms",
                        r.engine, r.rollup_one.At(0.5), r.rollup_one.At(0.99)));
    Say(absl::StrFormat("%-8s GetRollup nation, 20 in sequence: p50 %6.2f ms  p99 %7.2f ms",
                        r.engine, r.rollup_all_serial.At(0.5), r.rollup_all_serial.At(0.99)));
    Say(absl::StrFormat("%-8s GetRollup nation, 20 at once:     p50 %6.2f ms  p99 %7.2f ms",
                        r.engine, r.rollup_all_parallel.At(0.5), r.rollup_all_parallel.At(0.99)));
    if (group_by.has_value()) {
      Say(absl::StrFormat(
          "%-8s GROUP BY / roll-up: 1 indicator p50 %.1fx p99 %.1fx; all 20 (one query vs 20 "
          "calls in sequence) p50 %.1fx p99 %.1fx, (vs 20 at once) p50 %.1fx p99 %.1fx",
          r.engine, group_by->one.At(0.5) / r.rollup_one.At(0.5),
          group_by->one.At(0.99) / r.rollup_one.At(0.99),
          group_by->all.At(0.5) / r.rollup_all_serial.At(0.5),
          group_by->all.At(0.99) / r.rollup_all_serial.At(0.99),
          group_by->all.At(0.5) / r.rollup_all_parallel.At(0.5),
          group_by->all.At(0.99) / r.rollup_all_parallel.At(0.99)));
    }
    if (r.what_if) {
      Say(absl::StrFormat(
          "%-8s what-if (index on rollups (era, indicator, period, node_path)): "
          "1 indicator p50 %.2f p99 %.2f ms; 20 in sequence p50 %.2f p99 %.2f ms; "
          "20 at once p50 %.2f p99 %.2f ms",
          r.engine, r.what_if_one.At(0.5), r.what_if_one.At(0.99), r.what_if_serial.At(0.5),
          r.what_if_serial.At(0.99), r.what_if_parallel.At(0.5), r.what_if_parallel.At(0.99)));
      if (group_by.has_value()) {
        Say(
            absl::StrFormat("%-8s what-if GROUP BY / roll-up: 1 indicator p50 %.1fx p99 %.1fx; "
                            "all 20 vs 20 at once p50 %.1fx p99 %.1fx",
                            r.engine, group_by->one.At(0.5) / r.what_if_one.At(0.5),
                            group_by->one.At(0.99) / r.what_if_one.At(0.99),
                            group_by->all.At(0.5) / r.what_if_parallel.At(0.5),
                            group_by->all.At(0.99) / r.what_if_parallel.At(0.99)));
      }
    }
    Say(absl::StrFormat("%-8s roll-up check: %s", r.engine, r.rollup_check));
    if (!r.count_check.empty()) {
      Say(absl::StrFormat("%-8s reports held after the run: %s", r.engine, r.count_check));
    }
    Say(
        absl::StrFormat("%-8s interplan-reporting VmRSS %.1f MiB (VmHWM %.1f MiB); storage %s; "
                        "obligations synced in %.1f s",
                        r.engine, r.rss_mib, r.hwm_mib, r.storage_size, r.sync_seconds));
  }
  if (group_by.has_value()) {
    Say(
        absl::StrFormat("postgres GROUP BY over %d raw values: 1 indicator p50 %.2f ms p99 %.2f "
                        "ms; all 20 p50 %.2f ms p99 %.2f ms",
                        static_cast<int>(group_by->rows), group_by->one.At(0.5),
                        group_by->one.At(0.99), group_by->all.At(0.5), group_by->all.At(0.99)));
    const Latencies& statement = group_by->rollup_statement;
    Say(absl::StrFormat(
        "postgres the roll-up's own statement through libpq (no call): p50 %.3f ms p99 %.3f ms; "
        "GROUP BY / it: p50 %.1fx p99 %.1fx",
        statement.At(0.5), statement.At(0.99), group_by->one.At(0.5) / statement.At(0.5),
        group_by->one.At(0.99) / statement.At(0.99)));
  }
  Say(absl::StrFormat("total run time %.0f s", MillisSince(bench_start) / 1000));
  bool ok = true;
  for (const EngineResult& r : results) {
    ok = ok && r.rollup_checked && r.accept_failures == 0 && r.rollup_failures == 0;
  }
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace interplan::bench

int main(int argc, char** argv) { return interplan::bench::Main(argc, argv); }