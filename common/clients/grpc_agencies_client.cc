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

absl::StatusOr<av1::Agency> GrpcAgenciesClient::GetAgency(const av1::GetAgencyRequest& request,
                                                          absl::Time deadline) {
  av1::Agency agency;
  grpc::Status status = agencies_->GetAgency(ContextWithDeadline(deadline).get(), request, &agency);
  return Answer(status, std::move(agency));
}

absl::StatusOr<av1::ListAgenciesResponse> GrpcAgenciesClient::ListAgencies(
    const av1::ListAgenciesRequest& request, absl::Time deadline) {
  av1::ListAgenciesResponse response;
  grpc::Status status =
      agencies_->ListAgencies(ContextWithDeadline(deadline).get(), request, &response);
  return Answer(status, std::move(response));
}

void GrpcAgenciesClient::StartGetAgency(const av1::GetAgencyRequest* request, av1::Agency* response,
                                        AsyncCall* call, CallDone done) {
  agencies_->async()->GetAgency(call->context(), request, response,
                                AsyncCall::GrpcDone(std::move(done)));
}

void GrpcAgenciesClient::StartGetUnit(const av1::GetUnitRequest* request, av1::Unit* response,
                                      AsyncCall* call, CallDone done) {
  units_->async()->GetUnit(call->context(), request, response,
                           AsyncCall::GrpcDone(std::move(done)));
}

void GrpcAgenciesClient::StartBatchGetUnits(const av1::BatchGetUnitsRequest* request,
                                            av1::BatchGetUnitsResponse* response, AsyncCall* call,
                                            CallDone done) {
  units_->async()->BatchGetUnits(call->context(), request, response,
                                 AsyncCall::GrpcDone(std::move(done)));
}

void GrpcAgenciesClient::StartListUnits(const av1::ListUnitsRequest* request,
                                        av1::ListUnitsResponse* response, AsyncCall* call,
                                        CallDone done) {
  units_->async()->ListUnits(call->context(), request, response,
                             AsyncCall::GrpcDone(std::move(done)));
}

}  // namespace interplan
