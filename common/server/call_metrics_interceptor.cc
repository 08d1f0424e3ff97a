#include "common/server/call_metrics_interceptor.h"

#include "absl/time/clock.h"

namespace interplan {
namespace {

using grpc::experimental::InterceptionHookPoints;

class CallMetricsInterceptor : public grpc::experimental::Interceptor {
 public:
  CallMetricsInterceptor(CallMetrics* metrics, const char* method)
      : metrics_(metrics),
        method_(metrics->Begin(method != nullptr ? method : "unknown")),
        start_(absl::Now()) {}

  ~CallMetricsInterceptor() override {
    if (!finished_) Finish(grpc::StatusCode::CANCELLED);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    // Counted before the status goes out: a caller that has its answer
    // sees the call counted and no longer in flight.
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finish(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Finish(grpc::StatusCode code) {
    finished_ = true;
    metrics_->Finish(method_, code, absl::Now() - start_);
  }

  CallMetrics* metrics_;
  CallMetrics::Method* method_;
  absl::Time start_;
  bool finished_ = false;
};

}  // namespace

grpc::experimental::Interceptor* CallMetricsInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallMetricsInterceptor(metrics_, info->method());
}

}  // namespace interplan
