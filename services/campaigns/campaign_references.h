// What interplan-agencies and interplan-plans say of the names campaigns
// and activities carry: agencies, units (their paths as of a campaign's
// days, their children) and plans. Lookups only: what they find is judged
// by the validator (campaign_validator.h) and the access rules.
#ifndef INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_REFERENCES_H_
#define INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_REFERENCES_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/call/call_context.h"
#include "common/clients/plans_client.h"
#include "common/clients/remembering_agencies_client.h"
#include "interplan/agencies/v1/agencies.pb.h"
#include "interplan/agencies/v1/units.pb.h"
#include "interplan/campaigns/v1/campaigns.pb.h"
#include "interplan/plans/v1/plans.pb.h"
#include "services/campaigns/campaign_validator.h"

namespace interplan::campaigns {

class CampaignReferences {
 public:
  // `registry` answers agencies and units; not owned.
  CampaignReferences(RememberingAgenciesClient& registry, PlansClient& plans);

  // The path of `unit_name` ("units/51") on `day`; "" for an empty name
  // (the nation); NOT_FOUND saying so when it did not exist that day.
  absl::StatusOr<std::string> PathOn(const std::string& unit_name, absl::CivilDay day,
                                     const CallContext& call);
  // The path of `unit_name` on the campaign's first day, or, when it did
  // not exist then, on the activity's `first_day`: NOT_FOUND saying so.
  absl::StatusOr<std::string> PlacedPath(const std::string& unit_name,
                                         absl::CivilDay campaign_start,
                                         std::optional<absl::CivilDay> first_day,
                                         const CallContext& call);
  // The version of unit `code` in force on `day`, and the children of
  // unit `code` ("" for the provinces) on `day`.
  absl::StatusOr<std::optional<agencies::v1::Unit>> UnitAt(const std::string& code,
                                                           absl::CivilDay day,
                                                           const CallContext& call);
  absl::StatusOr<std::vector<agencies::v1::Unit>> Children(const std::string& code,
                                                           absl::CivilDay day,
                                                           const CallContext& call);

  // A new campaign's organiser and scope: what the access check needs.
  // Its `organiser_path` and `plans` are left to CompleteCampaignPlaces,
  // for after that check.
  absl::StatusOr<CampaignPlaces> PlaceCampaign(const NewCampaign& checked, const CallContext& call);
  // The path of the new campaign's organiser's unit (when the scope was
  // found and the organiser is in force and has one), and every plan its
  // plan tasks name; UNAVAILABLE when interplan-plans cannot be asked.
  absl::Status CompleteCampaignPlaces(const NewCampaign& checked, CampaignPlaces& places,
                                      const CallContext& call);

  // An activity's organiser, unit and venue, and the scope of its
  // `campaign` (running `days`).
  absl::StatusOr<ActivityPlaces> PlaceActivity(const v1::Campaign& campaign,
                                               const CampaignDays& days,
                                               const ActivityContent& content,
                                               const CallContext& call);

 private:
  // Agency `name` ("agencies/x"); nullopt when there is none.
  absl::StatusOr<std::optional<agencies::v1::Agency>> AgencyNamed(const std::string& name,
                                                                  const CallContext& call);
  // Plan `name` ("plans/x"); nullopt when there is none.
  absl::StatusOr<std::optional<plans::v1::Plan>> PlanNamed(const std::string& name,
                                                           const CallContext& call);

  RememberingAgenciesClient& registry_;
  PlansClient& plans_;
};

}  // namespace interplan::campaigns

#endif  // INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_REFERENCES_H_
