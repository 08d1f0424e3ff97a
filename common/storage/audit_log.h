// The audit trail every service keeps of the writes it is asked for: who
// (credential, agency, role, and the service that called on their behalf),
// when, which method, which resource, which request id, and the outcome.
// A write that succeeds appends its event in the write's own transaction
// (RunIdempotent), so there is no write without its event and no event of
// a write that was rolled back; a refused or failed write gets its event
// in a transaction of its own (CallGate::RunWrite). Rows are only ever
// inserted: nothing in the suite updates or deletes them.
#ifndef INTERPLAN_COMMON_STORAGE_AUDIT_LOG_H_
#define INTERPLAN_COMMON_STORAGE_AUDIT_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/storage/database.h"

namespace interplan::storage {

// The table every service creates in a migration.
inline constexpr absl::string_view kAuditSchema =
    "CREATE TABLE audit_events ("
    " id TEXT PRIMARY KEY,"
    " time_micros BIGINT NOT NULL,"
    " method TEXT NOT NULL,"
    " resource TEXT NOT NULL,"
    " request_id TEXT NOT NULL,"
    " credential TEXT NOT NULL,"
    " agency TEXT NOT NULL,"
    " role TEXT NOT NULL,"
    " via TEXT NOT NULL,"
    " outcome TEXT NOT NULL,"
    " message TEXT NOT NULL);"
    "CREATE INDEX audit_events_by_time ON audit_events (time_micros, id)";

// The migration that creates audit_events, numbered `version`, with
// triggers that refuse any UPDATE or DELETE of its rows on both engines.
Migration AuditMigration(int version);

// One write as the audit trail keeps it. The call's identity is filled in
// by the server before the handler runs; the write fills in the rest.
struct AuditEvent {
  std::string id;  // assigned when appended
  absl::Time time;
  std::string method;  // full gRPC method name
  std::string
      resource;  // "plans/qn-2022"; from the method ("plan" for CreatePlan) when none was named
  std::string request_id;  // "" when the request had none
  std::string credential;  // "agencies/x/apiKeys/k"; "" when none was presented
  std::string agency;      // "agencies/x"; "" for operator, service or anonymous callers
  std::string role;        // "AGENCY", "MINISTRY", ...; "" when unauthenticated
  std::string via;         // the service credential that called on the caller's behalf
  std::string outcome;     // "OK", or the status code's name ("PERMISSION_DENIED")
  std::string message;     // the error message; for OK, "" or "replayed"

  // Set by the write itself: the event is already in its transaction
  // (`appended`), or the request was a retry answered from the request log
  // (`replayed`). The server appends the event when neither holds.
  bool appended = false;
  bool replayed = false;
};

// Appends `event` (its id and, when unset, its time are filled in here).
absl::Status AppendAuditEvent(Transaction& txn, AuditEvent& event);

struct AuditFilter {
  std::string method;           // exact, or "" for any
  std::string resource_prefix;  // "plans/qn-2022", "plans/", ...
  std::string agency;           // "agencies/x"
  std::string credential;
  std::string outcome;  // "OK", "PERMISSION_DENIED", ...; "REFUSED" for every outcome but OK
  absl::Time start = absl::InfinitePast();  // inclusive
  absl::Time end = absl::InfiniteFuture();  // exclusive
  // Paging: events after this (time, id), oldest first.
  int64_t after_micros = 0;
  std::string after_id;
  int limit = 100;
};

absl::StatusOr<std::vector<AuditEvent>> ListAuditEvents(Database& db, const AuditFilter& filter);

}  // namespace interplan::storage

#endif  // INTERPLAN_COMMON_STORAGE_AUDIT_LOG_H_
