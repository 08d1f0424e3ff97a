#include "common/clients/grpc_campaigns_client.h"

#include <utility>

namespace interplan {

namespace cv1 = ::interplan::campaigns::v1;

GrpcCampaignsClient::GrpcCampaignsClient(std::shared_ptr<grpc::Channel> channel)
    : campaigns_(cv1::CampaignService::NewStub(std::move(channel))) {}

void GrpcCampaignsClient::StartSummarizeCampaign(const cv1::SummarizeCampaignRequest* request,
                                                 cv1::CampaignSummary* response, AsyncCall* call,
                                                 CallDone done) {
  campaigns_->async()->SummarizeCampaign(call->context(), request, response,
                                         AsyncCall::GrpcDone(std::move(done)));
}

}  // namespace interplan
