// What the gateway asks of interplan-campaigns for a view: the summary of a
// year's campaign, started in the background (AsyncCall) with the view's
// other calls. GrpcCampaignsClient asks the service.
#ifndef INTERPLAN_COMMON_CLIENTS_CAMPAIGNS_CLIENT_H_
#define INTERPLAN_COMMON_CLIENTS_CAMPAIGNS_CLIENT_H_

#include "common/clients/async_call.h"
#include "interplan/campaigns/v1/campaigns.pb.h"

namespace interplan {

class CampaignsClient {
 public:
  virtual ~CampaignsClient() = default;

  // Starts the call and returns; `done` runs when `call` ends, and
  // `*response` holds the summary when it is OK (NOT_FOUND: no such
  // campaign that year).
  virtual void StartSummarizeCampaign(const campaigns::v1::SummarizeCampaignRequest* request,
                                      campaigns::v1::CampaignSummary* response, AsyncCall* call,
                                      CallDone done) = 0;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CLIENTS_CAMPAIGNS_CLIENT_H_
