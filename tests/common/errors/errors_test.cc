#include "common/errors/errors.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace interplan {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::StartsWith;

MATCHER_P2(Violation, field, description, "") {
  return arg.field == field && arg.description == description;
}

TEST(TypeUrlTest, IsTheGoogleApisUrlOfTheFullName) {
  EXPECT_EQ(TypeUrlOf(google::rpc::BadRequest()), "type.googleapis.com/google.rpc.BadRequest");
  EXPECT_EQ(TypeUrlOf(google::rpc::ErrorInfo()), "type.googleapis.com/google.rpc.ErrorInfo");
  EXPECT_EQ(TypeUrlOf(google::rpc::RetryInfo()), "type.googleapis.com/google.rpc.RetryInfo");
}

TEST(FieldViolationsTest, StartsEmptyAndIsOk) {
  FieldViolations violations;
  EXPECT_TRUE(violations.empty());
  EXPECT_TRUE(violations.ToStatus().ok());
}

TEST(FieldViolationsTest, CollectsEveryViolationInOrder) {
  FieldViolations violations;
  violations.Add("agency.display_name", "must not be empty");
  violations.Add("agency.unit", "\"units/x\" is not a unit");
  EXPECT_FALSE(violations.empty());
  EXPECT_THAT(violations.violations(),
              ElementsAre(Violation("agency.display_name", "must not be empty"),
                          Violation("agency.unit", "\"units/x\" is not a unit")));

  absl::Status status = violations.ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldViolationsOf(status),
              ElementsAre(Violation("agency.display_name", "must not be empty"),
                          Violation("agency.unit", "\"units/x\" is not a unit")));
}

TEST(FieldViolationsTest, AddFromPrefixesNestedFieldPaths) {
  absl::Status nested =
      InvalidArgumentError({{"display_name", "must not be empty"}, {"unit", "is required"}});
  FieldViolations violations;
  violations.Add("request_id", "is required");
  violations.AddFrom("agency", nested);
  EXPECT_THAT(violations.violations(),
              ElementsAre(Violation("request_id", "is required"),
                          Violation("agency.display_name", "must not be empty"),
                          Violation("agency.unit", "is required")));
}

TEST(FieldViolationsTest, AddFromWithEmptyPrefixKeepsFieldPaths) {
  FieldViolations violations;
  violations.AddFrom("", InvalidFieldError("valid_to", "ends before it starts"));
  EXPECT_THAT(violations.violations(), ElementsAre(Violation("valid_to", "ends before it starts")));
}

TEST(FieldViolationsTest, AddFromAnEmptyNestedFieldNamesThePrefix) {
  FieldViolations violations;
  violations.AddFrom("agency", InvalidFieldError("", "must be set"));
  EXPECT_THAT(violations.violations(), ElementsAre(Violation("agency", "must be set")));
}

TEST(FieldViolationsTest, AddFromAStatusWithoutDetailsUsesItsMessage) {
  FieldViolations violations;
  violations.AddFrom("as_of", absl::InvalidArgumentError("month 13 is out of range"));
  EXPECT_THAT(violations.violations(), ElementsAre(Violation("as_of", "month 13 is out of range")));
}

TEST(FieldViolationsTest, AddFromOkAddsNothing) {
  FieldViolations violations;
  violations.AddFrom("agency", absl::OkStatus());
  EXPECT_TRUE(violations.empty());
  EXPECT_TRUE(violations.ToStatus().ok());
}

TEST(InvalidArgumentErrorTest, CarriesBadRequestWithEveryViolation) {
  absl::Status status = InvalidArgumentError({{"plan.title", "must not be empty"},
                                              {"plan.budget", "must not be negative"},
                                              {"plan.tasks[2].due", "needs a full date"}});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);

  // Read the payload directly, as a client decoding the wire would.
  absl::optional<absl::Cord> payload =
      status.GetPayload("type.googleapis.com/google.rpc.BadRequest");
  ASSERT_TRUE(payload.has_value());
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(bad_request.ParseFromString(std::string(*payload)));
  ASSERT_EQ(bad_request.field_violations_size(), 3);
  EXPECT_EQ(bad_request.field_violations(0).field(), "plan.title");
  EXPECT_EQ(bad_request.field_violations(0).description(), "must not be empty");
  EXPECT_EQ(bad_request.field_violations(1).field(), "plan.budget");
  EXPECT_EQ(bad_request.field_violations(1).description(), "must not be negative");
  EXPECT_EQ(bad_request.field_violations(2).field(), "plan.tasks[2].due");
  EXPECT_EQ(bad_request.field_violations(2).description(), "needs a full date");
}

