#include "common/storage/postgres_database.h"

#include <libpq-fe.h>

#include <map>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

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

  // Also true once the connection is in a state its next user cannot rely
  // on (a pipeline that did not end as sent): the pool then drops it.
  bool broken() const { return unusable_ || PQstatus(conn_) != CONNECTION_OK; }

  absl::Status Exec(const std::string& sql) {
    CollectCommitInFlight();
    Result result(PQexec(conn_, sql.c_str()));
    return Check(result.get(), sql);
  }

  // Ends a read-only transaction without waiting: what it read is already
  // in hand, and its COMMIT changes nothing, so the answer is collected
  // before the connection's next statement instead of now.
  void CommitReadOnly() {
    if (PQsendQuery(conn_, "COMMIT") == 1) {
      commit_in_flight_ = true;
    } else {
      unusable_ = true;
    }
  }

  absl::StatusOr<Result> Run(absl::string_view sql, const Params& params) {
    CollectCommitInFlight();
    absl::StatusOr<std::string> name = Prepare(sql, params.size());
    if (!name.ok()) return name.status();
    const BoundParams bound(params);
    Result result(PQexecPrepared(conn_, name->c_str(), bound.count(), bound.values(),
                                 bound.lengths(), bound.formats(), 0));
    absl::Status status = Check(result.get(), sql);
    if (!status.ok()) return status;
    return result;
  }

  // One statement of a pipeline. Transaction control (BEGIN, COMMIT) is
  // sent as it is; the others are prepared, once per connection.
  struct PipelinedStatement {
    std::string sql;
    Params params;
    bool control = false;
  };

  // `statements` in one round trip (libpq's pipeline mode), preparing on the
  // way those this connection has not prepared yet. Returns the result of
  // each, or the failure of the first that failed (the server skips the
  // rest); *succeeded counts those that ran before it.
  absl::StatusOr<std::vector<Result>> RunPipeline(const std::vector<PipelinedStatement>& statements,
                                                  size_t* succeeded) {
    *succeeded = 0;
    CollectCommitInFlight();
    // The name each statement runs under, and whether this pipeline prepares it.
    std::vector<std::pair<std::string, bool>> names;
    std::map<std::string, std::string, std::less<>> preparing;
    bool sent = PQenterPipelineMode(conn_) == 1;
    for (size_t i = 0; sent && i < statements.size(); ++i) {
      const PipelinedStatement& statement = statements[i];
      if (statement.control) {
        names.emplace_back("", false);
        sent = PQsendQueryParams(conn_, statement.sql.c_str(), 0, nullptr, nullptr, nullptr,
                                 nullptr, 0) == 1;
        continue;
      }
      const BoundParams bound(statement.params);
      auto known = statements_.find(statement.sql);
      auto pending = preparing.find(statement.sql);
      if (known != statements_.end() || pending != preparing.end()) {
        names.emplace_back(known != statements_.end() ? known->second : pending->second, false);
      } else {
        names.emplace_back(NewStatementName(), true);
        preparing.emplace(statement.sql, names.back().first);
        sent = PQsendPrepare(conn_, names.back().first.c_str(), statement.sql.c_str(),
                             bound.count(), nullptr) == 1;
      }
      sent = sent && PQsendQueryPrepared(conn_, names.back().first.c_str(), bound.count(),
                                         bound.values(), bound.lengths(), bound.formats(), 0) == 1;
    }
    sent = sent && PQpipelineSync(conn_) == 1;
    if (!sent) {
      unusable_ = true;
      return absl::UnavailableError(absl::StrCat("PostgreSQL: ", PQerrorMessage(conn_)));
    }
    absl::Status failure;
    std::vector<Result> results;
    results.reserve(statements.size());
    for (size_t i = 0; i < statements.size(); ++i) {
      const auto& [name, prepared_here] = names[i];
      if (prepared_here) {
        Result prepared = NextPipelineResult();
        if (failure.ok()) failure = Check(prepared.get(), statements[i].sql);
        if (failure.ok()) statements_.emplace(statements[i].sql, name);
      }
      Result result = NextPipelineResult();
      if (!failure.ok()) continue;
      failure = Check(result.get(), statements[i].sql);
      if (!failure.ok()) continue;
      ++*succeeded;
      results.push_back(std::move(result));
    }
    EndPipeline();
    if (!failure.ok()) return failure;
    return results;
  }

 private:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}

  // Parameters as libpq takes them: text, and blobs in binary.
  class BoundParams {
   public:
    explicit BoundParams(const Params& params)
        : values_(params.size()),
          lengths_(params.size()),
          formats_(params.size()),
          text_(params.size()) {
      for (size_t i = 0; i < params.size(); ++i) {
        const SqlValue& value = params[i];
        if (value.is_null()) continue;
        if (value.is_blob()) {
          const std::string& bytes = value.AsBytes();
          values_[i] = bytes.data();
          lengths_[i] = static_cast<int>(bytes.size());
          formats_[i] = 1;  // binary
          continue;
        }
        text_[i] = value.AsText();
        values_[i] = text_[i].c_str();
        lengths_[i] = static_cast<int>(text_[i].size());
      }
    }
    int count() const { return static_cast<int>(values_.size()); }
    const char* const* values() const { return values_.data(); }
    const int* lengths() const { return lengths_.data(); }
    const int* formats() const { return formats_.data(); }

   private:
    std::vector<const char*> values_;
    std::vector<int> lengths_;
    std::vector<int> formats_;
    std::vector<std::string> text_;
  };

  std::string NewStatementName() { return absl::StrCat("s", ++statements_named_); }

  // The answer to a COMMIT sent by CommitReadOnly, read (and dropped: it
  // cannot undo a read) before anything else is sent.
  void CollectCommitInFlight() {
    if (!commit_in_flight_) return;
    commit_in_flight_ = false;
    while (Result result{PQgetResult(conn_)}) {
    }
  }

  // The result of the pipeline's next statement, and the null that ends it.
  Result NextPipelineResult() {
    Result result(PQgetResult(conn_));
    if (result != nullptr) {
      Result end(PQgetResult(conn_));
      if (end != nullptr) unusable_ = true;
    }
    return result;
  }

  void EndPipeline() {
    Result sync(PQgetResult(conn_));
    if (sync == nullptr || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC ||
        PQexitPipelineMode(conn_) != 1) {
      unusable_ = true;
    }
  }

  absl::StatusOr<std::string> Prepare(absl::string_view sql, size_t nparams) {
    auto it = statements_.find(sql);
    if (it != statements_.end()) return it->second;
    const std::string name = NewStatementName();
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
  // Names given, including those whose preparation failed.
  int statements_named_ = 0;
  bool commit_in_flight_ = false;
  bool unusable_ = false;
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

// A transaction whose BEGIN goes with its first statement, and whose
// statements run with ExecuteLater go with the next one or with the COMMIT:
// round trips only where the caller needs an answer.
class PostgresTransaction : public Transaction {
 public:
  PostgresTransaction(PostgresConnection& connection, const char* begin) : connection_(connection) {
    queued_.push_back({begin, {}, /*control=*/true});
  }

  // BEGIN ran: the transaction is open and must be committed or rolled back.
  bool begun() const { return begun_; }
  // BEGIN was sent and failed, or could not be sent: nothing ran.
  bool begin_failed() const { return begin_failed_; }

  absl::StatusOr<std::vector<Row>> Query(absl::string_view sql, const Params& params) override {
    absl::StatusOr<Result> result = Run(sql, params);
    if (!result.ok()) return result.status();
    return RowsOf(result->get());
  }

  absl::StatusOr<std::vector<std::vector<Row>>> QueryAll(
      const std::vector<Statement>& statements) override {
    if (statements.empty()) return std::vector<std::vector<Row>>();
    for (const Statement& statement : statements) {
      queued_.push_back({statement.sql, statement.params});
    }
    absl::StatusOr<std::vector<Result>> results = RunQueued();
    if (!results.ok()) return results.status();
    // Theirs are the last results: before them come BEGIN's and those of
    // the statements ExecuteLater queued.
    std::vector<std::vector<Row>> all;
    all.reserve(statements.size());
    for (size_t i = results->size() - statements.size(); i < results->size(); ++i) {
      all.push_back(RowsOf((*results)[i].get()));
    }
    return all;
  }

  absl::StatusOr<int64_t> Execute(absl::string_view sql, const Params& params) override {
    absl::StatusOr<Result> result = Run(sql, params);
    if (!result.ok()) return result.status();
    int64_t changed = 0;
    absl::SimpleAtoi(PQcmdTuples(result->get()), &changed);
    return changed;
  }

  absl::Status ExecuteLater(absl::string_view sql, const Params& params) override {
    queued_.push_back({std::string(sql), params});
    return absl::OkStatus();
  }

  absl::Status ExecuteScript(absl::string_view sql) override {
    if (!queued_.empty()) {
      absl::Status status = RunQueued().status();
      if (!status.ok()) return status;
    }
    return connection_.Exec(std::string(sql));
  }

  Engine engine() const override { return Engine::kPostgres; }

  // Ends a transaction whose work succeeded: what is queued goes with the
  // COMMIT. A read-only one with nothing queued does not wait for it
  // (PostgresConnection::CommitReadOnly); one that ran nothing sends nothing.
  absl::Status Commit(bool read_only) {
    // A failed first statement the work chose to ignore: nothing ran.
    if (begin_failed_) return absl::UnavailableError("PostgreSQL: the transaction did not begin");
    if (!begun_ && queued_.size() == 1) return absl::OkStatus();  // only BEGIN: nothing to run
    if (read_only && queued_.empty()) {
      connection_.CommitReadOnly();
      return absl::OkStatus();
    }
    queued_.push_back({"COMMIT", {}, /*control=*/true});
    absl::StatusOr<std::vector<Result>> committed = RunQueued();
    if (!committed.ok()) return committed.status();
    // COMMIT of a transaction a failed statement aborted answers
    // "ROLLBACK" with an OK status: that is a failed commit.
    if (std::string_view(PQcmdStatus(committed->back().get())) == "ROLLBACK") {
      return absl::AbortedError(
          "the transaction was rolled back at COMMIT: a statement in it had failed");
    }
    return absl::OkStatus();
  }

 private:
  static std::vector<Row> RowsOf(PGresult* result) {
    std::vector<Row> rows;
    const int nrows = PQntuples(result);
    const int ncols = PQnfields(result);
    rows.reserve(nrows);
    for (int r = 0; r < nrows; ++r) {
      Row row;
      row.reserve(ncols);
      for (int c = 0; c < ncols; ++c) row.push_back(CellOf(result, r, c));
      rows.push_back(std::move(row));
    }
    return rows;
  }

  absl::StatusOr<Result> Run(absl::string_view sql, const Params& params) {
    if (queued_.empty()) return connection_.Run(sql, params);
    queued_.push_back({std::string(sql), params});
    absl::StatusOr<std::vector<Result>> results = RunQueued();
    if (!results.ok()) return results.status();
    return std::move(results->back());
  }

  absl::StatusOr<std::vector<Result>> RunQueued() {
    const bool begins = !begun_ && !begin_failed_;
    std::vector<PostgresConnection::PipelinedStatement> batch = std::exchange(queued_, {});
    size_t succeeded = 0;
    absl::StatusOr<std::vector<Result>> result = connection_.RunPipeline(batch, &succeeded);
    if (begins) {
      begun_ = succeeded > 0;
      begin_failed_ = succeeded == 0;
    }
    return result;
  }

  PostgresConnection& connection_;
  // Sent with the next statement that needs an answer, or with COMMIT:
  // BEGIN until it is sent, then what ExecuteLater queued.
  std::vector<PostgresConnection::PipelinedStatement> queued_;
  bool begun_ = false;
  bool begin_failed_ = false;
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
                                   bool retry_conflicts, bool read_only) {
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
    PostgresTransaction txn(connection, begin);
    status = work(txn);
    if (status.ok()) status = txn.Commit(read_only);
    if (!status.ok() && txn.begun()) connection.Exec("ROLLBACK").IgnoreError();
    if (connection.broken()) lease->Discard();
    if (status.ok()) return status;
    // A conflict (40001, or a deadlock, 40P01, which READ COMMITTED
    // writers meet when they lock rows in different orders) rolled
    // everything back, and a connection that broke at BEGIN ran nothing:
    // both are safe to run again. A failure after BEGIN may have
    // committed, so it goes back to the caller.
    const bool retryable =
        IsSerializationConflict(status) || (txn.begin_failed() && absl::IsUnavailable(status));
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
  return Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work, true, /*read_only=*/true);
}

absl::Status PostgresDatabase::MigrationWrite(absl::FunctionRef<absl::Status(Transaction&)> work) {
  return Run(kReadCommitted, work, true);
}

absl::Status PostgresDatabase::LockForMigration(Transaction& txn) {
  return txn.Query("SELECT pg_advisory_xact_lock(hashtext(current_schema()))").status();
}

}  // namespace interplan::storage
