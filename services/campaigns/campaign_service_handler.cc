#include "services/campaigns/campaign_service_handler.h"

namespace interplan::campaigns {

grpc::Status CampaignServiceHandler::CreateCampaign(grpc::ServerContext* context,
                                                    const v1::CreateCampaignRequest* request,
                                                    v1::Campaign* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.CreateCampaign(*request, call), response);
  });
}

grpc::Status CampaignServiceHandler::GetCampaign(grpc::ServerContext* context,
                                                 const v1::GetCampaignRequest* request,
                                                 v1::Campaign* response) {
  return gate_.Run(context, *request, [&](const CallContext&) {
    return Deliver(registry_.GetCampaign(*request), response);
  });
}

grpc::Status CampaignServiceHandler::ListCampaigns(grpc::ServerContext* context,
                                                   const v1::ListCampaignsRequest* request,
                                                   v1::ListCampaignsResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext&) {
    return Deliver(registry_.ListCampaigns(*request), response);
  });
}

grpc::Status CampaignServiceHandler::RecordActivity(grpc::ServerContext* context,
                                                    const v1::RecordActivityRequest* request,
                                                    v1::Activity* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.RecordActivity(*request, call), response);
  });
}

grpc::Status CampaignServiceHandler::CorrectActivity(grpc::ServerContext* context,
                                                     const v1::CorrectActivityRequest* request,
                                                     v1::Activity* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.CorrectActivity(*request, call), response);
  });
}

grpc::Status CampaignServiceHandler::GetActivity(grpc::ServerContext* context,
                                                 const v1::GetActivityRequest* request,
                                                 v1::Activity* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.GetActivity(*request, call), response);
  });
}

grpc::Status CampaignServiceHandler::ListActivities(grpc::ServerContext* context,
                                                    const v1::ListActivitiesRequest* request,
                                                    v1::ListActivitiesResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.ListActivities(*request, call), response);
  });
}

grpc::Status CampaignServiceHandler::SummarizeCampaign(grpc::ServerContext* context,
                                                       const v1::SummarizeCampaignRequest* request,
                                                       v1::CampaignSummary* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    // Narrowed to the caller's scope before the memo, so
    // its key holds everything the answer depends on.
    absl::StatusOr<v1::SummarizeCampaignRequest> narrowed = registry_.NarrowSummary(*request, call);
    if (!narrowed.ok()) return narrowed.status();
    return Deliver(
        summaries_.Get(*narrowed, [&] { return registry_.SummarizeCampaign(*narrowed, call); }),
        response);
  });
}

}  // namespace interplan::campaigns
