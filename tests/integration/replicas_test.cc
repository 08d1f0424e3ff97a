// Several replicas of one service on one PostgreSQL must be correct: what
// the production overlay (deploy/k8s/overlays/production) runs. Real
// interplan-plans processes share one real PostgreSQL database and one real
// redis-server; interplan-agencies (the reference imported) behind them.
// - ReplicasTest (two replicas, A then B): idempotency (request_id), etags
//   and the Redis version counter hold across the replicas exactly as
//   within one process, and a write acknowledged by one is read on the
//   other right after.
// - MigrationRaceTest: two replicas started at the same moment on an empty
//   database both migrate it without error.
#include <libpq-fe.h>

#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/cache/redis_client.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "interplan/plans/v1/plans.grpc.pb.h"
#include "tests/support/all_at_once.h"
#include "tests/support/postgres_server.h"
#include "tests/support/redis_server.h"
#include "tests/support/suite_processes.h"

namespace interplan {
namespace {

namespace v1 = plans::v1;
using testing::ServiceProcess;

constexpr char kIssuer[] = "agencies/lai-chau-bvstbpn";
constexpr char kCounterKey[] = "interplan:version:plans";

std::unique_ptr<grpc::ClientContext> Call() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  return context;
}

// The Lai Châu seed plan (its issuer is kIssuer) under another id.
v1::CreatePlanRequest Fixture(const std::string& plan_id, const std::string& request_id) {
  std::string path;
  for (const std::string& file : testing::SeedPlanFixtures()) {
    if (file.find("004_lai_chau_2024") != std::string::npos) path = file;
  }
  v1::CreatePlanRequest request;
  auto status =
      google::protobuf::util::JsonStringToMessage(testing::ReadFileOrEmpty(path), &request);
  EXPECT_TRUE(status.ok()) << path << ": " << status.message();
  EXPECT_EQ(request.plan().issuer(), kIssuer);
  request.set_plan_id(plan_id);
  request.set_request_id(request_id);
  return request;
}

std::string Diff(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  std::string diff;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  return differencer.Compare(a, b) ? "" : (diff.empty() ? "differ" : diff);
}

using testing::AllAtOnce;

// A database name not used yet in this process (--gtest_repeat).
std::string NextDatabaseName(const std::string& prefix) {
  static int next = 0;
  return absl::StrCat(prefix, "_", next++);
}

struct Answer {
  grpc::Status status;
  v1::Plan plan;
};

class ReplicasTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<testing::PostgresServer*> postgres = testing::SharedPostgresServer();
    ASSERT_TRUE(postgres.ok()) << postgres.status();
    const std::string database = NextDatabaseName("replicas");
    ASSERT_TRUE((*postgres)->CreateDatabase(database).ok()) << database;
    database_url_ = new std::string((*postgres)->Url(database));
    absl::StatusOr<std::unique_ptr<testing::RedisServer>> redis = testing::RedisServer::Create();
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = redis->release();
    absl::StatusOr<std::unique_ptr<ServiceProcess>> agencies =
        testing::StartAgenciesWithReference();
    ASSERT_TRUE(agencies.ok()) << agencies.status();
    agencies_ = agencies->release();

