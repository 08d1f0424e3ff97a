#include "services/plans/agency_directory.h"

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"

namespace interplan::plans {
namespace {

namespace av1 = ::interplan::agencies::v1;

// A failed call: what a retry can fix is UNAVAILABLE; anything else is
// passed on as it came.
absl::Status CallFailed(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kCancelled:
    case absl::StatusCode::kResourceExhausted:
      return UnavailableError(
          absl::StrCat("interplan-agencies is unavailable, so references cannot be "
                       "checked and nothing was written: ",
                       status.message()),
          absl::Seconds(2));
    default:
      return status;
  }
}

void SetDay(absl::CivilDay day, google::type::Date* out) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

}  // namespace

ClientAgencyDirectory::ClientAgencyDirectory(AgenciesClient& agencies) : agencies_(agencies) {}

absl::Status ClientAgencyDirectory::Resolve(const std::set<std::string>& agency_names,
                                            const std::set<std::string>& unit_names,
                                            absl::CivilDay as_of, absl::Time deadline,
                                            ResolvedReferences* resolved) {
  if (!agency_names.empty()) {
    av1::BatchGetAgenciesRequest request;
    for (const std::string& name : agency_names) request.add_names(name);
    absl::StatusOr<av1::BatchGetAgenciesResponse> response =
        agencies_.BatchGetAgencies(request, deadline);
    if (!response.ok()) return CallFailed(response.status());
    for (const av1::Agency& agency : response->agencies()) {
      resolved->agencies[agency.name()] = agency;
    }
    resolved->missing_agencies.insert(response->missing().begin(), response->missing().end());
  }
  if (!unit_names.empty()) {
    av1::BatchGetUnitsRequest request;
    for (const std::string& name : unit_names) request.add_names(name);
    SetDay(as_of, request.mutable_as_of());
    absl::StatusOr<av1::BatchGetUnitsResponse> response =
        agencies_.BatchGetUnits(request, deadline);
    if (!response.ok()) return CallFailed(response.status());
    for (const av1::Unit& unit : response->units()) resolved->units[unit.name()] = unit;
    resolved->missing_units.insert(response->missing().begin(), response->missing().end());
  }
  return absl::OkStatus();
}

absl::StatusOr<av1::Unit> ClientAgencyDirectory::GetUnit(const std::string& name,
                                                         absl::CivilDay as_of,
                                                         absl::Time deadline) {
  av1::GetUnitRequest request;
  request.set_name(name);
  SetDay(as_of, request.mutable_as_of());
  absl::StatusOr<av1::Unit> unit = agencies_.GetUnit(request, deadline);
  if (!unit.ok()) return CallFailed(unit.status());
  return unit;
}

absl::StatusOr<std::vector<std::string>> ClientAgencyDirectory::GroupMembers(
    av1::AgencyKind kind, av1::UnitLevel level, const std::string& within, absl::CivilDay as_of,
    int limit, absl::Time deadline) {
  av1::ListAgenciesRequest request;
  request.set_unit(within);
  request.set_kind(kind);
  request.set_unit_level(level);
  SetDay(as_of, request.mutable_as_of());
  request.set_page_size(1000);
  std::vector<std::string> members;
  // Pages of 1000 until the list ends or passes the limit.
  while (static_cast<int>(members.size()) <= limit) {
    absl::StatusOr<av1::ListAgenciesResponse> page = agencies_.ListAgencies(request, deadline);
    if (!page.ok()) return CallFailed(page.status());
    for (const av1::Agency& agency : page->agencies()) members.push_back(agency.name());
    if (page->next_page_token().empty()) break;
    request.set_page_token(page->next_page_token());
  }
  return members;
}

}  // namespace interplan::plans
