#include "common/storage/sqlite_database.h"

#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace interplan::storage {

// One open SQLite handle with its prepared statements.
class SqliteConnection {
 public:
  static absl::StatusOr<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                                absl::Duration busy_timeout) {
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    auto connection = std::unique_ptr<SqliteConnection>(new SqliteConnection(db));
    if (rc != SQLITE_OK) {
      return absl::UnavailableError(
          absl::StrCat("cannot open SQLite database ", path, ": ", sqlite3_errstr(rc)));
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, static_cast<int>(absl::ToInt64Milliseconds(busy_timeout)));
    // Switching a new file to WAL takes an exclusive lock, and SQLite
    // answers BUSY at once rather than through the busy handler when
    // another connection (another process opening it at the same moment)
    // holds one: wait for it here, up to the busy timeout.
    const absl::Time deadline = absl::Now() + busy_timeout;
    for (;;) {
      absl::Status status = connection->Exec(
          "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
          "PRAGMA foreign_keys=ON;");
      if (status.ok()) return connection;
      const bool busy = (sqlite3_errcode(db) & 0xff) == SQLITE_BUSY;
      if (!busy || absl::Now() >= deadline) return status;
      absl::SleepFor(absl::Milliseconds(5));
    }
  }

  ~SqliteConnection() {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  absl::Status Exec(const char* sql) {
    char* error = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    if (rc == SQLITE_OK) return absl::OkStatus();
    std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    return ErrorFor(rc, message);
  }

  absl::StatusOr<sqlite3_stmt*> Prepare(absl::string_view sql) {
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      return absl::InternalError(absl::StrCat("cannot prepare [", sql, "]: ", sqlite3_errmsg(db_)));
    }
    statements_.emplace(std::string(sql), stmt);
    return stmt;
  }

  absl::Status ErrorFor(int rc, absl::string_view message) {
    switch (rc & 0xff) {
      case SQLITE_CONSTRAINT:
        if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
          return absl::AlreadyExistsError(message);
        }
        return absl::FailedPreconditionError(message);
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        return absl::UnavailableError(absl::StrCat("database is busy: ", message));
      case SQLITE_FULL:
      case SQLITE_IOERR:
      case SQLITE_CANTOPEN:
        return absl::UnavailableError(absl::StrCat("storage failure: ", message));
      default:
        return absl::InternalError(absl::StrCat("SQLite: ", message));
    }
  }

  sqlite3* db() { return db_; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
};

namespace {

class SqliteTransaction : public Transaction {
 public:
  explicit SqliteTransaction(SqliteConnection& connection) : connection_(connection) {}

  absl::StatusOr<std::vector<Row>> Query(absl::string_view sql, const Params& params) override {
    std::vector<Row> rows;
    absl::Status status = Run(sql, params, &rows);
    if (!status.ok()) return status;
    return rows;
  }

  absl::StatusOr<int64_t> Execute(absl::string_view sql, const Params& params) override {
    absl::Status status = Run(sql, params, nullptr);
    if (!status.ok()) return status;
    return static_cast<int64_t>(sqlite3_changes64(connection_.db()));
  }

  absl::Status ExecuteScript(absl::string_view sql) override {
    return connection_.Exec(std::string(sql).c_str());
  }

  Engine engine() const override { return Engine::kSqlite; }

 private:
  absl::Status Bind(sqlite3_stmt* stmt, absl::string_view sql, const Params& params) {
    const int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size())) {
      return absl::InternalError(absl::StrCat("statement [", sql, "] takes ", expected,
                                              " parameters, given ", params.size()));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const std::string name = absl::StrCat("$", i + 1);
      const int index = sqlite3_bind_parameter_index(stmt, name.c_str());
      if (index == 0) {
        return absl::InternalError(absl::StrCat("statement [", sql, "] has no parameter ", name));
      }
      const SqlValue& value = params[i];
      int rc;
      if (value.is_null()) {
        rc = sqlite3_bind_null(stmt, index);
      } else if (value.is_int()) {
        rc = sqlite3_bind_int64(stmt, index, value.AsInt());
      } else if (value.is_double()) {
        rc = sqlite3_bind_double(stmt, index, value.AsDouble());
      } else if (value.is_blob()) {
        const std::string& bytes = value.AsBytes();
        rc = sqlite3_bind_blob64(stmt, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
      } else {
        const std::string& text = value.AsBytes();
        rc = sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                 SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) {
        return connection_.ErrorFor(rc, sqlite3_errmsg(connection_.db()));
      }
    }
    return absl::OkStatus();
  }

