// gRPC face of the gateway's views: decode the request, run through the
// CallGate (with the caller's deadline, capped), send the view. The views
// are sent as the bytes MinistryViews keeps (a cache hit is never parsed
// or serialized again): the service is registered by hand, with the
// generated request types and grpc::ByteBuffer replies, under the method
// names of interplan.gateway.v1.MinistryService; clients use the generated
// stubs as ever.
#ifndef INTERPLAN_GATEWAY_MINISTRY_SERVICE_HANDLER_H_
#define INTERPLAN_GATEWAY_MINISTRY_SERVICE_HANDLER_H_

#include <grpcpp/impl/service_type.h>
#include <grpcpp/support/byte_buffer.h>

#include "absl/time/time.h"
#include "common/server/call_gate.h"
#include "gateway/ministry_views.h"
#include "gateway/view_access.h"
#include "interplan/gateway/v1/gateway.grpc.pb.h"

namespace interplan::gateway {

class MinistryServiceHandler final : public grpc::Service {
 public:
  // `max_view_time`: the longest a view may take when the caller set no
  // (or a later) deadline.
  // `access` decides who sees which view (view_access.h).
  MinistryServiceHandler(CallGate& gate, MinistryViews& views, ViewAccess& access,
                         absl::Duration max_view_time);

  grpc::Status GetNationalOverview(grpc::ServerContext* context,
                                   const v1::GetNationalOverviewRequest* request,
                                   grpc::ByteBuffer* response);
  grpc::Status GetProvinceOverview(grpc::ServerContext* context,
                                   const v1::GetProvinceOverviewRequest* request,
                                   grpc::ByteBuffer* response);
  grpc::Status GetIndicatorProgress(grpc::ServerContext* context,
                                    const v1::GetIndicatorProgressRequest* request,
                                    grpc::ByteBuffer* response);
  grpc::Status GetAgencyWorkload(grpc::ServerContext* context,
                                 const v1::GetAgencyWorkloadRequest* request,
                                 grpc::ByteBuffer* response);

 private:
  absl::Time Deadline(const CallContext& call) const;

  CallGate& gate_;
  MinistryViews& views_;
  ViewAccess& access_;
  const absl::Duration max_view_time_;
};

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_MINISTRY_SERVICE_HANDLER_H_
