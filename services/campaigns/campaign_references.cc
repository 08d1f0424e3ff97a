#include "services/campaigns/campaign_references.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors/errors.h"
#include "common/time/date.h"

namespace interplan::campaigns {

namespace av1 = ::interplan::agencies::v1;
namespace pv1 = ::interplan::plans::v1;

CampaignReferences::CampaignReferences(RememberingAgenciesClient& registry, PlansClient& plans)
    : registry_(registry), plans_(plans) {}

absl::StatusOr<std::string> CampaignReferences::PathOn(const std::string& unit_name,
                                                       absl::CivilDay day,
                                                       const CallContext& call) {
  if (unit_name.empty()) return std::string();
  absl::StatusOr<std::optional<av1::Unit>> unit =
      registry_.UnitAt(unit_name.substr(6), day, call.deadline);
  if (!unit.ok()) return unit.status();
  if (!unit->has_value()) {
    return absl::NotFoundError(
        absl::StrCat(unit_name, " did not exist on ", time::FormatDate(day)));
  }
  return (*unit)->path();
}

absl::StatusOr<std::string> CampaignReferences::PlacedPath(const std::string& unit_name,
                                                           absl::CivilDay campaign_start,
                                                           std::optional<absl::CivilDay> first_day,
                                                           const CallContext& call) {
  absl::StatusOr<std::string> path = PathOn(unit_name, campaign_start, call);
  if (!path.ok() && absl::IsNotFound(path.status()) && first_day.has_value()) {
    path = PathOn(unit_name, *first_day, call);
  }
  return path;
}

absl::StatusOr<std::optional<av1::Unit>> CampaignReferences::UnitAt(const std::string& code,
                                                                    absl::CivilDay day,
                                                                    const CallContext& call) {
  return registry_.UnitAt(code, day, call.deadline);
}

absl::StatusOr<std::vector<av1::Unit>> CampaignReferences::Children(const std::string& code,
                                                                    absl::CivilDay day,
                                                                    const CallContext& call) {
  return registry_.Children(code, day, call.deadline);
}

absl::StatusOr<std::optional<av1::Agency>> CampaignReferences::AgencyNamed(
    const std::string& name, const CallContext& call) {
  const std::string id = name.substr(9);
  absl::StatusOr<std::map<std::string, av1::Agency>> agencies =
      registry_.Agencies({id}, call.deadline);
  if (!agencies.ok()) return agencies.status();
  auto found = agencies->find(id);
  if (found == agencies->end()) return std::optional<av1::Agency>();
  return std::optional<av1::Agency>(std::move(found->second));
}

absl::StatusOr<std::optional<pv1::Plan>> CampaignReferences::PlanNamed(const std::string& name,
                                                                       const CallContext& call) {
  pv1::GetPlanRequest get;
  get.set_name(name);
  absl::StatusOr<pv1::Plan> plan = plans_.GetPlan(get, call.deadline);
  if (absl::IsNotFound(plan.status())) return std::optional<pv1::Plan>();
  if (!plan.ok()) {
    return UnavailableError(
        absl::StrCat("interplan-plans is unavailable, so plan tasks cannot be checked: ",
                     plan.status().message()),
        absl::Seconds(2));
  }
  return std::optional<pv1::Plan>(*std::move(plan));
}

absl::StatusOr<CampaignPlaces> CampaignReferences::PlaceCampaign(const NewCampaign& checked,
                                                                 const CallContext& call) {
  CampaignPlaces places;
  absl::StatusOr<std::optional<av1::Agency>> organiser =
      AgencyNamed(checked.campaign.organiser(), call);
  if (!organiser.ok()) return organiser.status();
  places.organiser = *std::move(organiser);
  places.scope_path = PathOn(checked.campaign.scope(), checked.days.start, call);
  if (!places.scope_path.ok() && !absl::IsNotFound(places.scope_path.status())) {
    return places.scope_path.status();
  }
  return places;
}

absl::Status CampaignReferences::CompleteCampaignPlaces(const NewCampaign& checked,
                                                        CampaignPlaces& places,
                                                        const CallContext& call) {
  const absl::CivilDay start = checked.days.start;
  if (places.organiser.has_value() && !NotInForce(*places.organiser, start).has_value() &&
      places.scope_path.ok() && !places.organiser->unit().empty()) {
    absl::StatusOr<std::string> organiser_path = PathOn(places.organiser->unit(), start, call);
    if (!organiser_path.ok() && !absl::IsNotFound(organiser_path.status())) {
      return organiser_path.status();
    }
    places.organiser_path = std::move(organiser_path);
  }
  for (const v1::PlanTaskLink& link : checked.campaign.plan_tasks()) {
    absl::StatusOr<std::optional<pv1::Plan>> plan = PlanNamed(link.plan(), call);
    if (!plan.ok()) return plan.status();
    places.plans.push_back(*std::move(plan));
  }
  return absl::OkStatus();
}

absl::StatusOr<ActivityPlaces> CampaignReferences::PlaceActivity(const v1::Campaign& campaign,
                                                                 const CampaignDays& days,
                                                                 const ActivityContent& content,
                                                                 const CallContext& call) {
  const v1::Activity& activity = content.activity;
  ActivityPlaces places;
  absl::StatusOr<std::optional<av1::Agency>> organiser = AgencyNamed(activity.organiser(), call);
  if (!organiser.ok()) return organiser.status();
  places.organiser = *std::move(organiser);
  absl::StatusOr<std::string> scope = PathOn(campaign.scope(), days.start, call);
  if (!scope.ok()) return scope.status();
  places.scope_path = *std::move(scope);
  // The organiser's own unit, when it is in force on the activity's first
  // day and has one.
  if (places.organiser.has_value() &&
      !NotInForce(*places.organiser, content.first_day).has_value() &&
      !places.organiser->unit().empty()) {
    absl::StatusOr<std::string> path_then = PathOn(places.organiser->unit(), days.start, call);
    if (!path_then.ok() && !absl::IsNotFound(path_then.status())) return path_then.status();
    places.organiser_path = std::move(path_then);
  }
  places.unit_path = PlacedPath(activity.unit(), days.start, content.first_day, call);
  if (!places.unit_path.ok() && !absl::IsNotFound(places.unit_path.status())) {
    return places.unit_path.status();
  }
  if (!activity.venue().empty()) {
    absl::StatusOr<std::string> venue_path =
        PlacedPath(activity.venue(), days.start, content.first_day, call);
    if (!venue_path.ok() && !absl::IsNotFound(venue_path.status())) return venue_path.status();
    places.venue_path = std::move(venue_path);
  }
  return places;
}

}  // namespace interplan::campaigns
