#include "common/clients/grpc_reporting_client.h"

#include <utility>

namespace interplan {

namespace rv1 = ::interplan::reporting::v1;

GrpcReportingClient::GrpcReportingClient(std::shared_ptr<grpc::Channel> channel)
    : reporting_(rv1::ReportingService::NewStub(std::move(channel))) {}

void GrpcReportingClient::StartGetCompliance(const rv1::GetComplianceRequest* request,
                                             rv1::Compliance* response, AsyncCall* call,
                                             CallDone done) {
  reporting_->async()->GetCompliance(call->context(), request, response,
                                     AsyncCall::GrpcDone(std::move(done)));
}

void GrpcReportingClient::StartGetIndicator(const rv1::GetIndicatorRequest* request,
                                            rv1::Indicator* response, AsyncCall* call,
                                            CallDone done) {
  reporting_->async()->GetIndicator(call->context(), request, response,
                                    AsyncCall::GrpcDone(std::move(done)));
}

void GrpcReportingClient::StartGetRollup(const rv1::GetRollupRequest* request,
                                         rv1::Rollup* response, AsyncCall* call, CallDone done) {
  reporting_->async()->GetRollup(call->context(), request, response,
                                 AsyncCall::GrpcDone(std::move(done)));
}

void GrpcReportingClient::StartListObligations(const rv1::ListObligationsRequest* request,
                                               rv1::ListObligationsResponse* response,
                                               AsyncCall* call, CallDone done) {
  reporting_->async()->ListObligations(call->context(), request, response,
                                       AsyncCall::GrpcDone(std::move(done)));
}

}  // namespace interplan
