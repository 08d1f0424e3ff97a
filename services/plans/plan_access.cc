#include "services/plans/plan_access.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/errors/errors.h"
#include "common/time/date.h"
#include "common/time/validity.h"
#include "services/plans/plan_validator.h"

namespace interplan::plans {
namespace {

// A stored reference date; today for one that does not parse (none does).
absl::CivilDay DayOf(const std::string& reference_date) {
  absl::StatusOr<absl::CivilDay> day = time::ParseDate(reference_date);
  return day.ok() ? *day : time::Today();
}

access::Target TargetOf(const PlanRow& row, std::vector<std::string> readers) {
  access::Target target;
  target.resource = absl::StrCat("plans/", row.id);
  target.agency = row.issuer_id;
  target.readers = std::move(readers);
  target.unit_path = row.unit_path;
  target.day = DayOf(row.reference_date);
  return target;
}

}  // namespace

DirectoryUnits::DirectoryUnits(AgencyDirectory& directory) : directory_(directory) {}

absl::StatusOr<std::optional<agencies::v1::Unit>> DirectoryUnits::UnitAt(const std::string& code,
                                                                         absl::CivilDay day,
                                                                         absl::Time deadline) {
  const std::string date = time::FormatDate(day);
  const absl::Time now = absl::Now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = versions_.find(code);
    if (it != versions_.end()) {
      for (const Version& version : it->second) {
        if (version.from <= date && date <= version.to && now - version.fetched < kUnitMemoTtl) {
          return version.unit;
        }
      }
    }
  }
  // Days with no unit are not remembered: any code and day can be asked
  // for, and validation asks again anyway.
  absl::StatusOr<agencies::v1::Unit> unit =
      directory_.GetUnit(absl::StrCat("units/", code), day, deadline);
  if (absl::IsNotFound(unit.status())) return std::optional<agencies::v1::Unit>();
  if (!unit.ok()) return unit.status();
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(unit->valid_from(), unit->valid_to(), "valid_from", "valid_to");
  if (validity.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<Version>& versions = versions_[code];
    const std::string from = validity->StoredFrom();
    versions.erase(std::remove_if(versions.begin(), versions.end(),
                                  [&](const Version& v) { return v.from == from; }),
                   versions.end());
    versions.push_back({from, validity->StoredTo(), *unit, now});
  }
  return std::optional<agencies::v1::Unit>(std::move(*unit));
}

PlanAccess::PlanAccess(AgencyDirectory& directory) : units_(directory), policy_(units_) {}

bool PlanAccess::Narrows(const CallContext& call) {
  if (!call.principal.has_value()) return false;
  switch (call.principal->role) {
    case auth::Role::kMinistry:
    case auth::Role::kOperator:
    case auth::Role::kService:
      return false;  // they read everything
    default:
      return true;
  }
}

absl::Status PlanAccess::CheckDraftWrite(const CallContext& call, const std::string& resource,
                                         const v1::Plan& plan) {
  if (!call.principal.has_value()) return absl::OkStatus();
  v1::Plan content = plan;
  FieldViolations ignored;  // validation reports them
  const PlanReferences references = CheckPlanContent(&content, "plan", ignored);
  if (!references.reference_date.has_value() || !absl::StartsWith(content.unit(), "units/")) {
    return absl::OkStatus();
  }
  const std::string code(absl::StripPrefix(content.unit(), "units/"));
  absl::StatusOr<std::optional<agencies::v1::Unit>> unit =
      units_.UnitAt(code, *references.reference_date, call.deadline);
  if (absl::IsInvalidArgument(unit.status())) return absl::OkStatus();  // a malformed code
  if (!unit.ok()) return unit.status();
  if (!unit->has_value()) return absl::OkStatus();
  return CheckContentWrite(call, resource,
                           std::string(absl::StripPrefix(content.issuer(), "agencies/")),
                           (*unit)->path(), time::FormatDate(*references.reference_date));
}

absl::Status PlanAccess::CheckContentWrite(const CallContext& call, const std::string& resource,
                                           const std::string& issuer_id,
                                           const std::string& unit_path,
                                           const std::string& reference_date) {
  if (!call.principal.has_value()) return absl::OkStatus();
  access::Target target;
  target.resource = resource;
  target.agency = issuer_id;
  target.unit_path = unit_path;
  target.day = DayOf(reference_date);
  return policy_.CheckWrite(call, target);
}

absl::Status PlanAccess::CheckWrite(const CallContext& call, const PlanRow& row) {
  if (!call.principal.has_value()) return absl::OkStatus();
  return policy_.CheckWrite(call, TargetOf(row, {}));
}

absl::Status PlanAccess::CheckRead(const CallContext& call, const PlanRow& row,
                                   std::vector<std::string> readers) {
  if (!Narrows(call)) return absl::OkStatus();
  return policy_.CheckRead(call, TargetOf(row, std::move(readers)));
}

absl::Status PlanAccess::CheckUnitFilter(const CallContext& call, const std::string& unit,
                                         const std::vector<UnitScope>& scopes, absl::CivilDay day) {
  if (!Narrows(call)) return absl::OkStatus();
  absl::StatusOr<access::ReadScope> scope = policy_.ScopeOf(call, day);
  if (!scope.ok()) return scope.status();
  if (scope->everything) return absl::OkStatus();
  // Inside the jurisdiction, or holding part of it (a commune's agency
  // listing its province's plans sees those of its commune).
  for (const UnitScope& wanted : scopes) {
    for (const std::string& root : scope->roots) {
      if (access::InSubtree(root, wanted.path) || access::InSubtree(wanted.path, root)) {
        return absl::OkStatus();
      }
    }
  }
  const auth::Principal& principal = *call.principal;
  return access::PermissionDeniedError(
      unit, "OUTSIDE_JURISDICTION",
      absl::StrCat(principal.agency.empty() ? auth::RoleName(principal.role) : principal.agency,
                   " may list by unit only the units of its jurisdiction",
                   scope->roots.empty()
                       ? ""
                       : absl::StrCat(" (unit path ", absl::StrJoin(scope->roots, ", "), ")"),
                   "; ", unit, " is outside it"));
}

absl::Status PlanAccess::CheckFeed(const CallContext& call, absl::string_view resource) const {
  return access::RequireRole(
      call, {auth::Role::kService, auth::Role::kMinistry, auth::Role::kOperator}, resource);
}

PlanAccess::Reader::Reader(access::AccessPolicy& policy, const CallContext& call)
    : policy_(policy), call_(call), narrows_(Narrows(call)) {}

absl::StatusOr<bool> PlanAccess::Reader::MayRead(const PlanRow& row,
                                                 const std::vector<std::string>& readers) {
  if (!narrows_) return true;
  auto it = scopes_.find(row.reference_date);
  if (it == scopes_.end()) {
    absl::StatusOr<access::ReadScope> scope = policy_.ScopeOf(call_, DayOf(row.reference_date));
    if (!scope.ok()) return scope.status();
    it = scopes_.emplace(row.reference_date, std::move(*scope)).first;
  }
  return it->second.Allows(TargetOf(row, readers));
}

PlanAccess::Reader PlanAccess::ReaderFor(const CallContext& call) { return Reader(policy_, call); }

}  // namespace interplan::plans
