#include "common/access/access_policy.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/errors/errors.h"
#include "common/time/date.h"
#include "common/time/validity.h"

namespace interplan::access {
namespace {

bool Roles(const auth::Principal& principal, std::initializer_list<auth::Role> roles) {
  return std::find(roles.begin(), roles.end(), principal.role) != roles.end();
}

// "dong-nai-so-ldtbxh" from "agencies/dong-nai-so-ldtbxh".
std::string AgencyId(const auth::Principal& principal) {
  return std::string(absl::StripPrefix(principal.agency, "agencies/"));
}

std::string Who(const auth::Principal& principal) {
  if (!principal.agency.empty()) {
    return principal.unit.empty() ? principal.agency
                                  : absl::StrCat(principal.agency, " (", principal.unit, ")");
  }
  return absl::StrCat("a ", auth::RoleName(principal.role), " credential");
}

bool Covers(const time::Validity& validity, absl::CivilDay day) {
  return (!validity.from.has_value() || *validity.from <= day) &&
         (!validity.to.has_value() || day <= *validity.to);
}

}  // namespace

absl::Status PermissionDeniedError(absl::string_view resource, absl::string_view reason,
                                   absl::string_view why) {
  return WithErrorInfo(absl::PermissionDeniedError(absl::StrCat(resource, ": ", why)), reason,
                       {{"resource", std::string(resource)}});
}

absl::Status RequireRole(const CallContext& call, std::initializer_list<auth::Role> roles,
                         absl::string_view resource) {
  if (!call.principal.has_value() || Roles(*call.principal, roles)) return absl::OkStatus();
  std::string allowed;
  for (auth::Role role : roles) {
    absl::StrAppend(&allowed, allowed.empty() ? "" : ", ", auth::RoleName(role));
  }
  return PermissionDeniedError(
      resource, "ROLE_NOT_ALLOWED",
      absl::StrCat(Who(*call.principal), " has role ", auth::RoleName(call.principal->role),
                   "; this needs ", allowed));
}

bool InSubtree(absl::string_view root, absl::string_view path) {
  if (root.empty() || path.empty()) return false;
  return path == root ||
         (absl::StartsWith(path, root) && path.size() > root.size() && path[root.size()] == '/');
}

bool ReadScope::Allows(const Target& target) const {
  if (everything) return true;
  if (!agency.empty()) {
    if (target.agency == agency) return true;
    for (const std::string& reader : target.readers) {
      if (reader == agency) return true;
    }
  }
  for (const std::string& root : roots) {
    if (InSubtree(root, target.unit_path)) return true;
  }
  return false;
}

AccessPolicy::AccessPolicy(UnitLookup& units) : units_(units) {}

absl::StatusOr<std::vector<std::string>> AccessPolicy::Jurisdiction(
    const auth::Principal& principal, absl::CivilDay day, absl::Time deadline) {
  std::vector<std::string> roots;
  const std::string code(absl::StripPrefix(principal.unit, "units/"));
  if (code.empty()) return roots;
  absl::StatusOr<std::optional<agencies::v1::Unit>> then = units_.UnitAt(code, day, deadline);
  if (!then.ok()) return then.status();
  if (then->has_value()) roots.push_back((*then)->path());
  absl::StatusOr<std::optional<agencies::v1::Unit>> now =
      units_.UnitAt(code, time::Today(), deadline);
  if (!now.ok()) return now.status();
  if (now->has_value()) {
    for (const agencies::v1::UnitRef& predecessor : (*now)->predecessors()) {
      absl::StatusOr<time::Validity> validity =
          time::Validity::FromProto(predecessor.valid_from(), predecessor.valid_to(), "", "");
      if (validity.ok() && Covers(*validity, day) && !predecessor.path().empty() &&
          std::find(roots.begin(), roots.end(), predecessor.path()) == roots.end()) {
        roots.push_back(predecessor.path());
      }
    }
  }
  return roots;
}

absl::Status AccessPolicy::CheckWrite(const CallContext& call, const Target& target) {
  if (!call.principal.has_value()) return absl::OkStatus();
  const auth::Principal& principal = *call.principal;
  switch (principal.role) {
    case auth::Role::kAgency:
    case auth::Role::kProvincialCoordinator:
    case auth::Role::kMinistry:
      break;
    default:
      return PermissionDeniedError(
          target.resource, "ROLE_NOT_ALLOWED",
          absl::StrCat(Who(principal),
                       " cannot write it: only agencies write plans, reports"
                       " and activities (role ",
                       auth::RoleName(principal.role), ")"));
  }
  // National records (no unit) are the ministry's, whichever national body
  // they name: the ministry in charge carries its predecessors' (MOHA
  // those of MOLISA, which ended on 2025-02-28).
  if (principal.role == auth::Role::kMinistry && target.unit_path.empty()) {
    return absl::OkStatus();
  }
  const bool as_itself = !target.agency.empty() && target.agency == AgencyId(principal);
  if (principal.unit.empty()) {
    // A national body (the ministry, a ministry's department) reaches the
    // whole country in its own name.
    if (as_itself) return absl::OkStatus();
  } else if (!target.unit_path.empty()) {
    // Anyone else writes, as itself or for another, only what lands inside
    // its jurisdiction: its own name never carries it into another unit.
    absl::StatusOr<std::vector<std::string>> roots =
        Jurisdiction(principal, target.day, call.deadline);
    if (!roots.ok()) return roots.status();
    for (const std::string& root : *roots) {
      if (InSubtree(root, target.unit_path)) return absl::OkStatus();
    }
  }
  return PermissionDeniedError(
      target.resource, "OUTSIDE_JURISDICTION",
      absl::StrCat(
          Who(principal),
          principal.unit.empty() ? " may write only as itself"
                                 : absl::StrCat(" may write only inside ", principal.unit,
                                                ", as itself or for another"),
          "; this belongs to ",
          target.agency.empty() ? "no agency" : absl::StrCat("agencies/", target.agency),
          target.unit_path.empty() ? "" : absl::StrCat(" in unit path ", target.unit_path)));
}

absl::StatusOr<ReadScope> AccessPolicy::ScopeOf(const CallContext& call, absl::CivilDay day) {
  ReadScope scope;
  if (!call.principal.has_value()) {
    scope.everything = true;
    return scope;
  }
  const auth::Principal& principal = *call.principal;
  switch (principal.role) {
    case auth::Role::kMinistry:
    case auth::Role::kOperator:
    case auth::Role::kService:
      scope.everything = true;
      return scope;
    case auth::Role::kAgency:
    case auth::Role::kProvincialCoordinator:
      break;
    default:
      return scope;  // nothing
  }
  scope.agency = AgencyId(principal);
  absl::StatusOr<std::vector<std::string>> roots = Jurisdiction(principal, day, call.deadline);
  if (!roots.ok()) return roots.status();
  for (const std::string& root : *roots) {
    // A coordinator reads the province its unit is in.
    std::string widened = principal.role == auth::Role::kProvincialCoordinator
                              ? root.substr(0, root.find('/'))
                              : root;
    if (std::find(scope.roots.begin(), scope.roots.end(), widened) == scope.roots.end()) {
      scope.roots.push_back(std::move(widened));
    }
  }
  return scope;
}

absl::Status AccessPolicy::CheckRead(const CallContext& call, const Target& target) {
  absl::StatusOr<ReadScope> scope = ScopeOf(call, target.day);
  if (!scope.ok()) return scope.status();
  if (scope->Allows(target)) return absl::OkStatus();
  return PermissionDeniedError(
      target.resource, "OUTSIDE_JURISDICTION",
      absl::StrCat(Who(*call.principal), " may read only its own records",
                   scope->roots.empty() ? ""
                                        : absl::StrCat(" and those of unit path ",
                                                       absl::StrJoin(scope->roots, ", ")),
                   ", not this one"));
}

}  // namespace interplan::access
