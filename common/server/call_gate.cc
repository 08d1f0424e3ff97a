#include "common/server/call_gate.h"

#include <chrono>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/method_name.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"
#include "common/logging/log.h"
#include "google/protobuf/descriptor.h"

namespace interplan {
namespace {

// The resource a write request names, for its audit event before (or
// without) a response: its `name` or `parent`, else the first resource
// name ("plans/x", "obligations/y") among its fields and those of its
// top-level messages; else the collection the method writes to,
// lower-cased from the method ("CreatePlan" -> "plan",
// "BatchCreateAgencies" -> "agencies").
std::string ResourceOf(const google::protobuf::Message& request, absl::string_view method) {
  auto string_field = [](const google::protobuf::Message& message,
                         const char* field_name) -> std::string {
    const google::protobuf::FieldDescriptor* field =
        message.GetDescriptor()->FindFieldByName(field_name);
    if (field == nullptr || field->is_repeated() ||
        field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
      return "";
    }
    return message.GetReflection()->GetString(message, field);
  };
  for (const char* field : {"name", "parent"}) {
    std::string value = string_field(request, field);
    if (!value.empty()) return value;
  }
  const google::protobuf::Descriptor* descriptor = request.GetDescriptor();
  const google::protobuf::Reflection* reflection = request.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated()) continue;
    if (field->type() == google::protobuf::FieldDescriptor::TYPE_STRING) {
      std::string value = reflection->GetString(request, field);
      if (value.find('/') != std::string::npos && value.find(' ') == std::string::npos) {
        return value;
      }
    } else if (field->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE &&
               reflection->HasField(request, field)) {
      const google::protobuf::Message& inner = reflection->GetMessage(request, field);
      for (const char* inner_field : {"name", "obligation", "plan", "campaign"}) {
        std::string value = string_field(inner, inner_field);
        if (!value.empty()) return value;
      }
    }
  }
  absl::string_view verb = method.substr(method.rfind('/') + 1);
  for (absl::string_view prefix :
       {"BatchCreate", "Create", "Update", "Record", "Submit", "Import"}) {
    if (absl::StartsWith(verb, prefix)) return absl::AsciiStrToLower(verb.substr(prefix.size()));
  }
  return absl::AsciiStrToLower(verb);
}

void FillIdentity(const CallContext& call, storage::AuditEvent& event) {
  if (call.principal.has_value()) {
    event.credential = call.principal->credential;
    event.agency = call.principal->agency;
    event.role = std::string(auth::RoleName(call.principal->role));
  }
  if (call.via.has_value()) event.via = call.via->credential;
}

// `status` on the wire; a RetryInfo delay also goes in the
// grpc-retry-pushback-ms trailer, the one hint gRPC's retry policy honours.
// When the wait would end past the caller's deadline the trailer says -1:
// do not retry, hear the refusal now rather than DEADLINE_EXCEEDED later.
grpc::Status Answer(grpc::ServerContext* server_context, const absl::Status& status) {
  if (std::optional<int64_t> pushback = RetryPushbackMillis(status);
      pushback.has_value() && server_context != nullptr) {
    const auto deadline = server_context->deadline();
    const bool past_deadline =
        deadline != std::chrono::system_clock::time_point::max() &&
        absl::FromChrono(deadline) <= absl::Now() + absl::Milliseconds(*pushback);
    server_context->AddTrailingMetadata(kRetryPushbackMetadata,
                                        past_deadline ? "-1" : absl::StrCat(*pushback));
  }
  return ToGrpcStatus(status);
}

}  // namespace

void CallGate::AddGuard(std::unique_ptr<CallGuard> guard) { guards_.push_back(std::move(guard)); }

void CallGate::RefuseCall(const grpc::ServerContextBase* server_context, absl::Status status) {
  absl::MutexLock lock(&refusals_mu_);
  refusals_.insert_or_assign(server_context, std::move(status));
  refusal_count_.store(static_cast<int>(refusals_.size()), std::memory_order_release);
}

void CallGate::ForgetCall(const grpc::ServerContextBase* server_context) {
  if (refusal_count_.load(std::memory_order_acquire) == 0) return;
  absl::MutexLock lock(&refusals_mu_);
  refusals_.erase(server_context);
  refusal_count_.store(static_cast<int>(refusals_.size()), std::memory_order_release);
}

