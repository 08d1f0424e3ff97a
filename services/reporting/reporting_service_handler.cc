#include "services/reporting/reporting_service_handler.h"

#include "common/access/access_policy.h"

namespace interplan::reporting {

grpc::Status ReportingServiceHandler::GetIndicator(grpc::ServerContext* context,
                                                   const v1::GetIndicatorRequest* request,
                                                   v1::Indicator* response) {
  return gate_.Run(context, *request, [&](const CallContext&) {
    return Deliver(catalogue_.GetIndicator(*request), response);
  });
}

grpc::Status ReportingServiceHandler::ListIndicators(grpc::ServerContext* context,
                                                     const v1::ListIndicatorsRequest* request,
                                                     v1::ListIndicatorsResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext&) {
    return Deliver(catalogue_.ListIndicators(*request), response);
  });
}

grpc::Status ReportingServiceHandler::CreateIndicator(grpc::ServerContext* context,
                                                      const v1::CreateIndicatorRequest* request,
                                                      v1::Indicator* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) -> absl::Status {
    // The catalogue is national: only the ministry extends it.
    absl::Status allowed = access::RequireRole(call, {auth::Role::kMinistry},
                                               request->indicator().code().empty()
                                                   ? std::string("indicators")
                                                   : "indicators/" + request->indicator().code());
    if (!allowed.ok()) return allowed;
    return Deliver(catalogue_.CreateIndicator(*request, call.audit), response);
  });
}

grpc::Status ReportingServiceHandler::ListObligations(grpc::ServerContext* context,
                                                      const v1::ListObligationsRequest* request,
                                                      v1::ListObligationsResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.ListObligations(*request, call), response);
  });
}

grpc::Status ReportingServiceHandler::OpenException(grpc::ServerContext* context,
                                                    const v1::OpenExceptionRequest* request,
                                                    v1::Obligation* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.OpenException(*request, call), response);
  });
}

grpc::Status ReportingServiceHandler::SubmitReport(grpc::ServerContext* context,
                                                   const v1::SubmitReportRequest* request,
                                                   v1::Report* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.SubmitReport(*request, call), response);
  });
}

grpc::Status ReportingServiceHandler::GetReport(grpc::ServerContext* context,
                                                const v1::GetReportRequest* request,
                                                v1::Report* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.GetReport(*request, call), response);
  });
}

grpc::Status ReportingServiceHandler::ListReports(grpc::ServerContext* context,
                                                  const v1::ListReportsRequest* request,
                                                  v1::ListReportsResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.ListReports(*request, call), response);
  });
}

grpc::Status ReportingServiceHandler::AcceptReport(grpc::ServerContext* context,
                                                   const v1::AcceptReportRequest* request,
                                                   v1::Report* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.AcceptReport(*request, call), response);
  });
}

grpc::Status ReportingServiceHandler::ReturnReport(grpc::ServerContext* context,
                                                   const v1::ReturnReportRequest* request,
                                                   v1::Report* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.ReturnReport(*request, call), response);
  });
}

grpc::Status ReportingServiceHandler::GetCompliance(grpc::ServerContext* context,
                                                    const v1::GetComplianceRequest* request,
                                                    v1::Compliance* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.GetCompliance(*request, call), response);
  });
}

grpc::Status ReportingServiceHandler::GetRollup(grpc::ServerContext* context,
                                                const v1::GetRollupRequest* request,
                                                v1::Rollup* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.GetRollup(*request, call), response);
  });
}

grpc::Status ReportingServiceHandler::GetTargetProgress(grpc::ServerContext* context,
                                                        const v1::GetTargetProgressRequest* request,
                                                        v1::TargetProgress* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.GetTargetProgress(*request, call), response);
  });
}

}  // namespace interplan::reporting
