// gRPC face of the gateway's views: decode, run through the CallGate (with
// the caller's deadline, capped), encode.
#ifndef INTERPLAN_GATEWAY_MINISTRY_SERVICE_HANDLER_H_
#define INTERPLAN_GATEWAY_MINISTRY_SERVICE_HANDLER_H_

#include "absl/time/time.h"
#include "common/server/call_gate.h"
#include "gateway/ministry_views.h"
#include "interplan/gateway/v1/gateway.grpc.pb.h"

namespace interplan::gateway {

class MinistryServiceHandler final : public v1::MinistryService::Service {
 public:
  // `max_view_time`: the longest a view may take when the caller set no
  // (or a later) deadline.
  MinistryServiceHandler(CallGate& gate, MinistryViews& views, absl::Duration max_view_time)
      : gate_(gate), views_(views), max_view_time_(max_view_time) {}

  grpc::Status GetNationalOverview(grpc::ServerContext* context,
                                   const v1::GetNationalOverviewRequest* request,
                                   v1::Overview* response) override;
  grpc::Status GetProvinceOverview(grpc::ServerContext* context,
                                   const v1::GetProvinceOverviewRequest* request,
                                   v1::Overview* response) override;
  grpc::Status GetIndicatorProgress(grpc::ServerContext* context,
                                    const v1::GetIndicatorProgressRequest* request,
                                    v1::IndicatorProgress* response) override;
  grpc::Status GetAgencyWorkload(grpc::ServerContext* context,
                                 const v1::GetAgencyWorkloadRequest* request,
                                 v1::AgencyWorkload* response) override;
  grpc::Status Echo(grpc::ServerContext* context, const v1::EchoMessage* request,
                    v1::EchoMessage* response) override;

 private:
  absl::Time Deadline(const CallContext& call) const;

  CallGate& gate_;
  MinistryViews& views_;
  const absl::Duration max_view_time_;
};

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_MINISTRY_SERVICE_HANDLER_H_
