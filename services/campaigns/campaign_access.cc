#include "services/campaigns/campaign_access.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/time/validity.h"

namespace interplan::campaigns {
namespace {

// "agencies/x (units/51)", or "a SERVICE credential", for refusals.
std::string Who(const CallContext& call) {
  const auth::Principal& principal = *call.principal;
  if (principal.agency.empty()) {
    return absl::StrCat("a ", auth::RoleName(principal.role), " credential");
  }
  return principal.unit.empty() ? principal.agency
                                : absl::StrCat(principal.agency, " (", principal.unit, ")");
}

std::string Roots(const access::ReadScope& scope) {
  return scope.roots.empty() ? "none"
                             : absl::StrCat("unit path ", absl::StrJoin(scope.roots, ", "));
}

}  // namespace

CampaignAccess::CampaignAccess(UnitLookup& units) : units_(units), policy_(units) {}

absl::Status CampaignAccess::MayCreate(const CallContext& call, const std::string& resource,
                                       const v1::Campaign& campaign, const std::string& scope_path,
                                       absl::CivilDay start) {
  if (!call.principal.has_value()) return absl::OkStatus();
  if (campaign.scope().empty() && call.principal->role != auth::Role::kMinistry) {
    // A national campaign: the ministry's, in its own name (CheckWrite).
    return access::PermissionDeniedError(
        resource, "ROLE_NOT_ALLOWED",
        absl::StrCat(Who(call),
                     " cannot create a national campaign (one with no scope):"
                     " only the ministry does; a province's campaign names its unit as scope"));
  }
  access::Target target;
  target.resource = resource;
  target.agency = std::string(absl::StripPrefix(campaign.organiser(), "agencies/"));
  target.unit_path = scope_path;
  target.day = start;
  return policy_.CheckWrite(call, target);
}

absl::StatusOr<access::Target> CampaignAccess::TargetOf(const CallContext& call,
                                                        const std::string& resource,
                                                        const v1::Activity& activity,
                                                        absl::CivilDay fallback_day) {
  access::Target target;
  target.resource = resource;
  target.agency = std::string(absl::StripPrefix(activity.organiser(), "agencies/"));
  target.day = fallback_day;
  absl::StatusOr<std::optional<absl::CivilDay>> first =
      time::OptionalDayFromProto(activity.start_date(), "start_date");
  if (first.ok() && first->has_value()) target.day = **first;
  absl::string_view code = activity.unit();
  if (!absl::ConsumePrefix(&code, "units/") || code.empty()) return target;
  absl::StatusOr<std::optional<agencies::v1::Unit>> unit =
      units_.UnitAt(std::string(code), target.day, call.deadline);
  if (!unit.ok()) return unit.status();
  if (unit->has_value()) target.unit_path = (*unit)->path();
  return target;
}

absl::Status CampaignAccess::MayWrite(const CallContext& call, const std::string& resource,
                                      const v1::Activity& activity, absl::CivilDay fallback_day) {
  if (!call.principal.has_value()) return absl::OkStatus();
  absl::StatusOr<access::Target> target = TargetOf(call, resource, activity, fallback_day);
  if (!target.ok()) return target.status();
  return policy_.CheckWrite(call, *target);
}

absl::Status CampaignAccess::MayCorrect(const CallContext& call, const std::string& resource,
                                        const v1::Activity& stored, const v1::Activity& corrected,
                                        absl::CivilDay fallback_day) {
  for (const v1::Activity* activity : {&stored, &corrected}) {
    absl::Status allowed = MayWrite(call, resource, *activity, fallback_day);
    if (!allowed.ok()) return allowed;
  }
  return absl::OkStatus();
}

absl::Status CampaignAccess::MayWriteAsSent(const CallContext& call, const std::string& resource,
                                            const v1::Activity& activity,
                                            absl::CivilDay fallback_day) {
  if (!call.principal.has_value()) return absl::OkStatus();
  absl::StatusOr<access::Target> target = TargetOf(call, resource, activity, fallback_day);
  if (absl::IsInvalidArgument(target.status())) return absl::OkStatus();  // a malformed code
  if (!target.ok()) return target.status();
  if (target->unit_path.empty()) return absl::OkStatus();
  return policy_.CheckWrite(call, *target);
}

absl::Status CampaignAccess::MayRead(const CallContext& call, const std::string& resource,
                                     const v1::Activity& activity, absl::CivilDay fallback_day) {
  if (!call.principal.has_value()) return absl::OkStatus();
  absl::StatusOr<access::Target> target = TargetOf(call, resource, activity, fallback_day);
  if (!target.ok()) return target.status();
  return policy_.CheckRead(call, *target);
}

absl::StatusOr<access::ReadScope> CampaignAccess::ScopeOf(const CallContext& call,
                                                          absl::CivilDay day) {
  return policy_.ScopeOf(call, day);
}

absl::Status CampaignAccess::CheckUnitInScope(const access::ReadScope& scope,
                                              const CallContext& call, const std::string& unit,
                                              const std::string& unit_path) {
  if (scope.everything) return absl::OkStatus();
  for (const std::string& root : scope.roots) {
    if (access::InSubtree(root, unit_path)) return absl::OkStatus();
  }
  return access::PermissionDeniedError(
      unit, "OUTSIDE_JURISDICTION",
      absl::StrCat(Who(call),
                   " reads activities and summaries only of units inside its"
                   " jurisdiction (",
                   Roots(scope), "), not of unit path ", unit_path));
}

absl::StatusOr<std::optional<std::string>> CampaignAccess::SummaryUnit(
    const access::ReadScope& scope, const CallContext& call, const v1::Campaign& campaign,
    const std::string& campaign_scope_path) {
  if (scope.everything) return std::optional<std::string>();
  const bool national = campaign_scope_path.empty();
  for (const std::string& root : scope.roots) {
    if (!national && access::InSubtree(root, campaign_scope_path)) {
      return std::optional<std::string>();  // the whole campaign is the caller's
    }
  }
  for (const std::string& root : scope.roots) {
    if (national || access::InSubtree(campaign_scope_path, root)) {
      const size_t slash = root.rfind('/');
      return std::optional<std::string>(
          absl::StrCat("units/", slash == std::string::npos ? root : root.substr(slash + 1)));
    }
  }
  const std::string& resource = national ? campaign.name() : campaign.scope();
  if (scope.roots.empty()) {
    return access::PermissionDeniedError(
        resource, "OUTSIDE_JURISDICTION",
        absl::StrCat(Who(call),
                     " has no unit whose figures it may summarise; it reads only"
                     " the activities it organised (ListActivities)"));
  }
  return access::PermissionDeniedError(
      resource, "OUTSIDE_JURISDICTION",
      absl::StrCat(Who(call), " summarises only units inside its jurisdiction (", Roots(scope),
                   "), and none of them is inside ", campaign.scope()));
}

}  // namespace interplan::campaigns
