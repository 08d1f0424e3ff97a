// The store suite: the same tests on SQLite and on a real PostgreSQL server.
#include "common/storage/database.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/database_fixture.h"

namespace interplan::storage {
namespace {

using ::testing::HasSubstr;

class DatabaseTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Database>> db =
        testing::OpenFreshDatabase(GetParam(), &url_, &schema_);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Migrate({{1, "things",
                               "CREATE TABLE things ("
                               " id TEXT PRIMARY KEY,"
                               " count BIGINT NOT NULL,"
                               " ratio DOUBLE PRECISION,"
                               " payload BYTEA)"}})
                    .ok());
  }

  int64_t CountThings() {
    int64_t count = -1;
    EXPECT_TRUE(db_->Read([&](Transaction& txn) -> absl::Status {
                     absl::StatusOr<Row> row = txn.QueryRow("SELECT COUNT(*) FROM things");
                     if (!row.ok()) return row.status();
                     count = (*row)[0].AsInt();
                     return absl::OkStatus();
                   })
                    .ok());
    return count;
  }

  std::string url_;
  std::string schema_;
  std::unique_ptr<Database> db_;
};

TEST_P(DatabaseTest, RoundTripsEveryValueType) {
  const std::string bytes("\x00\x01\xff\x7f binary", 11);
  ASSERT_TRUE(
      db_->Write([&](Transaction& txn) {
           return txn
               .Execute(
                   "INSERT INTO things (id, count, ratio, payload)"
                   " VALUES ($1, $2, $3, $4)",
                   {"Sở Lao động - Thương binh và Xã hội", int64_t{1} << 40, 0.25, Blob{bytes}})
               .status();
         })
          .ok());
  ASSERT_TRUE(db_->Write([&](Transaction& txn) {
                   return txn
                       .Execute(
                           "INSERT INTO things (id, count, ratio, payload)"
                           " VALUES ($1, $2, $3, $4)",
                           {"empty", -7, Null{}, Null{}})
                       .status();
                 })
                  .ok());
  std::vector<Row> rows;
  ASSERT_TRUE(db_->Read([&](Transaction& txn) -> absl::Status {
                   absl::StatusOr<std::vector<Row>> result =
                       txn.Query("SELECT id, count, ratio, payload FROM things ORDER BY count");
                   if (!result.ok()) return result.status();
                   rows = std::move(*result);
                   return absl::OkStatus();
                 })
                  .ok());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].AsText(), "empty");
  EXPECT_EQ(rows[0][1].AsInt(), -7);
  EXPECT_TRUE(rows[0][2].is_null());
  EXPECT_TRUE(rows[0][3].is_null());
  EXPECT_EQ(rows[1][0].AsText(), "Sở Lao động - Thương binh và Xã hội");
  EXPECT_EQ(rows[1][1].AsInt(), int64_t{1} << 40);
  EXPECT_DOUBLE_EQ(rows[1][2].AsDouble(), 0.25);
  EXPECT_EQ(rows[1][3].AsBytes(), bytes);
}

