// Who sees which view, through the real binaries with authentication on:
// the ministry reads the national overview; a provincial coordinator and
// an agency read their own province, not the country nor another
// province; a call without a credential is refused; the HTTP/JSON face
// follows the same rules with the Authorization header.
#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "interplan/gateway/v1/gateway.grpc.pb.h"
#include "tests/support/http_get.h"
#include "tests/support/secured_suite.h"

namespace interplan {
namespace {

namespace gv1 = ::interplan::gateway::v1;
using testing::CallAs;
using ::testing::HasSubstr;
using testing::HttpGet;
using testing::SecuredSuite;

class GatewayAccessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<SecuredSuite>> suite = SecuredSuite::Start({.gateway = true});
    ASSERT_TRUE(suite.ok()) << suite.status();
    suite_ = suite->release();
    // Quảng Ngãi's 2022 plan, pushed by its Home Affairs department.
    absl::StatusOr<std::string> key = suite_->KeyFor("quang-ngai-so-noi-vu");
    ASSERT_TRUE(key.ok()) << key.status();
    absl::StatusOr<testing::CommandResult> pushed = testing::RunClient(
        {"plans", "push", testing::SourcePath("tests/fixtures/plans/001_quang_ngai_2022.json"),
         "--issue"},
        suite_->ClientEnv(*key));
    ASSERT_TRUE(pushed.ok()) << pushed.status();
    ASSERT_EQ(pushed->exit_code, 0) << pushed->output;
  }
  static void TearDownTestSuite() { delete suite_; }

  void SetUp() override {
    ASSERT_NE(suite_, nullptr);
    stub_ = gv1::MinistryService::NewStub(suite_->gateway()->NewChannel());
  }

  std::string Key(const std::string& agency) {
    absl::StatusOr<std::string> key = suite_->KeyFor(agency);
    EXPECT_TRUE(key.ok()) << key.status();
    return key.ok() ? *key : "";
  }

  grpc::Status National(const std::string& key, gv1::Overview* overview) {
    gv1::GetNationalOverviewRequest request;
    request.set_year(2022);
    return stub_->GetNationalOverview(CallAs(key).get(), request, overview);
  }

  grpc::Status Province(const std::string& key, const std::string& unit, gv1::Overview* overview) {
    gv1::GetProvinceOverviewRequest request;
    request.set_unit(unit);
    request.set_year(2022);
    request.mutable_as_of()->set_year(2022);
    request.mutable_as_of()->set_month(12);
    request.mutable_as_of()->set_day(31);
    return stub_->GetProvinceOverview(CallAs(key).get(), request, overview);
  }

  static SecuredSuite* suite_;
  std::unique_ptr<gv1::MinistryService::Stub> stub_;
};

SecuredSuite* GatewayAccessTest::suite_ = nullptr;

