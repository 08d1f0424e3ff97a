// The views when nothing answers: every service's address refuses
// connections and Redis is absent or unreachable. Every view still comes
// back at once, each section marked unavailable with the service and why,
// nothing cached, and the metrics and health say so. Bad requests are
// refused before any call is made.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/enum_names.h"
#include "common/cache/redis_client.h"
#include "common/client/service_address.h"
#include "common/metrics/registry.h"
#include "gateway/fanout.h"
#include "gateway/grpc_service_clients.h"
#include "gateway/ministry_views.h"
#include "gateway/view_builder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/subprocess.h"

namespace interplan::gateway {
namespace {

using ::testing::HasSubstr;

std::string NobodyListening() {
  absl::StatusOr<int> port = testing::PickUnusedPort();
  EXPECT_TRUE(port.ok()) << port.status();
  return absl::StrCat("127.0.0.1:", port.ok() ? *port : 1);
}

template <typename View>
std::string Unavailable(const View& view) {
  std::string out;
  for (const v1::SectionStatus& s : view.sections()) {
    EXPECT_FALSE(s.available()) << api::ShortEnumName(s.section());
    absl::StrAppend(&out, out.empty() ? "" : " ", api::ShortEnumName(s.section()));
  }
  return out;
}

class OfflineViewsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    clients_ = std::make_unique<GrpcServiceClients>(ServiceChannels{
        OpenDependencyChannel(NobodyListening()), OpenDependencyChannel(NobodyListening()),
        OpenDependencyChannel(NobodyListening()), OpenDependencyChannel(NobodyListening())});
    builder_ = std::make_unique<ViewBuilder>(
        clients_->clients(), std::vector<std::string>{"NSGE-1.1", "LOC-COMM-OFFICIALS"});
    const std::string url =
        GetParam() == "absent" ? "" : absl::StrCat("redis://", NobodyListening());
    absl::StatusOr<std::unique_ptr<cache::RedisClient>> redis = cache::RedisClient::Create(url);
    ASSERT_TRUE(redis.ok()) << redis.status();
    redis_ = std::move(*redis);
    views_ = std::make_unique<MinistryViews>(*builder_, redis_.get(), absl::Minutes(1), metrics_);
  }

  metrics::Registry metrics_;
  std::unique_ptr<GrpcServiceClients> clients_;
  std::unique_ptr<ViewBuilder> builder_;
  std::unique_ptr<cache::RedisClient> redis_;
  std::unique_ptr<MinistryViews> views_;
};

