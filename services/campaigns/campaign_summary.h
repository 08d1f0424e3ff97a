// A campaign's figures over a unit subtree (activities by type, people,
// reach, media, spend; each child unit's share and the children without
// activity), beside those of the previous year's instance of its series:
// SummarizeCampaign's answer once the request is checked and narrowed to
// the caller's scope.
#ifndef INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_SUMMARY_H_
#define INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_SUMMARY_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/call/call_context.h"
#include "common/storage/database.h"
#include "interplan/campaigns/v1/campaigns.pb.h"
#include "services/campaigns/campaign_references.h"
#include "services/campaigns/campaign_store.h"

namespace interplan::campaigns {

class CampaignSummarizer {
 public:
  // Reads through `store` on `db`, units through `references`; none owned.
  CampaignSummarizer(storage::Database& db, CampaignStore& store, CampaignReferences& references);

  // The summary of `campaign` over unit `unit_code` ("" for the nation),
  // beside the previous year's instance of its series when there is one
  // (and the unit existed then). INVALID_ARGUMENT naming "unit" when the
  // unit did not exist on the campaign's first day.
  absl::StatusOr<v1::CampaignSummary> Summarize(const v1::Campaign& campaign,
                                                const std::string& unit_code,
                                                const CallContext& call);

 private:
  // The figures of `campaign` over `unit_code`; NOT_FOUND when the unit
  // did not exist on its first day.
  absl::StatusOr<v1::CampaignFigures> Figures(const v1::Campaign& campaign,
                                              const std::string& unit_code,
                                              const CallContext& call);
  // Sets the previous year's figures of `campaign`'s series in `summary`.
  absl::Status AddPreviousYear(const v1::Campaign& campaign, const std::string& unit_code,
                               v1::CampaignSummary& summary, const CallContext& call);

  storage::Database& db_;
  CampaignStore& store_;
  CampaignReferences& references_;
};

}  // namespace interplan::campaigns

#endif  // INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_SUMMARY_H_
