// Fanout against a tiny in-process gRPC server (grpc.health.v1.Health,
// whose Check answers at once, slowly, or with an error depending on the
// service name asked for): every call runs at once, the deadline cuts the
// late ones off, and each failure is reported with its service and why.
#include "gateway/fanout.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/subprocess.h"

namespace interplan::gateway {
namespace {

using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using ::testing::HasSubstr;

// "slow": answers after 5 s unless cancelled first; "fail": UNAVAILABLE;
// "missing": NOT_FOUND; anything else: SERVING at once.
class Answers final : public Health::Service {
 public:
  grpc::Status Check(grpc::ServerContext* context, const HealthCheckRequest* request,
                     HealthCheckResponse* response) override {
    if (request->service() == "slow") {
      const absl::Time until = absl::Now() + absl::Seconds(5);
      while (absl::Now() < until && !context->IsCancelled()) {
        absl::SleepFor(absl::Milliseconds(5));
      }
    } else if (request->service() == "fail") {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "drill");
    } else if (request->service() == "missing") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such thing");
    }
    response->set_status(HealthCheckResponse::SERVING);
    return grpc::Status::OK;
  }
};

class FanoutTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    service_ = new Answers;
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_);
    server_ = builder.BuildAndStart().release();
    ASSERT_NE(server_, nullptr);
    address_ = new std::string(absl::StrCat("127.0.0.1:", port));
  }
  static void TearDownTestSuite() {
    server_->Shutdown(std::chrono::system_clock::now());
    delete server_;
    delete service_;
    delete address_;
  }

  void SetUp() override {
    stub_ = Health::NewStub(grpc::CreateChannel(*address_, grpc::InsecureChannelCredentials()));
  }

  using CheckCall = Fanout::Call<HealthCheckRequest, HealthCheckResponse>;

  CheckCall* Check(Fanout& fanout, v1::Section section, const std::string& what,
                   Health::Stub* stub = nullptr, bool not_found_is_answer = false) {
    HealthCheckRequest request;
    request.set_service(what);
    Health::Stub* target = stub != nullptr ? stub : stub_.get();
    return fanout.Start<HealthCheckRequest, HealthCheckResponse>(
        section, absl::StrCat("Check ", what), request,
        [target](auto* q, auto* r, AsyncCall* c, CallDone cb) {
          target->async()->Check(c->context(), q, r, AsyncCall::GrpcDone(std::move(cb)));
        },
        not_found_is_answer);
  }

  static google::protobuf::RepeatedPtrField<v1::SectionStatus> Sections(const Fanout& fanout) {
    google::protobuf::RepeatedPtrField<v1::SectionStatus> sections;
    fanout.ReportSections(&sections);
    return sections;
  }

  static const v1::SectionStatus* Find(
      const google::protobuf::RepeatedPtrField<v1::SectionStatus>& sections, v1::Section section) {
    for (const auto& s : sections) {
      if (s.section() == section) return &s;
    }
    return nullptr;
  }

  static Answers* service_;
  static grpc::Server* server_;
  static std::string* address_;
  std::unique_ptr<Health::Stub> stub_;
};

Answers* FanoutTest::service_ = nullptr;
grpc::Server* FanoutTest::server_ = nullptr;
std::string* FanoutTest::address_ = nullptr;

TEST_F(FanoutTest, EveryCallAnswersLongBeforeTheDeadline) {
  const absl::Time start = absl::Now();
  Fanout fanout(start + absl::Seconds(10));
  CheckCall* units = Check(fanout, v1::SECTION_UNITS, "a");
  CheckCall* plans = Check(fanout, v1::SECTION_PLANS, "b");
  CheckCall* more_plans = Check(fanout, v1::SECTION_PLANS, "c");
  fanout.Wait();
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  for (CheckCall* call : {units, plans, more_plans}) {
    EXPECT_TRUE(call->ok()) << call->status.message();
    EXPECT_EQ(call->response.status(), HealthCheckResponse::SERVING);
  }
  const auto sections = Sections(fanout);
  ASSERT_EQ(sections.size(), 2);
  EXPECT_EQ(sections[0].section(), v1::SECTION_UNITS);
  EXPECT_TRUE(sections[0].available());
  EXPECT_EQ(sections[1].section(), v1::SECTION_PLANS);
  EXPECT_TRUE(sections[1].available());
  EXPECT_EQ(sections[1].reason(), "");
}

// The calls run side by side: three slow ones cut off at 300 ms take
// 300 ms together, not 900.
TEST_F(FanoutTest, ALateCallIsCancelledAtTheDeadlineAndTheOthersStand) {
  const absl::Time start = absl::Now();
  Fanout fanout(start + absl::Milliseconds(300));
  CheckCall* fast = Check(fanout, v1::SECTION_UNITS, "fast");
  CheckCall* slow = Check(fanout, v1::SECTION_CAMPAIGNS, "slow");
  Check(fanout, v1::SECTION_CAMPAIGNS, "slow");
  Check(fanout, v1::SECTION_REPORTING, "slow");
  fanout.Wait();
  const absl::Duration took = absl::Now() - start;
  EXPECT_GE(took, absl::Milliseconds(250));
  EXPECT_LT(took, absl::Milliseconds(800));
  EXPECT_TRUE(fast->ok());
  EXPECT_FALSE(slow->ok());
  EXPECT_THAT(slow->status.code(),
              ::testing::AnyOf(absl::StatusCode::kDeadlineExceeded, absl::StatusCode::kCancelled));
  const auto sections = Sections(fanout);
  ASSERT_NE(Find(sections, v1::SECTION_UNITS), nullptr);
  EXPECT_TRUE(Find(sections, v1::SECTION_UNITS)->available());
  const v1::SectionStatus* campaigns = Find(sections, v1::SECTION_CAMPAIGNS);
  ASSERT_NE(campaigns, nullptr);
  EXPECT_FALSE(campaigns->available());
  EXPECT_EQ(campaigns->reason(), "interplan-campaigns: Check slow: no answer before the deadline");
  ASSERT_NE(Find(sections, v1::SECTION_REPORTING), nullptr);
  EXPECT_FALSE(Find(sections, v1::SECTION_REPORTING)->available());
}

