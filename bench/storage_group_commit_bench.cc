// Measures what group commit buys: concurrent durable writes through plain
// Database::Write (one transaction and one fsync each) against the same
// writes through a GroupCommitter (one transaction and one fsync per batch).
//
//   storage_group_commit_bench [--threads=16] [--seconds=5] [--rows=1,22]
//       [--dir=<folder for the SQLite files>] [--url=<database url>]
//       [--max_batch=64] [--max_delay_us=0]
//
// By default each run gets a fresh SQLite file (WAL, synchronous=FULL) in a
// new temporary folder, removed afterwards. --url measures another database
// instead (e.g. postgres://...), writing into a table of its own schema.
// --rows lists the rows each write inserts: 1 is the smallest durable write,
// 22 the size of a SubmitReport.
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/storage/database.h"
#include "common/storage/group_commit.h"

namespace interplan::storage {
namespace {

struct Flags {
  int threads = 16;
  double seconds = 5;
  std::vector<int> rows = {1, 22};
  std::string dir;
  std::string url;
  int max_batch = 64;
  int max_delay_us = 0;
};

bool ParseFlags(int argc, char** argv, Flags& flags) {
  for (int i = 1; i < argc; ++i) {
    std::pair<std::string, std::string> kv = absl::StrSplit(argv[i], absl::MaxSplits('=', 1));
    const std::string& key = kv.first;
    const std::string& value = kv.second;
    bool ok = true;
    if (key == "--threads") {
      ok = absl::SimpleAtoi(value, &flags.threads) && flags.threads > 0;
    } else if (key == "--seconds") {
      ok = absl::SimpleAtod(value, &flags.seconds) && flags.seconds > 0;
    } else if (key == "--rows") {
      flags.rows.clear();
      for (absl::string_view part : absl::StrSplit(value, ',')) {
        int rows = 0;
        ok = ok && absl::SimpleAtoi(part, &rows) && rows > 0;
        flags.rows.push_back(rows);
      }
    } else if (key == "--dir") {
      flags.dir = value;
    } else if (key == "--url") {
      flags.url = value;
    } else if (key == "--max_batch") {
      ok = absl::SimpleAtoi(value, &flags.max_batch) && flags.max_batch > 0;
    } else if (key == "--max_delay_us") {
      ok = absl::SimpleAtoi(value, &flags.max_delay_us) && flags.max_delay_us >= 0;
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

std::string FileSystemOf(const std::string& path) {
  struct statfs fs;
  if (statfs(path.c_str(), &fs) != 0) return "unknown";
  switch (static_cast<unsigned long>(fs.f_type)) {
    case 0xEF53:
      return "ext4";
    case 0x01021994:
      return "tmpfs (fsync is free: numbers mean nothing)";
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

struct Result {
  int64_t writes = 0;
  double seconds = 0;
  std::vector<double> latencies_us;  // sorted
  GroupCommitStats stats;            // group commit only
  int64_t rows_found = 0;
};

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t index = static_cast<size_t>(p * (sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

// Runs `flags.threads` writers for `flags.seconds`, each write inserting
// `rows` rows, through the committer when `grouped`.
absl::StatusOr<Result> Run(const Flags& flags, const std::string& url, const std::string& schema,
                           int rows, bool grouped) {
  DatabaseOptions options;
  options.url = url;
  options.schema = schema;
  absl::StatusOr<std::unique_ptr<Database>> opened = Database::Open(options);
  if (!opened.ok()) return opened.status();
  Database& db = **opened;
  absl::Status status =
      db.Migrate({{1, "items",
                   "CREATE TABLE items (id BIGINT PRIMARY KEY, writer INTEGER NOT NULL,"
                   " body TEXT NOT NULL)"}});
  if (!status.ok()) return status;

  GroupCommitter committer(db,
                           GroupCommitOptions{.max_batch = flags.max_batch,
                                              .max_delay = absl::Microseconds(flags.max_delay_us)});
  const std::string body(120, 'x');
  std::atomic<int64_t> next_id{0};
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::vector<double>> latencies(flags.threads);
  std::vector<std::thread> threads;
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < flags.threads; ++t) {
    threads.emplace_back([&, t] {
      latencies[t].reserve(1 << 16);
      while (!stop.load(std::memory_order_relaxed)) {
        const int64_t first = next_id.fetch_add(rows);
        auto work = [&](Transaction& txn) -> absl::Status {
          for (int r = 0; r < rows; ++r) {
            absl::Status s = txn.Execute("INSERT INTO items (id, writer, body) VALUES ($1, $2, $3)",
                                         {first + r, t, body})
                                 .status();
            if (!s.ok()) return s;
          }
          return absl::OkStatus();
        };
        const auto begin = std::chrono::steady_clock::now();
        absl::Status s = grouped ? committer.Write(work) : db.Write(work);
        const auto end = std::chrono::steady_clock::now();
        if (!s.ok()) {
          if (failures++ == 0) std::fprintf(stderr, "write failed: %s\n", s.ToString().c_str());
          continue;
        }
        latencies[t].push_back(std::chrono::duration<double, std::micro>(end - begin).count());
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(flags.seconds));
  stop = true;
  for (std::thread& thread : threads) thread.join();
  const auto finish = std::chrono::steady_clock::now();
  if (failures > 0) return absl::InternalError(absl::StrCat(failures.load(), " writes failed"));

  Result result;
  result.seconds = std::chrono::duration<double>(finish - start).count();
  for (const std::vector<double>& own : latencies) {
    result.latencies_us.insert(result.latencies_us.end(), own.begin(), own.end());
  }
  std::sort(result.latencies_us.begin(), result.latencies_us.end());
  result.writes = static_cast<int64_t>(result.latencies_us.size());
  result.stats = committer.stats();
  status = db.Read([&](Transaction& txn) -> absl::Status {
    absl::StatusOr<Row> row = txn.QueryRow("SELECT COUNT(*) FROM items");
    if (!row.ok()) return row.status();
    result.rows_found = (*row)[0].AsInt();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (result.rows_found != result.writes * rows) {
    return absl::InternalError(
        absl::StrCat("found ", result.rows_found, " rows, expected ", result.writes * rows));
  }
  return result;
}

int Main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, flags)) return 2;

  std::string dir;
  bool remove_dir = false;
  if (flags.url.empty()) {
    if (flags.dir.empty()) {
      const char* tmp = std::getenv("TMPDIR");
      std::string pattern =
          absl::StrCat(tmp != nullptr && *tmp ? tmp : "/tmp", "/group-commit-bench-XXXXXX");
      if (mkdtemp(pattern.data()) == nullptr) {
        std::perror("mkdtemp");
        return 1;
      }
      dir = pattern;
      remove_dir = true;
    } else {
      dir = flags.dir;
      std::filesystem::create_directories(dir);
    }
    std::printf("engine: SQLite (WAL, synchronous=FULL), files in %s on %s\n", dir.c_str(),
                FileSystemOf(dir).c_str());
  } else {
    std::printf("engine: %s\n", flags.url.c_str());
  }
  std::printf(
      "cpus: %u, writer threads: %d, %.1f s per run, group commit max_batch=%d"
      " max_delay=%dus\n\n",
      std::thread::hardware_concurrency(), flags.threads, flags.seconds, flags.max_batch,
      flags.max_delay_us);
  std::printf("%-24s %5s %10s %10s %9s %9s %9s %8s\n", "mode", "rows", "writes/s", "rows/s",
              "p50 ms", "p99 ms", "max ms", "batch");

  int exit_code = 0;
  int run_number = 0;
  for (int rows : flags.rows) {
    for (bool grouped : {false, true}) {
      ++run_number;
      std::string url = flags.url;
      std::string schema = "public";
      if (url.empty()) {
        url = absl::StrCat("sqlite:", dir, "/run", run_number, ".db");
      } else {
        schema = absl::StrCat("group_commit_bench_", getpid(), "_", run_number);
      }
      absl::StatusOr<Result> result = Run(flags, url, schema, rows, grouped);
      const char* mode = grouped ? "GroupCommitter::Write" : "Database::Write";
      if (!result.ok()) {
        std::printf("%-24s %5d failed: %s\n", mode, rows, result.status().ToString().c_str());
        exit_code = 1;
        continue;
      }
      const double per_second = result->writes / result->seconds;
      std::string batch = "1.0";
      if (grouped && result->stats.transactions > 0) {
        batch = absl::StrCat(absl::SixDigits(static_cast<double>(result->stats.writes) /
                                             result->stats.transactions));
      }
      std::printf("%-24s %5d %10.0f %10.0f %9.2f %9.2f %9.2f %8s\n", mode, rows, per_second,
                  per_second * rows, Percentile(result->latencies_us, 0.50) / 1000,
                  Percentile(result->latencies_us, 0.99) / 1000,
                  result->latencies_us.empty() ? 0.0 : result->latencies_us.back() / 1000,
                  batch.c_str());
      if (grouped) {
        std::printf("%-24s %5s   transactions=%ld largest batch=%ld abandoned=%ld\n", "", "",
                    static_cast<long>(result->stats.transactions),
                    static_cast<long>(result->stats.largest_batch),
                    static_cast<long>(result->stats.abandoned_batches));
      }
      std::fflush(stdout);
    }
  }
  if (remove_dir) {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  return exit_code;
}

}  // namespace
}  // namespace interplan::storage

int main(int argc, char** argv) { return interplan::storage::Main(argc, argv); }
