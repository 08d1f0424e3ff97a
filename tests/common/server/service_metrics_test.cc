// Tests of the metrics every ServiceServer serves on --metrics_port: a
// server in this process is called over gRPC (calls that succeed, fail
// and are unknown), then scraped over HTTP, and the scrape is read back:
// calls by method and code, the latency histogram, calls in flight, the
// process_* metrics and interplan_build_info.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <memory>
#include <string>
#include <thread>

#include "absl/time/clock.h"
#include "common/metrics/build_info.h"
#include "common/server/server_config.h"
#include "common/server/service_server.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/common/metrics/scrape.h"
#include "tests/support/http_get.h"
#include "tests/support/raw_call.h"
#include "tests/support/subprocess.h"

namespace interplan {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using ::interplan::testing::HttpGet;
using ::interplan::testing::HttpResult;
using ::interplan::testing::Scrape;
using ::testing::HasSubstr;

constexpr char kService[] = "metrics-test";
constexpr char kCheck[] = "/grpc.health.v1.Health/Check";

ServerConfig TestConfig() {
  ServerConfig config = DefaultServerConfig(kService, 0);
  config.listen_address = "127.0.0.1:0";
  config.auth = "off";
  config.drain_timeout = absl::Seconds(1);
  absl::StatusOr<int> port = testing::PickUnusedPort();
  config.metrics_port = port.ok() ? *port : 0;
  return config;
}

metrics::Labels CallLabels(const std::string& method, const std::string& code = "") {
  metrics::Labels labels = {{"service", kService}, {"method", method}};
  if (!code.empty()) labels["code"] = code;
  return labels;
}

class ServiceMetricsTest : public ::testing::Test {
 protected:
  void StartServer(ServerConfig config) {
    server_ = std::make_unique<ServiceServer>(std::move(config));
    absl::Status started = server_->Start();
    ASSERT_TRUE(started.ok()) << started;
    server_->SetServing();
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
    health_ = Health::NewStub(channel_);
  }

  grpc::Status Check(const std::string& service) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    HealthCheckRequest request;
    request.set_service(service);
    HealthCheckResponse response;
    return health_->Check(&context, request, &response);
  }

  // GET /metrics on the server's metrics port, parsed.
  Scrape ScrapeNow() {
    HttpResult result = HttpGet(server_->metrics_port(), "/metrics");
    EXPECT_EQ(result.error, "");
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.content_type, metrics::kExpositionContentType);
    absl::StatusOr<Scrape> scrape = Scrape::Parse(result.body);
    EXPECT_TRUE(scrape.ok()) << scrape.status() << "\n" << result.body;
    return scrape.ok() ? *std::move(scrape) : Scrape();
  }

  std::unique_ptr<ServiceServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<Health::Stub> health_;
};

TEST_F(ServiceMetricsTest, CountsCallsByMethodAndCode) {
  ASSERT_NO_FATAL_FAILURE(StartServer(TestConfig()));
  ASSERT_GT(server_->metrics_port(), 0);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Check("").ok());
  for (int i = 0; i < 2; ++i) EXPECT_EQ(Check("no.such.Service").error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(testing::CallRaw(channel_, "/no.such.Service/Method", "").error_code(),
            grpc::UNIMPLEMENTED);

  Scrape scrape = ScrapeNow();
  EXPECT_EQ(scrape.TypeOf("interplan_grpc_server_handled_total"), "counter");
  EXPECT_EQ(scrape.TypeOf("interplan_grpc_server_handling_seconds"), "histogram");
  EXPECT_EQ(scrape.TypeOf("interplan_grpc_server_in_flight"), "gauge");
  EXPECT_EQ(scrape.Value("interplan_grpc_server_handled_total", CallLabels(kCheck, "OK")), 3);
  EXPECT_EQ(scrape.Value("interplan_grpc_server_handled_total", CallLabels(kCheck, "NOT_FOUND")),
            2);
  // gRPC names every method it does not know "unknown": one series for
  // them all, however many names callers try.
  EXPECT_EQ(
      scrape.Value("interplan_grpc_server_handled_total", CallLabels("unknown", "UNIMPLEMENTED")),
      1);
  EXPECT_EQ(scrape.Value("interplan_grpc_server_handling_seconds_count", CallLabels(kCheck)), 5);
  metrics::Labels infinity = CallLabels(kCheck);
  infinity["le"] = "+Inf";
  EXPECT_EQ(scrape.Value("interplan_grpc_server_handling_seconds_bucket", infinity), 5);
  metrics::Labels first_bucket = CallLabels(kCheck);
  first_bucket["le"] = "0.0005";
  EXPECT_TRUE(
      scrape.Value("interplan_grpc_server_handling_seconds_bucket", first_bucket).has_value());
  const double sum =
      scrape.Value("interplan_grpc_server_handling_seconds_sum", CallLabels(kCheck)).value_or(-1);
  EXPECT_GT(sum, 0);
  EXPECT_LT(sum, 10);
  EXPECT_EQ(scrape.Value("interplan_grpc_server_in_flight", CallLabels(kCheck)), 0);
}

