// The standard process_* metrics of a Prometheus client, read from
// /proc/self at each scrape: CPU time, memory, open files and when the
// process started. A value that cannot be read is rendered NaN.
#ifndef INTERPLAN_COMMON_METRICS_PROCESS_METRICS_H_
#define INTERPLAN_COMMON_METRICS_PROCESS_METRICS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/metrics/registry.h"

namespace interplan::metrics {

// What /proc/<pid>/stat says of a process (proc(5)), in seconds and bytes.
struct ProcessStat {
  double cpu_seconds = 0;                 // utime + stime
  double started_after_boot_seconds = 0;  // starttime
  double virtual_memory_bytes = 0;        // vsize
  double resident_memory_bytes = 0;       // rss (pages) * page size
};

// Parses the one line of /proc/<pid>/stat; clock ticks and pages are
// converted with `ticks_per_second` (sysconf(_SC_CLK_TCK)) and
// `page_bytes` (sysconf(_SC_PAGESIZE)).
absl::StatusOr<ProcessStat> ParseProcessStat(absl::string_view line, double ticks_per_second,
                                             double page_bytes);

// The "btime" of /proc/stat: when the system booted, in seconds since the
// Unix epoch.
absl::StatusOr<double> ParseBootTime(absl::string_view proc_stat);

// Registers process_cpu_seconds_total, process_resident_memory_bytes,
// process_virtual_memory_bytes, process_open_fds, process_max_fds and
// process_start_time_seconds (read once, now) in `registry`.
void AddProcessMetrics(Registry& registry);

}  // namespace interplan::metrics

#endif  // INTERPLAN_COMMON_METRICS_PROCESS_METRICS_H_
