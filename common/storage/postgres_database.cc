#include "common/storage/postgres_database.h"

#include <libpq-fe.h>

#include <map>
#include <string_view>
#include <thread>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"

namespace interplan::storage {
namespace {

constexpr char kReadCommitted[] = "BEGIN ISOLATION LEVEL READ COMMITTED";

// Type OIDs of the result cells we convert (pg_type.h).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

// Owns a PGresult.
struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

std::string QuoteIdentifier(absl::string_view name) {
  return absl::StrCat("\"", absl::StrReplaceAll(name, {{"\"", "\"\""}}), "\"");
}

std::string QuoteLiteral(absl::string_view text) {
  return absl::StrCat("'", absl::StrReplaceAll(text, {{"'", "''"}}), "'");
}

}  // namespace

// One libpq connection with its prepared statements.
class PostgresConnection {
 public:
  static absl::StatusOr<std::unique_ptr<PostgresConnection>> Open(const DatabaseOptions& options) {
    PGconn* conn = PQconnectdb(options.url.c_str());
    auto connection = std::unique_ptr<PostgresConnection>(new PostgresConnection(conn));
    if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
      return absl::UnavailableError(
          absl::StrCat("cannot connect to PostgreSQL: ",
                       conn != nullptr ? PQerrorMessage(conn) : "out of memory"));
    }
    PQsetClientEncoding(conn, "UTF8");
    // NOTICEs ("schema already exists, skipping") are not errors; drop them.
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    const std::string schema = QuoteIdentifier(options.schema);
    // Under a lock: two processes running CREATE SCHEMA IF NOT EXISTS at
    // once both pass the "if not exists", and the loser fails on the
    // catalog's unique index.
    absl::Status status = connection->Exec(
        absl::StrCat("BEGIN; SELECT pg_advisory_xact_lock(hashtext(", QuoteLiteral(options.schema),
                     ")); CREATE SCHEMA IF NOT EXISTS ", schema, "; COMMIT"));
    if (!status.ok()) {
      connection->Exec("ROLLBACK").IgnoreError();
      return status;
    }
    status = connection->Exec(absl::StrCat("SET search_path TO ", schema));
    if (!status.ok()) return status;
    return connection;
  }

  ~PostgresConnection() {
    if (conn_ != nullptr) PQfinish(conn_);
  }

  bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }

  absl::Status Exec(const std::string& sql) {
    Result result(PQexec(conn_, sql.c_str()));
    return Check(result.get(), sql);
  }

  // COMMIT of a transaction a failed statement aborted answers "ROLLBACK"
  // with an OK status: that is a failed commit, not a success.
  absl::Status Commit() {
    Result result(PQexec(conn_, "COMMIT"));
    absl::Status status = Check(result.get(), "COMMIT");
    if (!status.ok()) return status;
    if (std::string_view(PQcmdStatus(result.get())) == "ROLLBACK") {
      return absl::AbortedError(
          "the transaction was rolled back at COMMIT: a statement in it had failed");
    }
    return absl::OkStatus();
  }

  absl::StatusOr<Result> Run(absl::string_view sql, const Params& params) {
    absl::StatusOr<std::string> name = Prepare(sql, params.size());
    if (!name.ok()) return name.status();
    std::vector<const char*> values(params.size());
    std::vector<int> lengths(params.size());
    std::vector<int> formats(params.size());
    std::vector<std::string> text(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      const SqlValue& value = params[i];
      if (value.is_null()) {
        values[i] = nullptr;
        continue;
      }
      if (value.is_blob()) {
        const std::string& bytes = value.AsBytes();
        values[i] = bytes.data();
        lengths[i] = static_cast<int>(bytes.size());
        formats[i] = 1;  // binary
        continue;
      }
      text[i] = value.AsText();
      values[i] = text[i].c_str();
      lengths[i] = static_cast<int>(text[i].size());
    }
    Result result(PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()),
                                 values.data(), lengths.data(), formats.data(), 0));
    absl::Status status = Check(result.get(), sql);
    if (!status.ok()) return status;
    return result;
  }

 private:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}

  absl::StatusOr<std::string> Prepare(absl::string_view sql, size_t nparams) {
    auto it = statements_.find(sql);
    if (it != statements_.end()) return it->second;
    std::string name = absl::StrCat("s", statements_.size() + 1);
    Result result(PQprepare(conn_, name.c_str(), std::string(sql).c_str(),
                            static_cast<int>(nparams), nullptr));
    absl::Status status = Check(result.get(), sql);
    if (!status.ok()) return status;
    statements_.emplace(std::string(sql), name);
    return name;
  }

  absl::Status Check(PGresult* result, absl::string_view sql) {
    if (result == nullptr) {
      return absl::UnavailableError(absl::StrCat("PostgreSQL: ", PQerrorMessage(conn_)));
    }
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
      return absl::OkStatus();
    }
    const char* sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    const std::string state = sqlstate != nullptr ? sqlstate : "";
    std::string message = absl::StrCat("PostgreSQL ", state, ": ", PQresultErrorMessage(result));
    if (state == "23505") return absl::AlreadyExistsError(message);
    if (state == "40001" || state == "40P01") {
      return SerializationConflictError(message);
    }
    if (state.rfind("08", 0) == 0 || state == "57P01" || broken()) {
      return absl::UnavailableError(message);
    }
    if (state.rfind("23", 0) == 0) return absl::FailedPreconditionError(message);
    return absl::InternalError(absl::StrCat(message, " in [", sql, "]"));
  }

  PGconn* conn_;
  std::map<std::string, std::string, std::less<>> statements_;
};

