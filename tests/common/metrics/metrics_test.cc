// Tests of the metrics registry: exact Prometheus text output, escaping,
// cumulative buckets, gauges, and counts that stay exact under contention.
#include <cmath>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "common/metrics/counter.h"
#include "common/metrics/exposition.h"
#include "common/metrics/gauge.h"
#include "common/metrics/histogram.h"
#include "common/metrics/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interplan::metrics {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(RegistryTest, RendersCountersExactly) {
  Registry registry;
  registry
      .GetCounter("http_requests_total", "HTTP requests served.",
                  {{"path", "/v1/plans"}, {"code", "200"}})
      .Increment(3);
  registry
      .GetCounter("http_requests_total", "ignored: the first help holds",
                  {{"code", "404"}, {"path", "/x"}})
      .Increment();
  registry.GetCounter("a_total", "Comes first.").Increment(0);
  EXPECT_EQ(registry.Render(),
            "# HELP a_total Comes first.\n"
            "# TYPE a_total counter\n"
            "a_total 0\n"
            "# HELP http_requests_total HTTP requests served.\n"
            "# TYPE http_requests_total counter\n"
            "http_requests_total{code=\"200\",path=\"/v1/plans\"} 3\n"
            "http_requests_total{code=\"404\",path=\"/x\"} 1\n");
}

