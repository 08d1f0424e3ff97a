// ReadJsonMessage: protobuf JSON in, and where it does not fit, the path as
// the writer wrote it.
#include "common/api/json_message.h"

#include <string>

#include "absl/strings/match.h"
#include "common/api/json_syntax.h"
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

TEST(JsonMessageTest, NotJsonGivesTheLineAndColumn) {
  v1::CreatePlanRequest request;
  absl::Status status = ReadJsonMessage("{\n  \"planId\": \"a\"\n  \"plan\": {}\n}", &request);
  EXPECT_EQ(status.message(),
            "not JSON: line 3, column 3: expected ',' or '}' after an object member");
  status = ReadJsonMessage("{\"plan\": {\"title\": \"Kế hoạch}}", &request);
  EXPECT_EQ(status.message(),
            "not JSON: line 1, column 31: a string is not closed (missing '\"') (the text ends "
            "here)");
  status = ReadJsonMessage("{\"plan\": {\"title\": ", &request);
  EXPECT_EQ(status.message(), "not JSON: line 1, column 20: expected a value (the text ends here)");
}

TEST(JsonMessageTest, ADateWrittenAsTextIsShownItsShape) {
  v1::CreatePlanRequest request;
  absl::Status status = ReadJsonMessage(
      R"({"plan": {"sections": [{"code": "I", "tasks": [{"code": "1",
          "startDate": "2023-03-01"}]}]}})",
      &request);
  EXPECT_EQ(status.message(),
            "plan.sections[0].tasks[0].startDate: a date is written as an object, e.g. "
            "{\"year\": 2023, \"month\": 3, \"day\": 1} (day, or month and day, left out for "
            "a month or a year), not the string \"2023-03-01\"");
  status = ReadJsonMessage(R"({"plan": {"sections": ["I"]}})", &request);
  EXPECT_THAT(std::string(status.message()),
              StartsWith("plan.sections[0]: expected an object like {\"code\": ..."));
  EXPECT_THAT(std::string(status.message()), HasSubstr("not the string \"I\""));
}

TEST(JsonSyntaxTest, JsonIsNoError) {
  EXPECT_FALSE(
      FindJsonSyntaxError(R"( {"a": [1, -2.5e3, true, false, null, "x\"y\u00e9"]} )").has_value());
  EXPECT_FALSE(FindJsonSyntaxError("\xEF\xBB\xBF{}").has_value());
  std::optional<JsonSyntaxError> deep = FindJsonSyntaxError(std::string(500, '['));
  ASSERT_TRUE(deep.has_value());
  EXPECT_EQ(deep->message, "nested too deeply");
  std::optional<JsonSyntaxError> after = FindJsonSyntaxError("{}\n{}");
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->line, 2);
  EXPECT_EQ(after->column, 1);
}

}  // namespace
}  // namespace interplan
