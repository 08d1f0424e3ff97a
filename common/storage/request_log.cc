#include "common/storage/request_log.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/request_id.h"
#include "common/errors/errors.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace interplan::storage {
namespace {

// The request's bytes with request_id cleared, serialized deterministically.
std::string Fingerprint(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  const google::protobuf::FieldDescriptor* field =
      copy->GetDescriptor()->FindFieldByName("request_id");
  if (field != nullptr) copy->GetReflection()->ClearField(copy.get(), field);
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  copy->SerializeToCodedStream(&coded);
  coded.Trim();
  return bytes;
}

enum class Lookup { kAbsent, kFound };

// What the rows of RecordedResponseStatement say of the request.
absl::StatusOr<Lookup> LookupIn(const std::vector<Row>& rows, absl::string_view request_id,
                                const std::string& fingerprint,
                                google::protobuf::Message* response) {
  if (rows.empty()) return Lookup::kAbsent;
  if (rows[0][0].AsBytes() != fingerprint) {
    return InvalidFieldError(
        "request_id",
        absl::StrCat("request_id \"", request_id, "\" was already used for a different request"));
  }
  if (!response->ParseFromString(rows[0][1].AsBytes())) {
    return absl::InternalError("stored response does not parse");
  }
  return Lookup::kFound;
}

// The rows RecordedResponseStatement reads.
absl::StatusOr<std::vector<Row>> RecordedRows(Transaction& txn, absl::string_view method,
                                              absl::string_view request_id) {
  const Statement statement = RecordedResponseStatement(method, request_id);
  return txn.Query(statement.sql, statement.params);
}

absl::StatusOr<Lookup> Find(Transaction& txn, absl::string_view method,
                            absl::string_view request_id, const std::string& fingerprint,
                            google::protobuf::Message* response) {
  absl::StatusOr<std::vector<Row>> rows = RecordedRows(txn, method, request_id);
  if (!rows.ok()) return rows.status();
  return LookupIn(*rows, request_id, fingerprint, response);
}

// Appends the call's audit event for a write that succeeded in `txn`.
absl::Status AppendWriteEvent(Transaction& txn, AuditEvent* audit, absl::string_view request_id,
                              const google::protobuf::Message& response) {
  if (audit == nullptr) return absl::OkStatus();
  const google::protobuf::FieldDescriptor* name = response.GetDescriptor()->FindFieldByName("name");
  if (name != nullptr && name->type() == google::protobuf::FieldDescriptor::TYPE_STRING &&
      !name->is_repeated()) {
    std::string value = response.GetReflection()->GetString(response, name);
    if (!value.empty()) audit->resource = std::move(value);
  }
  audit->request_id = std::string(request_id);
  audit->outcome = "OK";
  audit->message.clear();
  absl::Status appended = AppendAuditEvent(txn, *audit);
  // Set only once the transaction holds it; a retried transaction appends
  // again, a rolled-back one leaves the event to the server.
  audit->appended = appended.ok();
  return appended;
}

}  // namespace

Statement RecordedResponseStatement(absl::string_view method, absl::string_view request_id) {
  return {"SELECT request, response FROM request_log WHERE method = $1 AND request_id = $2",
          {method, request_id}};
}

absl::Status RecordedResponseIn(const std::vector<Row>& rows, absl::string_view request_id,
                                const google::protobuf::Message& request,
                                google::protobuf::Message* response, absl::StatusOr<bool>* found) {
  *found = false;
  if (request_id.empty()) return absl::OkStatus();
  if (absl::Status valid = ValidateRequestId(request_id); !valid.ok()) {
    *found = valid;
    return absl::OkStatus();
  }
  absl::StatusOr<Lookup> lookup = LookupIn(rows, request_id, Fingerprint(request), response);
  // A request id used for another request is the answer, not a failed read.
  if (!lookup.ok() && !absl::IsInvalidArgument(lookup.status())) return lookup.status();
  *found = lookup.ok() ? absl::StatusOr<bool>(*lookup == Lookup::kFound)
                       : absl::StatusOr<bool>(lookup.status());
  return absl::OkStatus();
}

absl::Status FindRecordedResponse(Transaction& txn, absl::string_view method,
                                  absl::string_view request_id,
                                  const google::protobuf::Message& request,
                                  google::protobuf::Message* response,
                                  absl::StatusOr<bool>* found) {
  *found = false;
  // No query for an id that has no record: RecordedResponseIn answers it.
  std::vector<Row> rows;
  if (!request_id.empty() && ValidateRequestId(request_id).ok()) {
    absl::StatusOr<std::vector<Row>> read = RecordedRows(txn, method, request_id);
    if (!read.ok()) return read.status();
    rows = std::move(*read);
  }
  return RecordedResponseIn(rows, request_id, request, response, found);
}

