// What the gateway asks of interplan-reporting for a view: compliance, an
// indicator, a roll-up and an agency's obligations, each started in the
// background (AsyncCall) so that a view's calls all run at once.
// GrpcReportingClient asks the service.
#ifndef INTERPLAN_COMMON_CLIENTS_REPORTING_CLIENT_H_
#define INTERPLAN_COMMON_CLIENTS_REPORTING_CLIENT_H_

#include "common/clients/async_call.h"
#include "interplan/reporting/v1/reporting.pb.h"

namespace interplan {

class ReportingClient {
 public:
  virtual ~ReportingClient() = default;

  // Each starts its call and returns; `done` runs when `call` ends, and
  // `*response` holds the answer when it is OK.

  // Who reported what was due for a period.
  virtual void StartGetCompliance(const reporting::v1::GetComplianceRequest* request,
                                  reporting::v1::Compliance* response, AsyncCall* call,
                                  CallDone done) = 0;
  // One indicator of the catalogue; NOT_FOUND when there is none.
  virtual void StartGetIndicator(const reporting::v1::GetIndicatorRequest* request,
                                 reporting::v1::Indicator* response, AsyncCall* call,
                                 CallDone done) = 0;
  // An indicator's values rolled up over a unit (and its children).
  virtual void StartGetRollup(const reporting::v1::GetRollupRequest* request,
                              reporting::v1::Rollup* response, AsyncCall* call, CallDone done) = 0;
  // One page of an agency's reporting obligations.
  virtual void StartListObligations(const reporting::v1::ListObligationsRequest* request,
                                    reporting::v1::ListObligationsResponse* response,
                                    AsyncCall* call, CallDone done) = 0;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CLIENTS_REPORTING_CLIENT_H_
