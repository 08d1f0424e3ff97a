// interplan.gateway.v1.BenchService: Echo, the baseline the gateway
// benchmark measures the views against. Not part of the public API: the
// gateway registers it only with --bench_service. Calls pass the same
// CallGate as the views, so the baseline pays the same checks.
#ifndef INTERPLAN_GATEWAY_BENCH_SERVICE_HANDLER_H_
#define INTERPLAN_GATEWAY_BENCH_SERVICE_HANDLER_H_

#include "common/server/call_gate.h"
#include "interplan/gateway/v1/bench.grpc.pb.h"

namespace interplan::gateway {

class BenchServiceHandler final : public v1::BenchService::Service {
 public:
  explicit BenchServiceHandler(CallGate& gate) : gate_(gate) {}

  grpc::Status Echo(grpc::ServerContext* context, const v1::EchoRequest* request,
                    v1::EchoResponse* response) override;

 private:
  CallGate& gate_;
};

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_BENCH_SERVICE_HANDLER_H_