// A double parameter reaches the engine with every digit: a roll-up sum of
// 2,345,678.125 is not stored as 2.34568e+06.
TEST_P(DatabaseTest, DoublesRoundTripExactly) {
  const std::vector<double> values = {2345678.125, 0.1, 1e-300, 123456789012.75, -98765.4321};
  ASSERT_TRUE(db_->Write([&](Transaction& txn) -> absl::Status {
                   for (size_t i = 0; i < values.size(); ++i) {
                     absl::Status s =
                         txn.Execute("INSERT INTO things (id, count, ratio) VALUES ($1, $2, $3)",
                                     {absl::StrCat("d", i), static_cast<int64_t>(i), values[i]})
                             .status();
                     if (!s.ok()) return s;
                   }
                   return absl::OkStatus();
                 })
                  .ok());
  std::vector<Row> rows;
  ASSERT_TRUE(db_->Read([&](Transaction& txn) -> absl::Status {
                   absl::StatusOr<std::vector<Row>> result =
                       txn.Query("SELECT ratio FROM things ORDER BY count");
                   if (!result.ok()) return result.status();
                   rows = std::move(*result);
                   return absl::OkStatus();
                 })
                  .ok());
  ASSERT_EQ(rows.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(rows[i][0].AsDouble(), values[i]);
}

TEST_P(DatabaseTest, ReusesAParameterAndCountsChangedRows) {
  ASSERT_TRUE(db_->Write([&](Transaction& txn) -> absl::Status {
                   for (int i = 0; i < 5; ++i) {
                     absl::Status s = txn.Execute("INSERT INTO things (id, count) VALUES ($1, $2)",
                                                  {absl::StrCat("t", i), i})
                                          .status();
                     if (!s.ok()) return s;
                   }
                   absl::StatusOr<int64_t> changed =
                       txn.Execute("UPDATE things SET count = count + $1 WHERE count >= $1", {3});
                   if (!changed.ok()) return changed.status();
                   EXPECT_EQ(*changed, 2);
                   return absl::OkStatus();
                 })
                  .ok());
  EXPECT_EQ(CountThings(), 5);
}

TEST_P(DatabaseTest, FailedWorkWritesNothing) {
  absl::Status status = db_->Write([&](Transaction& txn) -> absl::Status {
    absl::Status s =
        txn.Execute("INSERT INTO things (id, count) VALUES ($1, $2)", {"a", 1}).status();
    if (!s.ok()) return s;
    return absl::InvalidArgumentError("validation failed after the insert");
  });
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_EQ(CountThings(), 0);
}

TEST_P(DatabaseTest, DuplicateKeyIsAlreadyExistsAndRollsBack) {
  absl::Status status = db_->Write([&](Transaction& txn) -> absl::Status {
    absl::Status s =
        txn.Execute("INSERT INTO things (id, count) VALUES ($1, $2)", {"a", 1}).status();
    if (!s.ok()) return s;
    return txn.Execute("INSERT INTO things (id, count) VALUES ($1, $2)", {"a", 2}).status();
  });
  EXPECT_TRUE(absl::IsAlreadyExists(status)) << status;
  EXPECT_EQ(CountThings(), 0);
}

TEST_P(DatabaseTest, BadSqlIsAnErrorNotACrash) {
  absl::Status status = db_->Read(
      [](Transaction& txn) { return txn.Query("SELECT nonsense FROM nowhere").status(); });
  EXPECT_FALSE(status.ok());
  status = db_->Read([](Transaction& txn) {
    return txn.Query("SELECT id FROM things WHERE id = $1", {"a", "b"}).status();
  });
  EXPECT_FALSE(status.ok());
}

TEST_P(DatabaseTest, MigrationsRunOnceInOrder) {
  std::vector<Migration> migrations = {
      {3, "third", "ALTER TABLE things ADD COLUMN note TEXT"},
      {2, "second", "CREATE TABLE others (id TEXT PRIMARY KEY)"},
  };
  ASSERT_TRUE(db_->Migrate(migrations).ok());
  // Again: nothing to do, no error (the ALTER would fail if re-run).
  ASSERT_TRUE(db_->Migrate(migrations).ok());
  std::vector<Row> rows;
  ASSERT_TRUE(db_->Read([&](Transaction& txn) -> absl::Status {
                   absl::StatusOr<std::vector<Row>> r =
                       txn.Query("SELECT version, name FROM schema_migrations ORDER BY version");
                   if (!r.ok()) return r.status();
                   rows = *r;
                   return absl::OkStatus();
                 })
                  .ok());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][1].AsText(), "second");
  EXPECT_EQ(rows[2][0].AsInt(), 3);
}

TEST_P(DatabaseTest, FailedMigrationIsNotRecorded) {
  absl::Status status =
      db_->Migrate({{2, "broken", "CREATE TABLE half (id TEXT); CREATE TABLE oops ("}});
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()), HasSubstr("migration 2 (broken)"));
  // Fixed, it applies: the failed attempt left no trace.
  EXPECT_TRUE(db_->Migrate({{2, "fixed", "CREATE TABLE half (id TEXT)"}}).ok());
}

