// CampaignsClient over gRPC: each call goes to interplan-campaigns on the
// channel given (whose retry policy decides what is retried), as its
// AsyncCall's options say.
#ifndef INTERPLAN_COMMON_CLIENTS_GRPC_CAMPAIGNS_CLIENT_H_
#define INTERPLAN_COMMON_CLIENTS_GRPC_CAMPAIGNS_CLIENT_H_

#include <grpcpp/channel.h>

#include <memory>

#include "common/clients/campaigns_client.h"
#include "interplan/campaigns/v1/campaigns.grpc.pb.h"

namespace interplan {

class GrpcCampaignsClient : public CampaignsClient {
 public:
  explicit GrpcCampaignsClient(std::shared_ptr<grpc::Channel> channel);

  void StartSummarizeCampaign(const campaigns::v1::SummarizeCampaignRequest* request,
                              campaigns::v1::CampaignSummary* response, AsyncCall* call,
                              CallDone done) override;

 private:
  std::unique_ptr<campaigns::v1::CampaignService::Stub> campaigns_;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CLIENTS_GRPC_CAMPAIGNS_CLIENT_H_
