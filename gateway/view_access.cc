#include "gateway/view_access.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/time/date.h"
#include "common/time/validity.h"

namespace interplan::gateway {
namespace {

namespace av1 = ::interplan::agencies::v1;

}  // namespace

RemoteUnits::RemoteUnits(AgenciesClient& agencies) : agencies_(agencies) {}

absl::StatusOr<std::optional<av1::Unit>> RemoteUnits::UnitAt(const std::string& code,
                                                             absl::CivilDay day,
                                                             absl::Time deadline) {
  const std::string key = absl::StrCat(code, "@", time::FormatDate(day));
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = memo_.find(key);
    if (it != memo_.end()) return it->second;
  }
  av1::GetUnitRequest request;
  request.set_name(absl::StrCat("units/", code));
  time::DayToProto(day, request.mutable_as_of());
  // At most kClientCallTimeout (common/clients/call_deadline.h) before
  // `deadline`.
  absl::StatusOr<av1::Unit> unit = agencies_.GetUnit(request, deadline);
  std::optional<av1::Unit> found;
  if (unit.ok()) {
    found = *std::move(unit);
  } else if (!absl::IsNotFound(unit.status())) {
    return unit.status();
  }
  std::lock_guard<std::mutex> lock(mu_);
  memo_[key] = found;
  return found;
}

absl::CivilDay AsOfOrToday(const google::type::Date& as_of) {
  absl::StatusOr<std::optional<absl::CivilDay>> day = time::OptionalDayFromProto(as_of, "as_of");
  // A bad date is the view's own INVALID_ARGUMENT; judged as of today here.
  if (!day.ok() || !day->has_value()) return time::Today();
  return **day;
}

ViewAccess::ViewAccess(AgenciesClient& agencies)
    : units_(agencies), policy_(units_), agencies_(agencies) {}

absl::Status ViewAccess::MayRead(const CallContext& call,
                                 const v1::GetNationalOverviewRequest& /*request*/) {
  return CheckNational(call, "overviews/national");
}

absl::Status ViewAccess::MayRead(const CallContext& call,
                                 const v1::GetProvinceOverviewRequest& request) {
  return CheckUnit(call, request.unit(), AsOfOrToday(request.as_of()));
}

absl::Status ViewAccess::MayRead(const CallContext& call,
                                 const v1::GetIndicatorProgressRequest& request) {
  return CheckNational(call, absl::StrCat(request.indicator(), "/progress"));
}

absl::Status ViewAccess::MayRead(const CallContext& call,
                                 const v1::GetAgencyWorkloadRequest& request) {
  return CheckAgency(call, request.agency());
}

absl::Status ViewAccess::CheckNational(const CallContext& call, const std::string& resource) {
  absl::StatusOr<access::ReadScope> scope = policy_.ScopeOf(call, time::Today());
  if (!scope.ok()) return scope.status();
  if (scope->everything) return absl::OkStatus();
  return access::PermissionDeniedError(
      resource, "OUTSIDE_JURISDICTION",
      absl::StrCat(call.principal->agency.empty() ? "this credential" : call.principal->agency,
                   " reads only its own jurisdiction, not the whole country: ask for the"
                   " province overview of ",
                   call.principal->unit.empty() ? "its province" : call.principal->unit));
}

absl::Status ViewAccess::CheckUnit(const CallContext& call, const std::string& unit,
                                   absl::CivilDay day) {
  if (!call.principal.has_value()) return absl::OkStatus();
  absl::StatusOr<access::ReadScope> scope = policy_.ScopeOf(call, day);
  if (!scope.ok()) return scope.status();
  if (scope->everything) return absl::OkStatus();
  const std::string code(absl::StripPrefix(unit, "units/"));
  absl::StatusOr<std::optional<av1::Unit>> found = units_.UnitAt(code, day, call.deadline);
  if (!found.ok()) return found.status();
  // An unknown unit is in nobody's scope but those who read everything.
  access::Target target{.resource = unit, .day = day};
  if (found->has_value()) target.unit_path = (*found)->path();
  return policy_.CheckRead(call, target);
}

absl::Status ViewAccess::CheckAgency(const CallContext& call, const std::string& agency) {
  if (!call.principal.has_value()) return absl::OkStatus();
  const absl::CivilDay today = time::Today();
  absl::StatusOr<access::ReadScope> scope = policy_.ScopeOf(call, today);
  if (!scope.ok()) return scope.status();
  if (scope->everything) return absl::OkStatus();
  access::Target target{.resource = agency,
                        .agency = std::string(absl::StripPrefix(agency, "agencies/")),
                        .day = today};
  if (target.agency != scope->agency) {
    av1::GetAgencyRequest request;
    request.set_name(agency);
    absl::StatusOr<av1::Agency> record = agencies_.GetAgency(request, call.deadline);
    if (record.ok() && !record->unit().empty()) {
      absl::StatusOr<std::optional<av1::Unit>> unit = units_.UnitAt(
          std::string(absl::StripPrefix(record->unit(), "units/")), today, call.deadline);
      if (!unit.ok()) return unit.status();
      if (unit->has_value()) target.unit_path = (*unit)->path();
    } else if (!record.ok() && !absl::IsNotFound(record.status())) {
      return record.status();
    }
  }
  return policy_.CheckRead(call, target);
}

}  // namespace interplan::gateway
