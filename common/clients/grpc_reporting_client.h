// ReportingClient over gRPC: each call goes to interplan-reporting on the
// channel given (the gateway's dependency channel, whose retry policy
// decides what is retried), as its AsyncCall's options say.
#ifndef INTERPLAN_COMMON_CLIENTS_GRPC_REPORTING_CLIENT_H_
#define INTERPLAN_COMMON_CLIENTS_GRPC_REPORTING_CLIENT_H_

#include <grpcpp/channel.h>

#include <memory>

#include "common/clients/reporting_client.h"
#include "interplan/reporting/v1/reporting.grpc.pb.h"

namespace interplan {

class GrpcReportingClient : public ReportingClient {
 public:
  explicit GrpcReportingClient(std::shared_ptr<grpc::Channel> channel);

  void StartGetCompliance(const reporting::v1::GetComplianceRequest* request,
                          reporting::v1::Compliance* response, AsyncCall* call,
                          CallDone done) override;
  void StartGetIndicator(const reporting::v1::GetIndicatorRequest* request,
                         reporting::v1::Indicator* response, AsyncCall* call,
                         CallDone done) override;
  void StartGetRollup(const reporting::v1::GetRollupRequest* request,
                      reporting::v1::Rollup* response, AsyncCall* call, CallDone done) override;
  void StartListObligations(const reporting::v1::ListObligationsRequest* request,
                            reporting::v1::ListObligationsResponse* response, AsyncCall* call,
                            CallDone done) override;

 private:
  std::unique_ptr<reporting::v1::ReportingService::Stub> reporting_;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CLIENTS_GRPC_REPORTING_CLIENT_H_