// Replicas started together on an empty database: every one opens the
// store (on PostgreSQL creating its schema) and runs the same migrations
// at the same moment. Each must succeed, and each migration be applied and
// recorded once.
TEST_P(DatabaseTest, HandlesOpeningAndMigratingAFreshStoreAtOnceAllSucceed) {
  constexpr int kHandles = 8;
  const std::vector<Migration> migrations = {
      {1, "first", "CREATE TABLE first_table (id TEXT PRIMARY KEY)"},
      {2, "second", "ALTER TABLE first_table ADD COLUMN note TEXT"},
  };
  for (int round = 0; round < 5; ++round) {
    SCOPED_TRACE(round);
    DatabaseOptions options;
    options.url = url_;
    if (GetParam() == Engine::kSqlite) {
      options.url = absl::StrCat(url_, ".race", round);
    } else {
      options.schema = absl::StrCat(schema_, "_race", round);
    }
    std::atomic<int> waiting{kHandles};
    std::vector<absl::Status> results(kHandles);
    std::vector<std::unique_ptr<Database>> handles(kHandles);
    std::vector<std::thread> threads;
    for (int i = 0; i < kHandles; ++i) {
      threads.emplace_back([&, i] {
        --waiting;
        while (waiting.load() > 0) std::this_thread::yield();
        absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(options);
        if (!db.ok()) {
          results[i] =
              absl::Status(db.status().code(), absl::StrCat("open: ", db.status().message()));
          return;
        }
        handles[i] = std::move(*db);
        absl::Status migrated = handles[i]->Migrate(migrations);
        if (!migrated.ok()) {
          results[i] = absl::Status(migrated.code(), absl::StrCat("migrate: ", migrated.message()));
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    for (int i = 0; i < kHandles; ++i) {
      EXPECT_TRUE(results[i].ok()) << "handle " << i << ": " << results[i];
    }
    if (handles[0] == nullptr) continue;
    std::vector<Row> rows;
    ASSERT_TRUE(handles[0]
                    ->Read([&](Transaction& txn) -> absl::Status {
                      absl::StatusOr<std::vector<Row>> r =
                          txn.Query("SELECT version FROM schema_migrations ORDER BY version");
                      if (!r.ok()) return r.status();
                      rows = *r;
                      return absl::OkStatus();
                    })
                    .ok());
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0][0].AsInt(), 1);
    EXPECT_EQ(rows[1][0].AsInt(), 2);
  }
}

TEST_P(DatabaseTest, ConcurrentReadModifyWriteLosesNoUpdate) {
  ASSERT_TRUE(db_->Write([](Transaction& txn) {
                   return txn.Execute("INSERT INTO things (id, count) VALUES ('c', 0)").status();
                 })
                  .ok());
  constexpr int kThreads = 4;
  constexpr int kIncrements = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        absl::Status status = db_->Write([](Transaction& txn) -> absl::Status {
          absl::StatusOr<Row> row = txn.QueryRow("SELECT count FROM things WHERE id = 'c'");
          if (!row.ok()) return row.status();
          return txn.Execute("UPDATE things SET count = $1 WHERE id = 'c'", {(*row)[0].AsInt() + 1})
              .status();
        });
        if (!status.ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  int64_t count = 0;
  ASSERT_TRUE(db_->Read([&](Transaction& txn) -> absl::Status {
                   absl::StatusOr<Row> row =
                       txn.QueryRow("SELECT count FROM things WHERE id = 'c'");
                   if (!row.ok()) return row.status();
                   count = (*row)[0].AsInt();
                   return absl::OkStatus();
                 })
                  .ok());
  EXPECT_EQ(count, kThreads * kIncrements);
}

// Under WriteReadCommitted the caller's row lock is what keeps a
// read-modify-write whole: with SELECT ... FOR UPDATE no update is lost,
// and an increment in place needs no lock at all.
TEST_P(DatabaseTest, ReadCommittedWritesWithRowLocksLoseNoUpdate) {
  ASSERT_TRUE(db_->Write([](Transaction& txn) {
                   return txn
                       .Execute("INSERT INTO things (id, count) VALUES ('locked', 0), ('added', 0)")
                       .status();
                 })
                  .ok());
  constexpr int kThreads = 4;
  constexpr int kIncrements = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        absl::Status status = db_->WriteReadCommitted([](Transaction& txn) -> absl::Status {
          const std::string lock = txn.engine() == Engine::kPostgres ? " FOR UPDATE" : "";
          absl::StatusOr<Row> row =
              txn.QueryRow("SELECT count FROM things WHERE id = 'locked'" + lock);
          if (!row.ok()) return row.status();
          absl::Status s = txn.Execute("UPDATE things SET count = $1 WHERE id = 'locked'",
                                       {(*row)[0].AsInt() + 1})
                               .status();
          if (!s.ok()) return s;
          return txn.Execute("UPDATE things SET count = count + 1 WHERE id = 'added'").status();
        });
        if (!status.ok()) {
          ++failures;
          ADD_FAILURE() << status;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  std::vector<Row> rows;
  ASSERT_TRUE(db_->Read([&](Transaction& txn) -> absl::Status {
                   absl::StatusOr<std::vector<Row>> result =
                       txn.Query("SELECT id, count FROM things ORDER BY id");
                   if (!result.ok()) return result.status();
                   rows = std::move(*result);
                   return absl::OkStatus();
                 })
                  .ok());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][1].AsInt(), kThreads * kIncrements) << rows[0][0].AsText();
  EXPECT_EQ(rows[1][1].AsInt(), kThreads * kIncrements) << rows[1][0].AsText();
}

// Two READ COMMITTED writers locking two rows in opposite orders deadlock
// on PostgreSQL; the one the engine picks is rolled back and run again, so
// both writes land, once each.
TEST_P(DatabaseTest, ReadCommittedDeadlockIsRetried) {
  if (GetParam() != Engine::kPostgres) GTEST_SKIP() << "SQLite has one writer at a time";
  ASSERT_TRUE(
      db_->Write([](Transaction& txn) {
           return txn.Execute("INSERT INTO things (id, count) VALUES ('a', 0), ('b', 0)").status();
         })
          .ok());
  std::atomic<int> arrived{0};
  std::atomic<int> attempts{0};
  auto write = [&](const char* first, const char* second) {
    return db_->WriteReadCommitted([&](Transaction& txn) -> absl::Status {
      const int attempt = ++attempts;
      absl::Status s =
          txn.Execute("UPDATE things SET count = count + 1 WHERE id = $1", {first}).status();
      if (!s.ok()) return s;
      // The first attempts wait for each other, so each holds one row
      // when it asks for the other's.
      if (attempt <= 2) {
        ++arrived;
        const absl::Time deadline = absl::Now() + absl::Seconds(5);
        while (arrived.load() < 2 && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(1));
      }
      return txn.Execute("UPDATE things SET count = count + 1 WHERE id = $1", {second}).status();
    });
  };
  absl::Status ab, ba;
  std::thread one([&] { ab = write("a", "b"); });
  std::thread two([&] { ba = write("b", "a"); });
  one.join();
  two.join();
  EXPECT_TRUE(ab.ok()) << ab;
  EXPECT_TRUE(ba.ok()) << ba;
  EXPECT_GE(attempts.load(), 3) << "no deadlock happened, so none was retried";
  std::vector<Row> rows;
  ASSERT_TRUE(db_->Read([&](Transaction& txn) -> absl::Status {
                   absl::StatusOr<std::vector<Row>> result =
                       txn.Query("SELECT count FROM things ORDER BY id");
                   if (!result.ok()) return result.status();
                   rows = std::move(*result);
                   return absl::OkStatus();
                 })
                  .ok());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].AsInt(), 2);
  EXPECT_EQ(rows[1][0].AsInt(), 2);
}