namespace {

SqlValue CellOf(PGresult* result, int row, int column) {
  if (PQgetisnull(result, row, column)) return SqlValue(Null{});
  const char* text = PQgetvalue(result, row, column);
  const int length = PQgetlength(result, row, column);
  absl::string_view cell(text, length);
  switch (PQftype(result, column)) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid: {
      int64_t value = 0;
      if (absl::SimpleAtoi(cell, &value)) return SqlValue(value);
      break;
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid: {
      double value = 0;
      if (absl::SimpleAtod(cell, &value)) return SqlValue(value);
      break;
    }
    case kBoolOid:
      return SqlValue(static_cast<int64_t>(cell == "t" ? 1 : 0));
    case kByteaOid:
      // Text format of bytea is "\x" followed by hex digits.
      if (cell.size() >= 2 && cell[0] == '\\' && cell[1] == 'x') {
        return SqlValue(Blob{absl::HexStringToBytes(cell.substr(2))});
      }
      break;
    default:
      break;
  }
  return SqlValue(std::string(cell));
}

class PostgresTransaction : public Transaction {
 public:
  explicit PostgresTransaction(PostgresConnection& connection) : connection_(connection) {}

  absl::StatusOr<std::vector<Row>> Query(absl::string_view sql, const Params& params) override {
    absl::StatusOr<Result> result = connection_.Run(sql, params);
    if (!result.ok()) return result.status();
    PGresult* res = result->get();
    std::vector<Row> rows;
    const int nrows = PQntuples(res);
    const int ncols = PQnfields(res);
    rows.reserve(nrows);
    for (int r = 0; r < nrows; ++r) {
      Row row;
      row.reserve(ncols);
      for (int c = 0; c < ncols; ++c) row.push_back(CellOf(res, r, c));
      rows.push_back(std::move(row));
    }
    return rows;
  }

  absl::StatusOr<int64_t> Execute(absl::string_view sql, const Params& params) override {
    absl::StatusOr<Result> result = connection_.Run(sql, params);
    if (!result.ok()) return result.status();
    int64_t changed = 0;
    absl::SimpleAtoi(PQcmdTuples(result->get()), &changed);
    return changed;
  }

  absl::Status ExecuteScript(absl::string_view sql) override {
    return connection_.Exec(std::string(sql));
  }

  Engine engine() const override { return Engine::kPostgres; }

 private:
  PostgresConnection& connection_;
};

}  // namespace

PostgresDatabase::PostgresDatabase(DatabaseOptions options)
    : options_(std::move(options)),
      pool_(options_.pool_size, [this]() { return PostgresConnection::Open(options_); }) {}

PostgresDatabase::~PostgresDatabase() = default;

absl::StatusOr<std::unique_ptr<Database>> PostgresDatabase::Open(const DatabaseOptions& options) {
  auto db = std::unique_ptr<PostgresDatabase>(new PostgresDatabase(options));
  // Every connection now, while the service is not yet serving: opened on
  // first need, a connect (with its lookup of the server's name) would
  // stall whichever call needed it.
  absl::Status opened = db->pool_.OpenAll();
  if (!opened.ok()) return opened;
  return std::unique_ptr<Database>(std::move(db));
}

absl::Status PostgresDatabase::Run(const char* begin,
                                   absl::FunctionRef<absl::Status(Transaction&)> work,
                                   bool retry_conflicts) {
  absl::BitGen random;
  absl::Status status;
  for (int attempt = 0; attempt <= options_.max_retries; ++attempt) {
    if (attempt > 0) {
      // Back off a little, randomly, so conflicting writers spread out.
      absl::SleepFor(absl::Milliseconds(absl::Uniform(random, 1, 5 << attempt)));
    }
    absl::StatusOr<ConnectionPool<PostgresConnection>::Lease> lease = pool_.Acquire();
    if (!lease.ok()) return lease.status();
    PostgresConnection& connection = **lease;
    status = connection.Exec(begin);
    const bool began = status.ok();
    if (began) {
      PostgresTransaction txn(connection);
      status = work(txn);
      if (status.ok()) {
        status = connection.Commit();
      }
      if (!status.ok()) connection.Exec("ROLLBACK").IgnoreError();
    }
    if (connection.broken()) lease->Discard();
    if (status.ok()) return status;
    // A conflict (40001, or a deadlock, 40P01, which READ COMMITTED
    // writers meet when they lock rows in different orders) rolled
    // everything back, and a connection that broke before BEGIN ran nothing: both are safe to run
    // again. A failure after BEGIN may have committed, so it goes back to the caller.
    const bool retryable =
        IsSerializationConflict(status) || (!began && absl::IsUnavailable(status));
    if (!retry_conflicts || !retryable) return status;
  }
  return status;
}

absl::Status PostgresDatabase::Write(absl::FunctionRef<absl::Status(Transaction&)> work) {
  return Run("BEGIN ISOLATION LEVEL SERIALIZABLE", work, true);
}

absl::Status PostgresDatabase::WriteReadCommitted(
    absl::FunctionRef<absl::Status(Transaction&)> work) {
  return Run(kReadCommitted, work, true);
}

absl::Status PostgresDatabase::Read(absl::FunctionRef<absl::Status(Transaction&)> work) {
  return Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work, true);
}

absl::Status PostgresDatabase::MigrationWrite(absl::FunctionRef<absl::Status(Transaction&)> work) {
  return Run(kReadCommitted, work, true);
}

absl::Status PostgresDatabase::LockForMigration(Transaction& txn) {
  return txn.Query("SELECT pg_advisory_xact_lock(hashtext(current_schema()))").status();
}

}  // namespace interplan::storage
