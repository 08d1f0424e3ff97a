#include "services/plans/agency_directory.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"

namespace interplan::plans {
namespace {

namespace av1 = ::interplan::agencies::v1;

std::unique_ptr<grpc::ClientContext> ContextWithDeadline(absl::Time deadline) {
  auto context = std::make_unique<grpc::ClientContext>();
  const absl::Time capped = std::min(deadline, absl::Now() + kDirectoryCallTimeout);
  context->set_deadline(absl::ToChronoTime(capped));
  return context;
}

// A failed call: what a retry can fix is UNAVAILABLE; anything else is
// passed on as it came.
absl::Status CallFailed(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return UnavailableError(
          absl::StrCat("interplan-agencies is unavailable, so references cannot be "
                       "checked and nothing was written: ",
                       status.error_message()),
          absl::Seconds(2));
    default:
      return FromGrpcStatus(status);
  }
}

void SetDay(absl::CivilDay day, type::v1::PartialDate* out) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

}  // namespace

GrpcAgencyDirectory::GrpcAgencyDirectory(std::shared_ptr<grpc::Channel> channel)
    : agencies_(av1::AgencyService::NewStub(channel)), units_(av1::UnitService::NewStub(channel)) {}

absl::Status GrpcAgencyDirectory::Resolve(const std::set<std::string>& agency_names,
                                          const std::set<std::string>& unit_names,
                                          absl::CivilDay as_of, absl::Time deadline,
                                          ResolvedReferences* resolved) {
  if (!agency_names.empty()) {
    av1::BatchGetAgenciesRequest request;
    for (const std::string& name : agency_names) request.add_names(name);
    av1::BatchGetAgenciesResponse response;
    grpc::Status status =
        agencies_->BatchGetAgencies(ContextWithDeadline(deadline).get(), request, &response);
    if (!status.ok()) return CallFailed(status);
    for (const av1::Agency& agency : response.agencies()) {
      resolved->agencies[agency.name()] = agency;
    }
    resolved->missing_agencies.insert(response.missing().begin(), response.missing().end());
  }
  if (!unit_names.empty()) {
    av1::BatchGetUnitsRequest request;
    for (const std::string& name : unit_names) request.add_names(name);
    SetDay(as_of, request.mutable_as_of());
    av1::BatchGetUnitsResponse response;
    grpc::Status status =
        units_->BatchGetUnits(ContextWithDeadline(deadline).get(), request, &response);
    if (!status.ok()) return CallFailed(status);
    for (const av1::Unit& unit : response.units()) resolved->units[unit.name()] = unit;
    resolved->missing_units.insert(response.missing().begin(), response.missing().end());
  }
  return absl::OkStatus();
}

absl::StatusOr<av1::Unit> GrpcAgencyDirectory::GetUnit(const std::string& name,
                                                       absl::CivilDay as_of, absl::Time deadline) {
  av1::GetUnitRequest request;
  request.set_name(name);
  SetDay(as_of, request.mutable_as_of());
  av1::Unit unit;
  grpc::Status status = units_->GetUnit(ContextWithDeadline(deadline).get(), request, &unit);
  if (!status.ok()) return CallFailed(status);
  return unit;
}

}  // namespace interplan::plans
