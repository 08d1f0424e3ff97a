// gRPC face of the reporting logic: decode, run through the CallGate, encode.
#ifndef INTERPLAN_SERVICES_REPORTING_REPORTING_SERVICE_HANDLER_H_
#define INTERPLAN_SERVICES_REPORTING_REPORTING_SERVICE_HANDLER_H_

#include "common/server/call_gate.h"
#include "interplan/reporting/v1/reporting.grpc.pb.h"
#include "services/reporting/indicator_catalogue.h"
#include "services/reporting/report_registry.h"

namespace interplan::reporting {

class ReportingServiceHandler final : public v1::ReportingService::Service {
 public:
  ReportingServiceHandler(CallGate& gate, IndicatorCatalogue& catalogue, ReportRegistry& registry)
      : gate_(gate), catalogue_(catalogue), registry_(registry) {}

  grpc::Status GetIndicator(grpc::ServerContext* context, const v1::GetIndicatorRequest* request,
                            v1::Indicator* response) override;
  grpc::Status ListIndicators(grpc::ServerContext* context,
                              const v1::ListIndicatorsRequest* request,
                              v1::ListIndicatorsResponse* response) override;
  grpc::Status CreateIndicator(grpc::ServerContext* context,
                               const v1::CreateIndicatorRequest* request,
                               v1::Indicator* response) override;
  grpc::Status ListObligations(grpc::ServerContext* context,
                               const v1::ListObligationsRequest* request,
                               v1::ListObligationsResponse* response) override;
  grpc::Status OpenException(grpc::ServerContext* context, const v1::OpenExceptionRequest* request,
                             v1::Obligation* response) override;
  grpc::Status SubmitReport(grpc::ServerContext* context, const v1::SubmitReportRequest* request,
                            v1::Report* response) override;
  grpc::Status GetReport(grpc::ServerContext* context, const v1::GetReportRequest* request,
                         v1::Report* response) override;
  grpc::Status ListReports(grpc::ServerContext* context, const v1::ListReportsRequest* request,
                           v1::ListReportsResponse* response) override;
  grpc::Status AcceptReport(grpc::ServerContext* context, const v1::AcceptReportRequest* request,
                            v1::Report* response) override;
  grpc::Status ReturnReport(grpc::ServerContext* context, const v1::ReturnReportRequest* request,
                            v1::Report* response) override;
  grpc::Status GetCompliance(grpc::ServerContext* context, const v1::GetComplianceRequest* request,
                             v1::Compliance* response) override;
  grpc::Status GetRollup(grpc::ServerContext* context, const v1::GetRollupRequest* request,
                         v1::Rollup* response) override;
  grpc::Status GetTargetProgress(grpc::ServerContext* context,
                                 const v1::GetTargetProgressRequest* request,
                                 v1::TargetProgress* response) override;

 private:
  CallGate& gate_;
  IndicatorCatalogue& catalogue_;
  ReportRegistry& registry_;
};

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_REPORTING_SERVICE_HANDLER_H_
