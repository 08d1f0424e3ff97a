// gRPC face of the unit registry: decode, run through the CallGate, encode.
// Who may import or correct is the importer's and the corrections' to ask
// (agency_access.h).
#ifndef INTERPLAN_SERVICES_AGENCIES_UNIT_SERVICE_HANDLER_H_
#define INTERPLAN_SERVICES_AGENCIES_UNIT_SERVICE_HANDLER_H_

#include "common/server/call_gate.h"
#include "interplan/agencies/v1/units.grpc.pb.h"
#include "services/agencies/unit_corrections.h"
#include "services/agencies/unit_importer.h"
#include "services/agencies/unit_registry.h"

namespace interplan::agencies {

class UnitServiceHandler final : public v1::UnitService::Service {
 public:
  UnitServiceHandler(CallGate& gate, UnitRegistry& registry, UnitImporter& importer,
                     UnitCorrections& corrections)
      : gate_(gate), registry_(registry), importer_(importer), corrections_(corrections) {}

  grpc::Status GetUnit(grpc::ServerContext* context, const v1::GetUnitRequest* request,
                       v1::Unit* response) override;
  grpc::Status ListUnits(grpc::ServerContext* context, const v1::ListUnitsRequest* request,
                         v1::ListUnitsResponse* response) override;
  grpc::Status ListAncestors(grpc::ServerContext* context, const v1::ListAncestorsRequest* request,
                             v1::ListAncestorsResponse* response) override;
  grpc::Status ListSuccessors(grpc::ServerContext* context,
                              const v1::ListSuccessorsRequest* request,
                              v1::ListSuccessorsResponse* response) override;
  grpc::Status ListPredecessors(grpc::ServerContext* context,
                                const v1::ListPredecessorsRequest* request,
                                v1::ListPredecessorsResponse* response) override;
  grpc::Status BatchGetUnits(grpc::ServerContext* context, const v1::BatchGetUnitsRequest* request,
                             v1::BatchGetUnitsResponse* response) override;
  grpc::Status ImportUnits(grpc::ServerContext* context, const v1::ImportUnitsRequest* request,
                           v1::ImportUnitsResponse* response) override;
  grpc::Status ListUnitHistory(grpc::ServerContext* context,
                               const v1::ListUnitHistoryRequest* request,
                               v1::ListUnitHistoryResponse* response) override;
  grpc::Status AddUnitSuccession(grpc::ServerContext* context,
                                 const v1::AddUnitSuccessionRequest* request,
                                 v1::UnitRef* response) override;
  grpc::Status CorrectUnitVersionStart(grpc::ServerContext* context,
                                       const v1::CorrectUnitVersionStartRequest* request,
                                       v1::Unit* response) override;

 private:
  CallGate& gate_;
  UnitRegistry& registry_;
  UnitImporter& importer_;
  UnitCorrections& corrections_;
};

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_UNIT_SERVICE_HANDLER_H_
