#include "services/agencies/unit_service_handler.h"

namespace interplan::agencies {

grpc::Status UnitServiceHandler::GetUnit(grpc::ServerContext* context,
                                         const v1::GetUnitRequest* request, v1::Unit* response) {
  return gate_.Run(context, *request, [&](const CallContext&) {
    return Deliver(registry_.GetUnit(*request), response);
  });
}

grpc::Status UnitServiceHandler::ListUnits(grpc::ServerContext* context,
                                           const v1::ListUnitsRequest* request,
                                           v1::ListUnitsResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext&) {
    return Deliver(registry_.ListUnits(*request), response);
  });
}

grpc::Status UnitServiceHandler::ListAncestors(grpc::ServerContext* context,
                                               const v1::ListAncestorsRequest* request,
                                               v1::ListAncestorsResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext&) {
    return Deliver(registry_.ListAncestors(*request), response);
  });
}

grpc::Status UnitServiceHandler::ListSuccessors(grpc::ServerContext* context,
                                                const v1::ListSuccessorsRequest* request,
                                                v1::ListSuccessorsResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext&) {
    return Deliver(registry_.ListSuccessors(*request), response);
  });
}

grpc::Status UnitServiceHandler::ListPredecessors(grpc::ServerContext* context,
                                                  const v1::ListPredecessorsRequest* request,
                                                  v1::ListPredecessorsResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext&) {
    return Deliver(registry_.ListPredecessors(*request), response);
  });
}

grpc::Status UnitServiceHandler::BatchGetUnits(grpc::ServerContext* context,
                                               const v1::BatchGetUnitsRequest* request,
                                               v1::BatchGetUnitsResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext&) {
    return Deliver(registry_.BatchGetUnits(*request), response);
  });
}

grpc::Status UnitServiceHandler::ImportUnits(grpc::ServerContext* context,
                                             const v1::ImportUnitsRequest* request,
                                             v1::ImportUnitsResponse* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(importer_.Import(*request, call), response);
  });
}

grpc::Status UnitServiceHandler::ListUnitHistory(grpc::ServerContext* context,
                                                 const v1::ListUnitHistoryRequest* request,
                                                 v1::ListUnitHistoryResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext&) {
    return Deliver(registry_.ListUnitHistory(*request), response);
  });
}

grpc::Status UnitServiceHandler::AddUnitSuccession(grpc::ServerContext* context,
                                                   const v1::AddUnitSuccessionRequest* request,
                                                   v1::UnitRef* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(corrections_.AddSuccession(*request, call), response);
  });
}

grpc::Status UnitServiceHandler::CorrectUnitVersionStart(
    grpc::ServerContext* context, const v1::CorrectUnitVersionStartRequest* request,
    v1::Unit* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(corrections_.CorrectVersionStart(*request, call), response);
  });
}

}  // namespace interplan::agencies
