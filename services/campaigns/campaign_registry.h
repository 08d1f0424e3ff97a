// The campaigns logic: campaigns (one-off, or a yearly instance of a
// recurring series with its own theme), the activities agencies record for
// them (each correction a new version), and summaries over a unit subtree
// beside the previous year's. Units follow the hierarchy of the campaign's
// dates. Who may do what is CampaignAccess's to say; every write is
// authorized before anything is written, every read within the caller's
// scope. Orchestration only: each call is an access check
// (CampaignAccess), validation (campaign_validator.h, with what
// CampaignReferences looks up), and the store (CampaignStore); summaries
// are CampaignSummarizer's. The gRPC handler only forwards.
#ifndef INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_REGISTRY_H_
#define INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_REGISTRY_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/call/call_context.h"
#include "common/clients/plans_client.h"
#include "common/clients/remembering_agencies_client.h"
#include "common/storage/database.h"
#include "interplan/campaigns/v1/campaigns.pb.h"
#include "services/campaigns/campaign_access.h"
#include "services/campaigns/campaign_references.h"
#include "services/campaigns/campaign_store.h"
#include "services/campaigns/campaign_summary.h"
#include "services/campaigns/campaign_validator.h"

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

  // Steps of CreateCampaign: a retry answered from the request log (to a
  // caller who may make the request), and the checked campaign stored.
  absl::StatusOr<v1::Campaign> AnswerRecordedCreate(const v1::Campaign& recorded,
                                                    const CallContext& call);
  absl::Status MayCreate(const v1::CreateCampaignRequest& request, const NewCampaign& checked,
                         const CampaignPlaces& places, const CallContext& call);
  absl::StatusOr<v1::Campaign> InsertCampaign(const v1::CreateCampaignRequest& request,
                                              const NewCampaign& checked, const CallContext& call);

  absl::StatusOr<v1::Campaign> LoadCampaign(const std::string& name, const std::string& field);
  // The campaign a summary is for (named, or the kind's instance of the
  // year), after checking the request; `unit_code` receives its unit's
  // code ("" when it names none).
  absl::StatusOr<v1::Campaign> SummarizedCampaign(const v1::SummarizeCampaignRequest& request,
                                                  std::string* unit_code);
  // OK when the unit a summary of a scoped `campaign` names is inside its
  // scope; INVALID_ARGUMENT naming "unit" otherwise.
  absl::Status CheckSummaryUnit(const v1::Campaign& campaign, const std::string& unit,
                                const CallContext& call);
  // Version `version` (0: the current one) of activity `id`, or NOT_FOUND
  // naming `name`.
  absl::StatusOr<v1::Activity> LoadActivity(const ActivityId& id, int64_t version,
                                            const std::string& name);
  // Checks an activity of `campaign` (running `days`) as sent: its content,
  // then its organiser, unit and venue as interplan-agencies has them.
  absl::StatusOr<CheckedActivity> CheckActivity(const v1::Campaign& campaign,
                                                const CampaignDays& days,
                                                const v1::Activity& activity,
                                                const CallContext& call);
  // Whether the caller may correct activity `id` (named `name`) into
  // `corrected` (CampaignAccess::MayCorrect, against the activity as
  // stored): the stored activity it was allowed, nullopt without a
  // principal (nothing read).
  absl::StatusOr<std::optional<v1::Activity>> AuthorizeCorrection(const ActivityId& id,
                                                                  const std::string& name,
                                                                  const v1::Activity& corrected,
                                                                  absl::CivilDay campaign_start,
                                                                  const CallContext& call);
  absl::StatusOr<v1::Activity> InsertActivity(const v1::RecordActivityRequest& request,
                                              const v1::Campaign& campaign,
                                              const CheckedActivity& checked,
                                              const CallContext& call);
  // Stores the correction as the activity's next version, unless its
  // organiser or unit changed since `stored_before` was authorized.
  absl::StatusOr<v1::Activity> ReplaceActivity(const v1::CorrectActivityRequest& request,
                                               const Correction& correction,
                                               const CheckedActivity& checked,
                                               const std::optional<v1::Activity>& stored_before,
                                               const CallContext& call);
  // Which activities of `campaign` a listing returns to a caller with
  // `scope`.
  absl::StatusOr<ActivityFilter> FilterOf(const v1::ListActivitiesRequest& request,
                                          const ActivityListing& listing,
                                          const v1::Campaign& campaign, absl::CivilDay start,
                                          const access::ReadScope& scope, const CallContext& call);
  // The path of the unit a read names (`unit_name`, on `day`), once the
  // caller's `scope` is known to hold it: INVALID_ARGUMENT naming "unit"
  // for an unknown unit, PERMISSION_DENIED naming it outside the scope.
  absl::StatusOr<std::string> PathInScope(const std::string& unit_name, absl::CivilDay day,
                                          const access::ReadScope& scope, const CallContext& call);

  storage::Database& db_;
  CampaignStore store_;
  CampaignReferences references_;
  CampaignAccess access_;
  CampaignSummarizer summarizer_;
};

}  // namespace interplan::campaigns

#endif  // INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_REGISTRY_H_
