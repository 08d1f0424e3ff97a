// A real service binary serves its metrics: interplan-agencies started
// with --metrics_port answers calls over gRPC, then GET /metrics on that
// port shows them by method and code, with the process and build metrics.
#include <grpcpp/client_context.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "interplan/agencies/v1/agencies.grpc.pb.h"
#include "tests/common/metrics/scrape.h"
#include "tests/support/http_get.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"

namespace interplan {
namespace {

using ::interplan::testing::Scrape;

constexpr char kGetAgency[] = "/interplan.agencies.v1.AgencyService/GetAgency";
constexpr char kListAgencies[] = "/interplan.agencies.v1.AgencyService/ListAgencies";

metrics::Labels Handled(const std::string& method, const std::string& code) {
  return {{"service", "agencies"}, {"method", method}, {"code", code}};
}

TEST(ServiceMetricsProcessTest, AgenciesServesItsMetricsOnTheMetricsPort) {
  absl::StatusOr<int> metrics_port = testing::PickUnusedPort();
  ASSERT_TRUE(metrics_port.ok()) << metrics_port.status();
  absl::StatusOr<std::unique_ptr<testing::ServiceProcess>> agencies =
      testing::ServiceProcess::Start(
          {.service = "agencies", .extra_args = {absl::StrCat("--metrics_port=", *metrics_port)}});
  ASSERT_TRUE(agencies.ok()) << agencies.status();
  auto stub = agencies::v1::AgencyService::NewStub((*agencies)->NewChannel());
  for (int i = 0; i < 2; ++i) {
    grpc::ClientContext context;
    agencies::v1::ListAgenciesRequest request;
    agencies::v1::ListAgenciesResponse response;
    grpc::Status status = stub->ListAgencies(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  {
    grpc::ClientContext context;
    agencies::v1::GetAgencyRequest request;
    request.set_name("agencies/no-such-agency");
    agencies::v1::Agency response;
    EXPECT_EQ(stub->GetAgency(&context, request, &response).error_code(), grpc::NOT_FOUND);
  }

  testing::HttpResult result = testing::HttpGet(*metrics_port, "/metrics");
  ASSERT_EQ(result.error, "");
  ASSERT_EQ(result.status, 200);
  absl::StatusOr<Scrape> scrape = Scrape::Parse(result.body);
  ASSERT_TRUE(scrape.ok()) << scrape.status();
  EXPECT_EQ(scrape->Value("interplan_grpc_server_handled_total", Handled(kListAgencies, "OK")), 2);
  EXPECT_EQ(scrape->Value("interplan_grpc_server_handled_total", Handled(kGetAgency, "NOT_FOUND")),
            1);
  EXPECT_EQ(scrape->Value("interplan_grpc_server_handling_seconds_count",
                          {{"service", "agencies"}, {"method", kListAgencies}}),
            2);
  EXPECT_EQ(scrape->Value("interplan_grpc_server_in_flight",
                          {{"service", "agencies"}, {"method", kGetAgency}}),
            0);
  std::vector<testing::Sample> build = scrape->All("interplan_build_info");
  ASSERT_EQ(build.size(), 1u);
  EXPECT_EQ(build[0].labels.at("service"), "agencies");
  EXPECT_EQ(build[0].value, 1);
  EXPECT_GT(scrape->Value("process_resident_memory_bytes").value_or(-1), 1 << 20);
  EXPECT_GT(scrape->Value("process_cpu_seconds_total").value_or(-1), 0);
  const double now = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  EXPECT_GT(scrape->Value("process_start_time_seconds").value_or(-1), now - 600);

  absl::StatusOr<int> exit_code = (*agencies)->Stop();
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0);
}

}  // namespace
}  // namespace interplan