TEST_P(DatabaseTest, TwoHandlesOnOneDatabaseSeeEachOthersCommits) {
  DatabaseOptions options;
  options.url = url_;
  options.schema = schema_;
  absl::StatusOr<std::unique_ptr<Database>> second = Database::Open(options);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_TRUE(db_->Write([](Transaction& txn) {
                   return txn.Execute("INSERT INTO things (id, count) VALUES ('x', 1)").status();
                 })
                  .ok());
  int64_t seen = 0;
  ASSERT_TRUE((*second)
                  ->Read([&](Transaction& txn) -> absl::Status {
                    absl::StatusOr<Row> row = txn.QueryRow("SELECT COUNT(*) FROM things");
                    if (!row.ok()) return row.status();
                    seen = (*row)[0].AsInt();
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(seen, 1);
}

// One connection carries, in turn, transactions whose first statement
// fails (BEGIN goes with that statement on PostgreSQL), reads (whose COMMIT
// is not waited for) and writes: each starts clean after the one before.
TEST_P(DatabaseTest, OneConnectionRunsFailuresReadsAndWritesInTurn) {
  DatabaseOptions options;
  options.url = url_;
  options.schema = schema_;
  options.pool_size = 1;
  absl::StatusOr<std::unique_ptr<Database>> single = Database::Open(options);
  ASSERT_TRUE(single.ok()) << single.status();
  Database& db = **single;
  auto insert = [&](const std::string& id) {
    return db.Write([&](Transaction& txn) {
      return txn.Execute("INSERT INTO things (id, count) VALUES ($1, 1)", {id}).status();
    });
  };
  auto count = [&]() -> absl::StatusOr<int64_t> {
    int64_t n = -1;
    absl::Status status = db.Read([&](Transaction& txn) -> absl::Status {
      absl::StatusOr<Row> row = txn.QueryRow("SELECT COUNT(*) FROM things");
      if (!row.ok()) return row.status();
      n = (*row)[0].AsInt();
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    return n;
  };
  EXPECT_FALSE(db.Write([](Transaction& txn) {
                   return txn.Execute("INSERT INTO nowhere VALUES (1)").status();
                 }).ok());
  EXPECT_EQ(count().value_or(-2), 0);
  ASSERT_TRUE(insert("a").ok());
  EXPECT_EQ(count().value_or(-2), 1);
  EXPECT_FALSE(db.Read([](Transaction& txn) {
                   return txn.Query("SELECT nonsense FROM nowhere").status();
                 }).ok());
  EXPECT_TRUE(absl::IsAlreadyExists(insert("a")));
  EXPECT_TRUE(db.Read([](Transaction&) { return absl::OkStatus(); }).ok());
  ASSERT_TRUE(insert("b").ok());
  EXPECT_EQ(count().value_or(-2), 2);
  EXPECT_EQ(CountThings(), 2);
}

// Statements run with ExecuteLater are written by the commit, in order,
// and seen by the transaction's own later statements.
TEST_P(DatabaseTest, StatementsRunLaterAreCommittedAndSeenInOrder) {
  int64_t seen = -1;
  ASSERT_TRUE(db_->Write([&](Transaction& txn) -> absl::Status {
                   absl::Status status =
                       txn.ExecuteLater("INSERT INTO things (id, count) VALUES ('a', 1)");
                   if (!status.ok()) return status;
                   status = txn.ExecuteLater("UPDATE things SET count = count + 1 WHERE id = 'a'");
                   if (!status.ok()) return status;
                   absl::StatusOr<Row> row =
                       txn.QueryRow("SELECT count FROM things WHERE id = 'a'");
                   if (!row.ok()) return row.status();
                   seen = (*row)[0].AsInt();
                   return txn.ExecuteLater("INSERT INTO things (id, count) VALUES ('b', 1)");
                 })
                  .ok());
  EXPECT_EQ(seen, 2);
  EXPECT_EQ(CountThings(), 2);
  // Nothing but statements run later: still written.
  ASSERT_TRUE(db_->Write([](Transaction& txn) {
                   return txn.ExecuteLater("INSERT INTO things (id, count) VALUES ('c', 1)");
                 })
                  .ok());
  EXPECT_EQ(CountThings(), 3);
}

// A statement run later that fails fails the statement it went with, or
// the commit, and the whole transaction writes nothing.
TEST_P(DatabaseTest, AStatementRunLaterThatFailsFailsTheTransaction) {
  absl::Status status = db_->Write([](Transaction& txn) -> absl::Status {
    absl::Status queued = txn.ExecuteLater("INSERT INTO things (id, count) VALUES ('a', 1)");
    if (!queued.ok()) return queued;
    return txn.ExecuteLater("INSERT INTO things (id, count) VALUES ('a', 2)");
  });
  EXPECT_TRUE(absl::IsAlreadyExists(status)) << status;
  EXPECT_EQ(CountThings(), 0);
  status = db_->Write([](Transaction& txn) -> absl::Status {
    absl::Status queued = txn.ExecuteLater("INSERT INTO things (id, count) VALUES ('b', 1)");
    if (!queued.ok()) return queued;
    queued = txn.ExecuteLater("INSERT INTO nowhere VALUES (1)");
    if (!queued.ok()) return queued;
    return txn.Query("SELECT COUNT(*) FROM things").status();
  });
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(CountThings(), 0);
}

// QueryAll runs its statements in order, each seeing what the ones before
// it did, and gives back the rows of each; one failing fails the call.
TEST_P(DatabaseTest, QueryAllRunsItsStatementsInOrder) {
  std::vector<std::vector<Row>> all;
  ASSERT_TRUE(db_->Write([&](Transaction& txn) -> absl::Status {
                   absl::Status queued =
                       txn.ExecuteLater("INSERT INTO things (id, count) VALUES ('a', 1)");
                   if (!queued.ok()) return queued;
                   absl::StatusOr<std::vector<std::vector<Row>>> rows =
                       txn.QueryAll({{"SELECT count FROM things WHERE id = $1", {"a"}},
                                     {"UPDATE things SET count = count + 1 WHERE id = $1", {"a"}},
                                     {"SELECT id, count FROM things ORDER BY id", {}}});
                   if (!rows.ok()) return rows.status();
                   all = std::move(*rows);
                   return absl::OkStatus();
                 })
                  .ok());
  ASSERT_EQ(all.size(), 3u);
  ASSERT_EQ(all[0].size(), 1u);
  EXPECT_EQ(all[0][0][0].AsInt(), 1);
  EXPECT_TRUE(all[1].empty());
  ASSERT_EQ(all[2].size(), 1u);
  EXPECT_EQ(all[2][0][0].AsText(), "a");
  EXPECT_EQ(all[2][0][1].AsInt(), 2);

  absl::Status status = db_->Write([](Transaction& txn) {
    return txn
        .QueryAll({{"INSERT INTO things (id, count) VALUES ('b', 1)", {}},
                   {"SELECT nonsense FROM nowhere", {}},
                   {"INSERT INTO things (id, count) VALUES ('c', 1)", {}}})
        .status();
  });
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(CountThings(), 1);
}

// A read sees the data as of its first statement, to its end: a commit
// made meanwhile by another handle is not half seen.
TEST_P(DatabaseTest, AReadSeesOneSnapshotFromItsFirstStatement) {
  DatabaseOptions options;
  options.url = url_;
  options.schema = schema_;
  absl::StatusOr<std::unique_ptr<Database>> writer = Database::Open(options);
  ASSERT_TRUE(writer.ok()) << writer.status();
  int64_t before = -1;
  int64_t after = -1;
  ASSERT_TRUE(
      db_->Read([&](Transaction& txn) -> absl::Status {
           absl::StatusOr<Row> row = txn.QueryRow("SELECT COUNT(*) FROM things");
           if (!row.ok()) return row.status();
           before = (*row)[0].AsInt();
           absl::Status written = (*writer)->Write([](Transaction& other) {
             return other.Execute("INSERT INTO things (id, count) VALUES ('n', 1)").status();
           });
           if (!written.ok()) return written;
           row = txn.QueryRow("SELECT COUNT(*) FROM things");
           if (!row.ok()) return row.status();
           after = (*row)[0].AsInt();
           return absl::OkStatus();
         })
          .ok());
  EXPECT_EQ(before, 0);
  EXPECT_EQ(after, 0);
  EXPECT_EQ(CountThings(), 1);
}

// A read's COMMIT is sent without waiting for its answer, but it is sent:
// the connection goes back to the pool with no transaction open (one left
// open would hold its snapshot and its table locks).
TEST_P(DatabaseTest, PostgresReadLeavesNoTransactionOpen) {
  if (GetParam() != Engine::kPostgres) GTEST_SKIP() << "PostgreSQL's connection states";
  const std::string application = absl::StrCat("read_commit_", getpid());
  DatabaseOptions options;
  options.url = absl::StrCat(url_, "?application_name=", application);
  options.schema = schema_;
  options.pool_size = 1;
  absl::StatusOr<std::unique_ptr<Database>> single = Database::Open(options);
  ASSERT_TRUE(single.ok()) << single.status();
  ASSERT_TRUE(
      (*single)
          ->Read([](Transaction& txn) { return txn.Query("SELECT COUNT(*) FROM things").status(); })
          .ok());
  std::string state;
  const absl::Time give_up = absl::Now() + absl::Seconds(5);
  while (absl::Now() < give_up) {
    ASSERT_TRUE(db_->Read([&](Transaction& txn) -> absl::Status {
                     absl::StatusOr<Row> row = txn.QueryRow(absl::StrCat(
                         "SELECT state FROM pg_stat_activity WHERE application_name = '",
                         application, "'"));
                     if (!row.ok()) return row.status();
                     state = (*row)[0].AsText();
                     return absl::OkStatus();
                   })
                    .ok());
    if (state == "idle") break;
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(state, "idle");
}

// PostgreSQL connections are all opened when the database is opened, so
// no call after start-up waits on a connect and its name lookup (in a
// container, a loaded resolver once made one such call take 10 s).
TEST_P(DatabaseTest, PostgresOpensEveryPooledConnectionAtOpen) {
  if (GetParam() != Engine::kPostgres) GTEST_SKIP() << "SQLite opens files, not connections";
  const std::string application = absl::StrCat("pool_warm_", getpid());
  DatabaseOptions options;
  options.url = absl::StrCat(url_, "?application_name=", application);
  options.schema = schema_;
  options.pool_size = 3;
  absl::StatusOr<std::unique_ptr<Database>> pooled = Database::Open(options);
  ASSERT_TRUE(pooled.ok()) << pooled.status();
  int64_t connections = 0;
  ASSERT_TRUE(db_->Read([&](Transaction& txn) -> absl::Status {
                   absl::StatusOr<Row> row = txn.QueryRow(absl::StrCat(
                       "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = '",
                       application, "'"));
                   if (!row.ok()) return row.status();
                   connections = (*row)[0].AsInt();
                   return absl::OkStatus();
                 })
                  .ok());
  EXPECT_EQ(connections, 3);
}

// An acknowledged commit survives kill -9 of the process that made it.
TEST_P(DatabaseTest, AcknowledgedCommitSurvivesKill9) {
  int ack[2];
  ASSERT_EQ(pipe(ack), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    DatabaseOptions options;
    options.url = url_;
    options.schema = schema_;
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(options);
    if (!db.ok()) _exit(1);
    absl::Status status = (*db)->Write([](Transaction& txn) {
      return txn.Execute("INSERT INTO things (id, count) VALUES ('durable', 42)").status();
    });
    char byte = status.ok() ? 'y' : 'n';
    if (write(ack[1], &byte, 1) != 1) _exit(1);
    pause();  // killed here, without any clean shutdown
    _exit(0);
  }
  close(ack[1]);
  char byte = 0;
  ASSERT_EQ(read(ack[0], &byte, 1), 1);
  close(ack[0]);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  ASSERT_EQ(byte, 'y');
  DatabaseOptions options;
  options.url = url_;
  options.schema = schema_;
  absl::StatusOr<std::unique_ptr<Database>> reopened = Database::Open(options);
  ASSERT_TRUE(reopened.ok());
  int64_t count = 0;
  ASSERT_TRUE((*reopened)
                  ->Read([&](Transaction& txn) -> absl::Status {
                    absl::StatusOr<Row> row =
                        txn.QueryRow("SELECT count FROM things WHERE id = 'durable'");
                    if (!row.ok()) return row.status();
                    count = (*row)[0].AsInt();
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(count, 42);
}

TEST(DatabaseOpenTest, RejectsUnknownUrlSchemes) {
  DatabaseOptions options;
  options.url = "mysql://localhost/x";
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(options);
  EXPECT_TRUE(absl::IsInvalidArgument(db.status()));
  options.url = "";
  EXPECT_TRUE(absl::IsInvalidArgument(Database::Open(options).status()));
}

TEST(DatabaseOpenTest, UnreachablePostgresIsUnavailable) {
  DatabaseOptions options;
  options.url = "postgres://nobody@127.0.0.1:1/none?connect_timeout=2";
  EXPECT_TRUE(absl::IsUnavailable(Database::Open(options).status()));
}

INSTANTIATE_TEST_SUITE_P(Engines, DatabaseTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace interplan::storage