TEST_F(FanoutTest, OneFailedCallMakesItsSectionUnavailableWithTheReason) {
  Fanout fanout(absl::Now() + absl::Seconds(10));
  CheckCall* before = Check(fanout, v1::SECTION_REPORTING, "ok-1");
  CheckCall* failed = Check(fanout, v1::SECTION_REPORTING, "fail");
  CheckCall* after = Check(fanout, v1::SECTION_REPORTING, "ok-2");
  fanout.Wait();
  EXPECT_TRUE(before->ok());
  EXPECT_TRUE(after->ok());
  EXPECT_FALSE(failed->ok());
  const auto sections = Sections(fanout);
  ASSERT_EQ(sections.size(), 1);
  EXPECT_FALSE(sections[0].available());
  EXPECT_EQ(sections[0].reason(), "interplan-reporting: Check fail: unavailable: drill");
}

TEST_F(FanoutTest, NotFoundIsAnAnswerOnlyWhenTheCallSaysSo) {
  Fanout fanout(absl::Now() + absl::Seconds(10));
  CheckCall* answer = Check(fanout, v1::SECTION_CAMPAIGNS, "missing", nullptr, true);
  CheckCall* failure = Check(fanout, v1::SECTION_PLANS, "missing");
  fanout.Wait();
  EXPECT_TRUE(answer->not_found());
  EXPECT_TRUE(failure->not_found());
  const auto sections = Sections(fanout);
  ASSERT_NE(Find(sections, v1::SECTION_CAMPAIGNS), nullptr);
  EXPECT_TRUE(Find(sections, v1::SECTION_CAMPAIGNS)->available());
  ASSERT_NE(Find(sections, v1::SECTION_PLANS), nullptr);
  EXPECT_FALSE(Find(sections, v1::SECTION_PLANS)->available());
  EXPECT_EQ(Find(sections, v1::SECTION_PLANS)->reason(),
            "interplan-plans: Check missing: not found: no such thing");
}

// Nobody listening: the call fails at once, it does not wait for the
// deadline.
TEST_F(FanoutTest, AServiceThatIsDownFailsAtOnce) {
  absl::StatusOr<int> port = testing::PickUnusedPort();
  ASSERT_TRUE(port.ok());
  auto nobody = Health::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", *port), grpc::InsecureChannelCredentials()));
  const absl::Time start = absl::Now();
  Fanout fanout(start + absl::Seconds(10));
  CheckCall* down = Check(fanout, v1::SECTION_CAMPAIGNS, "anything", nobody.get());
  CheckCall* up = Check(fanout, v1::SECTION_UNITS, "anything");
  fanout.Wait();
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  EXPECT_TRUE(up->ok());
  EXPECT_EQ(down->status.code(), absl::StatusCode::kUnavailable);
  const auto sections = Sections(fanout);
  ASSERT_NE(Find(sections, v1::SECTION_CAMPAIGNS), nullptr);
  EXPECT_THAT(Find(sections, v1::SECTION_CAMPAIGNS)->reason(),
              HasSubstr("interplan-campaigns: Check anything: unavailable: "));
}

TEST_F(FanoutTest, ADeadlineAlreadyPassedFailsEveryCall) {
  Fanout fanout(absl::Now() - absl::Milliseconds(1));
  CheckCall* call = Check(fanout, v1::SECTION_UNITS, "fast");
  fanout.Wait();
  EXPECT_EQ(call->status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_FALSE(Sections(fanout)[0].available());
}

// Leaving without Wait() cancels what still runs instead of waiting for it.
TEST_F(FanoutTest, DestructionCancelsTheCallsStillRunning) {
  const absl::Time start = absl::Now();
  {
    Fanout fanout(start + absl::Seconds(30));
    Check(fanout, v1::SECTION_CAMPAIGNS, "slow");
    Check(fanout, v1::SECTION_PLANS, "slow");
  }
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

TEST(MergeSectionTest, ASectionIsAvailableOnlyIfEveryReportSaysSo) {
  google::protobuf::RepeatedPtrField<v1::SectionStatus> sections;
  v1::SectionStatus ok;
  ok.set_section(v1::SECTION_UNITS);
  ok.set_available(true);
  MergeSection(ok, &sections);
  v1::SectionStatus first_failure;
  first_failure.set_section(v1::SECTION_UNITS);
  first_failure.set_reason("interplan-agencies: BatchGetUnits: unavailable: down");
  MergeSection(first_failure, &sections);
  v1::SectionStatus second_failure = first_failure;
  second_failure.set_reason("later");
  MergeSection(second_failure, &sections);
  MergeSection(ok, &sections);
  ASSERT_EQ(sections.size(), 1);
  EXPECT_FALSE(sections[0].available());
  EXPECT_EQ(sections[0].reason(), "interplan-agencies: BatchGetUnits: unavailable: down");
  v1::SectionStatus plans = ok;
  plans.set_section(v1::SECTION_PLANS);
  MergeSection(plans, &sections);
  EXPECT_EQ(sections.size(), 2);
}

}  // namespace
}  // namespace interplan::gateway
