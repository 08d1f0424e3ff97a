// Tests of the process_* metrics: /proc parsing on fixed text, and the
// values this test process reports.
#include "common/metrics/process_metrics.h"

#include <cmath>
#include <string>

#include "absl/time/clock.h"
#include "common/metrics/build_info.h"
#include "common/metrics/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/metrics/scrape.h"

namespace interplan::metrics {
namespace {

using ::interplan::testing::Scrape;

// A /proc/<pid>/stat line whose name holds a space and parentheses.
constexpr char kStatLine[] =
    "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 1500 0 0 0 250 150 0 0 20 0 9 0 12345 "
    "104857600 2560 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

TEST(ProcessStatTest, ParsesCpuStartAndMemory) {
  absl::StatusOr<ProcessStat> stat = ParseProcessStat(kStatLine, 100, 4096);
  ASSERT_TRUE(stat.ok()) << stat.status();
  EXPECT_DOUBLE_EQ(stat->cpu_seconds, 4.0);  // (250 + 150) / 100
  EXPECT_DOUBLE_EQ(stat->started_after_boot_seconds, 123.45);
  EXPECT_DOUBLE_EQ(stat->virtual_memory_bytes, 104857600);
  EXPECT_DOUBLE_EQ(stat->resident_memory_bytes, 2560.0 * 4096);
}

TEST(ProcessStatTest, RefusesWhatIsNoStatLine) {
  EXPECT_FALSE(ParseProcessStat("", 100, 4096).ok());
  EXPECT_FALSE(ParseProcessStat("1 (x) S 1 2 3", 100, 4096).ok());
  EXPECT_FALSE(ParseProcessStat(kStatLine, 0, 4096).ok());
}

TEST(ProcessStatTest, ParsesBootTime) {
  absl::StatusOr<double> boot = ParseBootTime("cpu  1 2 3\nintr 5\nbtime 1764900000\nprocs 9\n");
  ASSERT_TRUE(boot.ok()) << boot.status();
  EXPECT_EQ(*boot, 1764900000);
  EXPECT_FALSE(ParseBootTime("cpu 1 2 3\n").ok());
}

TEST(ProcessMetricsTest, ReportsThisProcess) {
  Registry registry;
  AddProcessMetrics(registry);
  std::string big(32 << 20, 'x');  // resident: at least these 32 MiB
  volatile double spin = 0;
  for (int i = 0; i < 20000000; ++i) spin = spin + i;
  absl::StatusOr<Scrape> scrape = Scrape::Parse(registry.Render());
  ASSERT_TRUE(scrape.ok()) << scrape.status();
  EXPECT_EQ(scrape->TypeOf("process_cpu_seconds_total"), "counter");
  EXPECT_GT(scrape->Value("process_cpu_seconds_total").value_or(-1), 0);
  EXPECT_GE(scrape->Value("process_resident_memory_bytes").value_or(-1), 32 << 20);
  EXPECT_GE(scrape->Value("process_virtual_memory_bytes").value_or(-1),
            scrape->Value("process_resident_memory_bytes").value_or(0));
  EXPECT_GE(scrape->Value("process_open_fds").value_or(-1), 3);  // stdin, stdout, stderr
  EXPECT_GE(scrape->Value("process_max_fds").value_or(-1),
            scrape->Value("process_open_fds").value_or(0));
  const double now = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  const double started = scrape->Value("process_start_time_seconds").value_or(-1);
  EXPECT_LE(started, now + 1);
  EXPECT_GT(started, now - 600);  // this test binary started moments ago
  EXPECT_EQ(big.size(), size_t{32} << 20);
}

TEST(BuildInfoTest, IsOneWithServiceAndVersion) {
  Registry registry;
  AddBuildInfo(registry, "agencies");
  EXPECT_FALSE(BuildVersion().empty());
  absl::StatusOr<Scrape> scrape = Scrape::Parse(registry.Render());
  ASSERT_TRUE(scrape.ok()) << scrape.status();
  EXPECT_EQ(scrape->Value("interplan_build_info",
                          {{"service", "agencies"}, {"version", std::string(BuildVersion())}}),
            1);
}

}  // namespace
}  // namespace interplan::metrics
