// A Prometheus histogram: counts observations (latencies, sizes) into
// buckets with fixed upper bounds and keeps their sum. Observe() takes no
// lock: a binary search and two atomic adds.
#ifndef INTERPLAN_COMMON_METRICS_HISTOGRAM_H_
#define INTERPLAN_COMMON_METRICS_HISTOGRAM_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace interplan::metrics {

class Histogram {
 public:
  // `bounds` are the buckets' inclusive upper bounds ("le"). They are
  // sorted; duplicates, NaN and infinities are dropped; the +Inf bucket is
  // always there.
  explicit Histogram(std::vector<double> bounds);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  // Counts `value` in the first bucket whose bound is >= value. NaN is
  // ignored.
  void Observe(double value);

  struct Snapshot {
    std::vector<double> bounds;  // without +Inf
    // Observations <= each bound, then the +Inf bucket: bounds.size() + 1
    // entries, never decreasing; the last equals count.
    std::vector<uint64_t> cumulative;
    double sum = 0;
    uint64_t count = 0;
  };
  // The counts read now. Concurrent observations may or may not be in it;
  // the buckets always agree with count.
  Snapshot Read() const;

  const std::vector<double>& bounds() const { return bounds_; }

 private:
  const std::vector<double> bounds_;
  // One counter per bucket (not cumulative), the +Inf bucket last.
  const std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<double> sum_{0};
};

// The bounds sorted, without duplicates and non-finite values.
std::vector<double> NormalizeBounds(std::vector<double> bounds);

// Request latencies in seconds, from 5 ms to 10 s: Prometheus's defaults.
std::vector<double> DefaultLatencyBounds();

// The latency of one gRPC call in seconds, from 0.5 ms (a cached read on
// the same host) to 10 s (a deadline), about three buckets a decade.
std::vector<double> RpcLatencyBounds();

}  // namespace interplan::metrics

#endif  // INTERPLAN_COMMON_METRICS_HISTOGRAM_H_
