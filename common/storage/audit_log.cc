#include "common/storage/audit_log.h"

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace interplan::storage {
namespace {

// 128 random bits in hex: unique across replicas without a sequence.
std::string NewEventId() {
  thread_local absl::BitGen bits;
  return absl::StrFormat("%016x%016x", absl::Uniform<uint64_t>(bits),
                         absl::Uniform<uint64_t>(bits));
}

}  // namespace

Migration AuditMigration(int version) {
  Migration migration;
  migration.version = version;
  migration.name = "audit trail";
  migration.sql =
      absl::StrCat(kAuditSchema,
                   ";CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events"
                   " BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
                   "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events"
                   " BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;");
  migration.postgres_sql =
      absl::StrCat(kAuditSchema,
                   ";CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS"
                   " 'BEGIN RAISE EXCEPTION ''audit events are append-only''; END';"
                   "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events"
                   " FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();");
  return migration;
}

absl::Status AppendAuditEvent(Transaction& txn, AuditEvent& event) {
  event.id = NewEventId();
  if (event.time == absl::Time()) event.time = absl::Now();
  // Nothing waits on this row: it goes with the next statement or the commit.
  return txn.ExecuteLater(
      "INSERT INTO audit_events (id, time_micros, method, resource, request_id, credential,"
      " agency, role, via, outcome, message)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
      {event.id, absl::ToUnixMicros(event.time), event.method, event.resource, event.request_id,
       event.credential, event.agency, event.role, event.via, event.outcome, event.message});
}

absl::StatusOr<std::vector<AuditEvent>> ListAuditEvents(Database& db, const AuditFilter& filter) {
  Params params;
  auto next = [&params]() { return absl::StrCat("$", params.size()); };
  std::string where = "1 = 1";
  auto equal = [&](const char* column, const std::string& value) {
    if (value.empty()) return;
    params.push_back(value);
    absl::StrAppend(&where, " AND ", column, " = ", next());
  };
  equal("method", filter.method);
  equal("agency", filter.agency);
  equal("credential", filter.credential);
  if (filter.outcome == "REFUSED") {
    absl::StrAppend(&where, " AND outcome <> 'OK'");
  } else {
    equal("outcome", filter.outcome);
  }
  if (!filter.resource_prefix.empty()) {
    // A range rather than LIKE: no escaping of '%' and '_' in names.
    params.push_back(filter.resource_prefix);
    absl::StrAppend(&where, " AND resource >= ", next());
    params.push_back(absl::StrCat(filter.resource_prefix, "\xF4\x8F\xBF\xBF"));
    absl::StrAppend(&where, " AND resource < ", next());
  }
  if (filter.start != absl::InfinitePast()) {
    params.push_back(absl::ToUnixMicros(filter.start));
    absl::StrAppend(&where, " AND time_micros >= ", next());
  }
  if (filter.end != absl::InfiniteFuture()) {
    params.push_back(absl::ToUnixMicros(filter.end));
    absl::StrAppend(&where, " AND time_micros < ", next());
  }
  if (!filter.after_id.empty()) {
    params.push_back(filter.after_micros);
    const std::string micros = next();
    params.push_back(filter.after_id);
    absl::StrAppend(&where, " AND (time_micros > ", micros, " OR (time_micros = ", micros,
                    " AND id > ", next(), "))");
  }
  params.push_back(static_cast<int64_t>(filter.limit));
  const std::string sql = absl::StrCat(
      "SELECT id, time_micros, method, resource, request_id, credential, agency, role, via,"
      " outcome, message FROM audit_events WHERE ",
      where, " ORDER BY time_micros, id LIMIT ", next());
  std::vector<AuditEvent> events;
  absl::Status status = db.Read([&](Transaction& txn) -> absl::Status {
    absl::StatusOr<std::vector<Row>> rows = txn.Query(sql, params);
    if (!rows.ok()) return rows.status();
    events.clear();
    for (const Row& r : *rows) {
      AuditEvent& e = events.emplace_back();
      e.id = r[0].AsText();
      e.time = absl::FromUnixMicros(r[1].AsInt());
      e.method = r[2].AsText();
      e.resource = r[3].AsText();
      e.request_id = r[4].AsText();
      e.credential = r[5].AsText();
      e.agency = r[6].AsText();
      e.role = r[7].AsText();
      e.via = r[8].AsText();
      e.outcome = r[9].AsText();
      e.message = r[10].AsText();
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return events;
}

}  // namespace interplan::storage
