// Tests of the pieces of the server runtime a handler meets: the call gate
// (readiness, guards, error conversion) and grpc.health.v1.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/call/call_context.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"
#include "common/server/call_gate.h"
#include "common/server/health_service.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "interplan/agencies/v1/units.grpc.pb.h"

namespace interplan {
namespace {

using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A guard that records that it ran and answers `result`.
class RecordingGuard : public CallGuard {
 public:
  RecordingGuard(std::string name, std::vector<std::string>* log,
                 absl::Status result = absl::OkStatus(), std::string principal = "")
      : name_(std::move(name)),
        log_(log),
        result_(std::move(result)),
        principal_(std::move(principal)) {}

  absl::Status Check(CallContext& call) override {
    log_->push_back(name_);
    if (!principal_.empty()) call.principal = auth::Principal{.credential = principal_};
    return result_;
  }

 private:
  std::string name_;
  std::vector<std::string>* log_;
  absl::Status result_;
  std::string principal_;
};

// A request of one method of the suite: CallGate names the call after it.
const interplan::agencies::v1::GetUnitRequest kRequest;

class CallGateTest : public ::testing::Test {
 protected:
  // Runs a handler that records its call and returns `result`.
  grpc::Status RunHandler(absl::Status result = absl::OkStatus()) {
    return gate_.Run(nullptr, kRequest, [&](const CallContext& call) {
      log_.push_back("handler");
      seen_principal_ = call.CallerName();
      return result;
    });
  }

  CallGate gate_;
  std::vector<std::string> log_;
  std::string seen_principal_;
};

TEST_F(CallGateTest, RefusesCallsBeforeItIsReady) {
  grpc::Status status = RunHandler();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(log_, IsEmpty());

  // A client is told to retry.
  google::rpc::RetryInfo retry;
  EXPECT_TRUE(GetRetryInfo(FromGrpcStatus(status), &retry));
  EXPECT_GT(retry.retry_delay().seconds() * 1000 + retry.retry_delay().nanos() / 1000000, 0);
}

TEST_F(CallGateTest, RunsTheHandlerOnceReady) {
  gate_.SetReady(true);
  grpc::Status status = RunHandler();
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(log_, ElementsAre("handler"));
}

TEST_F(CallGateTest, RefusesAgainWhileDraining) {
  gate_.SetReady(true);
  ASSERT_TRUE(RunHandler().ok());
  gate_.SetReady(false);
  EXPECT_EQ(RunHandler().error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(log_, ElementsAre("handler"));
}

TEST_F(CallGateTest, NotReadyRefusesBeforeAnyGuard) {
  gate_.AddGuard(std::make_unique<RecordingGuard>("auth", &log_));
  EXPECT_EQ(RunHandler().error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(log_, IsEmpty());
}

TEST_F(CallGateTest, RunsGuardsInOrderBeforeTheHandler) {
  gate_.AddGuard(std::make_unique<RecordingGuard>("first", &log_));
  gate_.AddGuard(std::make_unique<RecordingGuard>("second", &log_));
  gate_.AddGuard(std::make_unique<RecordingGuard>("third", &log_));
  gate_.SetReady(true);
  EXPECT_TRUE(RunHandler().ok());
  EXPECT_THAT(log_, ElementsAre("first", "second", "third", "handler"));
}

TEST_F(CallGateTest, AFailingGuardStopsTheCallWithItsStatus) {
  gate_.AddGuard(std::make_unique<RecordingGuard>("first", &log_));
  gate_.AddGuard(std::make_unique<RecordingGuard>(
      "auth", &log_,
      WithErrorInfo(absl::PermissionDeniedError("agencies/a may not write units/79"),
                    "OUTSIDE_JURISDICTION")));
  gate_.AddGuard(std::make_unique<RecordingGuard>("after", &log_));
  gate_.SetReady(true);

  grpc::Status status = RunHandler();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(status.error_message(), "agencies/a may not write units/79");
  EXPECT_THAT(log_, ElementsAre("first", "auth"));  // neither "after" nor "handler"

  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(FromGrpcStatus(status), &info));
  EXPECT_EQ(info.reason(), "OUTSIDE_JURISDICTION");
}

TEST_F(CallGateTest, TheHandlerSeesWhatGuardsLearned) {
  gate_.AddGuard(
      std::make_unique<RecordingGuard>("auth", &log_, absl::OkStatus(), "agencies/dong-nai-ubnd"));
  gate_.SetReady(true);
  ASSERT_TRUE(RunHandler().ok());
  EXPECT_EQ(seen_principal_, "agencies/dong-nai-ubnd");
}

TEST_F(CallGateTest, WithoutAServerContextThereIsNoDeadline) {
  gate_.SetReady(true);
  bool ran = false;
  grpc::Status status = gate_.Run(nullptr, kRequest, [&](const CallContext& call) {
    ran = true;
    EXPECT_EQ(call.server_context, nullptr);
    EXPECT_EQ(call.deadline, absl::InfiniteFuture());
    EXPECT_FALSE(call.principal.has_value());
    return absl::OkStatus();
  });
  EXPECT_TRUE(ran);
  EXPECT_TRUE(status.ok());
}

TEST_F(CallGateTest, ConvertsAHandlerErrorWithItsDetails) {
  gate_.SetReady(true);
  grpc::Status status = RunHandler(InvalidArgumentError(
      {{"agency.display_name", "must not be empty"}, {"agency.unit", "is required"}}));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("agency.display_name"));

  google::rpc::Status wire;
  ASSERT_TRUE(wire.ParseFromString(status.error_details()));
  EXPECT_EQ(wire.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  bool found = false;
  for (const auto& any : wire.details()) {
    if (!any.Is<google::rpc::BadRequest>()) continue;
    google::rpc::BadRequest bad_request;
    ASSERT_TRUE(any.UnpackTo(&bad_request));
    ASSERT_EQ(bad_request.field_violations_size(), 2);
    EXPECT_EQ(bad_request.field_violations(0).field(), "agency.display_name");
    EXPECT_EQ(bad_request.field_violations(1).field(), "agency.unit");
    found = true;
  }
  EXPECT_TRUE(found);
}

TEST_F(CallGateTest, ConvertsNotFoundAndAborted) {
  gate_.SetReady(true);
  grpc::Status not_found =
      RunHandler(ResourceNotFoundError("interplan.agencies.v1.Unit", "units/99"));
  EXPECT_EQ(not_found.error_code(), grpc::StatusCode::NOT_FOUND);
  google::rpc::ResourceInfo info;
  ASSERT_TRUE(GetResourceInfo(FromGrpcStatus(not_found), &info));
  EXPECT_EQ(info.resource_name(), "units/99");

  EXPECT_EQ(RunHandler(EtagMismatchError("agencies/a")).error_code(), grpc::StatusCode::ABORTED);
}

TEST_F(CallGateTest, LogsInternalErrors) {
  gate_.SetReady(true);
  ::testing::internal::CaptureStderr();
  grpc::Status status = RunHandler(absl::InternalError("disk on fire"));
  std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message(), "disk on fire");
  EXPECT_THAT(log, HasSubstr("internal error"));
  EXPECT_THAT(log, HasSubstr("disk on fire"));

  ::testing::internal::CaptureStderr();
  RunHandler(absl::NotFoundError("ordinary"));
  EXPECT_THAT(::testing::internal::GetCapturedStderr(), IsEmpty());
}

// A real service whose handler goes through a CallGate, to see what the
// gate takes from a real grpc::ServerContext.
class GatedService final : public interplan::agencies::v1::UnitService::Service {
 public:
  explicit GatedService(CallGate* gate) : gate_(gate) {}

