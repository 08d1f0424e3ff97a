// The embedded engine: one SQLite file per service, WAL journal,
// synchronous=FULL (an acknowledged commit survives kill -9), a busy timeout
// for writers, and write transactions that take the lock up front
// (BEGIN IMMEDIATE) so they never deadlock upgrading a read lock.
#ifndef INTERPLAN_COMMON_STORAGE_SQLITE_DATABASE_H_
#define INTERPLAN_COMMON_STORAGE_SQLITE_DATABASE_H_

#include <memory>
#include <string>

#include "common/storage/connection_pool.h"
#include "common/storage/database.h"

namespace interplan::storage {

class SqliteConnection;

class SqliteDatabase : public Database {
 public:
  // Creates the file (and its folder) if needed.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const std::string& path,
                                                        const DatabaseOptions& options);

  ~SqliteDatabase() override;

  Engine engine() const override { return Engine::kSqlite; }
  absl::Status Write(absl::FunctionRef<absl::Status(Transaction&)> work) override;
  absl::Status Read(absl::FunctionRef<absl::Status(Transaction&)> work) override;

 protected:
  absl::Status LockForMigration(Transaction& txn) override;

 private:
  SqliteDatabase(std::string path, DatabaseOptions options);
  absl::Status Run(const char* begin, absl::FunctionRef<absl::Status(Transaction&)> work);

  const std::string path_;
  const DatabaseOptions options_;
  ConnectionPool<SqliteConnection> pool_;
};

}  // namespace interplan::storage

#endif  // INTERPLAN_COMMON_STORAGE_SQLITE_DATABASE_H_
