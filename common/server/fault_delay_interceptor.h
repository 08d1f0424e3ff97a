// Fault drills: holds calls to one method (or all) for a set time before
// the handler runs, so operators and tests can see how clients, deadlines
// and graceful shutdown behave with a slow service.
#ifndef INTERPLAN_COMMON_SERVER_FAULT_DELAY_INTERCEPTOR_H_
#define INTERPLAN_COMMON_SERVER_FAULT_DELAY_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

#include <string>

#include "absl/time/time.h"

namespace interplan {

class FaultDelayInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `method` is a full method name ("/interplan.agencies.v1.UnitService/GetUnit")
  // or "*".
  FaultDelayInterceptorFactory(std::string method, absl::Duration delay)
      : method_(std::move(method)), delay_(delay) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  std::string method_;
  absl::Duration delay_;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_SERVER_FAULT_DELAY_INTERCEPTOR_H_
