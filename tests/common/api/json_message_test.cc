// ReadJsonMessage: protobuf JSON in, and where it does not fit, the path as
// the writer wrote it.
#include "common/api/json_message.h"

#include <string>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "interplan/plans/v1/plans.pb.h"

namespace interplan {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
namespace v1 = ::interplan::plans::v1;

TEST(JsonMessageTest, ReadsAMessage) {
  v1::CreatePlanRequest request;
  ASSERT_TRUE(ReadJsonMessage(R"({"planId": "go-vap", "plan": {"title": "Kế hoạch",
      "sections": [{"code": "I", "tasks": [{"code": "1", "lead": "agencies/a"}]}]}})",
                              &request)
                  .ok());
  EXPECT_EQ(request.plan_id(), "go-vap");
  EXPECT_EQ(request.plan().sections(0).tasks(0).lead(), "agencies/a");
}

TEST(JsonMessageTest, AnUnknownFieldIsNamedByItsPathAsWritten) {
  // protobuf's parser says "plan.sections[0].sections[1][1].targets[1]" here.
  v1::CreatePlanRequest request;
  absl::Status status = ReadJsonMessage(R"({"plan": {"sections": [{"code": "II", "sections": [
      {"code": "1"},
      {"code": "2", "targets": [{"code": "a"}, {"code": "b", "comparator": "AT_LEAST"}]}]}]}})",
                                        &request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "plan.sections[0].sections[1].targets[1].comparator: no such field in "
            "interplan.plans.v1.Target");
}

TEST(JsonMessageTest, AWrongValueIsNamedByTheObjectHoldingIt) {
  v1::CreatePlanRequest request;
  absl::Status status = ReadJsonMessage(
      R"({"plan": {"sections": [{"code": "I"}, {"code": "II", "tasks": [{"code": "1"},
          {"code": "2", "startDate": {"year": "not a year"}}]}]}})",
      &request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), StartsWith("plan.sections[1].tasks[1].startDate: "));

  status = ReadJsonMessage(R"({"plan": {"status": "NOT_A_STATUS"}})", &request);
  EXPECT_THAT(std::string(status.message()), StartsWith("plan: "));
  EXPECT_THAT(std::string(status.message()), HasSubstr("NOT_A_STATUS"));
}

TEST(JsonMessageTest, JsonThatIsNoObjectIsRefusedWithoutAPath) {
  v1::CreatePlanRequest request;
  absl::Status status = ReadJsonMessage(R"([{"planId": "a"}])", &request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(absl::StartsWith(status.message(), ":")) << status.message();
  EXPECT_FALSE(status.message().empty());
}

TEST(JsonMessageTest, TextThatIsNotJsonSaysSo) {
  v1::CreatePlanRequest request;
  absl::Status status = ReadJsonMessage(R"({"plan": {"title": )", &request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), StartsWith("not JSON: "));
}

}  // namespace
}  // namespace interplan