TEST_P(OfflineViewsTest, EveryViewComesBackWithItsSectionsMarkedUnavailable) {
  v1::GetNationalOverviewRequest national;
  national.set_year(2022);
  const absl::Time start = absl::Now();
  absl::StatusOr<v1::Overview> overview =
      views_->NationalOverview(national, absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(overview.ok()) << overview.status();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_EQ(Unavailable(*overview), "UNITS PLANS REPORTING CAMPAIGNS");
  for (const v1::SectionStatus& s : overview->sections()) {
    EXPECT_THAT(s.reason(), HasSubstr(ServiceOf(s.section())));
    EXPECT_THAT(s.reason(), HasSubstr("unavailable"));
  }
  EXPECT_EQ(overview->rows_size(), 0);
  EXPECT_FALSE(overview->from_cache());
  // Nothing is made up: no plans, compliance or campaign figures at all,
  // the key indicators without values.
  EXPECT_FALSE(overview->totals().has_plans());
  EXPECT_FALSE(overview->totals().has_campaigns());
  EXPECT_EQ(overview->totals().compliance_size(), 0);
  ASSERT_EQ(overview->totals().indicators_size(), 2);
  EXPECT_FALSE(overview->totals().indicators(0).has_value());
  // The key indicators are listed once, beside the rows.
  ASSERT_EQ(overview->indicators_size(), 2);
  EXPECT_EQ(overview->indicators(0).indicator(), "indicators/NSGE-1.1");
  EXPECT_EQ(overview->indicators(1).indicator(), "indicators/LOC-COMM-OFFICIALS");
  EXPECT_EQ(overview->totals().indicators(0).display_name(), "");
  // Not cached either: the next one is built again.
  EXPECT_FALSE(views_->NationalOverview(national, absl::Now() + absl::Seconds(10))->from_cache());
  // The bytes the gRPC face sends are the same view.
  absl::StatusOr<MinistryViews::Bytes> bytes =
      views_->NationalOverviewBytes(national, absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_FALSE((*bytes)->complete);
  v1::Overview parsed;
  ASSERT_TRUE(parsed.ParseFromString((*bytes)->bytes));
  EXPECT_EQ(Unavailable(parsed), "UNITS PLANS REPORTING CAMPAIGNS");
  EXPECT_FALSE(parsed.from_cache());

  v1::GetProvinceOverviewRequest province;
  province.set_unit("units/51");
  province.set_year(2022);
  absl::StatusOr<v1::Overview> one =
      views_->ProvinceOverview(province, absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(Unavailable(*one), "UNITS PLANS REPORTING CAMPAIGNS");
  EXPECT_EQ(one->rows_size(), 1);  // the province's own bodies, with nothing known

  v1::GetIndicatorProgressRequest progress;
  progress.set_indicator("indicators/NSGE-1.1");
  progress.set_year(2022);
  absl::StatusOr<v1::IndicatorProgress> indicator =
      views_->IndicatorProgress(progress, absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(indicator.ok()) << indicator.status();
  EXPECT_EQ(Unavailable(*indicator), "UNITS REPORTING");
  EXPECT_FALSE(indicator->national().has_value());

  v1::GetAgencyWorkloadRequest workload;
  workload.set_agency("agencies/quang-ngai-so-y-te");
  absl::StatusOr<v1::AgencyWorkload> agency =
      views_->AgencyWorkload(workload, absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(agency.ok()) << agency.status();
  EXPECT_EQ(Unavailable(*agency), "UNITS PLANS REPORTING");

  EXPECT_EQ(views_->CacheState(), "degraded: no cache");
  const std::string metrics = metrics_.Render();
  EXPECT_THAT(metrics, HasSubstr("interplan_gateway_cache_available 0\n"));
  EXPECT_THAT(metrics, HasSubstr("interplan_gateway_fanout_errors_total{service=\""
                                 "interplan-campaigns\"} 4\n"));
  EXPECT_THAT(metrics, HasSubstr("interplan_gateway_requests_total{outcome=\"partial\","
                                 "view=\"national_overview\"} 3\n"));
  EXPECT_THAT(metrics, ::testing::Not(HasSubstr("interplan_gateway_cache_hits_total")));
}

TEST_P(OfflineViewsTest, BadRequestsAreRefusedBeforeAnyCall) {
  v1::GetNationalOverviewRequest no_year;
  EXPECT_EQ(views_->NationalOverview(no_year, absl::Now() + absl::Seconds(10)).status().code(),
            absl::StatusCode::kInvalidArgument);
  v1::GetProvinceOverviewRequest bad_unit;
  bad_unit.set_unit("provinces/51");
  bad_unit.set_year(2022);
  EXPECT_EQ(views_->ProvinceOverview(bad_unit, absl::Now() + absl::Seconds(10)).status().code(),
            absl::StatusCode::kInvalidArgument);
  v1::GetIndicatorProgressRequest bad_date;
  bad_date.set_indicator("indicators/NSGE-1.1");
  bad_date.set_year(2022);
  bad_date.mutable_as_of()->set_year(2022);
  bad_date.mutable_as_of()->set_month(13);
  EXPECT_EQ(views_->IndicatorProgress(bad_date, absl::Now() + absl::Seconds(10)).status().code(),
            absl::StatusCode::kInvalidArgument);
  v1::GetAgencyWorkloadRequest no_agency;
  EXPECT_EQ(views_->AgencyWorkload(no_agency, absl::Now() + absl::Seconds(10)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(metrics_.Render(), HasSubstr("interplan_gateway_requests_total{outcome=\"error\","
                                           "view=\"national_overview\"} 1\n"));
  EXPECT_THAT(metrics_.Render(), ::testing::Not(HasSubstr("fanout_errors")));
}

INSTANTIATE_TEST_SUITE_P(Redis, OfflineViewsTest, ::testing::Values("absent", "unreachable"));

}  // namespace
}  // namespace interplan::gateway