  absl::Status Run(absl::string_view sql, const Params& params, std::vector<Row>* rows) {
    absl::StatusOr<sqlite3_stmt*> prepared = connection_.Prepare(sql);
    if (!prepared.ok()) return prepared.status();
    sqlite3_stmt* stmt = *prepared;
    absl::Status status = Bind(stmt, sql, params);
    while (status.ok()) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        status = connection_.ErrorFor(rc, sqlite3_errmsg(connection_.db()));
        break;
      }
      if (rows == nullptr) continue;
      Row row;
      const int columns = sqlite3_column_count(stmt);
      row.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_INTEGER:
            row.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, c)));
            break;
          case SQLITE_FLOAT:
            row.emplace_back(sqlite3_column_double(stmt, c));
            break;
          case SQLITE_TEXT:
            row.emplace_back(
                std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)),
                            sqlite3_column_bytes(stmt, c)));
            break;
          case SQLITE_BLOB: {
            const void* data = sqlite3_column_blob(stmt, c);
            const int size = sqlite3_column_bytes(stmt, c);
            row.emplace_back(Blob{std::string(static_cast<const char*>(data), data ? size : 0)});
            break;
          }
          default:
            row.emplace_back(Null{});
        }
      }
      rows->push_back(std::move(row));
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return status;
  }

  SqliteConnection& connection_;
};

}  // namespace

SqliteDatabase::SqliteDatabase(std::string path, DatabaseOptions options)
    : path_(std::move(path)), options_(std::move(options)), pool_(options_.pool_size, [this]() {
        return SqliteConnection::Open(path_, options_.busy_timeout);
      }) {}

SqliteDatabase::~SqliteDatabase() = default;

absl::StatusOr<std::unique_ptr<Database>> SqliteDatabase::Open(const std::string& path,
                                                               const DatabaseOptions& options) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (error) {
      return absl::UnavailableError(
          absl::StrCat("cannot create folder ", parent.string(), ": ", error.message()));
    }
  }
  auto db = std::unique_ptr<SqliteDatabase>(new SqliteDatabase(path, options));
  // Open one connection now so a bad path fails at start-up.
  absl::StatusOr<ConnectionPool<SqliteConnection>::Lease> lease = db->pool_.Acquire();
  if (!lease.ok()) return lease.status();
  return std::unique_ptr<Database>(std::move(db));
}

absl::Status SqliteDatabase::Run(const char* begin,
                                 absl::FunctionRef<absl::Status(Transaction&)> work) {
  absl::StatusOr<ConnectionPool<SqliteConnection>::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return lease.status();
  SqliteConnection& connection = **lease;
  absl::Status status = connection.Exec(begin);
  if (!status.ok()) return status;
  SqliteTransaction txn(connection);
  status = work(txn);
  if (status.ok()) {
    status = connection.Exec("COMMIT");
    if (status.ok()) return status;
  }
  if (!sqlite3_get_autocommit(connection.db())) {
    connection.Exec("ROLLBACK").IgnoreError();
  }
  return status;
}

absl::Status SqliteDatabase::Write(absl::FunctionRef<absl::Status(Transaction&)> work) {
  return Run("BEGIN IMMEDIATE", work);
}

absl::Status SqliteDatabase::Read(absl::FunctionRef<absl::Status(Transaction&)> work) {
  return Run("BEGIN", work);
}

absl::Status SqliteDatabase::LockForMigration(Transaction&) {
  return absl::OkStatus();  // BEGIN IMMEDIATE already holds the write lock.
}

}  // namespace interplan::storage
