// A Prometheus gauge held by the program: a value that goes up and down
// (calls in flight, queue length), changed from any thread with one
// atomic operation. A gauge whose value is read from elsewhere at each
// scrape is a callback instead (Registry::AddGauge).
#ifndef INTERPLAN_COMMON_METRICS_GAUGE_H_
#define INTERPLAN_COMMON_METRICS_GAUGE_H_

#include <atomic>

namespace interplan::metrics {

class Gauge {
 public:
  Gauge() = default;
  Gauge(const Gauge&) = delete;
  Gauge& operator=(const Gauge&) = delete;

  void Add(double delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  void Increment() { Add(1); }
  void Decrement() { Add(-1); }
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

}  // namespace interplan::metrics

#endif  // INTERPLAN_COMMON_METRICS_GAUGE_H_
