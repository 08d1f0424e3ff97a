#include "services/agencies/agency_service_handler.h"

namespace interplan::agencies {

grpc::Status AgencyServiceHandler::GetAgency(grpc::ServerContext* context,
                                             const v1::GetAgencyRequest* request,
                                             v1::Agency* response) {
  return gate_.Run(context, *request, [&](const CallContext&) {
    return Deliver(registry_.GetAgency(*request), response);
  });
}

grpc::Status AgencyServiceHandler::ListAgencies(grpc::ServerContext* context,
                                                const v1::ListAgenciesRequest* request,
                                                v1::ListAgenciesResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext&) {
    return Deliver(registry_.ListAgencies(*request), response);
  });
}

grpc::Status AgencyServiceHandler::BatchGetAgencies(grpc::ServerContext* context,
                                                    const v1::BatchGetAgenciesRequest* request,
                                                    v1::BatchGetAgenciesResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext&) {
    return Deliver(registry_.BatchGetAgencies(*request), response);
  });
}

grpc::Status AgencyServiceHandler::CreateAgency(grpc::ServerContext* context,
                                                const v1::CreateAgencyRequest* request,
                                                v1::Agency* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.CreateAgency(*request, call), response);
  });
}

grpc::Status AgencyServiceHandler::BatchCreateAgencies(
    grpc::ServerContext* context, const v1::BatchCreateAgenciesRequest* request,
    v1::BatchCreateAgenciesResponse* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.BatchCreateAgencies(*request, call), response);
  });
}

grpc::Status AgencyServiceHandler::UpdateAgency(grpc::ServerContext* context,
                                                const v1::UpdateAgencyRequest* request,
                                                v1::Agency* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.UpdateAgency(*request, call), response);
  });
}

grpc::Status AgencyServiceHandler::RetireAgency(grpc::ServerContext* context,
                                                const v1::RetireAgencyRequest* request,
                                                v1::Agency* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.RetireAgency(*request, call), response);
  });
}

}  // namespace interplan::agencies
