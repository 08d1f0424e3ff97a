#include "common/errors/grpc_status.h"

#include <grpcpp/support/status.h>

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "google/protobuf/any.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace interplan {
namespace {

using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// Every payload of `status`, keyed by type URL.
std::map<std::string, std::string> PayloadsOf(const absl::Status& status) {
  std::map<std::string, std::string> payloads;
  status.ForEachPayload([&payloads](absl::string_view url, const absl::Cord& value) {
    payloads[std::string(url)] = std::string(value);
  });
  return payloads;
}

// A status with three kinds of detail.
absl::Status RichStatus() {
  return WithRetryInfo(InvalidArgumentError({{"agency.display_name", "must not be empty"},
                                             {"agency.unit", "\"units/x\" is not a unit"}}),
                       absl::Seconds(2));
}

TEST(ToGrpcStatusTest, OkIsOkWithoutDetails) {
  grpc::Status status = ToGrpcStatus(absl::OkStatus());
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.error_details(), "");
}

TEST(ToGrpcStatusTest, KeepsCodeAndMessage) {
  grpc::Status status = ToGrpcStatus(absl::NotFoundError("units/99 not found"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "units/99 not found");

  EXPECT_EQ(ToGrpcStatus(EtagMismatchError("plans/1")).error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ToGrpcStatus(absl::PermissionDeniedError("no")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ToGrpcStatus(UnavailableError("later", absl::Seconds(1))).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST(ToGrpcStatusTest, ErrorDetailsAreAGoogleRpcStatusWithAnyDetails) {
  absl::Status original = RichStatus();
  grpc::Status status = ToGrpcStatus(original);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  google::rpc::Status wire;
  ASSERT_TRUE(wire.ParseFromString(status.error_details()));
  EXPECT_EQ(wire.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(wire.message(), status.error_message());
  EXPECT_EQ(wire.message(), std::string(original.message()));

  std::vector<std::string> urls;
  for (const google::protobuf::Any& any : wire.details()) urls.push_back(any.type_url());
  EXPECT_THAT(urls, UnorderedElementsAre("type.googleapis.com/google.rpc.BadRequest",
                                         "type.googleapis.com/google.rpc.ErrorInfo",
                                         "type.googleapis.com/google.rpc.RetryInfo"));

  // Each Any unpacks as the message its URL names.
  bool saw_bad_request = false;
  for (const google::protobuf::Any& any : wire.details()) {
    if (any.Is<google::rpc::BadRequest>()) {
      google::rpc::BadRequest bad_request;
      ASSERT_TRUE(any.UnpackTo(&bad_request));
      ASSERT_EQ(bad_request.field_violations_size(), 2);
      EXPECT_EQ(bad_request.field_violations(0).field(), "agency.display_name");
      EXPECT_EQ(bad_request.field_violations(0).description(), "must not be empty");
      EXPECT_EQ(bad_request.field_violations(1).field(), "agency.unit");
      saw_bad_request = true;
    } else if (any.Is<google::rpc::ErrorInfo>()) {
      google::rpc::ErrorInfo info;
      ASSERT_TRUE(any.UnpackTo(&info));
      EXPECT_EQ(info.reason(), "INVALID_FIELD");
      EXPECT_EQ(info.domain(), "interplan.gov.vn");
    } else if (any.Is<google::rpc::RetryInfo>()) {
      google::rpc::RetryInfo retry;
      ASSERT_TRUE(any.UnpackTo(&retry));
      EXPECT_EQ(retry.retry_delay().seconds(), 2);
    } else {
      ADD_FAILURE() << "unexpected detail " << any.type_url();
    }
  }
  EXPECT_TRUE(saw_bad_request);
}

TEST(ToGrpcStatusTest, ResourceInfoTravelsAsAnAny) {
  grpc::Status status =
      ToGrpcStatus(ResourceNotFoundError("interplan.agencies.v1.Unit", "units/99"));
  google::rpc::Status wire;
  ASSERT_TRUE(wire.ParseFromString(status.error_details()));
  bool found = false;
  for (const google::protobuf::Any& any : wire.details()) {
    if (any.type_url() != "type.googleapis.com/google.rpc.ResourceInfo") continue;
    google::rpc::ResourceInfo info;
    ASSERT_TRUE(any.UnpackTo(&info));
    EXPECT_EQ(info.resource_type(), "interplan.agencies.v1.Unit");
    EXPECT_EQ(info.resource_name(), "units/99");
    found = true;
  }
  EXPECT_TRUE(found);
}

TEST(FromGrpcStatusTest, OkIsOk) { EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok()); }

TEST(FromGrpcStatusTest, RoundTripKeepsCodeMessageAndEveryDetail) {
  const absl::Status statuses[] = {
      RichStatus(),
      ResourceNotFoundError("interplan.agencies.v1.Unit", "units/99", "merged"),
      EtagMismatchError("agencies/a"),
      UnavailableError("database is restarting", absl::Milliseconds(250)),
      absl::InternalError("no details at all"),
  };
  for (const absl::Status& original : statuses) {
    SCOPED_TRACE(original.ToString());
    absl::Status back = FromGrpcStatus(ToGrpcStatus(original));
    EXPECT_EQ(back.code(), original.code());
    EXPECT_EQ(back.message(), original.message());
    EXPECT_EQ(PayloadsOf(back), PayloadsOf(original));
    EXPECT_EQ(back, original);
  }
}

TEST(FromGrpcStatusTest, ReceivedDetailsWorkWithTheAccessors) {
  absl::Status back = FromGrpcStatus(ToGrpcStatus(RichStatus()));
  EXPECT_EQ(FieldViolationsOf(back).size(), 2u);
  google::rpc::RetryInfo retry;
  ASSERT_TRUE(GetRetryInfo(back, &retry));
  EXPECT_EQ(retry.retry_delay().seconds(), 2);
  std::string text = DescribeStatus(back);
  EXPECT_THAT(text, ::testing::HasSubstr("agency.display_name: must not be empty"));
  EXPECT_THAT(text, ::testing::HasSubstr("agency.unit: \"units/x\" is not a unit"));
}

TEST(FromGrpcStatusTest, AStatusFromAnotherServerWithoutDetails) {
  absl::Status status =
      FromGrpcStatus(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "too slow"));
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(status.message(), "too slow");
  EXPECT_THAT(PayloadsOf(status), IsEmpty());
}

TEST(FromGrpcStatusTest, UnreadableDetailsAreDroppedButTheCodeKept) {
  absl::Status status =
      FromGrpcStatus(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down", "\xff\xff not a proto"));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(status.message(), "down");
  EXPECT_THAT(PayloadsOf(status), IsEmpty());
}

TEST(FromGrpcStatusTest, ReadsDetailsBuiltByAnotherImplementation) {
  // What a server in another language sends: a google.rpc.Status built by hand.
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field("plan.title");
  violation->set_description("must not be empty");
  google::rpc::Status wire;
  wire.set_code(static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  wire.set_message("plan.title: must not be empty");
  wire.add_details()->PackFrom(bad_request);

  absl::Status status = FromGrpcStatus(
      grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, wire.message(), wire.SerializeAsString()));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  std::vector<FieldViolation> violations = FieldViolationsOf(status);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "plan.title");
  EXPECT_EQ(violations[0].description, "must not be empty");
}

}  // namespace
}  // namespace interplan
