// gRPC face of the agency registry: decode, run through the CallGate, encode.
// Who may write is the registry's to ask (agency_access.h).
#ifndef INTERPLAN_SERVICES_AGENCIES_AGENCY_SERVICE_HANDLER_H_
#define INTERPLAN_SERVICES_AGENCIES_AGENCY_SERVICE_HANDLER_H_

#include "common/server/call_gate.h"
#include "interplan/agencies/v1/agencies.grpc.pb.h"
#include "services/agencies/agency_registry.h"

namespace interplan::agencies {

class AgencyServiceHandler final : public v1::AgencyService::Service {
 public:
  AgencyServiceHandler(CallGate& gate, AgencyRegistry& registry)
      : gate_(gate), registry_(registry) {}

  grpc::Status GetAgency(grpc::ServerContext* context, const v1::GetAgencyRequest* request,
                         v1::Agency* response) override;
  grpc::Status ListAgencies(grpc::ServerContext* context, const v1::ListAgenciesRequest* request,
                            v1::ListAgenciesResponse* response) override;
  grpc::Status BatchGetAgencies(grpc::ServerContext* context,
                                const v1::BatchGetAgenciesRequest* request,
                                v1::BatchGetAgenciesResponse* response) override;
  grpc::Status CreateAgency(grpc::ServerContext* context, const v1::CreateAgencyRequest* request,
                            v1::Agency* response) override;
  grpc::Status BatchCreateAgencies(grpc::ServerContext* context,
                                   const v1::BatchCreateAgenciesRequest* request,
                                   v1::BatchCreateAgenciesResponse* response) override;
  grpc::Status UpdateAgency(grpc::ServerContext* context, const v1::UpdateAgencyRequest* request,
                            v1::Agency* response) override;
  grpc::Status RetireAgency(grpc::ServerContext* context, const v1::RetireAgencyRequest* request,
                            v1::Agency* response) override;

 private:
  CallGate& gate_;
  AgencyRegistry& registry_;
};

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_AGENCY_SERVICE_HANDLER_H_
