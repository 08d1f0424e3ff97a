// The suite's retry policy as published (common/client/retry_service_config.json,
// embedded by the build) and what it relies on: a retry resends the same
// request, so every write of the API carries a request_id.
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/client/retry_service_config.h"
#include "common/client/service_address.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "interplan/agencies/v1/agencies.grpc.pb.h"
#include "interplan/agencies/v1/credentials.grpc.pb.h"
#include "interplan/agencies/v1/units.grpc.pb.h"
#include "interplan/campaigns/v1/campaigns.grpc.pb.h"
#include "interplan/plans/v1/plans.grpc.pb.h"
#include "interplan/reporting/v1/reporting.grpc.pb.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"

namespace interplan {
namespace {

using ::testing::ElementsAre;

TEST(RetryPolicyTest, TheEmbeddedPolicyIsThePublishedFile) {
  EXPECT_EQ(
      std::string(kRetryServiceConfigJson),
      testing::ReadFileOrEmpty(testing::SourcePath("common/client/retry_service_config.json")));
}

TEST(RetryPolicyTest, TheEmbeddedDependencyPolicyIsThePublishedFile) {
  EXPECT_EQ(std::string(kDependencyRetryServiceConfigJson),
            testing::ReadFileOrEmpty(
                testing::SourcePath("common/client/dependency_retry_service_config.json")));
}

// A UnitService whose GetUnit is always UNAVAILABLE and asks to be retried
// after 1 ms (grpc-retry-pushback-ms), counting the attempts it sees.
class AlwaysUnavailableUnits final : public agencies::v1::UnitService::Service {
 public:
  grpc::Status GetUnit(grpc::ServerContext* context, const agencies::v1::GetUnitRequest*,
                       agencies::v1::Unit*) override {
    attempts_.fetch_add(1);
    context->AddTrailingMetadata("grpc-retry-pushback-ms", "1");
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "draining");
  }
  int TakeAttempts() { return attempts_.exchange(0); }

 private:
  std::atomic<int> attempts_{0};
};

// How many attempts one GetUnit on `channel` makes against `units`.
int AttemptsOfOneCall(const std::shared_ptr<grpc::Channel>& channel,
                      AlwaysUnavailableUnits& units) {
  units.TakeAttempts();
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
  agencies::v1::GetUnitRequest request;
  request.set_name("units/79");
  agencies::v1::Unit unit;
  const grpc::Status status =
      agencies::v1::UnitService::NewStub(channel)->GetUnit(&context, request, &unit);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  return units.TakeAttempts();
}

// Each kind of channel carries its own policy, and only its own: gRPC keeps
// the first service config a channel is given.
TEST(RetryPolicyTest, EachChannelMakesTheAttemptsItsPolicySays) {
  AlwaysUnavailableUnits units;
  absl::StatusOr<int> port = testing::PickUnusedPort();
  ASSERT_TRUE(port.ok()) << port.status();
  const std::string address = absl::StrCat("127.0.0.1:", *port);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials());
  builder.RegisterService(&units);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);

  EXPECT_EQ(AttemptsOfOneCall(OpenChannel(address), units), 5);
  EXPECT_EQ(AttemptsOfOneCall(OpenDependencyChannel(address), units), 2);
  EXPECT_EQ(AttemptsOfOneCall(OpenProbeChannel(address), units), 1);
  server->Shutdown();
}

TEST(RetryPolicyTest, RetriesUnavailableAndResourceExhaustedForEveryMethod) {
  google::protobuf::Struct config;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(kRetryServiceConfigJson, &config).ok());
  const auto& method_configs = config.fields().at("methodConfig").list_value().values();
  ASSERT_EQ(method_configs.size(), 1);
  const auto& method_config = method_configs[0].struct_value().fields();
  // One empty name: every method of every service.
  const auto& names = method_config.at("name").list_value().values();
  ASSERT_EQ(names.size(), 1);
  EXPECT_TRUE(names[0].struct_value().fields().empty());
  const auto& policy = method_config.at("retryPolicy").struct_value().fields();
  EXPECT_LE(policy.at("maxAttempts").number_value(), 5);  // gRPC's cap
  std::vector<std::string> codes;
  for (const auto& code : policy.at("retryableStatusCodes").list_value().values()) {
    codes.push_back(code.string_value());
  }
  EXPECT_THAT(codes, ElementsAre("UNAVAILABLE", "RESOURCE_EXHAUSTED"));
}

TEST(RetryPolicyTest, EveryWriteOfTheApiTakesARequestId) {
  int writes = 0;
  // Every service of every file of the API (a message of each file names it).
  std::vector<const google::protobuf::ServiceDescriptor*> services;
  for (const google::protobuf::FileDescriptor* file :
       {agencies::v1::CreateAgencyRequest::descriptor()->file(),
        agencies::v1::ImportUnitsRequest::descriptor()->file(),
        agencies::v1::CreateApiKeyRequest::descriptor()->file(),
        plans::v1::CreatePlanRequest::descriptor()->file(),
        reporting::v1::SubmitReportRequest::descriptor()->file(),
        campaigns::v1::CreateCampaignRequest::descriptor()->file()}) {
    for (int i = 0; i < file->service_count(); ++i) services.push_back(file->service(i));
  }
  EXPECT_GE(services.size(), 6u);
  for (const google::protobuf::ServiceDescriptor* service : services) {
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* method = service->method(i);
      bool write = false;
      for (const char* verb :
           {"Create", "BatchCreate", "Update", "Retire", "Revoke", "Import", "Record", "Correct",
            "Submit", "Accept", "Return", "Issue", "Amend", "Withdraw", "Close", "Open"}) {
        write = write || absl::StartsWith(method->name(), verb);
      }
      // Reads a document into a draft and stores nothing: a retry is harmless.
      if (method->full_name() == "interplan.plans.v1.PlanService.ImportPlanDocument") continue;
      if (!write) continue;
      ++writes;
      EXPECT_NE(method->input_type()->FindFieldByName("request_id"), nullptr)
          << method->full_name() << " writes without a request_id: a retry could apply it twice";
    }
  }
  EXPECT_GT(writes, 20);
}

}  // namespace
}  // namespace interplan
