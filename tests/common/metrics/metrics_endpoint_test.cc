// Tests of the metrics endpoint: GET /metrics over real HTTP answers the
// registry rendered, as Prometheus scrapes it.
#include "common/metrics/metrics_endpoint.h"

#include "common/metrics/exposition.h"
#include "common/metrics/registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/metrics/scrape.h"
#include "tests/support/http_get.h"

namespace interplan::metrics {
namespace {

using ::interplan::testing::HttpGet;
using ::interplan::testing::HttpResult;
using ::interplan::testing::Scrape;

TEST(MetricsEndpointTest, ServesTheRegistryAtSlashMetrics) {
  Registry registry;
  MetricsEndpoint endpoint(registry, "127.0.0.1:0");
  ASSERT_TRUE(endpoint.Start().ok());
  ASSERT_GT(endpoint.port(), 0);
  registry.GetCounter("jobs_total", "Jobs.", {{"kind", "x"}}).Increment(3);

  HttpResult result = HttpGet(endpoint.port(), "/metrics");
  ASSERT_EQ(result.error, "");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.content_type, kExpositionContentType);
  EXPECT_EQ(result.body, registry.Render());
  absl::StatusOr<Scrape> scrape = Scrape::Parse(result.body);
  ASSERT_TRUE(scrape.ok()) << scrape.status();
  EXPECT_EQ(scrape->Value("jobs_total", {{"kind", "x"}}), 3);

  EXPECT_EQ(HttpGet(endpoint.port(), "/").status, 404);
  endpoint.Shutdown();
  EXPECT_NE(HttpGet(endpoint.port(), "/metrics", {}, absl::Seconds(2)).error, "");
}

TEST(MetricsEndpointTest, APortInUseFailsToStart) {
  Registry registry;
  MetricsEndpoint first(registry, "127.0.0.1:0");
  ASSERT_TRUE(first.Start().ok());
  MetricsEndpoint second(registry, "127.0.0.1:" + std::to_string(first.port()));
  EXPECT_FALSE(second.Start().ok());
}

}  // namespace
}  // namespace interplan::metrics