absl::StatusOr<bool> FindRecordedResponse(Database& db, absl::string_view method,
                                          absl::string_view request_id,
                                          const google::protobuf::Message& request,
                                          google::protobuf::Message* response) {
  if (request_id.empty()) return false;
  absl::StatusOr<bool> found = false;
  absl::Status status = db.Read([&](Transaction& txn) {
    return FindRecordedResponse(txn, method, request_id, request, response, &found);
  });
  if (!status.ok()) return status;
  return found;
}

absl::Status ValidateRequestId(absl::string_view request_id) {
  if (request_id.empty()) return absl::OkStatus();
  return api::CheckRequestId(request_id, "request_id");
}

absl::Status RunIdempotent(
    Database& db, absl::string_view method, absl::string_view request_id,
    const google::protobuf::Message& request, google::protobuf::Message* response,
    const std::function<absl::Status(Transaction&, google::protobuf::Message*)>& write,
    AuditEvent* audit) {
  return RunIdempotentWith(
      db, [&db](absl::FunctionRef<absl::Status(Transaction&)> work) { return db.Write(work); },
      method, request_id, request, response, write, audit);
}

absl::Status RunIdempotentWith(
    Database& db, const WriteRunner& runner, absl::string_view method, absl::string_view request_id,
    const google::protobuf::Message& request, google::protobuf::Message* response,
    const std::function<absl::Status(Transaction&, google::protobuf::Message*)>& write,
    AuditEvent* audit, RecordedLookup lookup) {
  if (audit != nullptr) audit->appended = false;
  if (request_id.empty()) {
    absl::Status status = runner([&](Transaction& txn) {
      response->Clear();
      absl::Status written = write(txn, response);
      if (!written.ok()) return written;
      return AppendWriteEvent(txn, audit, request_id, *response);
    });
    if (!status.ok() && audit != nullptr) audit->appended = false;
    return status;
  }
  absl::Status valid = ValidateRequestId(request_id);
  if (!valid.ok()) return valid;
  const std::string fingerprint = Fingerprint(request);
  absl::Status status = runner([&](Transaction& txn) -> absl::Status {
    response->Clear();
    if (lookup == RecordedLookup::kInTheWrite) {
      absl::StatusOr<Lookup> found = Find(txn, method, request_id, fingerprint, response);
      if (!found.ok()) return found.status();
      if (*found == Lookup::kFound) {
        if (audit != nullptr) audit->replayed = true;
        return absl::OkStatus();
      }
    }
    absl::Status written = write(txn, response);
    if (!written.ok()) return written;
    absl::Status audited = AppendWriteEvent(txn, audit, request_id, *response);
    if (!audited.ok()) return audited;
    // Goes with the commit: a concurrent duplicate's key fails it there.
    return txn.ExecuteLater(
        "INSERT INTO request_log"
        " (method, request_id, request, response, create_time_micros)"
        " VALUES ($1, $2, $3, $4, $5)",
        {method, request_id, Blob{fingerprint}, Blob{response->SerializeAsString()},
         absl::ToUnixMicros(absl::Now())});
  });
  if (status.ok()) return status;
  if (audit != nullptr) audit->appended = false;
  // The write failed and was rolled back. A concurrent duplicate (the same
  // request on another replica) may have won the race: this attempt then
  // failed on the log's primary key (ALREADY_EXISTS) once the winner
  // committed, or, under READ COMMITTED, on a check made after a row lock
  // the winner held ("the report is already accepted"). Either way the
  // request was applied once, by the winner: answer with its response.
  // Otherwise the failure stands.
  absl::Status replayed = db.Read([&](Transaction& txn) -> absl::Status {
    response->Clear();
    absl::StatusOr<Lookup> found = Find(txn, method, request_id, fingerprint, response);
    if (!found.ok()) return found.status();
    if (*found == Lookup::kAbsent) return absl::NotFoundError("not recorded");
    return absl::OkStatus();
  });
  if (absl::IsInvalidArgument(replayed)) return replayed;  // the id names another request
  if (!replayed.ok()) return status;
  if (audit != nullptr) audit->replayed = true;
  return absl::OkStatus();
}

}  // namespace interplan::storage
