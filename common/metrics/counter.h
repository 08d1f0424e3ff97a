// A Prometheus counter: a count that only goes up (requests served, errors,
// bytes sent), incremented from any thread with one relaxed atomic add.
#ifndef INTERPLAN_COMMON_METRICS_COUNTER_H_
#define INTERPLAN_COMMON_METRICS_COUNTER_H_

#include <atomic>
#include <cstdint>

namespace interplan::metrics {

class Counter {
 public:
  Counter() = default;
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  void Increment(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

}  // namespace interplan::metrics

#endif  // INTERPLAN_COMMON_METRICS_COUNTER_H_