  grpc::Status GetUnit(grpc::ServerContext* context,
                       const interplan::agencies::v1::GetUnitRequest* request,
                       interplan::agencies::v1::Unit* response) override {
    return gate_->Run(context, *request, [&](const CallContext& call) {
      seen_ = call;
      response->set_name(request->name());
      return absl::OkStatus();
    });
  }

  const CallContext& seen() const { return seen_; }

 private:
  CallGate* gate_;
  CallContext seen_;
};

class CallGateServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    gate_.SetReady(true);
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = interplan::agencies::v1::UnitService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
  }

  grpc::Status Call(grpc::ClientContext* context) {
    interplan::agencies::v1::GetUnitRequest request;
    request.set_name("units/79");
    interplan::agencies::v1::Unit response;
    return stub_->GetUnit(context, request, &response);
  }

  CallGate gate_;
  GatedService service_{&gate_};
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<interplan::agencies::v1::UnitService::Stub> stub_;
};

TEST_F(CallGateServerTest, PassesTheCallersDeadlineOn) {
  grpc::ClientContext context;
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  context.set_deadline(absl::ToChronoTime(deadline));
  grpc::Status status = Call(&context);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_NE(service_.seen().server_context, nullptr);
  EXPECT_NE(service_.seen().deadline, absl::InfiniteFuture());
  EXPECT_LT(absl::AbsDuration(service_.seen().deadline - deadline), absl::Seconds(2));
}

TEST_F(CallGateServerTest, NoDeadlineIsInfiniteFuture) {
  grpc::ClientContext context;
  grpc::Status status = Call(&context);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(service_.seen().deadline, absl::InfiniteFuture());
}

TEST_F(CallGateServerTest, TellsTheHandlerTheMethodName) {
  grpc::ClientContext context;
  ASSERT_TRUE(Call(&context).ok());
  EXPECT_EQ(service_.seen().method, "/interplan.agencies.v1.UnitService/GetUnit");
}

TEST(DeliverTest, MovesTheResultIntoTheResponse) {
  google::rpc::ResourceInfo response;
  google::rpc::ResourceInfo result;
  result.set_resource_name("units/79");
  ASSERT_TRUE(Deliver(absl::StatusOr<google::rpc::ResourceInfo>(result), &response).ok());
  EXPECT_EQ(response.resource_name(), "units/79");
}