TEST(InvalidArgumentErrorTest, CarriesErrorInfoInTheInterplanDomain) {
  absl::Status status =
      InvalidArgumentError({{"plan.title", "must not be empty"}, {"plan.budget", "is negative"}});
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(status, &info));
  EXPECT_EQ(info.reason(), "INVALID_FIELD");
  EXPECT_EQ(info.domain(), "interplan.gov.vn");
  EXPECT_EQ(info.domain(), kErrorDomain);
  EXPECT_THAT(info.metadata(), ::testing::Contains(Pair("field", "plan.title")));
}

TEST(InvalidArgumentErrorTest, MessageSummarisesTheViolations) {
  absl::Status one = InvalidFieldError("agency.display_name", "must not be empty");
  EXPECT_EQ(one.message(), "agency.display_name: must not be empty");

  absl::Status three =
      InvalidArgumentError({{"a", "is bad"}, {"b", "is worse"}, {"c", "is worst"}});
  EXPECT_THAT(std::string(three.message()), StartsWith("a: is bad"));
  EXPECT_THAT(std::string(three.message()), HasSubstr("2 more"));
}

TEST(InvalidArgumentErrorTest, InvalidFieldErrorIsOneViolation) {
  absl::Status status = InvalidFieldError("page_size", "must not be negative");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldViolationsOf(status),
              ElementsAre(Violation("page_size", "must not be negative")));
}

TEST(ResourceNotFoundErrorTest, CarriesResourceInfo) {
  absl::Status status = ResourceNotFoundError("interplan.agencies.v1.Unit", "units/99");
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("units/99"));

  google::rpc::ResourceInfo info;
  ASSERT_TRUE(GetResourceInfo(status, &info));
  EXPECT_EQ(info.resource_type(), "interplan.agencies.v1.Unit");
  EXPECT_EQ(info.resource_name(), "units/99");
  EXPECT_EQ(info.description(), "");

  google::rpc::ErrorInfo error_info;
  ASSERT_TRUE(GetErrorInfo(status, &error_info));
  EXPECT_EQ(error_info.reason(), "RESOURCE_NOT_FOUND");
  EXPECT_EQ(error_info.domain(), "interplan.gov.vn");
  EXPECT_THAT(error_info.metadata(), ::testing::Contains(Pair("resource", "units/99")));
  EXPECT_THAT(FieldViolationsOf(status), IsEmpty());
}

TEST(ResourceNotFoundErrorTest, KeepsTheDescription) {
  absl::Status status =
      ResourceNotFoundError("interplan.agencies.v1.Unit", "units/79", "was merged on 2025-07-01");
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("units/79"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("was merged on 2025-07-01"));
  google::rpc::ResourceInfo info;
  ASSERT_TRUE(GetResourceInfo(status, &info));
  EXPECT_EQ(info.description(), "was merged on 2025-07-01");
}

TEST(EtagMismatchErrorTest, IsAbortedNamingTheResource) {
  absl::Status status = EtagMismatchError("agencies/dong-nai-ubnd");
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted);
  EXPECT_THAT(std::string(status.message()), HasSubstr("agencies/dong-nai-ubnd"));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(status, &info));
  EXPECT_EQ(info.reason(), "ETAG_MISMATCH");
  EXPECT_EQ(info.domain(), "interplan.gov.vn");
  EXPECT_THAT(info.metadata(), ::testing::Contains(Pair("resource", "agencies/dong-nai-ubnd")));
}

TEST(UnavailableErrorTest, CarriesRetryInfo) {
  absl::Status status = UnavailableError("database is restarting", absl::Milliseconds(1500));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(status.message(), "database is restarting");
  google::rpc::RetryInfo retry;
  ASSERT_TRUE(GetRetryInfo(status, &retry));
  EXPECT_EQ(retry.retry_delay().seconds(), 1);
  EXPECT_EQ(retry.retry_delay().nanos(), 500000000);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(status, &info));
  EXPECT_EQ(info.domain(), "interplan.gov.vn");
}

