// gRPC face of the campaigns logic: decode, run through the CallGate, encode.
#ifndef INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_SERVICE_HANDLER_H_
#define INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_SERVICE_HANDLER_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "common/server/call_gate.h"
#include "common/server/read_memo.h"
#include "interplan/campaigns/v1/campaigns.grpc.pb.h"
#include "services/campaigns/campaign_registry.h"

namespace interplan::campaigns {

class CampaignServiceHandler final : public v1::CampaignService::Service {
 public:
  // `shared_version`: ServiceServer::SharedWriteVersion, which tells the
  // summaries' memo of writes other replicas made.
  CampaignServiceHandler(CallGate& gate, CampaignRegistry& registry,
                         std::function<absl::StatusOr<std::string>()> shared_version)
      : gate_(gate), registry_(registry), summaries_(gate, std::move(shared_version)) {}

  grpc::Status CreateCampaign(grpc::ServerContext* context,
                              const v1::CreateCampaignRequest* request,
                              v1::Campaign* response) override;
  grpc::Status GetCampaign(grpc::ServerContext* context, const v1::GetCampaignRequest* request,
                           v1::Campaign* response) override;
  grpc::Status ListCampaigns(grpc::ServerContext* context, const v1::ListCampaignsRequest* request,
                             v1::ListCampaignsResponse* response) override;
  grpc::Status RecordActivity(grpc::ServerContext* context,
                              const v1::RecordActivityRequest* request,
                              v1::Activity* response) override;
  grpc::Status CorrectActivity(grpc::ServerContext* context,
                               const v1::CorrectActivityRequest* request,
                               v1::Activity* response) override;
  grpc::Status GetActivity(grpc::ServerContext* context, const v1::GetActivityRequest* request,
                           v1::Activity* response) override;
  grpc::Status ListActivities(grpc::ServerContext* context,
                              const v1::ListActivitiesRequest* request,
                              v1::ListActivitiesResponse* response) override;
  grpc::Status SummarizeCampaign(grpc::ServerContext* context,
                                 const v1::SummarizeCampaignRequest* request,
                                 v1::CampaignSummary* response) override;

 private:
  CallGate& gate_;
  CampaignRegistry& registry_;
  // National summaries the gateway asks for on every view it builds; kept
  // until this service's next write. Keyed by the request as narrowed to
  // the caller's scope (CampaignRegistry::NarrowSummary).
  ReadMemo<v1::CampaignSummary> summaries_;
};

}  // namespace interplan::campaigns

#endif  // INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_SERVICE_HANDLER_H_