std::optional<absl::Status> CallGate::RefusalOf(const grpc::ServerContextBase* server_context) {
  if (server_context == nullptr || refusal_count_.load(std::memory_order_acquire) == 0) {
    return std::nullopt;
  }
  absl::MutexLock lock(&refusals_mu_);
  auto found = refusals_.find(server_context);
  if (found == refusals_.end()) return std::nullopt;
  return found->second;
}

grpc::Status CallGate::Run(grpc::ServerContext* server_context,
                           const google::protobuf::Message& request,
                           absl::FunctionRef<absl::Status(const CallContext&)> handler) {
  return Serve(server_context, MethodNameFor(request), handler, nullptr);
}

grpc::Status CallGate::RunWrite(grpc::ServerContext* server_context,
                                const google::protobuf::Message& request,
                                absl::FunctionRef<absl::Status(const CallContext&)> handler) {
  return ServeWrite(server_context, MethodNameFor(request), request, handler);
}

grpc::Status CallGate::Serve(grpc::ServerContext* server_context, absl::string_view method,
                             absl::FunctionRef<absl::Status(const CallContext&)> handler,
                             storage::AuditEvent* audit) {
  if (!ready_.load()) {
    return Answer(server_context,
                  UnavailableError("the service is starting or shutting down", absl::Seconds(1)));
  }
  if (std::optional<absl::Status> refused = RefusalOf(server_context)) {
    return ToGrpcStatus(*refused);
  }
  CallContext call;
  call.server_context = server_context;
  call.method = std::string(method);
  if (server_context != nullptr) {
    const auto deadline = server_context->deadline();
    if (deadline != std::chrono::system_clock::time_point::max()) {
      call.deadline = absl::FromChrono(deadline);
    }
  }
  for (const auto& guard : guards_) {
    absl::Status status = guard->Check(call);
    if (!status.ok()) {
      if (audit != nullptr) {
        FillIdentity(call, *audit);
        AppendOwnEvent(*audit, status);
      }
      return Answer(server_context, status);
    }
  }
  if (audit != nullptr) {
    FillIdentity(call, *audit);
    call.audit = audit;
  }
  absl::Status status = handler(call);
  if (absl::IsInternal(status) || absl::IsUnknown(status)) {
    LogError("internal error", {{"method", method}, {"error", status.ToString()}});
  }
  if (audit != nullptr && !audit->appended) AppendOwnEvent(*audit, status);
  return Answer(server_context, status);
}

void CallGate::AppendOwnEvent(storage::AuditEvent& event, const absl::Status& status) {
  if (audit_db_ == nullptr) return;
  if (status.ok()) {
    event.outcome = "OK";
    event.message = event.replayed ? "replayed" : "";
  } else {
    event.outcome = absl::StatusCodeToString(status.code());
    event.message = std::string(status.message());
  }
  // READ COMMITTED: an append under a random id decides nothing on what
  // it reads, so it needs no lock and no serializable snapshot.
  absl::Status appended = audit_db_->WriteReadCommitted(
      [&](storage::Transaction& txn) { return storage::AppendAuditEvent(txn, event); });
  if (!appended.ok()) {
    // The call's own outcome stands; the gap is logged where operators look.
    LogError("audit event not recorded", {{"method", event.method},
                                          {"resource", event.resource},
                                          {"outcome", event.outcome},
                                          {"error", appended.ToString()}});
  }
}

grpc::Status CallGate::ServeWrite(grpc::ServerContext* server_context, absl::string_view method,
                                  const google::protobuf::Message& request,
                                  absl::FunctionRef<absl::Status(const CallContext&)> handler) {
  // A request refused before its handler (a malformed request id) is
  // neither run nor recorded.
  if (std::optional<absl::Status> refused = RefusalOf(server_context)) {
    return ToGrpcStatus(*refused);
  }
  storage::AuditEvent event;
  event.method = std::string(method);
  event.resource = ResourceOf(request, method);
  const google::protobuf::FieldDescriptor* request_id =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (request_id != nullptr && !request_id->is_repeated() &&
      request_id->type() == google::protobuf::FieldDescriptor::TYPE_STRING) {
    event.request_id = request.GetReflection()->GetString(request, request_id);
  }
  grpc::Status status = Serve(server_context, method, handler, &event);
  // Whatever the outcome: a write that failed late may still have changed
  // something, and a needless move only costs a memo its entries.
  NoteDataChanged();
  if (status.ok() && write_listener_) write_listener_();
  return status;
}

}  // namespace interplan