TEST_F(ServiceMetricsTest, ServesProcessMetricsAndBuildInfo) {
  ASSERT_NO_FATAL_FAILURE(StartServer(TestConfig()));
  Scrape scrape = ScrapeNow();
  EXPECT_EQ(
      scrape.Value("interplan_build_info",
                   {{"service", kService}, {"version", std::string(metrics::BuildVersion())}}),
      1);
  EXPECT_GT(scrape.Value("process_cpu_seconds_total").value_or(-1), 0);
  EXPECT_GT(scrape.Value("process_resident_memory_bytes").value_or(-1), 1 << 20);
  EXPECT_GT(scrape.Value("process_open_fds").value_or(-1), 3);
  const double now = absl::ToDoubleSeconds(absl::Now() - absl::UnixEpoch());
  const double started = scrape.Value("process_start_time_seconds").value_or(-1);
  EXPECT_LE(started, now + 1);
  EXPECT_GT(started, now - 600);
}

TEST_F(ServiceMetricsTest, ACallIsInFlightUntilItsStatusIsSent) {
  ServerConfig config = TestConfig();
  config.fault_delay_method = kCheck;
  config.fault_delay = absl::Milliseconds(600);
  ASSERT_NO_FATAL_FAILURE(StartServer(std::move(config)));
  std::thread slow([this] { EXPECT_TRUE(Check("").ok()); });
  std::optional<double> in_flight;
  for (absl::Time give_up = absl::Now() + absl::Seconds(5); absl::Now() < give_up;) {
    in_flight = ScrapeNow().Value("interplan_grpc_server_in_flight", CallLabels(kCheck));
    if (in_flight == 1) break;
    absl::SleepFor(absl::Milliseconds(20));
  }
  slow.join();
  EXPECT_EQ(in_flight, 1);

  Scrape scrape = ScrapeNow();
  EXPECT_EQ(scrape.Value("interplan_grpc_server_in_flight", CallLabels(kCheck)), 0);
  EXPECT_EQ(scrape.Value("interplan_grpc_server_handled_total", CallLabels(kCheck, "OK")), 1);
  EXPECT_GE(
      scrape.Value("interplan_grpc_server_handling_seconds_sum", CallLabels(kCheck)).value_or(-1),
      0.6);
  metrics::Labels fast = CallLabels(kCheck);
  fast["le"] = "0.5";
  EXPECT_EQ(scrape.Value("interplan_grpc_server_handling_seconds_bucket", fast), 0);
  metrics::Labels slow_enough = CallLabels(kCheck);
  slow_enough["le"] = "1";
  EXPECT_EQ(scrape.Value("interplan_grpc_server_handling_seconds_bucket", slow_enough), 1);
}

TEST_F(ServiceMetricsTest, TheServersRegistryIsTheOneServed) {
  ASSERT_NO_FATAL_FAILURE(StartServer(TestConfig()));
  server_->metrics().GetCounter("interplan_test_events_total", "Events.").Increment(4);
  EXPECT_EQ(ScrapeNow().Value("interplan_test_events_total"), 4);
}

TEST_F(ServiceMetricsTest, MetricsPortZeroServesNone) {
  ServerConfig config = TestConfig();
  config.metrics_port = 0;
  ASSERT_NO_FATAL_FAILURE(StartServer(std::move(config)));
  EXPECT_EQ(server_->metrics_port(), 0);
  // The metrics are kept all the same.
  ASSERT_TRUE(Check("").ok());
  EXPECT_THAT(server_->metrics().Render(),
              HasSubstr("interplan_grpc_server_handled_total{code=\"OK\""));
}

TEST_F(ServiceMetricsTest, AMetricsPortInUseFailsStart) {
  ASSERT_NO_FATAL_FAILURE(StartServer(TestConfig()));
  ServerConfig config = TestConfig();
  config.metrics_port = server_->metrics_port();
  ServiceServer second(std::move(config));
  absl::Status started = second.Start();
  EXPECT_EQ(started.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(started.message(), HasSubstr("--metrics_port"));
}

TEST(ServerFlagsTest, MetricsPortIsAFlagOffByDefault) {
  ServerConfig config = DefaultServerConfig("agencies", 50051);
  Flags flags("test");
  AddServerFlags(flags, &config);
  EXPECT_EQ(config.metrics_port, 0);
  const char* argv[] = {"test", "--metrics_port=9464"};
  ASSERT_TRUE(flags.Parse(2, const_cast<char**>(argv)).ok());
  EXPECT_EQ(config.metrics_port, 9464);
  const char* bad[] = {"test", "--metrics_port=70000"};
  EXPECT_FALSE(flags.Parse(2, const_cast<char**>(bad)).ok());
}

}  // namespace
}  // namespace interplan