TEST(RegistryTest, SameNameAndLabelsIsTheSameCounter) {
  Registry registry;
  Counter& a = registry.GetCounter("c_total", "h", {{"k", "v"}});
  Counter& b = registry.GetCounter("c_total", "h", {{"k", "v"}});
  Counter& other = registry.GetCounter("c_total", "h", {{"k", "w"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &other);
}

TEST(RegistryTest, RendersHistogramsWithCumulativeBuckets) {
  Registry registry;
  Histogram& latency =
      registry.GetHistogram("rpc_seconds", "RPC latency.", {1, 0.25, 0.1, 0.25},  // cleaned up
                            {{"method", "Get"}});
  for (double v : {0.05, 0.1, 0.2, 0.3, 0.9, 5.0}) latency.Observe(v);
  latency.Observe(std::nan(""));  // ignored
  EXPECT_EQ(registry.Render(),
            "# HELP rpc_seconds RPC latency.\n"
            "# TYPE rpc_seconds histogram\n"
            "rpc_seconds_bucket{method=\"Get\",le=\"0.1\"} 2\n"
            "rpc_seconds_bucket{method=\"Get\",le=\"0.25\"} 3\n"
            "rpc_seconds_bucket{method=\"Get\",le=\"1\"} 5\n"
            "rpc_seconds_bucket{method=\"Get\",le=\"+Inf\"} 6\n"
            "rpc_seconds_sum{method=\"Get\"} 6.55\n"
            "rpc_seconds_count{method=\"Get\"} 6\n");
}

TEST(RegistryTest, HistogramWithoutLabelsAndBounds) {
  Registry registry;
  registry.GetHistogram("size_bytes", "", {}).Observe(7);
  EXPECT_EQ(registry.Render(),
            "# TYPE size_bytes histogram\n"
            "size_bytes_bucket{le=\"+Inf\"} 1\n"
            "size_bytes_sum 7\n"
            "size_bytes_count 1\n");
}

TEST(RegistryTest, RendersGaugesFromCallbacks) {
  Registry registry;
  double cached = 2.5;
  registry.AddGauge("cache_up", "Whether Redis answers.", [] { return 1.0; });
  registry.AddGauge("cache_entries", "Cached views.", [&] { return cached; }, {{"kind", "plan"}});
  cached = 4;
  EXPECT_EQ(registry.Render(),
            "# HELP cache_entries Cached views.\n"
            "# TYPE cache_entries gauge\n"
            "cache_entries{kind=\"plan\"} 4\n"
            "# HELP cache_up Whether Redis answers.\n"
            "# TYPE cache_up gauge\n"
            "cache_up 1\n");
}

TEST(RegistryTest, GaugeCallbackMayUseTheRegistry) {
  Registry registry;
  registry.AddGauge("families", "", [&registry] {
    return static_cast<double>(registry.GetCounter("x_total", "").value());
  });
  EXPECT_THAT(registry.Render(), HasSubstr("families 0\n"));
}

TEST(RegistryTest, EscapesHelpAndLabelValues) {
  Registry registry;
  registry
      .GetCounter("escaped_total", "Line one\nback\\slash \"quotes\" stay",
                  {{"path", "C:\\dir\n\"x\""}})
      .Increment();
  EXPECT_EQ(registry.Render(),
            "# HELP escaped_total Line one\\nback\\\\slash \"quotes\" stay\n"
            "# TYPE escaped_total counter\n"
            "escaped_total{path=\"C:\\\\dir\\n\\\"x\\\"\"} 1\n");
}

TEST(RegistryTest, UnicodeLabelValuesPassThrough) {
  Registry registry;
  registry.GetCounter("units_total", "", {{"unit", "Đồng Nai"}}).Increment();
  EXPECT_THAT(registry.Render(), HasSubstr("units_total{unit=\"Đồng Nai\"} 1\n"));
}

TEST(RegistryTest, InvalidNamesAreSanitised) {
  Registry registry;
  registry.GetCounter("bad-name.total", "", {{"bad-label", "v"}}).Increment();
  EXPECT_THAT(registry.Render(), HasSubstr("bad_name_total{bad_label=\"v\"} 1\n"));
}

TEST(RegistryTest, AnotherTypeUnderAnExistingNameIsNotRendered) {
  Registry registry;
  registry.GetCounter("dual", "").Increment(5);
  Histogram& stray = registry.GetHistogram("dual", "", {1});
  stray.Observe(1);  // works, goes nowhere
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("dual 5\n"));
  EXPECT_THAT(text, Not(HasSubstr("dual_bucket")));
}

TEST(RegistryTest, ConcurrentIncrementsSumExactly) {
  Registry registry;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&registry, t] {
      // Half the threads look the metric up each time, half keep it.
      Counter& kept = registry.GetCounter("hits_total", "Hits.");
      Histogram& histogram = registry.GetHistogram("obs", "", {0.5});
      for (int i = 0; i < kPerThread; ++i) {
        if (t % 2 == 0) {
          kept.Increment();
        } else {
          registry.GetCounter("hits_total", "Hits.").Increment();
        }
        histogram.Observe(i % 2 == 0 ? 0.25 : 1.0);
      }
    });
  }
  std::thread renderer([&registry] {
    for (int i = 0; i < 50; ++i) registry.Render();
  });
  for (std::thread& t : threads) t.join();
  renderer.join();
  EXPECT_EQ(registry.GetCounter("hits_total", "").value(), uint64_t{kThreads} * kPerThread);
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("hits_total 800000\n"));
  EXPECT_THAT(text, HasSubstr("obs_bucket{le=\"0.5\"} 400000\n"));
  EXPECT_THAT(text, HasSubstr("obs_bucket{le=\"+Inf\"} 800000\n"));
  EXPECT_THAT(text, HasSubstr("obs_sum 500000\n"));
  EXPECT_THAT(text, HasSubstr("obs_count 800000\n"));
}

TEST(HistogramTest, BucketsAreCumulativeAndBoundsInclusive) {
  Histogram histogram({1, 2, 3});
  for (double v : {-5.0, 1.0, 1.5, 2.0, 3.0, 3.5, std::numeric_limits<double>::infinity()}) {
    histogram.Observe(v);
  }
  Histogram::Snapshot snapshot = histogram.Read();
  EXPECT_THAT(snapshot.bounds, ElementsAre(1, 2, 3));
  EXPECT_THAT(snapshot.cumulative, ElementsAre(2, 4, 5, 7));
  EXPECT_EQ(snapshot.count, 7u);
  for (size_t i = 1; i < snapshot.cumulative.size(); ++i) {
    EXPECT_LE(snapshot.cumulative[i - 1], snapshot.cumulative[i]);
  }
}

