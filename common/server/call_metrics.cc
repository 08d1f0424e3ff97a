#include "common/server/call_metrics.h"

#include <utility>

#include "common/metrics/histogram.h"

namespace interplan {

CallMetrics::CallMetrics(metrics::Registry& registry, std::string service)
    : registry_(registry), service_(std::move(service)) {}

CallMetrics::Method* CallMetrics::Find(const std::string& method) {
  {
    absl::ReaderMutexLock lock(&mu_);
    auto it = methods_.find(method);
    if (it != methods_.end()) return it->second.get();
  }
  absl::MutexLock lock(&mu_);
  std::unique_ptr<Method>& slot = methods_[method];
  if (slot == nullptr) {
    auto made = std::make_unique<Method>();
    made->name = method;
    const metrics::Labels labels = {{"service", service_}, {"method", method}};
    made->in_flight = &registry_.GetGauge("interplan_grpc_server_in_flight",
                                          "gRPC calls being handled now.", labels);
    made->seconds = &registry_.GetHistogram(
        "interplan_grpc_server_handling_seconds",
        "Time from a gRPC call's arrival to its status being sent, in seconds.",
        metrics::RpcLatencyBounds(), labels);
    slot = std::move(made);
  }
  return slot.get();
}

metrics::Counter& CallMetrics::Handled(Method* method, grpc::StatusCode code) {
  int index = static_cast<int>(code);
  if (index < 0 || index >= kStatusCodeCount) index = static_cast<int>(grpc::StatusCode::UNKNOWN);
  std::atomic<metrics::Counter*>& slot = method->handled[index];
  metrics::Counter* counter = slot.load(std::memory_order_acquire);
  if (counter == nullptr) {
    counter = &registry_.GetCounter(
        "interplan_grpc_server_handled_total",
        "gRPC calls ended, by status code; errors are those with code != \"OK\".",
        {{"service", service_},
         {"method", method->name},
         {"code", StatusCodeName(static_cast<grpc::StatusCode>(index))}});
    slot.store(counter, std::memory_order_release);
  }
  return *counter;
}

CallMetrics::Method* CallMetrics::Begin(const std::string& method) {
  Method* found = Find(method);
  found->in_flight->Increment();
  return found;
}

void CallMetrics::Finish(Method* method, grpc::StatusCode code, absl::Duration elapsed) {
  Handled(method, code).Increment();
  method->seconds->Observe(absl::ToDoubleSeconds(elapsed));
  method->in_flight->Decrement();
}

}  // namespace interplan
