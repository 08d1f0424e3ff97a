// The storage interface every service writes through: transactions of SQL
// statements with $1..$n parameters, one dialect subset that both engines
// run unchanged, and numbered migrations applied at start-up.
//
// Two engines implement it: SQLite (embedded default: WAL, synchronous=FULL,
// so an acknowledged commit survives kill -9) and PostgreSQL (libpq with a
// connection pool, for deployments where several replicas share one
// database; each service keeps its tables in a schema of its own).
//
// Portable SQL: types BIGINT, INTEGER, TEXT, BYTEA, DOUBLE PRECISION;
// INSERT ... ON CONFLICT, RETURNING, LIMIT/OFFSET. No AUTOINCREMENT or
// SERIAL: ids come from the application.
#ifndef INTERPLAN_COMMON_STORAGE_DATABASE_H_
#define INTERPLAN_COMMON_STORAGE_DATABASE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/storage/sql_value.h"

namespace interplan::storage {

enum class Engine { kSqlite, kPostgres };

// One statement with its parameters, for Transaction::QueryAll.
struct Statement {
  std::string sql;
  Params params;
};

// A unit of work on one connection. Statements are prepared once per
// connection and reused.
class Transaction {
 public:
  virtual ~Transaction() = default;

  // Runs one statement. Rows come back for SELECT and RETURNING.
  // A unique-constraint violation is ALREADY_EXISTS; a conflict the engine
  // resolves by retrying the transaction is ABORTED.
  virtual absl::StatusOr<std::vector<Row>> Query(absl::string_view sql,
                                                 const Params& params = {}) = 0;
  // Runs one statement and returns the number of rows it changed.
  virtual absl::StatusOr<int64_t> Execute(absl::string_view sql, const Params& params = {}) = 0;
  // Runs a statement whose answer the caller does not need, at the latest
  // at commit: PostgreSQL sends it with the transaction's next statement
  // or with its COMMIT, so the closing writes of a transaction cost one
  // round trip. Its failure is that next statement's, or the commit's.
  virtual absl::Status ExecuteLater(absl::string_view sql, const Params& params = {}) {
    return Execute(sql, params).status();
  }
  // Runs `statements` in order and returns the rows of each, or the first
  // failure. Each sees what the ones before it did and locked (a row lock
  // taken by one holds for the next). PostgreSQL sends them in one round
  // trip: for statements whose parameters do not need one another's rows.
  virtual absl::StatusOr<std::vector<std::vector<Row>>> QueryAll(
      const std::vector<Statement>& statements);
  // Runs several statements without parameters (migrations).
  virtual absl::Status ExecuteScript(absl::string_view sql) = 0;

  // The engine running this transaction, for the rare clause only one of
  // them has: a row lock (SELECT ... FOR UPDATE) is PostgreSQL's; SQLite
  // has one writer at a time and no such clause.
  virtual Engine engine() const = 0;

  // The single row of a query; NOT_FOUND when there is none.
  absl::StatusOr<Row> QueryRow(absl::string_view sql, const Params& params = {});
};

// One numbered schema change. `postgres_sql`, when set, replaces `sql` on
// PostgreSQL for the rare statement the dialects disagree on.
struct Migration {
  int version;
  std::string name;
  std::string sql;
  std::string postgres_sql;
};

struct DatabaseOptions {
  // "sqlite:/path/file.db", a plain path (SQLite), or
  // "postgres://user@host:port/db?..." / "postgresql://...".
  std::string url;
  // PostgreSQL: the schema holding this service's tables (created if absent).
  std::string schema = "public";
  // Connections kept open.
  int pool_size = 4;
  // SQLite: how long a writer waits for the lock.
  absl::Duration busy_timeout = absl::Seconds(10);
  // How often a transaction that lost a conflict is retried.
  int max_retries = 10;
};

// The engine a database url names (Database::Open's rule): PostgreSQL for
// postgres:// and postgresql://, SQLite otherwise.
Engine EngineOfUrl(absl::string_view url);

// ABORTED marked as a conflict between concurrent transactions, which the
// engine resolves by running the transaction again (unlike an application
// ABORTED such as a stale etag).
absl::Status SerializationConflictError(absl::string_view message);
bool IsSerializationConflict(const absl::Status& status);

class Database {
 public:
  static absl::StatusOr<std::unique_ptr<Database>> Open(const DatabaseOptions& options);

  virtual ~Database() = default;

  virtual Engine engine() const = 0;

  // Runs `work` in a read-write transaction and commits it; rolls back if
  // `work` fails. On a serialization conflict the whole transaction is run
  // again (so `work` must not keep side effects outside the transaction),
  // up to max_retries times. Concurrent writers never both commit a
  // check-then-write decision on the same rows (PostgreSQL: SERIALIZABLE).
  virtual absl::Status Write(absl::FunctionRef<absl::Status(Transaction&)> work) = 0;

  // Runs `work` like Write, but on PostgreSQL under READ COMMITTED instead
  // of SERIALIZABLE: each statement sees what was committed before it
  // started, and the engine no longer stops two transactions from both
  // committing decisions on the same rows. The caller takes the locks its
  // invariants need, and says beside each which invariant it protects:
  //  - before reading what it decides on (a state check, a count, a
  //    next number), a row lock on the row that guards that decision
  //    (SELECT ... FOR UPDATE, see Transaction::engine()), taken by every
  //    writer of the rows it guards; statements after the lock see what the
  //    previous holder committed;
  //  - sums changed in place, atomically (UPDATE t SET n = n + $1, or
  //    INSERT ... ON CONFLICT DO UPDATE SET n = t.n + excluded.n), never
  //    read, added to and written back;
  //  - what must exist once under a unique key: the loser waits for the
  //    winner and fails with ALREADY_EXISTS;
  //  - several rows locked in one fixed order (sorted keys) by every
  //    writer, or two writers can deadlock.
  // A deadlock (40P01) or serialization failure (40001) rolls back the
  // whole transaction and `work` runs again, as under Write. SQLite: the
  // same as Write (one writer at a time, every transaction serial).
  virtual absl::Status WriteReadCommitted(absl::FunctionRef<absl::Status(Transaction&)> work) {
    return Write(work);
  }

  // Runs `work` in a read-only transaction seeing one consistent snapshot.
  virtual absl::Status Read(absl::FunctionRef<absl::Status(Transaction&)> work) = 0;

  // Applies the migrations not yet recorded in schema_migrations, each in
  // its own transaction, in version order. Safe when several processes start
  // at once on one PostgreSQL database.
  absl::Status Migrate(const std::vector<Migration>& migrations);

 protected:
  // Serializes migrations across processes (PostgreSQL: an advisory lock
  // held until the transaction ends; SQLite: the write lock already does).
  virtual absl::Status LockForMigration(Transaction& txn) = 0;
  // The transaction a migration runs in: Write, unless the engine needs
  // otherwise (PostgreSQL: READ COMMITTED, so that what a concurrent
  // process committed while this one waited for the lock is seen).
  virtual absl::Status MigrationWrite(absl::FunctionRef<absl::Status(Transaction&)> work) {
    return Write(work);
  }
};

}  // namespace interplan::storage

#endif  // INTERPLAN_COMMON_STORAGE_DATABASE_H_
