#include "services/plans/schema.h"

#include <string>

#include "common/storage/request_log.h"

namespace interplan::plans {

std::vector<storage::Migration> PlansMigrations() {
  return {
      {1, "request_log", std::string(storage::kRequestLogSchema)},
      {2, "plans",
       // One row per plan: its current state and what listings filter on.
       // generation counts every write (the etag); revision counts the
       // document's versions (amendments). unit_path is the unit's place
       // in the hierarchy on reference_date ("79/764").
       "CREATE TABLE plans ("
       " id TEXT PRIMARY KEY,"
       " revision BIGINT NOT NULL,"
       " generation BIGINT NOT NULL,"
       " status INTEGER NOT NULL,"
       " issuer_id TEXT NOT NULL,"
       " unit_code TEXT NOT NULL,"
       " unit_path TEXT NOT NULL,"
       " reference_date TEXT NOT NULL,"
       " first_year INTEGER NOT NULL,"
       " last_year INTEGER NOT NULL,"
       " search_text TEXT NOT NULL,"
       " create_time_micros BIGINT NOT NULL,"
       " update_time_micros BIGINT NOT NULL);"
       "CREATE INDEX plans_by_unit_path ON plans (unit_path);"
       "CREATE INDEX plans_by_issuer ON plans (issuer_id);"
       // Every revision's full content (a serialized interplan.plans.v1.Plan).
       "CREATE TABLE plan_revisions ("
       " plan_id TEXT NOT NULL,"
       " revision BIGINT NOT NULL,"
       " data BYTEA NOT NULL,"
       " create_time_micros BIGINT NOT NULL,"
       " PRIMARY KEY (plan_id, revision));"
       // Who the current revision gives duties to, for ListAssignments.
       "CREATE TABLE plan_duties ("
       " plan_id TEXT NOT NULL,"
       " seq INTEGER NOT NULL,"
       " agency_id TEXT NOT NULL,"
       " kind INTEGER NOT NULL,"
       " code TEXT NOT NULL,"
       " PRIMARY KEY (plan_id, seq));"
       "CREATE INDEX plan_duties_by_agency ON plan_duties (agency_id, plan_id, seq)"},
      {3, "change feed",
       // Every write takes the next number from one counter row inside its
       // transaction, so numbers follow commit order and a reader that
       // remembers the last one it saw misses nothing.
       "CREATE TABLE plan_change_counter (id INTEGER PRIMARY KEY, value BIGINT NOT NULL);"
       "INSERT INTO plan_change_counter (id, value) VALUES (1, 0);"
       "ALTER TABLE plans ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;"
       "CREATE INDEX plans_by_change ON plans (change_seq)"},
      {4, "digests",
       // A serialized interplan.plans.v1.PlanDigest of the current state,
       // written with each change, so overviews need not read contents.
       "ALTER TABLE plans ADD COLUMN digest BYTEA"},
      // Who asked for each write, and what came of it (audit_log.h).
      storage::AuditMigration(5),
      {6, "content known",
       // How much of the plan is known (interplan.plans.v1.PlanContent):
       // 1 its text, 2 only its number, date, title and issuer. Plans
       // stored before were all entered with their text.
       "ALTER TABLE plans ADD COLUMN content INTEGER NOT NULL DEFAULT 1"},
  };
}

}  // namespace interplan::plans
