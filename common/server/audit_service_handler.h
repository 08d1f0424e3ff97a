// interplan.audit.v1.AuditService over a service's own audit trail
// (common/storage/audit_log.h): ListAuditEvents with filters and paging,
// for ministry and operator credentials. ServiceServer::EnableAudit
// registers it.
#ifndef INTERPLAN_COMMON_SERVER_AUDIT_SERVICE_HANDLER_H_
#define INTERPLAN_COMMON_SERVER_AUDIT_SERVICE_HANDLER_H_

#include "common/server/call_gate.h"
#include "common/storage/database.h"
#include "interplan/audit/v1/audit.grpc.pb.h"

namespace interplan {

class AuditServiceHandler : public audit::v1::AuditService::Service {
 public:
  AuditServiceHandler(CallGate& gate, storage::Database& db) : gate_(gate), db_(db) {}

  grpc::Status ListAuditEvents(grpc::ServerContext* context,
                               const audit::v1::ListAuditEventsRequest* request,
                               audit::v1::ListAuditEventsResponse* response) override;

 private:
  CallGate& gate_;
  storage::Database& db_;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_SERVER_AUDIT_SERVICE_HANDLER_H_
