// The per-call metrics of one gRPC server, by method, in the process's
// metrics registry:
//   interplan_grpc_server_handled_total{service,method,code}   calls ended
//   interplan_grpc_server_handling_seconds{service,method}     their latency
//   interplan_grpc_server_in_flight{service,method}            calls running
// `service` is the server's short name ("agencies"), `method` the full
// gRPC name ("/interplan.agencies.v1.AgencyService/GetAgency") as the call
// log writes it, `code` the status name ("OK", "NOT_FOUND"). Errors are
// the handled calls whose code is not "OK". A method's series appear with
// its first call, a code's with the first call that ends with it.
#ifndef INTERPLAN_COMMON_SERVER_CALL_METRICS_H_
#define INTERPLAN_COMMON_SERVER_CALL_METRICS_H_

#include <grpcpp/support/status.h>

#include <array>
#include <atomic>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/metrics/registry.h"
#include "common/server/status_code_name.h"

namespace interplan {

class CallMetrics {
 public:
  // The metrics of one method, looked up in the registry once.
  struct Method {
    std::string name;
    metrics::Gauge* in_flight = nullptr;
    metrics::Histogram* seconds = nullptr;
    // By status code, made on first use (a race makes it twice: the
    // registry hands out the same counter).
    std::array<std::atomic<metrics::Counter*>, kStatusCodeCount> handled{};
  };

  // `registry` is not owned and must outlive this.
  CallMetrics(metrics::Registry& registry, std::string service);
  CallMetrics(const CallMetrics&) = delete;
  CallMetrics& operator=(const CallMetrics&) = delete;

  // A call to `method` begins: it is in flight until Finish(). The result
  // lives as long as this.
  Method* Begin(const std::string& method);
  // The call ended with `code` after `elapsed`.
  void Finish(Method* method, grpc::StatusCode code, absl::Duration elapsed);

 private:
  Method* Find(const std::string& method);
  metrics::Counter& Handled(Method* method, grpc::StatusCode code);

  metrics::Registry& registry_;
  const std::string service_;
  absl::Mutex mu_;
  // Bounded by the methods the server has (gRPC names every unknown one
  // "unknown").
  absl::flat_hash_map<std::string, std::unique_ptr<Method>> methods_ ABSL_GUARDED_BY(mu_);
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_SERVER_CALL_METRICS_H_
