#include "services/reporting/schema.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/clients/remembering_agencies_client.h"
#include "common/storage/request_log.h"

namespace interplan::reporting {
namespace {

// One serialized interplan.reporting.v1.Indicator per code.
constexpr char kCatalogueSchema[] =
    "CREATE TABLE indicators ("
    " code TEXT PRIMARY KEY,"
    " data BYTEA NOT NULL,"
    " create_time_micros BIGINT NOT NULL)";

// The plans we follow (their latest revision, from interplan-plans'
// change feed) and where we are in that feed.
constexpr char kFollowedPlansSchema[] =
    "CREATE TABLE followed_plans ("
    " plan_id TEXT PRIMARY KEY,"
    " revision BIGINT NOT NULL,"
    " status INTEGER NOT NULL,"
    " change_seq BIGINT NOT NULL,"
    " data BYTEA NOT NULL);"
    "CREATE TABLE plan_feed (id INTEGER PRIMARY KEY, cursor BIGINT NOT NULL);"
    "INSERT INTO plan_feed (id, cursor) VALUES (1, 0);";

// A report one agency owes under one plan for one period. Dates are
// ISO text; unit_* describe the agency's unit on the due date.
constexpr char kObligationsSchema[] =
    "CREATE TABLE obligations ("
    " id TEXT PRIMARY KEY,"
    " plan_id TEXT NOT NULL,"
    " plan_revision BIGINT NOT NULL,"
    " agency_id TEXT NOT NULL,"
    " recipient_id TEXT NOT NULL,"
    " kind INTEGER NOT NULL,"
    " period TEXT NOT NULL,"
    " period_first TEXT NOT NULL,"
    " period_last TEXT NOT NULL,"
    " due_date TEXT NOT NULL,"
    " lock_date TEXT NOT NULL,"
    " exception_until TEXT NOT NULL,"
    " due_text TEXT NOT NULL,"
    " cancelled INTEGER NOT NULL,"
    " unit_code TEXT NOT NULL,"
    " unit_valid_from TEXT NOT NULL,"
    " unit_path TEXT NOT NULL,"
    " ceased INTEGER NOT NULL,"
    " report_id TEXT NOT NULL,"
    " report_status INTEGER NOT NULL,"
    " first_submit_date TEXT NOT NULL,"
    " first_submit_micros BIGINT NOT NULL);"
    "CREATE INDEX obligations_by_agency ON obligations (agency_id, period);"
    "CREATE INDEX obligations_by_plan ON obligations (plan_id);"
    "CREATE INDEX obligations_by_period ON obligations (period_first, period_last)";

// The current version of each report, every version, and every
// status change.
constexpr char kReportsSchema[] =
    "CREATE TABLE reports ("
    " id TEXT PRIMARY KEY,"
    " obligation_id TEXT NOT NULL UNIQUE,"
    " plan_id TEXT NOT NULL,"
    " agency_id TEXT NOT NULL,"
    " period TEXT NOT NULL,"
    " version INTEGER NOT NULL,"
    " status INTEGER NOT NULL,"
    " accepted_version INTEGER NOT NULL,"
    " update_time_micros BIGINT NOT NULL);"
    "CREATE INDEX reports_by_plan ON reports (plan_id, agency_id);"
    "CREATE TABLE report_versions ("
    " report_id TEXT NOT NULL,"
    " version INTEGER NOT NULL,"
    " data BYTEA NOT NULL,"
    " PRIMARY KEY (report_id, version));"
    "CREATE TABLE report_transitions ("
    " report_id TEXT NOT NULL,"
    " seq INTEGER NOT NULL,"
    " data BYTEA NOT NULL,"
    " PRIMARY KEY (report_id, seq))";

// Running sums of accepted values for every node of every hierarchy
// (era = the first day of the unit list the node belongs to; node ""
// = the nation), maintained as reports are accepted.
constexpr char kRollupsSchema[] =
    "CREATE TABLE rollups ("
    " era TEXT NOT NULL,"
    " indicator TEXT NOT NULL,"
    " period TEXT NOT NULL,"
    " category_key TEXT NOT NULL,"
    " node_path TEXT NOT NULL,"
    " parent_path TEXT NOT NULL,"
    " sum_value DOUBLE PRECISION NOT NULL,"
    " sum_numerator DOUBLE PRECISION NOT NULL,"
    " sum_denominator DOUBLE PRECISION NOT NULL,"
    " value_count BIGINT NOT NULL,"
    " update_time_micros BIGINT NOT NULL,"
    " PRIMARY KEY (era, indicator, period, category_key, node_path));"
    "CREATE INDEX rollups_by_parent ON rollups (era, indicator, period, parent_path)";

// The same table with node_path before category_key in its key: a
// roll-up reads one node's few categories (WHERE era, indicator,
// period, node_path) instead of every node's rows of the period
// (about 10,000 for a national roll-up; bench/README.md). Rebuilt
// rather than indexed twice: no second copy of every key to write.
constexpr char kRollupsByNodeSchema[] =
    "CREATE TABLE rollups_by_node ("
    " era TEXT NOT NULL,"
    " indicator TEXT NOT NULL,"
    " period TEXT NOT NULL,"
    " node_path TEXT NOT NULL,"
    " category_key TEXT NOT NULL,"
    " parent_path TEXT NOT NULL,"
    " sum_value DOUBLE PRECISION NOT NULL,"
    " sum_numerator DOUBLE PRECISION NOT NULL,"
    " sum_denominator DOUBLE PRECISION NOT NULL,"
    " value_count BIGINT NOT NULL,"
    " update_time_micros BIGINT NOT NULL,"
    " PRIMARY KEY (era, indicator, period, node_path, category_key));"
    "INSERT INTO rollups_by_node (era, indicator, period, node_path, category_key,"
    " parent_path, sum_value, sum_numerator, sum_denominator, value_count,"
    " update_time_micros)"
    " SELECT era, indicator, period, node_path, category_key, parent_path, sum_value,"
    " sum_numerator, sum_denominator, value_count, update_time_micros FROM rollups;"
    "DROP TABLE rollups;"
    "ALTER TABLE rollups_by_node RENAME TO rollups;"
    "CREATE INDEX rollups_by_parent ON rollups (era, indicator, period, parent_path)";

// Compliance reads one period's obligations (period = $1 ... ORDER
// BY id): without this index SQLite walked every obligation in id
// order. A roll-up's children (parent_path = $4 ORDER BY node_path,
// category_key) read in the order of the roll-up key since
// migration 7, so SQLite walked the whole period by primary key
// instead of rollups_by_parent; with the order in the index, one
// range of it answers on both engines.
constexpr char kReadsInKeyOrderSchema[] =
    "CREATE INDEX obligations_by_period_id ON obligations (period, id);"
    "DROP INDEX rollups_by_parent;"
    "CREATE INDEX rollups_by_parent ON rollups (era, indicator, period, parent_path,"
    " node_path, category_key)";

// GetCompliance reads, for one period, only the columns of
// ObligationStore::ListForCount: with them all in the index, a
// national count (6,710 obligations a period in the benchmark's data
// set) reads one range of it instead of also fetching every row
// from the table. Replaces migration 8's obligations_by_period_id.
constexpr char kComplianceIndexSchema[] =
    "CREATE INDEX obligations_for_count ON obligations (period, cancelled, id, agency_id,"
    " due_date, unit_code, unit_valid_from, unit_path, ceased, report_status,"
    " first_submit_date);"
    "DROP INDEX obligations_by_period_id";

// The roll-up table's columns since migration 11.
constexpr char kShardedRollupColumns[] =
    " era TEXT NOT NULL,"
    " indicator TEXT NOT NULL,"
    " period TEXT NOT NULL,"
    " node_path TEXT NOT NULL,"
    " category_key TEXT NOT NULL,"
    " shard INTEGER NOT NULL,"
    " parent_path TEXT NOT NULL,"
    " sum_value DOUBLE PRECISION NOT NULL,"
    " sum_numerator DOUBLE PRECISION NOT NULL,"
    " sum_denominator DOUBLE PRECISION NOT NULL,"
    " value_count BIGINT NOT NULL,"
    " update_time_micros BIGINT NOT NULL,";

// How a migration rebuilds the roll-up table.
struct RollupRebuild {
  const char* new_table;    // its name until it replaces rollups
  const char* primary_key;  // columns
  const char* shard;        // what a copied row's shard is: a column or a number
  const char* by_parent;    // the columns of rollups_by_parent
};

// Copies every roll-up row into a new table keyed as `rebuild` says,
// puts it in place of rollups and indexes its children. PostgreSQL: room
// on every page for the new versions of its rows, so an update stays on
// the page (HOT: no new index entries).
std::string RebuiltRollups(const RollupRebuild& rebuild, bool postgres) {
  return absl::StrCat(
      "CREATE TABLE ", rebuild.new_table, " (", kShardedRollupColumns, " PRIMARY KEY (",
      rebuild.primary_key, "))", postgres ? " WITH (fillfactor = 50)" : "", ";INSERT INTO ",
      rebuild.new_table,
      " (era, indicator, period, node_path, category_key, shard, parent_path, sum_value,"
      " sum_numerator, sum_denominator, value_count, update_time_micros)"
      " SELECT era, indicator, period, node_path, category_key, ",
      rebuild.shard,
      ", parent_path, sum_value, sum_numerator, sum_denominator, value_count,"
      " update_time_micros FROM rollups;DROP TABLE rollups;ALTER TABLE ",
      rebuild.new_table, " RENAME TO rollups;CREATE INDEX rollups_by_parent ON rollups (",
      rebuild.by_parent, ")");
}

// Every acceptance changes the nation's row and its province's row of
// each indicator it reports, and holds their locks to its commit: on
// PostgreSQL acceptances committed one at a time, each waiting for the
// last one's WAL flush (bench/README.md). Each of those rows is now
// kRollupShards rows (shard): an acceptance adds to the shard of its
// report, a read sums the shards, and acceptances wait for one another
// only when their reports share a shard.
constexpr RollupRebuild kShardedRollups = {
    "rollups_sharded", "era, indicator, period, node_path, category_key, shard", "0",
    "era, indicator, period, parent_path, node_path, category_key"};

// PostgreSQL: submissions and reviews change an obligation's report_status
// and a report's status, and a row whose indexed column changes gets a new
// entry in every index of its table (five for obligations, three for
// reports). With report_status out of the compliance index and room on
// each page, those updates stay on the page (HOT) and write no index
// entry. GetCompliance then reads the period's rows through the narrower
// index; on PostgreSQL the covering index saved those reads only on pages
// a vacuum had marked all-visible, which rows updated that often seldom
// are. SQLite updates only the indexes whose columns change, so keeps its
// covering index. The fill factor applies to pages filled from now on.
constexpr char kWritesInPlacePostgres[] =
    "DROP INDEX obligations_for_count;"
    "CREATE INDEX obligations_for_count ON obligations (period, cancelled, id);"
    "ALTER TABLE obligations SET (fillfactor = 80);"
    "ALTER TABLE reports SET (fillfactor = 80)";

// PostgreSQL spent a third of an acceptance's time in the roll-up keys'
// indexes (perf, bench/README.md): each of its 60 upserts probes the
// primary key, and a key that starts with era, indicator and period
// compares those equal text columns again at every step down the tree
// before node_path tells the entries apart. With node_path first a
// comparison mostly ends at its first column, and a node's indicators
// sit side by side, so an acceptance's rows for one node share a few
// index pages. Every read names era, indicator and node_path (and the
// period, or every period of the node's totals), so each is still one
// range of an index. The same for the children's index, parent first.
constexpr RollupRebuild kNodeFirstRollups = {
    "rollups_node_first", "node_path, indicator, era, period, category_key, shard", "shard",
    "parent_path, indicator, era, period, node_path, category_key"};

}  // namespace

std::vector<storage::Migration> ReportingMigrations() {
  return {
      {1, "request_log", std::string(storage::kRequestLogSchema)},
      {2, "catalogue", kCatalogueSchema},
      // The plans followed, then units and agencies as interplan-agencies
      // described them.
      {3, "what other services told us",
       std::string(kFollowedPlansSchema) + std::string(kAgenciesMemorySchema)},
      {4, "obligations", kObligationsSchema},
      {5, "reports", kReportsSchema},
      {6, "roll-ups", kRollupsSchema},
      {7, "roll-ups keyed by node", kRollupsByNodeSchema},
      {8, "reads by period and by parent in key order", kReadsInKeyOrderSchema},
      {9, "compliance counts from the index alone", kComplianceIndexSchema},
      // Who asked for each write, and what came of it (audit_log.h).
      storage::AuditMigration(10),
      {11, "roll-up rows in shards", RebuiltRollups(kShardedRollups, false),
       RebuiltRollups(kShardedRollups, true)},
      // Nothing to change on SQLite (see kWritesInPlacePostgres).
      {12, "status updates in place", "", kWritesInPlacePostgres},
      {13, "roll-up keys node first", RebuiltRollups(kNodeFirstRollups, false),
       RebuiltRollups(kNodeFirstRollups, true)},
  };
}

}  // namespace interplan::reporting
