#include "common/metrics/process_metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace interplan::metrics {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The whole of a small file, or "" when it cannot be read.
std::string ReadSmallFile(const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<ProcessStat> ReadOwnStat() {
  return ParseProcessStat(ReadSmallFile("/proc/self/stat"),
                          static_cast<double>(sysconf(_SC_CLK_TCK)),
                          static_cast<double>(sysconf(_SC_PAGESIZE)));
}

// The descriptors open in this process (the one reading them included).
double OpenFileDescriptors() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return kNaN;
  double count = 0;
  while (const dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count;
}

double MaxFileDescriptors() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return kNaN;
  if (limit.rlim_cur == RLIM_INFINITY) return std::numeric_limits<double>::infinity();
  return static_cast<double>(limit.rlim_cur);
}

// When this process started, in seconds since the Unix epoch: by the
// kernel when /proc says, else now (the registry is made at start-up).
double StartTimeSeconds() {
  absl::StatusOr<ProcessStat> stat = ReadOwnStat();
  absl::StatusOr<double> boot = ParseBootTime(ReadSmallFile("/proc/stat"));
  if (stat.ok() && boot.ok()) return *boot + stat->started_after_boot_seconds;
  return absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
}

}  // namespace

absl::StatusOr<ProcessStat> ParseProcessStat(absl::string_view line, double ticks_per_second,
                                             double page_bytes) {
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so
  // the fields are counted from the last ')'; the first after it is the
  // third (state).
  const size_t close = line.rfind(')');
  if (close == absl::string_view::npos || ticks_per_second <= 0) {
    return absl::InvalidArgumentError("not a /proc/<pid>/stat line");
  }
  std::vector<absl::string_view> fields =
      absl::StrSplit(line.substr(close + 1), ' ', absl::SkipWhitespace());
  auto field = [&fields](int number, double* value) {
    const size_t index = static_cast<size_t>(number - 3);
    return index < fields.size() && absl::SimpleAtod(fields[index], value);
  };
  double utime = 0, stime = 0, starttime = 0, vsize = 0, rss = 0;
  if (!field(14, &utime) || !field(15, &stime) || !field(22, &starttime) || !field(23, &vsize) ||
      !field(24, &rss)) {
    return absl::InvalidArgumentError("a /proc/<pid>/stat line with too few fields");
  }
  return ProcessStat{.cpu_seconds = (utime + stime) / ticks_per_second,
                     .started_after_boot_seconds = starttime / ticks_per_second,
                     .virtual_memory_bytes = vsize,
                     .resident_memory_bytes = rss * page_bytes};
}

absl::StatusOr<double> ParseBootTime(absl::string_view proc_stat) {
  for (absl::string_view line : absl::StrSplit(proc_stat, '\n')) {
    std::vector<absl::string_view> words = absl::StrSplit(line, ' ', absl::SkipWhitespace());
    double seconds = 0;
    if (words.size() == 2 && words[0] == "btime" && absl::SimpleAtod(words[1], &seconds)) {
      return seconds;
    }
  }
  return absl::NotFoundError("no btime line in /proc/stat");
}

void AddProcessMetrics(Registry& registry) {
  registry.AddCounterFunction("process_cpu_seconds_total",
                              "Total user and system CPU time spent in seconds.", [] {
                                absl::StatusOr<ProcessStat> stat = ReadOwnStat();
                                return stat.ok() ? stat->cpu_seconds : kNaN;
                              });
  registry.AddGauge("process_resident_memory_bytes", "Resident memory size in bytes.", [] {
    absl::StatusOr<ProcessStat> stat = ReadOwnStat();
    return stat.ok() ? stat->resident_memory_bytes : kNaN;
  });
  registry.AddGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", [] {
    absl::StatusOr<ProcessStat> stat = ReadOwnStat();
    return stat.ok() ? stat->virtual_memory_bytes : kNaN;
  });
  registry.AddGauge("process_open_fds", "Number of open file descriptors.", OpenFileDescriptors);
  registry.AddGauge("process_max_fds", "Maximum number of open file descriptors.",
                    MaxFileDescriptors);
  const double started = StartTimeSeconds();
  registry.AddGauge("process_start_time_seconds",
                    "Start time of the process since unix epoch in seconds.",
                    [started] { return started; });
}

}  // namespace interplan::metrics