TEST_F(GatewayAccessTest, WithoutACredentialEveryViewIsRefused) {
  gv1::Overview overview;
  EXPECT_EQ(National("", &overview).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Province("", "units/51", &overview).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(National("ipk_not_a_key", &overview).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(GatewayAccessTest, TheMinistryReadsTheNationAndEveryProvince) {
  const std::string moha = Key("moha");
  gv1::Overview national;
  grpc::Status status = National(moha, &national);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // No as_of, and 2022 has ended: the 63 provinces of 2022-12-31.
  EXPECT_EQ(national.rows_size(), 63);
  for (const gv1::SectionStatus& section : national.sections()) {
    EXPECT_TRUE(section.available()) << section.reason();
  }
  gv1::Overview province;
  status = Province(moha, "units/51", &province);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(province.totals().plans().plans(), 1);
  status = Province(moha, "units/75", &province);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(GatewayAccessTest, ACoordinatorReadsItsProvinceOnly) {
  const std::string coordinator = Key("quang-ngai-so-noi-vu");
  gv1::Overview overview;
  grpc::Status status = National(coordinator, &overview);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("overviews/national"));

  status = Province(coordinator, "units/51", &overview);
  ASSERT_TRUE(status.ok()) << status.error_message();
  for (const gv1::SectionStatus& section : overview.sections()) {
    EXPECT_TRUE(section.available()) << section.reason();
  }
  // The same numbers the ministry sees: the plan, its 27 reporting bodies.
  EXPECT_EQ(overview.totals().plans().plans(), 1);
  gv1::Overview as_ministry;
  ASSERT_TRUE(Province(Key("moha"), "units/51", &as_ministry).ok());
  EXPECT_EQ(overview.totals().plans().tasks(), as_ministry.totals().plans().tasks());
  EXPECT_EQ(overview.rows_size(), as_ministry.rows_size());

  status = Province(coordinator, "units/75", &overview);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("units/75"));
}

TEST_F(GatewayAccessTest, AnAgencyReadsItsOwnUnitAndWorkload) {
  const std::string finance = Key("dong-nai-so-tai-chinh");  // an AGENCY of province 75
  gv1::Overview overview;
  EXPECT_EQ(National(finance, &overview).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status status = Province(finance, "units/75", &overview);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Province(finance, "units/51", &overview).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  gv1::GetAgencyWorkloadRequest own;
  own.set_agency("agencies/dong-nai-so-tai-chinh");
  gv1::AgencyWorkload workload;
  status = stub_->GetAgencyWorkload(CallAs(finance).get(), own, &workload);
  EXPECT_TRUE(status.ok()) << status.error_message();
  gv1::GetAgencyWorkloadRequest other;
  other.set_agency("agencies/quang-ngai-ubnd");
  status = stub_->GetAgencyWorkload(CallAs(finance).get(), other, &workload);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("agencies/quang-ngai-ubnd"));
}

TEST_F(GatewayAccessTest, IndicatorProgressIsForNationalReaders) {
  gv1::GetIndicatorProgressRequest request;
  request.set_indicator("indicators/NSGE-1.1");
  request.set_year(2022);
  gv1::IndicatorProgress progress;
  grpc::Status status = stub_->GetIndicatorProgress(CallAs(Key("moha")).get(), request, &progress);
  EXPECT_TRUE(status.ok()) << status.error_message();
  status =
      stub_->GetIndicatorProgress(CallAs(Key("quang-ngai-so-noi-vu")).get(), request, &progress);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(GatewayAccessTest, HttpFollowsTheSameRules) {
  const int port = suite_->gateway_http_port();
  ASSERT_GT(port, 0);
  const std::string national = "/v1/overview/national?year=2022";
  EXPECT_EQ(HttpGet(port, national).status, 401);
  EXPECT_EQ(HttpGet(port, national, {{"Authorization", "Bearer ipk_not_a_key"}}).status, 401);
  EXPECT_EQ(HttpGet(port, national, {{"Authorization", "Basic abc"}}).status, 401);
  testing::HttpResult ministry =
      HttpGet(port, national, {{"Authorization", absl::StrCat("Bearer ", Key("moha"))}});
  EXPECT_EQ(ministry.status, 200) << ministry.body;
  EXPECT_THAT(ministry.body, HasSubstr("\"rows\""));
  const std::string coordinator = absl::StrCat("Bearer ", Key("quang-ngai-so-noi-vu"));
  testing::HttpResult refused = HttpGet(port, national, {{"Authorization", coordinator}});
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_THAT(refused.body, HasSubstr("overviews/national"));
  EXPECT_EQ(HttpGet(port, "/v1/overview/province?unit=51&year=2022&as_of=2022-12-31",
                    {{"Authorization", coordinator}})
                .status,
            200);
  EXPECT_EQ(
      HttpGet(port, "/v1/overview/province?unit=75&year=2022", {{"Authorization", coordinator}})
          .status,
      403);
  // Health and metrics stay open to probes and scrapers.
  EXPECT_EQ(HttpGet(port, "/healthz").status, 200);
}

}  // namespace
}  // namespace interplan