    // Replica A migrates the database, then B joins it (a scale-up). The
    // race of replicas starting together on an empty database is
    // MigrationRaceTest's, so that each failure names its own cause.
    const std::vector<std::string> flags = {"--database_url=" + *database_url_,
                                            "--redis_url=" + redis_->Url()};
    start_errors_ = new std::vector<std::string>();
    for (ServiceProcess** replica : {&replica_a_, &replica_b_}) {
      absl::StatusOr<std::unique_ptr<ServiceProcess>> started =
          testing::StartPlans(agencies_->address(), flags);
      if (!started.ok()) {
        start_errors_->push_back(started.status().ToString());
      } else {
        *replica = started->release();
      }
    }
  }
  static void TearDownTestSuite() {
    delete replica_a_;
    delete replica_b_;
    delete agencies_;
    delete redis_;
    delete database_url_;
    delete start_errors_;
    replica_a_ = replica_b_ = agencies_ = nullptr;
    redis_ = nullptr;
    database_url_ = nullptr;
    start_errors_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(start_errors_ != nullptr && start_errors_->empty())
        << "a replica did not start: "
        << (start_errors_ ? ::testing::PrintToString(*start_errors_) : "");
    ASSERT_NE(replica_a_, nullptr);
    ASSERT_NE(replica_b_, nullptr);
    a_ = v1::PlanService::NewStub(replica_a_->NewChannel());
    b_ = v1::PlanService::NewStub(replica_b_->NewChannel());
    absl::StatusOr<std::unique_ptr<cache::RedisClient>> client =
        cache::RedisClient::Create(redis_->Url());
    ASSERT_TRUE(client.ok()) << client.status();
    redis_client_ = *std::move(client);
  }

  static Answer Create(v1::PlanService::Stub* stub, const v1::CreatePlanRequest& request) {
    Answer answer;
    answer.status = stub->CreatePlan(Call().get(), request, &answer.plan);
    return answer;
  }
  static Answer Get(v1::PlanService::Stub* stub, const std::string& name) {
    v1::GetPlanRequest request;
    request.set_name(name);
    Answer answer;
    answer.status = stub->GetPlan(Call().get(), request, &answer.plan);
    return answer;
  }

  // How many plans of kIssuer the database holds, as replica A sees them.
  int PlansOfIssuer() {
    v1::ListPlansRequest request;
    request.set_issuer(kIssuer);
    request.set_page_size(100);
    v1::ListPlansResponse response;
    grpc::Status status = a_->ListPlans(Call().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_TRUE(response.next_page_token().empty());
    return response.plans_size();
  }

  // The plans version counter in Redis (0 when absent).
  int64_t Counter() {
    absl::StatusOr<std::optional<std::string>> value = redis_client_->Get(kCounterKey);
    EXPECT_TRUE(value.ok()) << value.status();
    if (!value.ok() || !value->has_value()) return 0;
    int64_t counter = 0;
    EXPECT_TRUE(absl::SimpleAtoi(**value, &counter)) << **value;
    return counter;
  }

  static std::string* database_url_;
  static testing::RedisServer* redis_;
  static ServiceProcess* agencies_;
  static ServiceProcess* replica_a_;
  static ServiceProcess* replica_b_;
  static std::vector<std::string>* start_errors_;
  std::unique_ptr<v1::PlanService::Stub> a_;
  std::unique_ptr<v1::PlanService::Stub> b_;
  std::unique_ptr<cache::RedisClient> redis_client_;
};

std::string* ReplicasTest::database_url_ = nullptr;
testing::RedisServer* ReplicasTest::redis_ = nullptr;
ServiceProcess* ReplicasTest::agencies_ = nullptr;
ServiceProcess* ReplicasTest::replica_a_ = nullptr;
ServiceProcess* ReplicasTest::replica_b_ = nullptr;
std::vector<std::string>* ReplicasTest::start_errors_ = nullptr;

