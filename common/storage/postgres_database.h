// The deployment engine: PostgreSQL through libpq, with a connection pool,
// per-connection prepared statements, serializable write transactions
// (or READ COMMITTED ones whose callers take their own locks) retried on
// conflict or deadlock, and one schema per service so several services can
// share a database without sharing tables. Statements go in as few round
// trips as their answers allow (libpq's pipeline mode): BEGIN with the
// first statement, ExecuteLater's with the next one or the COMMIT,
// QueryAll's together; a read's COMMIT is not waited for.
#ifndef INTERPLAN_COMMON_STORAGE_POSTGRES_DATABASE_H_
#define INTERPLAN_COMMON_STORAGE_POSTGRES_DATABASE_H_

#include <memory>
#include <string>

#include "common/storage/connection_pool.h"
#include "common/storage/database.h"

namespace interplan::storage {

class PostgresConnection;

class PostgresDatabase : public Database {
 public:
  // Connects once (so a bad URL fails at start-up) and creates the schema.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const DatabaseOptions& options);

  ~PostgresDatabase() override;

  Engine engine() const override { return Engine::kPostgres; }
  absl::Status Write(absl::FunctionRef<absl::Status(Transaction&)> work) override;
  absl::Status WriteReadCommitted(absl::FunctionRef<absl::Status(Transaction&)> work) override;
  absl::Status Read(absl::FunctionRef<absl::Status(Transaction&)> work) override;

 protected:
  absl::Status LockForMigration(Transaction& txn) override;
  // READ COMMITTED: under SERIALIZABLE the lock query itself fixes the
  // snapshot, so a process that waited for the lock would not see the
  // migration the other one just recorded, and would run it again.
  absl::Status MigrationWrite(absl::FunctionRef<absl::Status(Transaction&)> work) override;

 private:
  explicit PostgresDatabase(DatabaseOptions options);
  // Runs `work` in a transaction opened by `begin`, retrying conflicts if
  // asked. A read-only transaction's COMMIT is not waited for.
  absl::Status Run(const char* begin, absl::FunctionRef<absl::Status(Transaction&)> work,
                   bool retry_conflicts, bool read_only = false);

  const DatabaseOptions options_;
  ConnectionPool<PostgresConnection> pool_;
};

}  // namespace interplan::storage

#endif  // INTERPLAN_COMMON_STORAGE_POSTGRES_DATABASE_H_
