// Idempotent writes (AIP-155): remembers the response to each request_id,
// in the same transaction as the write it answers, so a retried create
// returns the first result and writes nothing twice, also across replicas
// sharing one database.
#ifndef INTERPLAN_COMMON_STORAGE_REQUEST_LOG_H_
#define INTERPLAN_COMMON_STORAGE_REQUEST_LOG_H_

#include <functional>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/storage/audit_log.h"
#include "common/storage/database.h"
#include "google/protobuf/message.h"

namespace interplan::storage {

// The table every service that takes request ids creates in a migration.
inline constexpr absl::string_view kRequestLogSchema =
    "CREATE TABLE request_log ("
    " method TEXT NOT NULL,"
    " request_id TEXT NOT NULL,"
    " request BYTEA NOT NULL,"
    " response BYTEA NOT NULL,"
    " create_time_micros BIGINT NOT NULL,"
    " PRIMARY KEY (method, request_id))";

// Runs `write` in a transaction and records its response under
// (method, request_id). A later call with the same request_id and the same
// request returns the recorded response without running `write`; with a
// different request it fails with INVALID_ARGUMENT naming request_id. An
// empty request_id runs `write` plainly. Concurrent duplicates (also on
// replicas sharing one PostgreSQL database, under SERIALIZABLE or READ
// COMMITTED) are settled by the table's primary key: the loser's insert
// waits for the winner's commit and fails, its whole transaction rolls
// back, and it returns the winner's response; so does a loser whose
// `write` failed first on what the winner committed.
//
// `request` is compared with its request_id field cleared.
//
// With `audit` (the call's event, see audit_log.h), a write that succeeds
// appends it in its own transaction, with outcome OK, the request id, and
// the response's `name` as the resource when it has one; a retry answered
// from the log marks it replayed instead.
absl::Status RunIdempotent(
    Database& db, absl::string_view method, absl::string_view request_id,
    const google::protobuf::Message& request, google::protobuf::Message* response,
    const std::function<absl::Status(Transaction&, google::protobuf::Message*)>& write,
    AuditEvent* audit = nullptr);

// Runs a read-write transaction: Database::Write, or a GroupCommitter's
// Write to share commits with concurrent requests.
using WriteRunner = std::function<absl::Status(absl::FunctionRef<absl::Status(Transaction&)>)>;

// Where RunIdempotentWith looks for the recorded response.
enum class RecordedLookup {
  // Inside the write transaction, before `write`: a duplicate that
  // committed after the caller's own look is answered without running
  // `write`.
  kInTheWrite,
  // Nowhere: the caller looked (FindRecordedResponse) just before. A
  // duplicate that committed since fails this write, on the log's primary
  // key at the latest, and is answered from the log then; one round trip
  // less per write. Not with a GroupCommitter's runner: the batch of the
  // duplicate that won commits only after the loser has looked.
  kDoneByCaller,
};

// RunIdempotent with the write transaction run by `runner` (reads still go
// to `db`).
absl::Status RunIdempotentWith(
    Database& db, const WriteRunner& runner, absl::string_view method, absl::string_view request_id,
    const google::protobuf::Message& request, google::protobuf::Message* response,
    const std::function<absl::Status(Transaction&, google::protobuf::Message*)>& write,
    AuditEvent* audit = nullptr, RecordedLookup lookup = RecordedLookup::kInTheWrite);

// Looks up (method, request_id) before doing any work: true with
// `response` filled when this request was already answered; INVALID_ARGUMENT
// when the id was used for a different request; false otherwise. Lets a
// retry be answered even while a dependency the first attempt needed is
// down. RunIdempotent still settles races.
absl::StatusOr<bool> FindRecordedResponse(Database& db, absl::string_view method,
                                          absl::string_view request_id,
                                          const google::protobuf::Message& request,
                                          google::protobuf::Message* response);

// FindRecordedResponse inside the caller's read transaction `txn`, so
// that one transaction also reads what the request needs. Its answer goes
// to `*found`, INVALID_ARGUMENT included, for the caller to give once its
// own checks passed; the status returned is a failed read only, for the
// transaction to stop on.
absl::Status FindRecordedResponse(Transaction& txn, absl::string_view method,
                                  absl::string_view request_id,
                                  const google::protobuf::Message& request,
                                  google::protobuf::Message* response, absl::StatusOr<bool>* found);

// FindRecordedResponse in two halves, for a caller that sends the lookup
// with other statements (Transaction::QueryAll): the statement, and its
// rows read as FindRecordedResponse reads them.
Statement RecordedResponseStatement(absl::string_view method, absl::string_view request_id);
absl::Status RecordedResponseIn(const std::vector<Row>& rows, absl::string_view request_id,
                                const google::protobuf::Message& request,
                                google::protobuf::Message* response, absl::StatusOr<bool>* found);

// Checks the shape of a client request id (common/api/request_id.h); empty
// means none and passes.
absl::Status ValidateRequestId(absl::string_view request_id);

}  // namespace interplan::storage

#endif  // INTERPLAN_COMMON_STORAGE_REQUEST_LOG_H_
