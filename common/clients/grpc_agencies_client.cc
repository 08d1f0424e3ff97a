#include "common/clients/grpc_agencies_client.h"

#include "common/clients/call_deadline.h"
#include "common/errors/grpc_status.h"

namespace interplan {
namespace {

namespace av1 = ::interplan::agencies::v1;

template <typename Response>
absl::StatusOr<Response> Answer(const grpc::Status& status, Response response) {
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

}  // namespace

GrpcAgenciesClient::GrpcAgenciesClient(std::shared_ptr<grpc::Channel> channel)
    : agencies_(av1::AgencyService::NewStub(channel)), units_(av1::UnitService::NewStub(channel)) {}

absl::StatusOr<av1::BatchGetAgenciesResponse> GrpcAgenciesClient::BatchGetAgencies(
    const av1::BatchGetAgenciesRequest& request, absl::Time deadline) {
  av1::BatchGetAgenciesResponse response;
  grpc::Status status =
      agencies_->BatchGetAgencies(ContextWithDeadline(deadline).get(), request, &response);
  return Answer(status, std::move(response));
}

absl::StatusOr<av1::Unit> GrpcAgenciesClient::GetUnit(const av1::GetUnitRequest& request,
                                                      absl::Time deadline) {
  av1::Unit unit;
  grpc::Status status = units_->GetUnit(ContextWithDeadline(deadline).get(), request, &unit);
  return Answer(status, std::move(unit));
}

absl::StatusOr<av1::BatchGetUnitsResponse> GrpcAgenciesClient::BatchGetUnits(
    const av1::BatchGetUnitsRequest& request, absl::Time deadline) {
  av1::BatchGetUnitsResponse response;
  grpc::Status status =
      units_->BatchGetUnits(ContextWithDeadline(deadline).get(), request, &response);
  return Answer(status, std::move(response));
}

absl::StatusOr<av1::ListUnitsResponse> GrpcAgenciesClient::ListUnits(
    const av1::ListUnitsRequest& request, absl::Time deadline) {
  av1::ListUnitsResponse response;
  grpc::Status status = units_->ListUnits(ContextWithDeadline(deadline).get(), request, &response);
  return Answer(status, std::move(response));
}

}  // namespace interplan
