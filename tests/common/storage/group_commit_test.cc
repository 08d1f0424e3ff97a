// Group commit on both engines: many writers, one transaction per batch,
// each writer succeeding or failing alone.
#include "common/storage/group_commit.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/database_fixture.h"

namespace interplan::storage {
namespace {

using Work = std::function<absl::Status(Transaction&)>;

absl::Status Insert(Transaction& txn, const std::string& id, int64_t count = 0) {
  return txn.Execute("INSERT INTO things (id, count) VALUES ($1, $2)", {id, count}).status();
}

// Options that make the first writer wait until `size` writes are queued,
// so a test knows exactly which writes share a transaction.
GroupCommitOptions OneBatchOf(int size) {
  return GroupCommitOptions{.max_batch = size, .max_delay = absl::Seconds(60)};
}

// Runs each work through `committer` on a thread of its own, all at once.
std::vector<absl::Status> WriteConcurrently(GroupCommitter& committer,
                                            const std::vector<Work>& works) {
  std::vector<absl::Status> statuses(works.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < works.size(); ++i) {
    threads.emplace_back(
        [&, i] { statuses[i] = committer.Write([&](Transaction& txn) { return works[i](txn); }); });
  }
  for (std::thread& thread : threads) thread.join();
  return statuses;
}

class GroupCommitTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Database>> db =
        testing::OpenFreshDatabase(GetParam(), &url_, &schema_);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Migrate({{1, "things",
                               "CREATE TABLE things ("
                               " id TEXT PRIMARY KEY,"
                               " count BIGINT NOT NULL)"}})
                    .ok());
  }

  std::set<std::string> Ids(Database& db) {
    std::set<std::string> ids;
    EXPECT_TRUE(db.Read([&](Transaction& txn) -> absl::Status {
                    ids.clear();
                    absl::StatusOr<std::vector<Row>> rows = txn.Query("SELECT id FROM things");
                    if (!rows.ok()) return rows.status();
                    for (const Row& row : *rows) ids.insert(row[0].AsText());
                    return absl::OkStatus();
                  }).ok());
    return ids;
  }
  std::set<std::string> Ids() { return Ids(*db_); }

  int64_t CountOf(const std::string& id) {
    int64_t count = -1;
    EXPECT_TRUE(db_->Read([&](Transaction& txn) -> absl::Status {
                     absl::StatusOr<Row> row =
                         txn.QueryRow("SELECT count FROM things WHERE id = $1", {id});
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

TEST_P(GroupCommitTest, AloneAWriteIsOnePlainTransaction) {
  GroupCommitter committer(*db_);
  ASSERT_TRUE(committer.Write([](Transaction& txn) { return Insert(txn, "a"); }).ok());
  EXPECT_EQ(Ids(), std::set<std::string>{"a"});
  const GroupCommitStats stats = committer.stats();
  EXPECT_EQ(stats.writes, 1);
  EXPECT_EQ(stats.batches, 1);
  EXPECT_EQ(stats.transactions, 1);
  EXPECT_EQ(stats.largest_batch, 1);
}

TEST_P(GroupCommitTest, ConcurrentWritersAllCommitExactlyOnce) {
  constexpr int kThreads = 16;
  constexpr int kWritesPerThread = 50;
  GroupCommitter committer(*db_);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWritesPerThread; ++i) {
        absl::Status status = committer.Write(
            [&](Transaction& txn) { return Insert(txn, absl::StrCat("t", t, "-", i), i); });
        if (!status.ok()) {
          ADD_FAILURE() << status;
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  const std::set<std::string> ids = Ids();
  EXPECT_EQ(ids.size(), size_t{kThreads * kWritesPerThread});
  EXPECT_TRUE(ids.count("t0-0") && ids.count("t15-49"));

  const GroupCommitStats stats = committer.stats();
  EXPECT_EQ(stats.writes, kThreads * kWritesPerThread);
  EXPECT_GE(stats.transactions, stats.batches);
  EXPECT_LE(stats.largest_batch, 64);
  if (GetParam() == Engine::kSqlite) {
    // Sixteen writers behind one fsync'd writer: batching must happen.
    EXPECT_LT(stats.transactions, kThreads * kWritesPerThread / 2) << stats.transactions;
    EXPECT_GT(stats.largest_batch, 1);
  }
}

TEST_P(GroupCommitTest, FailingWorkRollsBackOnlyItsOwnChanges) {
  GroupCommitter committer(*db_, OneBatchOf(4));
  std::vector<absl::Status> statuses = WriteConcurrently(
      committer, {[](Transaction& txn) { return Insert(txn, "a"); },
                  [](Transaction& txn) -> absl::Status {
                    absl::Status s = Insert(txn, "bad-1");
                    if (!s.ok()) return s;
                    s = Insert(txn, "bad-2");
                    if (!s.ok()) return s;
                    return absl::InvalidArgumentError("validation failed after the inserts");
                  },
                  [](Transaction& txn) { return Insert(txn, "b"); },
                  [](Transaction& txn) { return Insert(txn, "c"); }});
  EXPECT_TRUE(statuses[0].ok()) << statuses[0];
  EXPECT_TRUE(absl::IsInvalidArgument(statuses[1])) << statuses[1];
  EXPECT_EQ(statuses[1].message(), "validation failed after the inserts");
  EXPECT_TRUE(statuses[2].ok()) << statuses[2];
  EXPECT_TRUE(statuses[3].ok()) << statuses[3];
  EXPECT_EQ(Ids(), (std::set<std::string>{"a", "b", "c"}));
  const GroupCommitStats stats = committer.stats();
  EXPECT_EQ(stats.batches, 1);
  EXPECT_EQ(stats.transactions, 1);  // all four shared one transaction
  EXPECT_EQ(stats.largest_batch, 4);
}

TEST_P(GroupCommitTest, UniqueViolationIsAlreadyExistsForThatCallerOnly) {
  ASSERT_TRUE(db_->Write([](Transaction& txn) { return Insert(txn, "taken"); }).ok());
  GroupCommitter committer(*db_, OneBatchOf(5));
  std::vector<absl::Status> statuses = WriteConcurrently(
      committer, {[](Transaction& txn) { return Insert(txn, "a"); },
                  [](Transaction& txn) -> absl::Status {
                    absl::Status s = Insert(txn, "fresh");
                    if (!s.ok()) return s;
                    return Insert(txn, "taken");
                  },
                  [](Transaction& txn) { return Insert(txn, "b"); },
                  // Two members of one batch inserting one key: the later one loses.
                  [](Transaction& txn) { return Insert(txn, "twice", 1); },
                  [](Transaction& txn) { return Insert(txn, "twice", 2); }});
  EXPECT_TRUE(statuses[0].ok()) << statuses[0];
  EXPECT_TRUE(absl::IsAlreadyExists(statuses[1])) << statuses[1];
  EXPECT_TRUE(statuses[2].ok()) << statuses[2];
  EXPECT_NE(statuses[3].ok(), statuses[4].ok()) << statuses[3] << " " << statuses[4];
  const absl::Status& loser = statuses[3].ok() ? statuses[4] : statuses[3];
  EXPECT_TRUE(absl::IsAlreadyExists(loser)) << loser;
  EXPECT_EQ(Ids(), (std::set<std::string>{"taken", "a", "b", "twice"}));
  EXPECT_EQ(CountOf("twice"), statuses[3].ok() ? 1 : 2);
  EXPECT_EQ(committer.stats().transactions, 1);
}

TEST_P(GroupCommitTest, WorkThatSwallowsAnErrorDoesNotHarmTheOthers) {
  ASSERT_TRUE(db_->Write([](Transaction& txn) { return Insert(txn, "taken"); }).ok());
  GroupCommitter committer(*db_, OneBatchOf(3));
  std::vector<absl::Status> statuses =
      WriteConcurrently(committer, {[](Transaction& txn) { return Insert(txn, "a"); },
                                    [](Transaction& txn) -> absl::Status {
                                      // Ignores the violation. SQLite undoes just the statement;
                                      // PostgreSQL cannot go on in the transaction, so this work
                                      // fails.
                                      Insert(txn, "taken").IgnoreError();
                                      return Insert(txn, "after");
                                    },
                                    [](Transaction& txn) { return Insert(txn, "b"); }});
  EXPECT_TRUE(statuses[0].ok()) << statuses[0];
  EXPECT_TRUE(statuses[2].ok()) << statuses[2];
  std::set<std::string> expected = {"taken", "a", "b"};
  if (GetParam() == Engine::kSqlite) {
    EXPECT_TRUE(statuses[1].ok()) << statuses[1];
    expected.insert("after");
  } else {
    EXPECT_FALSE(statuses[1].ok());
  }
  EXPECT_EQ(Ids(), expected);
}

TEST_P(GroupCommitTest, ConflictInsideAWorkReRunsTheBatchOneByOne) {
  GroupCommitter committer(*db_, OneBatchOf(4));
  std::atomic<int> runs{0};
  std::vector<absl::Status> statuses =
      WriteConcurrently(committer, {[](Transaction& txn) { return Insert(txn, "a"); },
                                    [](Transaction& txn) { return Insert(txn, "b"); },
                                    [&](Transaction& txn) -> absl::Status {
                                      absl::Status s = Insert(txn, "c");
                                      if (!s.ok()) return s;
                                      if (runs++ == 0)
                                        return SerializationConflictError("simulated conflict");
                                      return absl::OkStatus();
                                    },
                                    [](Transaction& txn) { return Insert(txn, "d"); }});
  for (const absl::Status& status : statuses) EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(runs.load(), 2);
  EXPECT_EQ(Ids(), (std::set<std::string>{"a", "b", "c", "d"}));
  const GroupCommitStats stats = committer.stats();
  EXPECT_EQ(stats.abandoned_batches, 1);
  EXPECT_EQ(stats.transactions, 1 + 4);
}

TEST_P(GroupCommitTest, ConstraintFailingOnlyAtCommitFailsOnlyItsWriter) {
  ASSERT_TRUE(db_->Migrate({{2, "children",
                             "CREATE TABLE children ("
                             " id TEXT PRIMARY KEY,"
                             " parent TEXT NOT NULL REFERENCES things (id)"
                             " DEFERRABLE INITIALLY DEFERRED)"}})
                  .ok());
  GroupCommitter committer(*db_, OneBatchOf(3));
  std::vector<absl::Status> statuses = WriteConcurrently(
      committer, {[](Transaction& txn) { return Insert(txn, "a"); },
                  [](Transaction& txn) {
                    // Checked at COMMIT, so it fails the shared transaction.
                    return txn
                        .Execute("INSERT INTO children (id, parent) VALUES ('orphan', 'nobody')")
                        .status();
                  },
                  [](Transaction& txn) { return Insert(txn, "c"); }});
  EXPECT_TRUE(statuses[0].ok()) << statuses[0];
  EXPECT_TRUE(absl::IsFailedPrecondition(statuses[1])) << statuses[1];
  EXPECT_TRUE(statuses[2].ok()) << statuses[2];
  EXPECT_EQ(Ids(), (std::set<std::string>{"a", "c"}));
  const GroupCommitStats stats = committer.stats();
  EXPECT_EQ(stats.abandoned_batches, 1);
  EXPECT_EQ(stats.transactions, 1 + 3);
}

TEST_P(GroupCommitTest, ConcurrentReadModifyWriteLosesNoUpdate) {
  ASSERT_TRUE(db_->Write([](Transaction& txn) { return Insert(txn, "c", 0); }).ok());
  constexpr int kBatchedThreads = 8;
  constexpr int kDirectThreads = 2;  // plain Database::Write, racing the batches
  constexpr int kIncrements = 25;
  GroupCommitter committer(*db_);
  auto increment = [](Transaction& txn) -> absl::Status {
    absl::StatusOr<Row> row = txn.QueryRow("SELECT count FROM things WHERE id = 'c'");
    if (!row.ok()) return row.status();
    return txn.Execute("UPDATE things SET count = $1 WHERE id = 'c'", {(*row)[0].AsInt() + 1})
        .status();
  };
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kBatchedThreads + kDirectThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIncrements; ++i) {
        absl::Status status =
            t < kBatchedThreads ? committer.Write(increment) : db_->Write(increment);
        if (!status.ok()) {
          ADD_FAILURE() << status;
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(CountOf("c"), (kBatchedThreads + kDirectThreads) * kIncrements);
}

TEST_P(GroupCommitTest, DestructorWaitsForWritesInFlightAndRefusesNewOnes) {
  auto* committer = new GroupCommitter(*db_);
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();
  std::thread first([&] {
    absl::Status status = committer->Write([&](Transaction& txn) {
      started.set_value();
      released.wait();
      return Insert(txn, "in-flight");
    });
    EXPECT_TRUE(status.ok()) << status;
  });
  started.get_future().wait();
  std::thread destroyer([&] { delete committer; });
  // Let the destructor begin waiting for the write in flight; a write
  // arriving now is refused at once instead of queueing.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::future<absl::Status> late = std::async(std::launch::async, [committer] {
    return committer->Write([](Transaction& txn) { return Insert(txn, "late"); });
  });
  const bool answered_at_once = late.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  release.set_value();
  first.join();
  destroyer.join();
  EXPECT_TRUE(answered_at_once);
  const absl::Status late_status = late.get();
  EXPECT_TRUE(absl::IsUnavailable(late_status)) << late_status;
  EXPECT_EQ(Ids(), std::set<std::string>{"in-flight"});
}

// Every write acknowledged by the committer survives kill -9 of the process,
// killed while sixteen writers are in full flow.
TEST_P(GroupCommitTest, AcknowledgedWritesSurviveKill9) {
  constexpr int kThreads = 16;
  constexpr int kAcksBeforeKill = 300;
  int acks[2];
  ASSERT_EQ(pipe(acks), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(acks[0]);
    DatabaseOptions options;
    options.url = url_;
    options.schema = schema_;
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(options);
    if (!db.ok()) _exit(1);
    auto* committer = new GroupCommitter(**db);
    for (int t = 0; t < kThreads; ++t) {
      std::thread([committer, t, fd = acks[1]] {
        for (int64_t i = 0;; ++i) {
          const int64_t id = int64_t{t} * 1000000 + i;
          absl::Status status = committer->Write(
              [&](Transaction& txn) { return Insert(txn, absl::StrCat("k", id)); });
          // Record only acknowledged writes; 8 bytes go through a pipe whole.
          if (status.ok() && write(fd, &id, sizeof id) != sizeof id) _exit(1);
        }
      }).detach();
    }
    pause();  // killed here, writers mid-flight, without any clean shutdown
    _exit(0);
  }
  close(acks[1]);
  std::vector<int64_t> acknowledged;
  int64_t id = 0;
  while (acknowledged.size() < kAcksBeforeKill && read(acks[0], &id, sizeof id) == sizeof id) {
    acknowledged.push_back(id);
  }
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  // Acknowledgements written before the kill are still in the pipe.
  while (read(acks[0], &id, sizeof id) == sizeof id) acknowledged.push_back(id);
  close(acks[0]);
  ASSERT_GE(acknowledged.size(), size_t{kAcksBeforeKill});

  DatabaseOptions options;
  options.url = url_;
  options.schema = schema_;
  absl::StatusOr<std::unique_ptr<Database>> reopened = Database::Open(options);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  const std::set<std::string> ids = Ids(**reopened);
  int missing = 0;
  for (int64_t acked : acknowledged) {
    if (!ids.count(absl::StrCat("k", acked))) ++missing;
  }
  EXPECT_EQ(missing, 0) << "of " << acknowledged.size() << " acknowledged writes";
  EXPECT_GE(ids.size(), acknowledged.size());
}

INSTANTIATE_TEST_SUITE_P(Engines, GroupCommitTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace interplan::storage
