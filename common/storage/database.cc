#include "common/storage/database.h"

#include <algorithm>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/storage/postgres_database.h"
#include "common/storage/sqlite_database.h"

namespace interplan::storage {

namespace {
constexpr absl::string_view kConflictPayload = "interplan.storage/conflict";
}  // namespace

absl::Status SerializationConflictError(absl::string_view message) {
  absl::Status status = absl::AbortedError(message);
  status.SetPayload(kConflictPayload, absl::Cord("1"));
  return status;
}

bool IsSerializationConflict(const absl::Status& status) {
  return absl::IsAborted(status) && status.GetPayload(kConflictPayload).has_value();
}

absl::StatusOr<Row> Transaction::QueryRow(absl::string_view sql, const Params& params) {
  absl::StatusOr<std::vector<Row>> rows = Query(sql, params);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return absl::NotFoundError("no row");
  return std::move(rows->front());
}

absl::StatusOr<std::vector<std::vector<Row>>> Transaction::QueryAll(
    const std::vector<Statement>& statements) {
  std::vector<std::vector<Row>> all;
  all.reserve(statements.size());
  for (const Statement& statement : statements) {
    absl::StatusOr<std::vector<Row>> rows = Query(statement.sql, statement.params);
    if (!rows.ok()) return rows.status();
    all.push_back(std::move(*rows));
  }
  return all;
}

Engine EngineOfUrl(absl::string_view url) {
  return absl::StartsWith(url, "postgres://") || absl::StartsWith(url, "postgresql://")
             ? Engine::kPostgres
             : Engine::kSqlite;
}

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  if (EngineOfUrl(options.url) == Engine::kPostgres) return PostgresDatabase::Open(options);
  absl::string_view path = options.url;
  if (absl::StartsWith(path, "sqlite:")) path.remove_prefix(7);
  if (absl::StartsWith(path, "//")) path.remove_prefix(2);
  if (path.empty()) {
    return absl::InvalidArgumentError(
        "database url is empty: give sqlite:<path> or postgres://...");
  }
  if (absl::StrContains(path, "://")) {
    return absl::InvalidArgumentError(absl::StrCat("unsupported database url \"", options.url,
                                                   "\": give sqlite:<path> or postgres://..."));
  }
  return SqliteDatabase::Open(std::string(path), options);
}

absl::Status Database::Migrate(const std::vector<Migration>& migrations) {
  std::vector<Migration> ordered = migrations;
  std::sort(ordered.begin(), ordered.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (size_t i = 1; i < ordered.size(); ++i) {
    if (ordered[i].version == ordered[i - 1].version) {
      return absl::InternalError(absl::StrCat("two migrations numbered ", ordered[i].version));
    }
  }
  // Created under the migration lock: two processes running
  // CREATE TABLE IF NOT EXISTS at once on PostgreSQL both pass the "if not
  // exists" and the loser fails on the catalog's unique index.
  absl::Status status = MigrationWrite([&](Transaction& txn) -> absl::Status {
    absl::Status locked = LockForMigration(txn);
    if (!locked.ok()) return locked;
    return txn.ExecuteScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY,"
        " name TEXT NOT NULL,"
        " applied_at_micros BIGINT NOT NULL)");
  });
  if (!status.ok()) return status;

  const Engine this_engine = engine();
  for (const Migration& migration : ordered) {
    status = MigrationWrite([&](Transaction& txn) -> absl::Status {
      absl::Status locked = LockForMigration(txn);
      if (!locked.ok()) return locked;
      absl::StatusOr<std::vector<Row>> applied = txn.Query(
          "SELECT version FROM schema_migrations WHERE version = $1", {migration.version});
      if (!applied.ok()) return applied.status();
      if (!applied->empty()) return absl::OkStatus();
      const std::string& sql = this_engine == Engine::kPostgres && !migration.postgres_sql.empty()
                                   ? migration.postgres_sql
                                   : migration.sql;
      absl::Status run = txn.ExecuteScript(sql);
      if (!run.ok()) {
        return absl::Status(run.code(), absl::StrCat("migration ", migration.version, " (",
                                                     migration.name, "): ", run.message()));
      }
      return txn
          .Execute(
              "INSERT INTO schema_migrations (version, name, applied_at_micros)"
              " VALUES ($1, $2, $3)",
              {migration.version, migration.name, absl::ToUnixMicros(absl::Now())})
          .status();
    });
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace interplan::storage
