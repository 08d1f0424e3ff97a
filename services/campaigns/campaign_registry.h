// The campaigns logic: campaigns (one-off, or a yearly instance of a
// recurring series with its own theme), the activities agencies record for
// them (each correction a new version), and summaries over a unit subtree
// beside the previous year's. Units follow the hierarchy of the campaign's
// dates. Who may do what is CampaignAccess's to say; every write is
// authorized before anything is written, every read within the caller's
// scope. Plain C++ over the database and interplan-agencies; the gRPC
// handler only forwards.
#ifndef INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_REGISTRY_H_
#define INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_REGISTRY_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/clients/plans_client.h"
#include "common/clients/remembering_agencies_client.h"
#include "common/server/call_context.h"
#include "common/storage/database.h"
#include "interplan/campaigns/v1/campaigns.pb.h"
#include "interplan/plans/v1/plans.pb.h"
#include "services/campaigns/campaign_access.h"

namespace interplan::campaigns {

class CampaignRegistry {
 public:
  CampaignRegistry(storage::Database& db, RememberingAgenciesClient& registry, PlansClient& plans);

  absl::StatusOr<v1::Campaign> CreateCampaign(const v1::CreateCampaignRequest& request,
                                              const CallContext& call);
  absl::StatusOr<v1::Campaign> GetCampaign(const v1::GetCampaignRequest& request);
  absl::StatusOr<v1::ListCampaignsResponse> ListCampaigns(const v1::ListCampaignsRequest& request);

  absl::StatusOr<v1::Activity> RecordActivity(const v1::RecordActivityRequest& request,
                                              const CallContext& call);
  absl::StatusOr<v1::Activity> CorrectActivity(const v1::CorrectActivityRequest& request,
                                               const CallContext& call);
  // Without `call`: as with authentication off, nothing withheld.
  absl::StatusOr<v1::Activity> GetActivity(const v1::GetActivityRequest& request,
                                           const CallContext& call = CallContext());
  absl::StatusOr<v1::ListActivitiesResponse> ListActivities(
      const v1::ListActivitiesRequest& request, const CallContext& call);

  // The request as the caller may have it answered: unchanged when it
  // names a unit inside the caller's scope or the caller may read the
  // whole campaign; with `unit` set to the caller's jurisdiction when it
  // names none and may not; PERMISSION_DENIED when it names a unit outside
  // the caller's scope. What comes out depends on the request alone, so
  // answers to it may be shared between callers (the handler's ReadMemo).
  absl::StatusOr<v1::SummarizeCampaignRequest> NarrowSummary(
      const v1::SummarizeCampaignRequest& request, const CallContext& call);
  absl::StatusOr<v1::CampaignSummary> SummarizeCampaign(const v1::SummarizeCampaignRequest& request,
                                                        const CallContext& call);

 private:
  // What the activities table needs besides the message.
  struct CheckedActivity {
    v1::Activity activity;
    std::string unit_path;
  };

  absl::StatusOr<std::optional<v1::Campaign>> FindCampaign(storage::Transaction& txn,
                                                           const std::string& id);
  absl::StatusOr<v1::Campaign> LoadCampaign(const std::string& name, const std::string& field);
  // The campaign a summary is for (named, or the kind's instance of the
  // year), after checking the request; `unit_code` receives its unit's
  // code ("" when it names none).
  absl::StatusOr<v1::Campaign> SummarizedCampaign(const v1::SummarizeCampaignRequest& request,
                                                  std::string* unit_code);
  // The current version of activity `activity_id` of campaign
  // `campaign_id`, or NOT_FOUND naming `name`.
  absl::StatusOr<v1::Activity> LoadActivity(const std::string& campaign_id,
                                            const std::string& activity_id,
                                            const std::string& name);
  // Checks an activity against its campaign; `path` prefixes field names.
  absl::StatusOr<CheckedActivity> CheckActivity(const v1::Campaign& campaign,
                                                const v1::Activity& activity,
                                                const std::string& path, const CallContext& call);
  // The unit's path on the campaign's first day ("" for the nation).
  absl::StatusOr<std::string> PathOn(const std::string& unit_name, absl::CivilDay day,
                                     const CallContext& call);
  // The path of `unit_name` on the campaign's first day, or, when it did
  // not exist then, on the activity's `first_day`: NOT_FOUND saying so.
  absl::StatusOr<std::string> PlacedPath(const std::string& unit_name,
                                         absl::CivilDay campaign_start,
                                         std::optional<absl::CivilDay> first_day,
                                         const CallContext& call);
  // The path of the unit a read names (`unit_name`, on `day`), once the
  // caller's `scope` is known to hold it: INVALID_ARGUMENT naming "unit"
  // for an unknown unit, PERMISSION_DENIED naming it outside the scope.
  absl::StatusOr<std::string> PathInScope(const std::string& unit_name, absl::CivilDay day,
                                          const access::ReadScope& scope, const CallContext& call);
  absl::StatusOr<v1::CampaignFigures> Figures(const v1::Campaign& campaign,
                                              const std::string& unit_code,
                                              const CallContext& call);
  absl::Status StoreActivity(storage::Transaction& txn, const std::string& campaign_id,
                             const std::string& activity_id, const CheckedActivity& checked,
                             bool insert);

  storage::Database& db_;
  RememberingAgenciesClient& registry_;
  CampaignAccess access_;
  PlansClient& plans_;
};

}  // namespace interplan::campaigns

#endif  // INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_REGISTRY_H_
