// The door every unary handler goes through: it refuses calls while the
// server is not ready, runs the installed guards (the slot where
// authentication plugs in), runs the handler's logic, and turns its
// absl::Status into a grpc::Status with google.rpc details.
#ifndef INTERPLAN_COMMON_SERVER_CALL_GATE_H_
#define INTERPLAN_COMMON_SERVER_CALL_GATE_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/call/call_context.h"
#include "common/call/call_guard.h"
#include "common/storage/database.h"
#include "google/protobuf/message.h"

namespace interplan {

class CallGate {
 public:
  void AddGuard(std::unique_ptr<CallGuard> guard);
  void SetReady(bool ready) { ready_.store(ready); }

  // Runs `handler` for the call in `server_context` to the method whose
  // request `request` is; the method's full name
  // ("/interplan.agencies.v1.AgencyService/CreateAgency") comes from the
  // generated descriptors (MethodNameFor), never typed.
  grpc::Status Run(grpc::ServerContext* server_context, const google::protobuf::Message& request,
                   absl::FunctionRef<absl::Status(const CallContext&)> handler);

  // Run, for a method that writes: after it succeeds, and before the
  // caller hears so, the write listener runs (it tells caches the data
  // changed).
  //
  // Every write is audited: the handler appends `call.audit` in its write
  // transaction; a write refused (by a guard or by the handler) or one
  // answered without appending (a replayed retry) gets its event here, in
  // a transaction of its own, once SetAuditLog named the database.
  grpc::Status RunWrite(grpc::ServerContext* server_context,
                        const google::protobuf::Message& request,
                        absl::FunctionRef<absl::Status(const CallContext&)> handler);

  void SetWriteListener(std::function<void()> listener) { write_listener_ = std::move(listener); }

  // Refusals decided before any handler runs, by a server interceptor that
  // checked the request (RequestCheckInterceptor): the call whose context
  // is `server_context` is answered `status` by Run/RunWrite, its handler
  // not run and nothing audited (the request is not one to record).
  // ForgetCall ends the entry when the call ends.
  void RefuseCall(const grpc::ServerContextBase* server_context, absl::Status status);
  void ForgetCall(const grpc::ServerContextBase* server_context);
  void SetAuditLog(storage::Database* db) { audit_db_ = db; }

  // Moves after every successful write (RunWrite), before its caller hears
  // of it, and on NoteDataChanged(): answers computed under one generation
  // are current while it lasts (ReadMemo).
  uint64_t write_generation() const { return write_generation_.load(std::memory_order_acquire); }
  // For writes that do not come through RunWrite (background work).
  void NoteDataChanged() { write_generation_.fetch_add(1, std::memory_order_acq_rel); }

 private:
  grpc::Status ServeWrite(grpc::ServerContext* server_context, absl::string_view method,
                          const google::protobuf::Message& request,
                          absl::FunctionRef<absl::Status(const CallContext&)> handler);
  grpc::Status Serve(grpc::ServerContext* server_context, absl::string_view method,
                     absl::FunctionRef<absl::Status(const CallContext&)> handler,
                     storage::AuditEvent* audit);
  void AppendOwnEvent(storage::AuditEvent& event, const absl::Status& status);
  // The refusal RefuseCall recorded for the call, if any.
  std::optional<absl::Status> RefusalOf(const grpc::ServerContextBase* server_context);

  std::atomic<bool> ready_{false};
  std::vector<std::unique_ptr<CallGuard>> guards_;
  std::function<void()> write_listener_;
  storage::Database* audit_db_ = nullptr;
  std::atomic<uint64_t> write_generation_{0};
  absl::Mutex refusals_mu_;
  absl::flat_hash_map<const grpc::ServerContextBase*, absl::Status> refusals_
      ABSL_GUARDED_BY(refusals_mu_);
  // The size of refusals_, read without the lock: most calls have none.
  std::atomic<int> refusal_count_{0};
};

// Moves a logic result into the handler's response message.
template <typename Message>
absl::Status Deliver(absl::StatusOr<Message> result, Message* response) {
  if (!result.ok()) return result.status();
  *response = std::move(*result);
  return absl::OkStatus();
}

}  // namespace interplan

#endif  // INTERPLAN_COMMON_SERVER_CALL_GATE_H_
