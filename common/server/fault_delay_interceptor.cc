#include "common/server/fault_delay_interceptor.h"

#include "absl/time/clock.h"

namespace interplan {
namespace {

class FaultDelayInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit FaultDelayInterceptor(absl::Duration delay) : delay_(delay) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::POST_RECV_MESSAGE)) {
      absl::SleepFor(delay_);
    }
    methods->Proceed();
  }

 private:
  absl::Duration delay_;
};

}  // namespace

grpc::experimental::Interceptor* FaultDelayInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  if (method_ == "*" || method_ == info->method()) {
    return new FaultDelayInterceptor(delay_);
  }
  return nullptr;  // other methods are not intercepted
}

}  // namespace interplan
