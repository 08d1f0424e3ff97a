#include "services/reporting/rollup_store.h"

#include <algorithm>
#include <functional>
#include <iterator>

#include "absl/strings/str_cat.h"

namespace interplan::reporting {
namespace {

using storage::Row;
using storage::Transaction;

using Changes = std::map<RollupKey, RollupChange>;

constexpr char kColumns[] =
    "era, indicator, period, node_path, category_key, shard, parent_path,"
    " sum_value, sum_numerator, sum_denominator, value_count, update_time_micros";
constexpr char kNewest[] =
    " update_time_micros = CASE WHEN excluded.update_time_micros > rollups.update_time_micros"
    " THEN excluded.update_time_micros ELSE rollups.update_time_micros END";
// Values added to the node's sums.
constexpr char kAddConflict[] =
    " ON CONFLICT (era, indicator, period, node_path, category_key, shard) DO UPDATE SET"
    " sum_value = rollups.sum_value + excluded.sum_value,"
    " sum_numerator = rollups.sum_numerator + excluded.sum_numerator,"
    " sum_denominator = rollups.sum_denominator + excluded.sum_denominator,"
    " value_count = rollups.value_count + excluded.value_count,";
// Values replacing the node's, unless it holds one accepted later.
constexpr char kReplaceConflict[] =
    " ON CONFLICT (era, indicator, period, node_path, category_key, shard) DO UPDATE SET"
    " sum_value = CASE WHEN excluded.update_time_micros >= rollups.update_time_micros"
    " THEN excluded.sum_value ELSE rollups.sum_value END,"
    " sum_numerator = CASE WHEN excluded.update_time_micros >= rollups.update_time_micros"
    " THEN excluded.sum_numerator ELSE rollups.sum_numerator END,"
    " sum_denominator = CASE WHEN excluded.update_time_micros >= rollups.update_time_micros"
    " THEN excluded.sum_denominator ELSE rollups.sum_denominator END,"
    " value_count = rollups.value_count + excluded.value_count,";

const char* ConflictClause(bool replaces) { return replaces ? kReplaceConflict : kAddConflict; }

// `text` as an element of a PostgreSQL array literal: quoted, with '"'
// and '\' escaped.
void AppendArrayText(std::string& array, absl::string_view text) {
  array += array.size() == 1 ? "\"" : ",\"";
  for (char c : text) {
    if (c == '"' || c == '\\') array += '\\';
    array += c;
  }
  array += '"';
}

void AppendArrayNumber(std::string& array, const storage::SqlValue& number) {
  if (array.size() > 1) array += ',';
  array += number.AsText();  // every digit of a double (sql_value.h)
}

// PostgreSQL: the rows [first, last) in one statement whatever their
// number, as arrays (one per column) unnested in order.
absl::Status UpsertArrays(Transaction& txn, Changes::const_iterator first,
                          Changes::const_iterator last, int64_t now_micros) {
  constexpr int kArrays = 11;
  std::vector<std::string> arrays(kArrays, "{");
  for (auto it = first; it != last; ++it) {
    const auto& [era, indicator, period, node_path, category_key] = it->first;
    const RollupChange& change = it->second;
    const std::string* texts[] = {&era,       &indicator,    &period,
                                  &node_path, &category_key, &change.parent_path};
    for (int c = 0; c < 6; ++c) AppendArrayText(arrays[c], *texts[c]);
    AppendArrayNumber(arrays[6], change.value);
    AppendArrayNumber(arrays[7], change.numerator);
    AppendArrayNumber(arrays[8], change.denominator);
    AppendArrayNumber(arrays[9], change.count);
    AppendArrayNumber(arrays[10], int64_t{change.shard});
  }
  storage::Params params;
  for (std::string& array : arrays) params.push_back(array + "}");
  params.push_back(now_micros);
  // WITH ORDINALITY ... ORDER BY: the rows are written, and locked, in the
  // order given.
  const std::string sql = absl::StrCat(
      "INSERT INTO rollups (", kColumns, ") SELECT era, indicator, period, node_path,",
      " category_key, shard, parent_path, sum_value, sum_numerator, sum_denominator,",
      " value_count, $12::BIGINT FROM unnest($1::TEXT[], $2::TEXT[], $3::TEXT[], $4::TEXT[],",
      " $5::TEXT[], $6::TEXT[], $7::DOUBLE PRECISION[], $8::DOUBLE PRECISION[],",
      " $9::DOUBLE PRECISION[], $10::BIGINT[], $11::INTEGER[]) WITH ORDINALITY AS v (era,",
      " indicator, period, node_path, category_key, parent_path, sum_value, sum_numerator,",
      " sum_denominator, value_count, shard, n) ORDER BY n", ConflictClause(first->second.replaces),
      kNewest);
  // Sent with the commit: the rows' locks are held only while it flushes.
  return txn.ExecuteLater(sql, params);
}

// SQLite: the rows [first, last) in VALUES lists of 64, 16, 4 or 1 rows.
absl::Status UpsertValues(Transaction& txn, Changes::const_iterator first,
                          Changes::const_iterator last, int64_t now_micros) {
  constexpr int kColumnCount = 12;
  const char* conflict = ConflictClause(first->second.replaces);
  auto it = first;
  size_t left = std::distance(first, last);
  while (left > 0) {
    size_t batch = 64;
    while (batch > left) batch /= 4;
    std::string sql = absl::StrCat("INSERT INTO rollups (", kColumns, ") VALUES ");
    storage::Params params;
    params.reserve(batch * kColumnCount);
    for (size_t row = 0; row < batch; ++row, ++it) {
      const auto& [era, indicator, period, node_path, category_key] = it->first;
      const RollupChange& change = it->second;
      absl::StrAppend(&sql, row == 0 ? "(" : ", (");
      for (int c = 1; c <= kColumnCount; ++c) {
        absl::StrAppend(&sql, c == 1 ? "$" : ", $", row * kColumnCount + c);
      }
      sql += ")";
      params.insert(params.end(), {era, indicator, period, node_path, category_key,
                                   int64_t{change.shard}, change.parent_path, change.value,
                                   change.numerator, change.denominator, change.count, now_micros});
    }
    absl::StrAppend(&sql, conflict, kNewest);
    absl::Status status = txn.Execute(sql, params).status();
    if (!status.ok()) return status;
    left -= batch;
  }
  return absl::OkStatus();
}

// A node's sums over its shards, in the column order ReadSums reads: the
// database adds the shards up, so a national read sends one row per
// category instead of one per shard.
constexpr char kShardSums[] =
    " SUM(sum_value), SUM(sum_numerator), SUM(sum_denominator),"
    " CAST(SUM(value_count) AS BIGINT), MAX(update_time_micros)";

// The sums and what follows them, from column `first` of `row`.
void ReadSums(const Row& row, size_t first, RollupRow& out) {
  out.sum_value = row[first].AsDouble();
  out.sum_numerator = row[first + 1].AsDouble();
  out.sum_denominator = row[first + 2].AsDouble();
  out.value_count = row[first + 3].AsInt();
  out.update_time_micros = row[first + 4].AsInt();
}

}  // namespace

int RollupShardOf(const std::string& report_id, storage::Engine engine) {
  if (engine == storage::Engine::kSqlite) return 0;
  // Any shard is right (reads sum them); the same one for a report's
  // every acceptance keeps its rows together.
  return static_cast<int>(std::hash<std::string>{}(report_id) % kRollupShards);
}

absl::Status RollupStore::Upsert(Transaction& txn, const Changes& changes, int64_t now_micros) {
  const bool postgres = txn.engine() == storage::Engine::kPostgres;
  // Runs of changes that meet their rows alike, in key order.
  for (auto first = changes.begin(); first != changes.end();) {
    auto last = std::next(first);
    while (last != changes.end() && last->second.replaces == first->second.replaces) ++last;
    absl::Status status = postgres ? UpsertArrays(txn, first, last, now_micros)
                                   : UpsertValues(txn, first, last, now_micros);
    if (!status.ok()) return status;
    first = last;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RollupRow>> RollupStore::NodeRows(Transaction& txn,
                                                             const std::string& era,
                                                             const std::string& indicator,
                                                             const std::string& period,
                                                             const std::string& node_path) {
  const std::string sql =
      absl::StrCat("SELECT category_key,", kShardSums,
                   " FROM rollups WHERE era = $1 AND indicator = $2 AND period = $3"
                   " AND node_path = $4 GROUP BY category_key ORDER BY category_key");
  absl::StatusOr<std::vector<Row>> rows = txn.Query(sql, {era, indicator, period, node_path});
  if (!rows.ok()) return rows.status();
  std::vector<RollupRow> out(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    out[i].node_path = node_path;
    out[i].period = period;
    out[i].category_key = (*rows)[i][0].AsText();
    ReadSums((*rows)[i], 1, out[i]);
  }
  return out;
}

absl::StatusOr<std::vector<RollupRow>> RollupStore::ChildRows(Transaction& txn,
                                                              const std::string& era,
                                                              const std::string& indicator,
                                                              const std::string& period,
                                                              const std::string& parent_path) {
  const std::string sql = absl::StrCat(
      "SELECT node_path, category_key,", kShardSums,
      " FROM rollups WHERE era = $1 AND indicator = $2 AND period = $3 AND parent_path = $4"
      " GROUP BY node_path, category_key ORDER BY node_path, category_key");
  absl::StatusOr<std::vector<Row>> rows = txn.Query(sql, {era, indicator, period, parent_path});
  if (!rows.ok()) return rows.status();
  std::vector<RollupRow> out(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    out[i].node_path = (*rows)[i][0].AsText();
    out[i].period = period;
    out[i].category_key = (*rows)[i][1].AsText();
    ReadSums((*rows)[i], 2, out[i]);
  }
  return out;
}

absl::StatusOr<std::vector<RollupRow>> RollupStore::NodeTotals(Transaction& txn,
                                                               const std::string& era,
                                                               const std::string& indicator,
                                                               const std::string& node_path) {
  const std::string sql =
      absl::StrCat("SELECT period,", kShardSums,
                   " FROM rollups WHERE era = $1 AND indicator = $2 AND node_path = $3"
                   " AND category_key = '' GROUP BY period ORDER BY period");
  absl::StatusOr<std::vector<Row>> rows = txn.Query(sql, {era, indicator, node_path});
  if (!rows.ok()) return rows.status();
  std::vector<RollupRow> out(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    out[i].node_path = node_path;
    out[i].period = (*rows)[i][0].AsText();
    ReadSums((*rows)[i], 1, out[i]);
  }
  return out;
}

}  // namespace interplan::reporting
