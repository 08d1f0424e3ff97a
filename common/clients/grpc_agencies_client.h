// AgenciesClient over gRPC: each call goes to interplan-agencies on the
// channel given (the service's dependency channel, OpenDependencyChannel,
// whose retry policy decides what is retried), with the caller's deadline
// capped at kClientCallTimeout; a call started in the background, as its
// AsyncCall's options say.
#ifndef INTERPLAN_COMMON_CLIENTS_GRPC_AGENCIES_CLIENT_H_
#define INTERPLAN_COMMON_CLIENTS_GRPC_AGENCIES_CLIENT_H_

#include <grpcpp/channel.h>

#include <memory>

#include "common/clients/agencies_client.h"
#include "interplan/agencies/v1/agencies.grpc.pb.h"
#include "interplan/agencies/v1/units.grpc.pb.h"

namespace interplan {

class GrpcAgenciesClient : public AgenciesClient {
 public:
  explicit GrpcAgenciesClient(std::shared_ptr<grpc::Channel> channel);

  absl::StatusOr<agencies::v1::BatchGetAgenciesResponse> BatchGetAgencies(
      const agencies::v1::BatchGetAgenciesRequest& request, absl::Time deadline) override;
  absl::StatusOr<agencies::v1::Unit> GetUnit(const agencies::v1::GetUnitRequest& request,
                                             absl::Time deadline) override;
  absl::StatusOr<agencies::v1::BatchGetUnitsResponse> BatchGetUnits(
      const agencies::v1::BatchGetUnitsRequest& request, absl::Time deadline) override;
  absl::StatusOr<agencies::v1::ListUnitsResponse> ListUnits(
      const agencies::v1::ListUnitsRequest& request, absl::Time deadline) override;
  absl::StatusOr<agencies::v1::ListAgenciesResponse> ListAgencies(
      const agencies::v1::ListAgenciesRequest& request, absl::Time deadline) override;
  absl::StatusOr<agencies::v1::Agency> GetAgency(const agencies::v1::GetAgencyRequest& request,
                                                 absl::Time deadline) override;
  void StartGetAgency(const agencies::v1::GetAgencyRequest* request, agencies::v1::Agency* response,
                      AsyncCall* call, CallDone done) override;
  void StartGetUnit(const agencies::v1::GetUnitRequest* request, agencies::v1::Unit* response,
                    AsyncCall* call, CallDone done) override;
  void StartBatchGetUnits(const agencies::v1::BatchGetUnitsRequest* request,
                          agencies::v1::BatchGetUnitsResponse* response, AsyncCall* call,
                          CallDone done) override;
  void StartListUnits(const agencies::v1::ListUnitsRequest* request,
                      agencies::v1::ListUnitsResponse* response, AsyncCall* call,
                      CallDone done) override;

 private:
  std::unique_ptr<agencies::v1::AgencyService::Stub> agencies_;
  std::unique_ptr<agencies::v1::UnitService::Stub> units_;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CLIENTS_GRPC_AGENCIES_CLIENT_H_
