#include "common/server/audit_service_handler.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/access/access_policy.h"
#include "common/api/list_window.h"
#include "common/errors/errors.h"
#include "common/time/timestamp.h"

namespace interplan {
namespace {

absl::StatusOr<audit::v1::ListAuditEventsResponse> List(
    storage::Database& db, const audit::v1::ListAuditEventsRequest& request) {
  FieldViolations violations;
  const ListWindow window =
      ListWindow::Of(request, request.page_size(), request.page_token(), 100, 1000, &violations);
  if (!violations.empty()) return violations.ToStatus();
  storage::AuditFilter filter;
  filter.method = request.method();
  filter.resource_prefix = request.resource_prefix();
  filter.agency = request.agency();
  filter.credential = request.credential();
  filter.outcome = request.outcome();
  if (request.has_start_time()) filter.start = time::FromTimestamp(request.start_time());
  if (request.has_end_time()) filter.end = time::FromTimestamp(request.end_time());
  if (!window.after().empty()) {
    // "<micros>:<id>" of the last event returned.
    std::pair<std::string, std::string> parts =
        absl::StrSplit(window.after(), absl::MaxSplits(':', 1));
    if (!absl::SimpleAtoi(parts.first, &filter.after_micros) || parts.second.empty()) {
      return InvalidFieldError("page_token", "is not a token this method returned");
    }
    filter.after_id = parts.second;
  }
  filter.limit = window.fetch_limit();
  absl::StatusOr<std::vector<storage::AuditEvent>> events = storage::ListAuditEvents(db, filter);
  if (!events.ok()) return events.status();
  const bool more = window.TrimToPage(*events);
  audit::v1::ListAuditEventsResponse response;
  for (const storage::AuditEvent& e : *events) {
    audit::v1::AuditEvent* out = response.add_events();
    out->set_name(absl::StrCat("auditEvents/", e.id));
    *out->mutable_time() = time::ToTimestamp(e.time);
    out->set_method(e.method);
    out->set_resource(e.resource);
    out->set_request_id(e.request_id);
    out->set_credential(e.credential);
    out->set_agency(e.agency);
    out->set_role(e.role);
    out->set_via(e.via);
    out->set_outcome(e.outcome);
    out->set_message(e.message);
  }
  if (more) {
    const storage::AuditEvent& tail = events->back();
    response.set_next_page_token(
        window.TokenAfter(absl::StrCat(absl::ToUnixMicros(tail.time), ":", tail.id)));
  }
  return response;
}

}  // namespace

grpc::Status AuditServiceHandler::ListAuditEvents(grpc::ServerContext* context,
                                                  const audit::v1::ListAuditEventsRequest* request,
                                                  audit::v1::ListAuditEventsResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) -> absl::Status {
    absl::Status allowed =
        access::RequireRole(call, {auth::Role::kMinistry, auth::Role::kOperator}, "auditEvents");
    if (!allowed.ok()) return allowed;
    return Deliver(List(db_, *request), response);
  });
}

}  // namespace interplan