// (4) Two replicas started at the same moment on an empty database (a
// first rollout of several pods, or pods restarted together after an
// upgrade that brings migrations): both must migrate it without error
// (a replica whose migration fails exits) and come up SERVING, with every
// migration recorded once. Three fresh databases, to give the race its
// chances.
TEST(MigrationRaceTest, ReplicasStartedTogetherBothMigrateTheDatabase) {
  absl::StatusOr<testing::PostgresServer*> postgres = testing::SharedPostgresServer();
  ASSERT_TRUE(postgres.ok()) << postgres.status();
  absl::StatusOr<std::unique_ptr<ServiceProcess>> agencies = testing::StartAgenciesWithReference();
  ASSERT_TRUE(agencies.ok()) << agencies.status();
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE(round);
    const std::string database = NextDatabaseName("replicas_race");
    ASSERT_TRUE((*postgres)->CreateDatabase(database).ok());
    const std::string url = (*postgres)->Url(database);
    const std::vector<std::string> flags = {"--database_url=" + url};
    const std::string agencies_address = (*agencies)->address();
    using Started = absl::StatusOr<std::unique_ptr<ServiceProcess>>;
    std::vector<Started> started =
        AllAtOnce<Started>({[&] { return testing::StartPlans(agencies_address, flags); },
                            [&] { return testing::StartPlans(agencies_address, flags); }});
    for (Started& replica : started) {
      ASSERT_TRUE(replica.ok()) << "a replica did not start: " << replica.status();
      // What a failed migration logs: "migration <version> (<name>): ...".
      EXPECT_THAT((*replica)->Log(),
                  ::testing::Not(::testing::ContainsRegex("migration [0-9]+ \\(")));
      // It serves from the migrated database.
      auto stub = v1::PlanService::NewStub((*replica)->NewChannel());
      v1::ListPlansRequest request;
      v1::ListPlansResponse response;
      grpc::Status status = stub->ListPlans(Call().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    PGconn* conn = PQconnectdb(url.c_str());
    ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
    PGresult* result =
        PQexec(conn, "SELECT count(*), count(DISTINCT version) FROM plans.schema_migrations");
    ASSERT_EQ(PQresultStatus(result), PGRES_TUPLES_OK) << PQerrorMessage(conn);
    const std::string rows = PQgetvalue(result, 0, 0);
    const std::string versions = PQgetvalue(result, 0, 1);
    PQclear(result);
    PQfinish(conn);
    EXPECT_NE(rows, "0") << "no migration recorded";
    EXPECT_EQ(rows, versions) << "a migration was recorded twice";
  }
}

// (1) The same CreatePlan (same request_id) sent to A, then to B: one plan,
// the same answer twice.
TEST_F(ReplicasTest, ARetryOnTheOtherReplicaCreatesNothingMore) {
  const int before = PlansOfIssuer();
  const v1::CreatePlanRequest request = Fixture("replicas-retried", "replicas-retried-1");
  Answer first = Create(a_.get(), request);
  ASSERT_TRUE(first.status.ok()) << first.status.error_message();
  Answer retried = Create(b_.get(), request);
  ASSERT_TRUE(retried.status.ok()) << retried.status.error_message();
  EXPECT_EQ(Diff(first.plan, retried.plan), "");
  EXPECT_EQ(PlansOfIssuer(), before + 1);
  // A new request for the same id is refused: the plan exists once.
  Answer other = Create(b_.get(), Fixture("replicas-retried", "replicas-retried-2"));
  EXPECT_EQ(other.status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

// (1) The same CreatePlan sent to both replicas at the same moment, twice
// each: every answer is OK and equal, and one plan was created.
TEST_F(ReplicasTest, ConcurrentDuplicatesOnBothReplicasCreateOnePlan) {
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE(round);
    const int before = PlansOfIssuer();
    const v1::CreatePlanRequest request =
        Fixture(absl::StrCat("replicas-concurrent-", round),
                absl::StrCat("replicas-concurrent-request-", round));
    v1::PlanService::Stub* a = a_.get();
    v1::PlanService::Stub* b = b_.get();
    std::vector<Answer> answers =
        AllAtOnce<Answer>({[&] { return Create(a, request); }, [&] { return Create(b, request); },
                           [&] { return Create(a, request); }, [&] { return Create(b, request); }});
    for (const Answer& answer : answers) {
      ASSERT_TRUE(answer.status.ok()) << answer.status.error_message();
      EXPECT_EQ(Diff(answers[0].plan, answer.plan), "");
    }
    EXPECT_EQ(PlansOfIssuer(), before + 1);
    Answer stored = Get(b, answers[0].plan.name());
    ASSERT_TRUE(stored.status.ok());
    EXPECT_EQ(stored.plan.etag(), answers[0].plan.etag());
  }
}

// (2) Two updates carrying the same etag, one per replica, at the same
// moment: exactly one wins, the other is ABORTED (stale etag), and the
// plan moved once, to the winner's content.
TEST_F(ReplicasTest, ConcurrentUpdatesWithOneEtagHaveOneWinner) {
  Answer created = Create(a_.get(), Fixture("replicas-updated", "replicas-updated-create"));
  ASSERT_TRUE(created.status.ok()) << created.status.error_message();
  std::string etag = created.plan.etag();
  for (int round = 0; round < 5; ++round) {
    SCOPED_TRACE(round);
    auto update = [&](const std::string& who) {
      v1::UpdatePlanRequest request;
      request.mutable_plan()->set_name(created.plan.name());
      request.mutable_plan()->set_etag(etag);
      request.mutable_plan()->set_title(absl::StrCat("Round ", round, " written through ", who));
      request.mutable_update_mask()->add_paths("title");
      request.set_request_id(absl::StrCat("replicas-update-", round, "-", who));
      return request;
    };
    const v1::UpdatePlanRequest via_a = update("A");
    const v1::UpdatePlanRequest via_b = update("B");
    v1::PlanService::Stub* a = a_.get();
    v1::PlanService::Stub* b = b_.get();
    std::vector<Answer> answers =
        AllAtOnce<Answer>({[&] {
                             Answer answer;
                             answer.status = a->UpdatePlan(Call().get(), via_a, &answer.plan);
                             return answer;
                           },
                           [&] {
                             Answer answer;
                             answer.status = b->UpdatePlan(Call().get(), via_b, &answer.plan);
                             return answer;
                           }});
    const bool a_won = answers[0].status.ok();
    const bool b_won = answers[1].status.ok();
    ASSERT_NE(a_won, b_won) << "A: " << answers[0].status.error_message()
                            << " / B: " << answers[1].status.error_message();
    const Answer& winner = a_won ? answers[0] : answers[1];
    const Answer& loser = a_won ? answers[1] : answers[0];
    EXPECT_EQ(loser.status.error_code(), grpc::StatusCode::ABORTED) << loser.status.error_message();
    EXPECT_NE(winner.plan.etag(), etag);
    // Both replicas read the winner's write, nothing else.
    for (v1::PlanService::Stub* stub : {a, b}) {
      Answer stored = Get(stub, created.plan.name());
      ASSERT_TRUE(stored.status.ok()) << stored.status.error_message();
      EXPECT_EQ(stored.plan.etag(), winner.plan.etag());
      EXPECT_EQ(stored.plan.title(), (a_won ? via_a : via_b).plan().title());
      EXPECT_EQ(stored.plan.revision(), created.plan.revision());
    }
    etag = winner.plan.etag();
  }
}

// (2) Two amendments of an issued plan carrying the same etag, one per
// replica, at the same moment: one wins, the other is ABORTED, and the
// revision moved exactly once (1 -> 2, two revisions stored).
TEST_F(ReplicasTest, ConcurrentAmendmentsMoveTheRevisionOnce) {
  Answer created = Create(b_.get(), Fixture("replicas-amended", "replicas-amended-create"));
  ASSERT_TRUE(created.status.ok()) << created.status.error_message();
  v1::IssuePlanRequest issue;
  issue.set_name(created.plan.name());
  issue.set_etag(created.plan.etag());
  issue.set_request_id("replicas-amended-issue");
  v1::Plan issued;
  grpc::Status status = a_->IssuePlan(Call().get(), issue, &issued);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(issued.revision(), 1);

  auto amend = [&](const std::string& who) {
    v1::AmendPlanRequest request;
    *request.mutable_plan() = Fixture("replicas-amended", "").plan();
    request.mutable_plan()->set_name(issued.name());
    request.mutable_plan()->set_etag(issued.etag());
    request.mutable_plan()->set_title(absl::StrCat("Amended through ", who));
    request.set_reason(absl::StrCat("amended through ", who));
    request.set_request_id(absl::StrCat("replicas-amend-", who));
    return request;
  };
  const v1::AmendPlanRequest via_a = amend("A");
  const v1::AmendPlanRequest via_b = amend("B");
  v1::PlanService::Stub* a = a_.get();
  v1::PlanService::Stub* b = b_.get();
  std::vector<Answer> answers =
      AllAtOnce<Answer>({[&] {
                           Answer answer;
                           answer.status = a->AmendPlan(Call().get(), via_a, &answer.plan);
                           return answer;
                         },
                         [&] {
                           Answer answer;
                           answer.status = b->AmendPlan(Call().get(), via_b, &answer.plan);
                           return answer;
                         }});
  ASSERT_NE(answers[0].status.ok(), answers[1].status.ok())
      << "A: " << answers[0].status.error_message()
      << " / B: " << answers[1].status.error_message();
  const Answer& winner = answers[0].status.ok() ? answers[0] : answers[1];
  const Answer& loser = answers[0].status.ok() ? answers[1] : answers[0];
  EXPECT_EQ(loser.status.error_code(), grpc::StatusCode::ABORTED) << loser.status.error_message();
  EXPECT_EQ(winner.plan.revision(), 2);
  for (v1::PlanService::Stub* stub : {a, b}) {
    v1::ListPlanRevisionsRequest request;
    request.set_name(issued.name());
    v1::ListPlanRevisionsResponse revisions;
    status = stub->ListPlanRevisions(Call().get(), request, &revisions);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(revisions.plans_size(), 2);
    EXPECT_EQ(revisions.plans(1).revision(), 2);
    EXPECT_EQ(revisions.plans(1).title(), winner.plan.title());
    Answer current = Get(stub, issued.name());
    ASSERT_TRUE(current.status.ok());
    EXPECT_EQ(current.plan.revision(), 2);
    EXPECT_EQ(current.plan.etag(), winner.plan.etag());
  }
}

// (3) Every write acknowledged by either replica has moved the plans
// version counter in Redis by the time the client hears of it, and the
// other replica reads the write right after.
TEST_F(ReplicasTest, EveryAcknowledgedWriteMovesTheCounterAndIsReadOnTheOtherReplica) {
  int64_t counter = Counter();
  for (int i = 0; i < 6; ++i) {
    SCOPED_TRACE(i);
    v1::PlanService::Stub* writer = i % 2 == 0 ? a_.get() : b_.get();
    v1::PlanService::Stub* reader = i % 2 == 0 ? b_.get() : a_.get();
    Answer created = Create(writer, Fixture(absl::StrCat("replicas-counted-", i),
                                            absl::StrCat("replicas-counted-", i)));
    ASSERT_TRUE(created.status.ok()) << created.status.error_message();
    const int64_t after_create = Counter();
    EXPECT_GT(after_create, counter) << "CreatePlan acknowledged without a version bump";
    Answer read = Get(reader, created.plan.name());
    ASSERT_TRUE(read.status.ok()) << read.status.error_message();
    EXPECT_EQ(Diff(created.plan, read.plan), "");

    // An update through the writer, read back through the other replica.
    v1::UpdatePlanRequest update;
    update.mutable_plan()->set_name(created.plan.name());
    update.mutable_plan()->set_etag(created.plan.etag());
    update.mutable_plan()->set_title(absl::StrCat("Counted ", i));
    update.mutable_update_mask()->add_paths("title");
    update.set_request_id(absl::StrCat("replicas-counted-update-", i));
    v1::Plan updated;
    grpc::Status status = writer->UpdatePlan(Call().get(), update, &updated);
    ASSERT_TRUE(status.ok()) << status.error_message();
    counter = Counter();
    EXPECT_GT(counter, after_create) << "UpdatePlan acknowledged without a version bump";
    read = Get(reader, created.plan.name());
    ASSERT_TRUE(read.status.ok());
    EXPECT_EQ(read.plan.etag(), updated.etag());
    EXPECT_EQ(read.plan.title(), absl::StrCat("Counted ", i));
  }
}

// The national digests the gateway asks for on every view are kept until a
// write (common/server/read_memo.h): a write on one replica must end what
// the other keeps, or the ministry's view would miss a plan issued through
// A for as long as nobody wrote through B.
TEST_F(ReplicasTest, APlanWrittenOnOneReplicaIsInTheOthersDigests) {
  v1::ListPlanDigestsRequest request;
  request.set_year(2024);
  request.set_page_size(20000);
  auto digests_on_b = [&]() -> std::vector<std::string> {
    v1::ListPlanDigestsResponse response;
    grpc::Status status = b_->ListPlanDigests(Call().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const v1::PlanDigest& digest : response.digests()) names.push_back(digest.name());
    return names;
  };
  // B computes and keeps its answer (asked twice: the second is kept).
  const std::vector<std::string> before = digests_on_b();
  EXPECT_EQ(digests_on_b(), before);
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    Answer created = Create(a_.get(), Fixture(absl::StrCat("replicas-digest-", i),
                                              absl::StrCat("replicas-digest-", i)));
    ASSERT_TRUE(created.status.ok()) << created.status.error_message();
    EXPECT_THAT(digests_on_b(), ::testing::Contains(created.plan.name()))
        << "replica B answered from what it kept before A's write";
  }
}

}  // namespace
}  // namespace interplan
