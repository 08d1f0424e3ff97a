#include "gateway/ministry_service_handler.h"

#include <algorithm>

#include "absl/time/clock.h"

namespace interplan::gateway {

absl::Time MinistryServiceHandler::Deadline(const CallContext& call) const {
  // A little before the caller gives up, so that the view can still be
  // put together and reach it: a tenth of the time left, 20 to 100 ms.
  const absl::Time now = absl::Now();
  const absl::Duration margin =
      std::clamp((call.deadline - now) / 10, absl::Milliseconds(20), absl::Milliseconds(100));
  return std::min(call.deadline - margin, now + max_view_time_);
}

grpc::Status MinistryServiceHandler::GetNationalOverview(
    grpc::ServerContext* context, const v1::GetNationalOverviewRequest* request,
    v1::Overview* response) {
  return gate_.Run(context, "/interplan.gateway.v1.MinistryService/GetNationalOverview",
                   [&](const CallContext& call) {
                     return Deliver(views_.NationalOverview(*request, Deadline(call)), response);
                   });
}

grpc::Status MinistryServiceHandler::GetProvinceOverview(
    grpc::ServerContext* context, const v1::GetProvinceOverviewRequest* request,
    v1::Overview* response) {
  return gate_.Run(context, "/interplan.gateway.v1.MinistryService/GetProvinceOverview",
                   [&](const CallContext& call) {
                     return Deliver(views_.ProvinceOverview(*request, Deadline(call)), response);
                   });
}

grpc::Status MinistryServiceHandler::GetIndicatorProgress(
    grpc::ServerContext* context, const v1::GetIndicatorProgressRequest* request,
    v1::IndicatorProgress* response) {
  return gate_.Run(context, "/interplan.gateway.v1.MinistryService/GetIndicatorProgress",
                   [&](const CallContext& call) {
                     return Deliver(views_.IndicatorProgress(*request, Deadline(call)), response);
                   });
}

grpc::Status MinistryServiceHandler::GetAgencyWorkload(grpc::ServerContext* context,
                                                       const v1::GetAgencyWorkloadRequest* request,
                                                       v1::AgencyWorkload* response) {
  return gate_.Run(context, "/interplan.gateway.v1.MinistryService/GetAgencyWorkload",
                   [&](const CallContext& call) {
                     return Deliver(views_.AgencyWorkload(*request, Deadline(call)), response);
                   });
}

grpc::Status MinistryServiceHandler::Echo(grpc::ServerContext* context,
                                          const v1::EchoMessage* request,
                                          v1::EchoMessage* response) {
  return gate_.Run(context, "/interplan.gateway.v1.MinistryService/Echo", [&](const CallContext&) {
    *response = *request;
    return absl::OkStatus();
  });
}

}  // namespace interplan::gateway
