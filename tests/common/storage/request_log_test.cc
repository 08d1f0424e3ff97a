#include "common/storage/request_log.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/support/database_fixture.h"

namespace interplan::storage {
namespace {

// RequestInfo stands in for a create request (it has a request_id field);
// ResourceInfo for the created resource.
class RequestLogTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Database>> db =
        testing::OpenFreshDatabase(GetParam(), &url_, &schema_);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Migrate({{1, "request_log", std::string(kRequestLogSchema)},
                              {2, "items",
                               "CREATE TABLE items (id BIGINT PRIMARY KEY,"
                               " body TEXT NOT NULL)"}})
                    .ok());
  }

  // Creates an item numbered after the existing ones: applying it twice
  // would leave two rows.
  absl::Status Create(Database& db, const std::string& request_id, const std::string& body,
                      google::rpc::ResourceInfo* out) {
    return RunIdempotent(db, "Create", request_id, CreateRequest(request_id, body), out,
                         [&](Transaction& txn, google::protobuf::Message* response) {
                           return WriteItem(txn, body, response);
                         });
  }

  // Create, for a caller that looked the request up itself just before
  // (RecordedLookup::kDoneByCaller): the write runs without looking again.
  absl::Status CreateLookedUpByCaller(Database& db, const std::string& request_id,
                                      const std::string& body, google::rpc::ResourceInfo* out) {
    return RunIdempotentWith(
        db, [&db](absl::FunctionRef<absl::Status(Transaction&)> work) { return db.Write(work); },
        "Create", request_id, CreateRequest(request_id, body), out,
        [&](Transaction& txn, google::protobuf::Message* response) {
          return WriteItem(txn, body, response);
        },
        nullptr, RecordedLookup::kDoneByCaller);
  }

  static google::rpc::RequestInfo CreateRequest(const std::string& request_id,
                                                const std::string& body) {
    google::rpc::RequestInfo request;
    request.set_request_id(request_id);
    request.set_serving_data(body);
    return request;
  }

  static absl::Status WriteItem(Transaction& txn, const std::string& body,
                                google::protobuf::Message* response) {
    absl::StatusOr<Row> row = txn.QueryRow("SELECT COUNT(*) FROM items");
    if (!row.ok()) return row.status();
    const int64_t id = (*row)[0].AsInt() + 1;
    absl::Status s = txn.ExecuteLater("INSERT INTO items (id, body) VALUES ($1, $2)", {id, body});
    if (!s.ok()) return s;
    static_cast<google::rpc::ResourceInfo*>(response)->set_resource_name("items/" +
                                                                         std::to_string(id));
    return absl::OkStatus();
  }

  // How many calls CreateConcurrently makes at once.
  static constexpr int kConcurrentCalls = 8;

  // The names kConcurrentCalls concurrent `create` calls of one request
  // got, on two handles of the database (two replicas).
  std::vector<std::string> CreateConcurrently(
      const std::function<absl::Status(Database&, google::rpc::ResourceInfo*)>& create) {
    DatabaseOptions options;
    options.url = url_;
    options.schema = schema_;
    absl::StatusOr<std::unique_ptr<Database>> replica = Database::Open(options);
    EXPECT_TRUE(replica.ok()) << replica.status();
    if (!replica.ok()) return {};
    std::vector<std::thread> threads;
    std::vector<std::string> names(kConcurrentCalls);
    for (int t = 0; t < kConcurrentCalls; ++t) {
      threads.emplace_back([&, t] {
        google::rpc::ResourceInfo out;
        absl::Status status = create(t % 2 == 0 ? *db_ : **replica, &out);
        EXPECT_TRUE(status.ok()) << status;
        names[t] = out.resource_name();
      });
    }
    for (auto& thread : threads) thread.join();
    return names;
  }

  int64_t CountItems() {
    int64_t count = -1;
    EXPECT_TRUE(db_->Read([&](Transaction& txn) -> absl::Status {
                     absl::StatusOr<Row> row = txn.QueryRow("SELECT COUNT(*) FROM items");
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

TEST_P(RequestLogTest, RetryReturnsTheFirstResultAndWritesOnce) {
  google::rpc::ResourceInfo first, second;
  ASSERT_TRUE(Create(*db_, "req-1", "a", &first).ok());
  ASSERT_TRUE(Create(*db_, "req-1", "a", &second).ok());
  EXPECT_EQ(first.resource_name(), "items/1");
  EXPECT_EQ(second.resource_name(), "items/1");
  EXPECT_EQ(CountItems(), 1);
}

TEST_P(RequestLogTest, WithoutRequestIdEveryCallWrites) {
  google::rpc::ResourceInfo out;
  ASSERT_TRUE(Create(*db_, "", "a", &out).ok());
  ASSERT_TRUE(Create(*db_, "", "a", &out).ok());
  EXPECT_EQ(CountItems(), 2);
}

TEST_P(RequestLogTest, ReusingAnIdForAnotherRequestIsRejected) {
  google::rpc::ResourceInfo out;
  ASSERT_TRUE(Create(*db_, "req-1", "a", &out).ok());
  absl::Status status = Create(*db_, "req-1", "b", &out);
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  ASSERT_EQ(FieldViolationsOf(status).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(status)[0].field, "request_id");
  EXPECT_EQ(CountItems(), 1);
}

TEST_P(RequestLogTest, MalformedRequestIdIsRejected) {
  google::rpc::ResourceInfo out;
  EXPECT_TRUE(absl::IsInvalidArgument(Create(*db_, "has space", "a", &out)));
  EXPECT_TRUE(absl::IsInvalidArgument(Create(*db_, std::string(129, 'x'), "a", &out)));
  EXPECT_EQ(CountItems(), 0);
}

TEST_P(RequestLogTest, FailedWriteIsNotRemembered) {
  google::rpc::RequestInfo request;
  request.set_request_id("req-9");
  google::rpc::ResourceInfo out;
  absl::Status status = RunIdempotent(*db_, "Create", "req-9", request, &out,
                                      [](Transaction&, google::protobuf::Message*) {
                                        return absl::UnavailableError("dependency down");
                                      });
  EXPECT_TRUE(absl::IsUnavailable(status));
  // The retry runs the write for real.
  ASSERT_TRUE(Create(*db_, "req-9", "", &out).ok());
  EXPECT_EQ(CountItems(), 1);
}

// Two handles on one database stand for two replicas of a service.
TEST_P(RequestLogTest, ConcurrentDuplicatesAcrossHandlesWriteOnce) {
  std::vector<std::string> names =
      CreateConcurrently([this](Database& db, google::rpc::ResourceInfo* out) {
        return Create(db, "same-id", "body", out);
      });
  EXPECT_EQ(CountItems(), 1);
  EXPECT_THAT(names, ::testing::Each("items/1"));
}

// A caller that looked before its write (kDoneByCaller) and missed a
// duplicate that committed since: its write, which would add a second
// item, fails on the log's key and is answered with the first response.
TEST_P(RequestLogTest, ADuplicateTheCallersLookMissedIsAnsweredFromTheLog) {
  google::rpc::ResourceInfo first;
  ASSERT_TRUE(CreateLookedUpByCaller(*db_, "once", "body", &first).ok());
  google::rpc::ResourceInfo again;
  absl::Status status = CreateLookedUpByCaller(*db_, "once", "body", &again);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(again.resource_name(), "items/1");
  EXPECT_EQ(CountItems(), 1);
  // The same id for another request is still refused, naming the field.
  status = CreateLookedUpByCaller(*db_, "once", "another body", &again);
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  ASSERT_EQ(FieldViolationsOf(status).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(status)[0].field, "request_id");
  EXPECT_EQ(CountItems(), 1);
}

TEST_P(RequestLogTest, ConcurrentDuplicatesLookedUpByTheirCallersWriteOnce) {
  std::vector<std::string> names =
      CreateConcurrently([this](Database& db, google::rpc::ResourceInfo* out) {
        return CreateLookedUpByCaller(db, "same-id", "body", out);
      });
  EXPECT_EQ(CountItems(), 1);
  EXPECT_THAT(names, ::testing::Each("items/1"));
}

// Under READ COMMITTED with a row lock, a concurrent duplicate that waited
// for the winner's lock sees the winner's write and fails its own check
// before it reaches the log: it is still answered with the winner's
// response, not with that failure.
TEST_P(RequestLogTest, ReadCommittedDuplicatesFailingTheirCheckGetTheWinnersAnswer) {
  ASSERT_TRUE(db_->Migrate({{3, "slots",
                             "CREATE TABLE slots (id TEXT PRIMARY KEY, taken INTEGER NOT NULL);"
                             "INSERT INTO slots (id, taken) VALUES ('s', 0)"}})
                  .ok());
  // Every attempt has looked for the request_id (and found nothing)
  // before any takes the lock: on PostgreSQL each waits here for the
  // others (SQLite runs one writer at a time; nothing to wait for).
  std::atomic<int> arrived{0};
  auto all_looked = [&arrived](Transaction& txn) {
    if (txn.engine() != Engine::kPostgres) return;
    ++arrived;
    const absl::Time deadline = absl::Now() + absl::Seconds(5);
    while (arrived.load() < kConcurrentCalls && absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(1));
    }
  };
  // Takes slot s once: a second take fails.
  auto take = [&all_looked](Database& db, google::rpc::ResourceInfo* out) {
    google::rpc::RequestInfo request;
    request.set_request_id("take-s");
    return RunIdempotentWith(
        db,
        [&db](absl::FunctionRef<absl::Status(Transaction&)> work) {
          return db.WriteReadCommitted(work);
        },
        "Take", "take-s", request, out,
        [&all_looked](Transaction& txn, google::protobuf::Message* response) -> absl::Status {
          all_looked(txn);
          const std::string lock = txn.engine() == Engine::kPostgres ? " FOR UPDATE" : "";
          absl::StatusOr<Row> slot = txn.QueryRow("SELECT taken FROM slots WHERE id = 's'" + lock);
          if (!slot.ok()) return slot.status();
          if ((*slot)[0].AsInt() != 0) return absl::FailedPreconditionError("slot s is taken");
          absl::Status s = txn.Execute("UPDATE slots SET taken = 1 WHERE id = 's'").status();
          if (!s.ok()) return s;
          s = txn.Execute("INSERT INTO items (id, body) VALUES (1, 's')").status();
          if (!s.ok()) return s;
          static_cast<google::rpc::ResourceInfo*>(response)->set_resource_name("items/1");
          return absl::OkStatus();
        });
  };
  const std::vector<std::string> names = CreateConcurrently(take);
  EXPECT_EQ(CountItems(), 1);
  for (const std::string& name : names) EXPECT_EQ(name, "items/1");
}

INSTANTIATE_TEST_SUITE_P(Engines, RequestLogTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace interplan::storage
