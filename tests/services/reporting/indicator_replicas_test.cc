// Two replicas of interplan-reporting share one database (the production
// overlay runs two on PostgreSQL): each holds the indicator catalogue in
// memory, so an indicator one replica creates must be known to the other
// when a report, a roll-up or a list names it. Two IndicatorCatalogue
// objects over two connections to one database stand for the two
// processes, on SQLite and on a real PostgreSQL server.
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/storage/database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/reporting/indicator_catalogue.h"
#include "services/reporting/schema.h"
#include "tests/services/reporting/reporting_test_support.h"
#include "tests/support/database_fixture.h"

namespace interplan::reporting::test {
namespace {

class IndicatorReplicasTest : public ::testing::TestWithParam<storage::Engine> {};

v1::CreateIndicatorRequest NewIndicator(const std::string& code) {
  v1::CreateIndicatorRequest request;
  request.set_request_id(absl::StrCat("create-", code));
  v1::Indicator* indicator = request.mutable_indicator();
  indicator->set_code(code);
  indicator->set_display_name_vi("Số cán bộ nữ được tập huấn về bình đẳng giới");
  indicator->set_measure(v1::MEASURE_COUNT);
  indicator->set_aggregation(v1::AGGREGATION_RULE_SUM);
  return request;
}

TEST_P(IndicatorReplicasTest, AnIndicatorOneReplicaCreatedIsKnownToTheOther) {
  std::string url, schema;
  absl::StatusOr<std::unique_ptr<storage::Database>> first =
      ::interplan::testing::OpenFreshDatabase(GetParam(), &url, &schema);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE((*first)->Migrate(ReportingMigrations()).ok());
  absl::StatusOr<std::unique_ptr<storage::Database>> second =
      storage::Database::Open({.url = url, .schema = schema});
  ASSERT_TRUE(second.ok()) << second.status();

  IndicatorCatalogue a(**first);
  IndicatorCatalogue b(**second);
  ASSERT_TRUE(a.SeedAndLoad(ShippedIndicators()).ok());
  ASSERT_TRUE(b.SeedAndLoad(ShippedIndicators()).ok());
  ASSERT_FALSE(b.Find("indicators/TRAINED-WOMEN").has_value());

  absl::StatusOr<v1::Indicator> created = a.CreateIndicator(NewIndicator("TRAINED-WOMEN"));
  ASSERT_TRUE(created.ok()) << created.status();

  // What a report's values, a roll-up or GetIndicator ask of the other one.
  std::optional<v1::Indicator> found = b.Find("indicators/TRAINED-WOMEN");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->aggregation(), v1::AGGREGATION_RULE_SUM);
  EXPECT_TRUE(b.Find("TRAINED-WOMEN").has_value());
  EXPECT_TRUE(b.GetIndicator([] {
                 v1::GetIndicatorRequest request;
                 request.set_name("indicators/TRAINED-WOMEN");
                 return request;
               }())
                  .ok());
  // Nor does an unknown code become known.
  EXPECT_FALSE(b.Find("indicators/NO-SUCH-INDICATOR").has_value());
  EXPECT_FALSE(b.Find("indicators/not a code").has_value());

  // A list made on the other replica has what the first created since,
  // without anyone having asked for it by name.
  ASSERT_TRUE(a.CreateIndicator(NewIndicator("TRAINED-MEN")).ok());
  v1::ListIndicatorsRequest list;
  list.set_page_size(1000);
  absl::StatusOr<v1::ListIndicatorsResponse> listed = b.ListIndicators(list);
  ASSERT_TRUE(listed.ok()) << listed.status();
  bool listed_it = false;
  for (const v1::Indicator& indicator : listed->indicators()) {
    listed_it = listed_it || indicator.code() == "TRAINED-MEN";
  }
  EXPECT_TRUE(listed_it);
}

INSTANTIATE_ON_BOTH_ENGINES(IndicatorReplicasTest);

}  // namespace
}  // namespace interplan::reporting::test
