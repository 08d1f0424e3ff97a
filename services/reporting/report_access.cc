#include "services/reporting/report_access.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/time/date.h"

namespace interplan::reporting {
namespace {

// The caller's agency id ("quang-ngai-so-ldtbxh"); "" without one.
std::string CallerAgency(const CallContext& call) {
  if (!call.principal.has_value()) return "";
  return std::string(absl::StripPrefix(call.principal->agency, "agencies/"));
}

absl::CivilDay DueDay(const ObligationRow& obligation) {
  absl::StatusOr<absl::CivilDay> day = time::ParseDate(obligation.due_date);
  return day.ok() ? *day : absl::CivilDay();
}

}  // namespace

access::Target TargetOf(const ObligationRow& obligation, const std::string& resource) {
  access::Target target;
  target.resource = resource;
  target.agency = obligation.agency_id;
  target.readers = {obligation.recipient_id};
  target.unit_path = obligation.unit_path;
  target.day = DueDay(obligation);
  return target;
}

ReportAccess::ReportAccess(RememberingAgenciesClient& registry, AgencyCache& agencies,
                           absl::Duration agency_max_age)
    : registry_(registry),
      agencies_(agencies),
      agency_max_age_(agency_max_age),
      policy_(registry) {}

absl::Status ReportAccess::RefuseRequestedOnly(const CallContext& call, const std::string& resource,
                                               absl::string_view what) {
  const std::string caller = CallerAgency(call);
  if (caller.empty()) return absl::OkStatus();
  absl::StatusOr<KnownAgencies> known = agencies_.Get({caller}, agency_max_age_, call.deadline);
  if (!known.ok()) return known.status();
  auto it = known->find(caller);
  if (it == known->end()) return absl::OkStatus();  // judged by the rest of the rules
  const agencies::v1::Agency& agency = it->second->agency;
  if (agency.has_assignable() && !agency.assignable()) {
    return access::PermissionDeniedError(
        resource, "REQUESTED_ONLY",
        absl::StrCat(call.principal->agency, " is requested, not assigned: it does not ", what));
  }
  return absl::OkStatus();
}

absl::Status ReportAccess::CheckSubmitter(const CallContext& call, const std::string& resource) {
  return RefuseRequestedOnly(call, resource, "submit reports");
}

absl::Status ReportAccess::CheckSubmit(const CallContext& call, const ObligationRow& obligation) {
  return policy_.CheckWrite(call,
                            TargetOf(obligation, absl::StrCat("obligations/", obligation.id)));
}

absl::StatusOr<std::string> ReportAccess::AgencyUnitPath(const std::string& agency_id,
                                                         absl::CivilDay day, absl::Time deadline) {
  absl::StatusOr<KnownAgencies> known = agencies_.Get({agency_id}, agency_max_age_, deadline);
  if (!known.ok()) return known.status();
  auto it = known->find(agency_id);
  if (it == known->end()) return std::string();
  const std::string code(absl::StripPrefix(it->second->agency.unit(), "units/"));
  if (code.empty()) return std::string();
  absl::StatusOr<std::optional<agencies::v1::Unit>> unit = registry_.UnitAt(code, day, deadline);
  if (!unit.ok()) return unit.status();
  return unit->has_value() ? (*unit)->path() : std::string();
}

absl::Status ReportAccess::CheckRecipientAct(const CallContext& call,
                                             const ObligationRow& obligation,
                                             const std::string& resource) {
  if (!call.principal.has_value()) return absl::OkStatus();
  const std::string caller = CallerAgency(call);
  if (!caller.empty() && caller == obligation.agency_id && caller != obligation.recipient_id) {
    return access::PermissionDeniedError(
        resource, "OWN_REPORT",
        absl::StrCat(call.principal->agency, " owes this report to agencies/",
                     obligation.recipient_id,
                     "; only the recipient accepts, returns or opens"
                     " exceptions, never the reporting agency itself"));
  }
  access::Target target;
  target.resource = resource;
  target.agency = obligation.recipient_id;
  target.day = DueDay(obligation);
  // The recipient's unit: a caller other than the recipient acts for it
  // only when its jurisdiction holds that unit (the recipient's successor).
  std::string recipient_path;
  const bool for_recipient = caller != obligation.recipient_id;
  if (for_recipient || obligation.unit_path.empty()) {
    absl::StatusOr<std::string> path =
        AgencyUnitPath(obligation.recipient_id, target.day, call.deadline);
    if (!path.ok()) return path.status();
    recipient_path = *path;
  }
  if (for_recipient) {
    absl::Status allowed = RefuseRequestedOnly(call, resource, "review reports or open exceptions");
    if (!allowed.ok()) return allowed;
    target.unit_path = recipient_path;
    allowed = policy_.CheckWrite(call, target);
    if (!allowed.ok()) return allowed;
  }
  // Where the decision lands: the report's unit (the recipient's own for a
  // national body's report), inside the caller's jurisdiction whoever acts.
  target.unit_path = obligation.unit_path.empty() ? recipient_path : obligation.unit_path;
  return policy_.CheckWrite(call, target);
}

absl::StatusOr<access::ReadScope> ReportAccess::ScopeOf(const CallContext& call,
                                                        absl::CivilDay day) {
  return policy_.ScopeOf(call, day);
}

absl::Status ReportAccess::CheckRead(const CallContext& call, const access::Target& target) {
  return policy_.CheckRead(call, target);
}

absl::StatusOr<std::string> ReportAccess::UnitToRead(const CallContext& call,
                                                     const access::ReadScope& scope,
                                                     const std::string& unit, absl::CivilDay day) {
  if (scope.everything) return unit;
  if (unit.empty()) {
    const std::string root = scope.DefaultRoot();
    if (root.empty()) return std::string();
    // A path is codes from the province down: its last is the unit's.
    return absl::StrCat("units/", root.substr(root.rfind('/') + 1));
  }
  if (!absl::StartsWith(unit, "units/")) return unit;
  const std::string code = unit.substr(6);
  if (code.empty() || absl::StrContains(code, "/")) return unit;
  absl::StatusOr<std::optional<agencies::v1::Unit>> found =
      registry_.UnitAt(code, day, call.deadline);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return unit;
  for (const std::string& root : scope.roots) {
    if (access::InSubtree(root, (*found)->path())) return unit;
  }
  return access::PermissionDeniedError(
      unit, "OUTSIDE_JURISDICTION",
      absl::StrCat(call.principal.has_value() ? call.principal->agency : std::string(),
                   " may read only ",
                   scope.roots.empty() ? std::string("its own records")
                                       : absl::StrCat("unit path ", scope.DefaultRoot(),
                                                      scope.roots.size() > 1 ? " and others" : ""),
                   ", not ", unit, " (", (*found)->path(), ") as of ", time::FormatDate(day)));
}

ReportAccess::Reader ReportAccess::ReaderFor(const CallContext& call) {
  // As AccessPolicy::ScopeOf answers without looking anything up.
  bool everything = !call.principal.has_value();
  if (!everything) {
    switch (call.principal->role) {
      case auth::Role::kMinistry:
      case auth::Role::kOperator:
      case auth::Role::kService:
        everything = true;
        break;
      default:
        break;
    }
  }
  return Reader(policy_, call, everything);
}

absl::StatusOr<bool> ReportAccess::Reader::MayRead(const ObligationRow& obligation) {
  if (everything_) return true;
  auto it = scopes_.find(obligation.due_date);
  if (it == scopes_.end()) {
    absl::StatusOr<access::ReadScope> scope = policy_->ScopeOf(*call_, DueDay(obligation));
    if (!scope.ok()) return scope.status();
    it = scopes_.emplace(obligation.due_date, std::move(*scope)).first;
  }
  return it->second.Allows(TargetOf(obligation, ""));
}

absl::Status ReportAccess::Reader::CheckRead(const ObligationRow& obligation,
                                             const std::string& resource) {
  if (everything_) return absl::OkStatus();
  return policy_->CheckRead(*call_, TargetOf(obligation, resource));
}

}  // namespace interplan::reporting