TEST(DetailAccessorsTest, ReportAbsentDetails) {
  absl::Status plain = absl::InternalError("boom");
  google::rpc::ErrorInfo info;
  google::rpc::ResourceInfo resource;
  google::rpc::RetryInfo retry;
  EXPECT_FALSE(GetErrorInfo(plain, &info));
  EXPECT_FALSE(GetResourceInfo(plain, &resource));
  EXPECT_FALSE(GetRetryInfo(plain, &retry));
  EXPECT_THAT(FieldViolationsOf(plain), IsEmpty());
  EXPECT_FALSE(GetRetryInfo(EtagMismatchError("plans/1"), &retry));
}

TEST(WithDetailsTest, LeaveOkAlone) {
  EXPECT_TRUE(WithErrorInfo(absl::OkStatus(), "WHATEVER").ok());
  EXPECT_TRUE(WithRetryInfo(absl::OkStatus(), absl::Seconds(1)).ok());
}

TEST(WithDetailsTest, AddToAnExistingStatusKeepingCodeAndMessage) {
  absl::Status status = WithErrorInfo(absl::PermissionDeniedError("not yours"),
                                      "OUTSIDE_JURISDICTION", {{"unit", "units/79"}});
  status = WithRetryInfo(status, absl::Seconds(3));
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(status.message(), "not yours");
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(status, &info));
  EXPECT_EQ(info.reason(), "OUTSIDE_JURISDICTION");
  EXPECT_THAT(info.metadata(), ::testing::Contains(Pair("unit", "units/79")));
  google::rpc::RetryInfo retry;
  ASSERT_TRUE(GetRetryInfo(status, &retry));
  EXPECT_EQ(retry.retry_delay().seconds(), 3);
  EXPECT_EQ(retry.retry_delay().nanos(), 0);
}

TEST(PrefixFieldsTest, PrefixesEveryFieldPath) {
  absl::Status nested =
      InvalidArgumentError({{"display_name", "must not be empty"}, {"unit", "is required"}});
  absl::Status status = PrefixFields("agency", nested);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldViolationsOf(status),
              ElementsAre(Violation("agency.display_name", "must not be empty"),
                          Violation("agency.unit", "is required")));
  EXPECT_THAT(std::string(status.message()), StartsWith("agency.display_name"));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetErrorInfo(status, &info));
  EXPECT_EQ(info.reason(), "INVALID_FIELD");
  EXPECT_THAT(info.metadata(), ::testing::Contains(Pair("field", "agency.display_name")));
}

TEST(PrefixFieldsTest, PrefixesTheMessageOfOtherErrorsAndKeepsTheirDetails) {
  absl::Status nested = ResourceNotFoundError("interplan.agencies.v1.Unit", "units/99");
  absl::Status status = PrefixFields("agency.unit", nested);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(status.message(), absl::StrCat("agency.unit: ", nested.message()));
  google::rpc::ResourceInfo info;
  ASSERT_TRUE(GetResourceInfo(status, &info));
  EXPECT_EQ(info.resource_name(), "units/99");
}

TEST(PrefixFieldsTest, LeavesOkAlone) {
  EXPECT_TRUE(PrefixFields("agency", absl::OkStatus()).ok());
}

TEST(DescribeStatusTest, NamesTheCodeAndMessage) {
  EXPECT_EQ(DescribeStatus(absl::NotFoundError("units/99 not found")),
            "NOT_FOUND: units/99 not found");
  EXPECT_EQ(DescribeStatus(EtagMismatchError("plans/1")).substr(0, 9), "ABORTED: ");
}

TEST(DescribeStatusTest, ListsEveryViolation) {
  absl::Status status = InvalidArgumentError({{"agency.display_name", "must not be empty"},
                                              {"agency.unit", "is required"},
                                              {"request_id", "is too long"}});
  std::string text = DescribeStatus(status);
  EXPECT_THAT(text, StartsWith("INVALID_ARGUMENT: "));
  EXPECT_THAT(text, HasSubstr("agency.display_name: must not be empty"));
  EXPECT_THAT(text, HasSubstr("agency.unit: is required"));
  EXPECT_THAT(text, HasSubstr("request_id: is too long"));
}

}  // namespace
}  // namespace interplan