TEST(DeliverTest, PassesAnErrorOnAndLeavesTheResponse) {
  google::rpc::ResourceInfo response;
  response.set_resource_name("untouched");
  absl::Status status = Deliver(
      absl::StatusOr<google::rpc::ResourceInfo>(absl::NotFoundError("units/99")), &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(response.resource_name(), "untouched");
}

// Health, called directly as the gRPC runtime would.
HealthCheckResponse::ServingStatus CheckStatus(HealthService& health, const std::string& service,
                                               grpc::StatusCode* code = nullptr) {
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  grpc::Status status = health.Check(nullptr, &request, &response);
  if (code != nullptr) *code = status.error_code();
  EXPECT_TRUE(status.ok()) << service << ": " << status.error_message();
  return response.status();
}

TEST(HealthServiceTest, ServerIsNotServingUntilStartUpCompletes) {
  HealthService health;
  EXPECT_EQ(CheckStatus(health, ""), HealthCheckResponse::NOT_SERVING);
  health.SetAll(HealthCheckResponse::SERVING);
  EXPECT_EQ(CheckStatus(health, ""), HealthCheckResponse::SERVING);
  health.SetAll(HealthCheckResponse::NOT_SERVING);  // draining
  EXPECT_EQ(CheckStatus(health, ""), HealthCheckResponse::NOT_SERVING);
}

TEST(HealthServiceTest, UnknownServiceIsNotFound) {
  HealthService health;
  health.AddService("interplan.agencies.v1.Units");
  health.SetAll(HealthCheckResponse::SERVING);
  HealthCheckRequest request;
  request.set_service("interplan.plans.v1.Plans");
  HealthCheckResponse response;
  grpc::Status status = health.Check(nullptr, &request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("interplan.plans.v1.Plans"));
}

TEST(HealthServiceTest, RegisteredServicesFollowSetAll) {
  HealthService health;
  health.AddService("interplan.agencies.v1.Units");
  health.AddService("interplan.agencies.v1.Agencies");
  EXPECT_EQ(CheckStatus(health, "interplan.agencies.v1.Units"), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(CheckStatus(health, "interplan.agencies.v1.Agencies"),
            HealthCheckResponse::NOT_SERVING);

  health.SetAll(HealthCheckResponse::SERVING);
  EXPECT_EQ(CheckStatus(health, "interplan.agencies.v1.Units"), HealthCheckResponse::SERVING);
  EXPECT_EQ(CheckStatus(health, "interplan.agencies.v1.Agencies"), HealthCheckResponse::SERVING);

  health.SetAll(HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(CheckStatus(health, "interplan.agencies.v1.Units"), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(CheckStatus(health, "interplan.agencies.v1.Agencies"),
            HealthCheckResponse::NOT_SERVING);
}

TEST(HealthServiceTest, AServiceAddedLaterTakesTheServerStatus) {
  HealthService health;
  health.SetAll(HealthCheckResponse::SERVING);
  health.AddService("interplan.agencies.v1.Units");
  EXPECT_EQ(CheckStatus(health, "interplan.agencies.v1.Units"), HealthCheckResponse::SERVING);
}

// Watch needs a real stream: serve the health service in-process.
class HealthWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&health_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port_, 0);
    stub_ = grpc::health::v1::Health::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    health_.Shutdown();
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
  }

  std::unique_ptr<grpc::ClientReader<HealthCheckResponse>> Watch(grpc::ClientContext* context,
                                                                 const std::string& service) {
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    HealthCheckRequest request;
    request.set_service(service);
    return stub_->Watch(context, request);
  }

  HealthService health_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::health::v1::Health::Stub> stub_;
};

TEST_F(HealthWatchTest, StreamsChangesUntilShutdown) {
  health_.AddService("interplan.agencies.v1.Units");
  grpc::ClientContext context;
  auto reader = Watch(&context, "interplan.agencies.v1.Units");
  HealthCheckResponse response;
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);

  health_.SetAll(HealthCheckResponse::SERVING);
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);

  health_.SetAll(HealthCheckResponse::NOT_SERVING);
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::NOT_SERVING);

  // Shutdown ends the stream so it does not hold the drain up.
  health_.Shutdown();
  EXPECT_FALSE(reader->Read(&response));
  grpc::Status status = reader->Finish();
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(HealthWatchTest, UnknownServiceIsServiceUnknownNotAnError) {
  grpc::ClientContext context;
  auto reader = Watch(&context, "interplan.plans.v1.Plans");
  HealthCheckResponse response;
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVICE_UNKNOWN);

  // ... and it is streamed when the service appears.
  health_.SetAll(HealthCheckResponse::SERVING);
  health_.AddService("interplan.plans.v1.Plans");
  ASSERT_TRUE(reader->Read(&response));
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
  context.TryCancel();
}

}  // namespace
}  // namespace interplan
