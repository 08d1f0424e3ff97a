// The rules campaigns, activities and the requests naming them must meet,
// as pure functions: no database, no calls to other services. What other
// services say of the names a campaign or an activity carries (agencies,
// units, plans) is looked up first (CampaignReferences) and judged here.
// Each problem is one field violation naming the field; several come back
// together as one INVALID_ARGUMENT.
#ifndef INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_VALIDATOR_H_
#define INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_VALIDATOR_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/api/list_window.h"
#include "common/errors/errors.h"
#include "interplan/agencies/v1/agencies.pb.h"
#include "interplan/campaigns/v1/campaigns.pb.h"
#include "interplan/plans/v1/plans.pb.h"

namespace interplan::campaigns {

// The days a campaign runs, both included.
struct CampaignDays {
  absl::CivilDay start;
  absl::CivilDay end;
};

// The days of a stored campaign; DATA_LOSS when it has none.
absl::StatusOr<CampaignDays> DaysOf(const v1::Campaign& campaign);

// Whether `path` is `root` or below it ("" is the nation, above everything).
bool Within(absl::string_view path, absl::string_view root);

// A unit a request names that did not exist when it was looked up for
// (NOT_FOUND from CampaignReferences) as INVALID_ARGUMENT naming "unit";
// any other status unchanged.
absl::Status UnknownUnitAsInvalid(const absl::Status& status);

// CreateCampaign's campaign as the message alone makes it: text cleaned,
// required fields present and well formed, dates given or computed from
// the recurrence and the year, the year set when not given.
struct NewCampaign {
  v1::Campaign campaign;
  CampaignDays days;
};
absl::StatusOr<NewCampaign> CheckNewCampaign(const v1::CreateCampaignRequest& request);

// What interplan-agencies and interplan-plans say of a new campaign's
// names, on its first day.
struct CampaignPlaces {
  // The organiser; nullopt when there is no such agency.
  std::optional<agencies::v1::Agency> organiser;
  // The scope's path ("" for a national campaign); NOT_FOUND when it did
  // not exist.
  absl::StatusOr<std::string> scope_path;
  // The path of the organiser's unit, when it has one and is in force
  // (NOT_FOUND when that unit did not exist); only looked up when the
  // scope was found.
  std::optional<absl::StatusOr<std::string>> organiser_path;
  // Each plan_tasks[i].plan; nullopt when there is no such plan.
  std::vector<std::optional<plans::v1::Plan>> plans;
};

// Why `agency` was not in force on `day`, as interplan-plans says it of
// the agencies a plan names; nullopt when it was.
std::optional<std::string> NotInForce(const agencies::v1::Agency& agency, absl::CivilDay day);

// The new campaign's organiser (in force on its first day, inside its
// scope), scope and plan tasks against `places`.
absl::Status CheckCampaignPlaces(const NewCampaign& checked, const CampaignPlaces& places);

// INVALID_ARGUMENT naming campaign.year: `campaign`'s series already has
// its instance for the year, campaigns/`existing_id`.
absl::Status SeriesTakenError(const v1::Campaign& campaign, const std::string& existing_id);

// An activity as the message alone makes it, for a campaign running
// `days`: text cleaned, required fields present and well formed, dates
// inside the campaign (the end defaulting to the start), counts in range
// (the total defaulting to the sum by sex), evidence links http(s).
// `path` prefixes field names ("activity").
struct ActivityContent {
  v1::Activity activity;
  absl::CivilDay first_day;
};
absl::StatusOr<ActivityContent> CheckActivityContent(const CampaignDays& days,
                                                     const v1::Activity& activity,
                                                     const std::string& path);

// What interplan-agencies says of an activity's names: paths on the
// campaign's first day, or, for a unit or venue that did not exist then,
// on the activity's first day (NOT_FOUND when neither).
struct ActivityPlaces {
  // The campaign's scope's path ("" for a national campaign).
  std::string scope_path;
  // The organiser; nullopt when there is no such agency.
  std::optional<agencies::v1::Agency> organiser;
  // The path of the organiser's unit, looked up when it has one and is in
  // force on the activity's first day.
  std::optional<absl::StatusOr<std::string>> organiser_path;
  absl::StatusOr<std::string> unit_path;
  // Looked up when the activity names a venue.
  std::optional<absl::StatusOr<std::string>> venue_path;
};

// The activity's organiser (in force on its first day, inside the
// campaign's scope), unit (inside the scope and the organiser's
// jurisdiction) and venue against `places`: the unit's path when all is
// well.
absl::StatusOr<std::string> CheckActivityPlaces(const ActivityContent& content,
                                                const ActivityPlaces& places,
                                                const std::string& path);

// A CorrectActivityRequest's activity name and reason, cleaned.
struct ActivityId {
  std::string campaign_id;
  std::string activity_id;
};
struct Correction {
  ActivityId id;
  std::string reason;
};
absl::StatusOr<Correction> CheckCorrection(const v1::CorrectActivityRequest& request);

// A GetActivityRequest's name and version.
absl::StatusOr<ActivityId> CheckGetActivity(const v1::GetActivityRequest& request);

// ListCampaigns' page.
absl::StatusOr<ListWindow> CheckListCampaigns(const v1::ListCampaignsRequest& request);

// ListActivities' page, and the code of the venue it names ("" for none).
struct ActivityListing {
  ListWindow window;
  std::string venue_code;
};
absl::StatusOr<ActivityListing> CheckListActivities(const v1::ListActivitiesRequest& request);

// The code of the unit a SummarizeCampaignRequest names ("" for none),
// once it names a campaign, or a kind and a year.
absl::StatusOr<std::string> CheckSummaryRequest(const v1::SummarizeCampaignRequest& request);

// OK when `unit` (a summary's, path `unit_path`) is inside the scope of
// `campaign` (path `scope_path`), else INVALID_ARGUMENT naming "unit": a
// scoped campaign has no figures outside its scope.
absl::Status CheckUnitInCampaignScope(const std::string& unit, const std::string& unit_path,
                                      const v1::Campaign& campaign, const std::string& scope_path);

}  // namespace interplan::campaigns

#endif  // INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_VALIDATOR_H_
