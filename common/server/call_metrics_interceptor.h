// Counts every call of a gRPC server in CallMetrics: in flight from the
// moment the server takes it to the moment its status is sent (or, for a
// call that ends without one, to its end, counted as CANCELLED), with its
// latency and status code.
#ifndef INTERPLAN_COMMON_SERVER_CALL_METRICS_INTERCEPTOR_H_
#define INTERPLAN_COMMON_SERVER_CALL_METRICS_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

#include "common/server/call_metrics.h"

namespace interplan {

class CallMetricsInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `metrics` is not owned and must outlive the server.
  explicit CallMetricsInterceptorFactory(CallMetrics* metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  CallMetrics* metrics_;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_SERVER_CALL_METRICS_INTERCEPTOR_H_