TEST(HistogramTest, BoundsAreCleaned) {
  EXPECT_THAT(NormalizeBounds({3, 1, std::nan(""), 2, 1, std::numeric_limits<double>::infinity()}),
              ElementsAre(1, 2, 3));
}

TEST(ExpositionTest, FormatsValues) {
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(3), "3");
  EXPECT_EQ(FormatValue(0.1), "0.1");
  EXPECT_EQ(FormatValue(-2.5), "-2.5");
  EXPECT_EQ(FormatValue(500000), "500000");
  EXPECT_EQ(FormatValue(1234567.5), "1234567.5");
  EXPECT_EQ(FormatValue(1e21), "1e+21");
  EXPECT_EQ(FormatValue(0.0005), "0.0005");
  EXPECT_EQ(FormatValue(0.00001), "1e-05");
  EXPECT_EQ(FormatValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(FormatValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(FormatValue(std::nan("")), "NaN");
}

TEST(ExpositionTest, ChecksAndSanitisesNames) {
  EXPECT_TRUE(IsValidMetricName("interplan:http_requests_total"));
  EXPECT_FALSE(IsValidMetricName("9lives"));
  EXPECT_FALSE(IsValidMetricName(""));
  EXPECT_TRUE(IsValidLabelName("_path2"));
  EXPECT_FALSE(IsValidLabelName("a:b"));
  EXPECT_EQ(SanitizeName("9-lives", false), "_9_lives");
  EXPECT_EQ(SanitizeName("a:b", true), "a_b");
  EXPECT_EQ(FormatLabels({}), "");
  EXPECT_EQ(FormatLabels({}, "le", "+Inf"), "{le=\"+Inf\"}");
}

TEST(RegistryTest, RendersGaugesTheProgramSets) {
  Registry registry;
  Gauge& running = registry.GetGauge("calls_running", "Calls now.", {{"method", "Get"}});
  running.Increment();
  running.Increment();
  running.Decrement();
  EXPECT_EQ(&registry.GetGauge("calls_running", "", {{"method", "Get"}}), &running);
  registry.GetGauge("calls_running", "", {{"method", "List"}}).Set(0.5);
  EXPECT_EQ(registry.Render(),
            "# HELP calls_running Calls now.\n"
            "# TYPE calls_running gauge\n"
            "calls_running{method=\"Get\"} 1\n"
            "calls_running{method=\"List\"} 0.5\n");
}

TEST(RegistryTest, RendersCounterFunctionsAsCounters) {
  Registry registry;
  double seconds = 1.25;
  registry.AddCounterFunction("cpu_seconds_total", "CPU time.", [&] { return seconds; });
  seconds = 2.5;
  EXPECT_EQ(registry.Render(),
            "# HELP cpu_seconds_total CPU time.\n"
            "# TYPE cpu_seconds_total counter\n"
            "cpu_seconds_total 2.5\n");
}

TEST(RegistryTest, AGaugeUnderACounterNameIsNotRendered) {
  Registry registry;
  registry.GetCounter("jobs_total", "").Increment();
  registry.GetGauge("jobs_total", "").Set(7);
  EXPECT_THAT(registry.Render(), HasSubstr("jobs_total 1\n"));
  EXPECT_THAT(registry.Render(), Not(HasSubstr("7")));
}

TEST(HistogramTest, RpcLatencyBoundsSpanHalfAMillisecondToTenSeconds) {
  const std::vector<double> bounds = RpcLatencyBounds();
  EXPECT_EQ(bounds.front(), 0.0005);
  EXPECT_EQ(bounds.back(), 10);
  EXPECT_EQ(NormalizeBounds(bounds), bounds);
}

}  // namespace
}  // namespace interplan::metrics
