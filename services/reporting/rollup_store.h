// SQL access to the roll-up sums (the rollups table): for each node of a
// hierarchy, indicator, period and category, kRollupShards rows (at most;
// one on SQLite, see RollupShardOf) with the running sums of the values
// accepted under it, each acceptance in the shard of its report; a read
// has the database add the shards up.
// Every call runs inside the caller's transaction.
#ifndef INTERPLAN_SERVICES_REPORTING_ROLLUP_STORE_H_
#define INTERPLAN_SERVICES_REPORTING_ROLLUP_STORE_H_

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "common/storage/database.h"

namespace interplan::reporting {

// era, indicator, period, node_path, category_key: a row of a node (with
// its shard). Changes are written, and their rows locked, in this order.
using RollupKey = std::tuple<std::string, std::string, std::string, std::string, std::string>;

// One roll-up row's change, summed over the values of one write.
struct RollupChange {
  std::string parent_path;
  // How it meets the row: added to its sums (false), or replacing them
  // (LATEST_VALUE, NOT_AGGREGATABLE) unless the row holds sums accepted
  // later. The count is added either way.
  bool replaces = false;
  double value = 0, numerator = 0, denominator = 0;
  int64_t count = 0;
  // The row of the node it changes: the acceptance's shard for a sum; 0
  // for every change of a replacing indicator (LATEST_VALUE,
  // NOT_AGGREGATABLE), whose figure is the one accepted last and must
  // stay in one row.
  int shard = 0;
};

// A roll-up row as read.
struct RollupRow {
  std::string node_path;
  std::string period;
  std::string category_key;
  double sum_value = 0, sum_numerator = 0, sum_denominator = 0;
  int64_t value_count = 0;
  int64_t update_time_micros = 0;
};

// How many rows a node's sums are split into. An acceptance locks the
// rows it changes until it commits; with the nation's and a province's
// rows in shards, acceptances wait for one another only when their
// reports fall into the same shard (bench/README.md, PostgreSQL).
constexpr int kRollupShards = 8;

// The shard of the summed rows an acceptance of the report with id
// `report_id` changes, on `engine`. On SQLite always 0: one writer holds
// the whole database at a time, so shards would spread no waiting and
// only multiply the rows every read sums (kRollupShards per node). Rows
// already in other shards are still read and summed.
int RollupShardOf(const std::string& report_id, storage::Engine engine);

class RollupStore {
 public:
  // Writes `changes`, each into its shard, as accepted at `now_micros`
  // (the newest acceptance of a row is its update time).
  //
  // Safe under READ COMMITTED with no lock of the caller's: each row
  // changes in place, in one statement (INSERT ... ON CONFLICT DO UPDATE
  // SET sum_value = rollups.sum_value + excluded.sum_value), never read,
  // added to and written back, so concurrent acceptances that share rows
  // (the nation, a province) all count. The row locks those statements
  // take are taken in key order (the map's), and every acceptance's rows
  // go through here in one call, so two acceptances always lock the rows
  // they share in the same order and never deadlock on them.
  //
  // Batched: on PostgreSQL one statement (arrays unnested) per run of
  // changes that meet their rows alike (in key order), whatever its
  // length; on SQLite VALUES lists of 64, 16, 4 or 1 rows, so a
  // connection prepares at most four statements of each kind.
  absl::Status Upsert(storage::Transaction& txn, const std::map<RollupKey, RollupChange>& changes,
                      int64_t now_micros);

  // The reads below return each node's shards summed into one row (the
  // rows of a replacing change are all in shard 0: RollupChange::shard).

  // The rows of one node and period, by category.
  absl::StatusOr<std::vector<RollupRow>> NodeRows(storage::Transaction& txn, const std::string& era,
                                                  const std::string& indicator,
                                                  const std::string& period,
                                                  const std::string& node_path);
  // The rows of the children of `parent_path` for one period, by node
  // and category.
  absl::StatusOr<std::vector<RollupRow>> ChildRows(storage::Transaction& txn,
                                                   const std::string& era,
                                                   const std::string& indicator,
                                                   const std::string& period,
                                                   const std::string& parent_path);
  // The totals (no category) of one node, every period.
  absl::StatusOr<std::vector<RollupRow>> NodeTotals(storage::Transaction& txn,
                                                    const std::string& era,
                                                    const std::string& indicator,
                                                    const std::string& node_path);
};

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_ROLLUP_STORE_H_
