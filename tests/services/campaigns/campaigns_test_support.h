// Shared pieces of the campaigns logic tests: interplan-agencies (the
// shipped reference units and agencies) and interplan-plans (the five seed
// plans created and issued) in process, built from their real registries,
// for the whole test binary; a
// CampaignRegistry over a fresh migrated database on either engine; the
// unit lists of the shipped reference files, read independently of the
// service, to count units without activity; helpers that tell a rejected
// request wrote nothing.
#ifndef INTERPLAN_TESTS_SERVICES_CAMPAIGNS_CAMPAIGNS_TEST_SUPPORT_H_
#define INTERPLAN_TESTS_SERVICES_CAMPAIGNS_CAMPAIGNS_TEST_SUPPORT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/call/call_context.h"
#include "common/clients/remembering_agencies_client.h"
#include "common/storage/database.h"
#include "google/type/date.pb.h"
#include "gtest/gtest.h"
#include "interplan/campaigns/v1/campaigns.pb.h"
#include "services/campaigns/campaign_registry.h"
#include "tests/support/action_month_request.h"
#include "tests/support/in_process_agencies.h"
#include "tests/support/in_process_plans.h"

namespace interplan::campaigns::test {

// The shared in-process services, loaded on first use; nullptr (and a
// test failure) when they could not be loaded.
::interplan::testing::InProcessAgencies* Agencies();
::interplan::testing::InProcessPlans* Plans();

// A call with a deadline some seconds ahead.
CallContext Call();

google::type::Date Day(int year, int month, int day);
google::type::Date Day(absl::CivilDay day);

// Field paths of an INVALID_ARGUMENT's BadRequest detail, in order.
std::vector<std::string> FieldsOf(const absl::Status& status);

// "units/<code>" of the children of a unit in the shipped reference files,
// read straight from the files (not through the service):
// admin-units-2025-03.json (63 provinces -> districts -> communes, in force
// until 2025-06-30) and admin-units-2025-07.json (34 provinces -> communes,
// from 2025-07-01). An empty code lists the provinces.
std::vector<std::string> ReferenceChildren2025_03(const std::string& code);
// The same in the dated list of `day` ("2024-11-01": the file
// data/reference/history/units-2024-11-01.jsonl.gz).
std::vector<std::string> ReferenceChildrenOn(const std::string& code, const std::string& day);
std::vector<std::string> ReferenceChildren2025_07(const std::string& code);

// What an activity needs, the rest left unset. `day` is the start and end.
struct ActivitySpec {
  std::string organiser;
  std::string unit;
  v1::ActivityType type = v1::ACTIVITY_TYPE_FORUM;
  absl::CivilDay day;
  int64_t female = 0;
  int64_t male = 0;
  int64_t unspecified = 0;
  int64_t total = 0;
  int64_t reached = 0;
  int64_t media = 0;
  int64_t spend = 0;
  std::string title;
};
v1::Activity ActivityOf(const ActivitySpec& spec);

using ::interplan::testing::ActionMonthRequest;

// Base of the registry tests, parameterized over the engine: a fresh
// migrated database, a RememberingAgenciesClient over the shared
// in-process agencies and a CampaignRegistry with the shared plans.
class CampaignRegistryTest : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void SetUp() override;

  // Creates the request; the test fails when that does not work.
  v1::Campaign Create(const v1::CreateCampaignRequest& request);
  v1::Campaign CreateActionMonth(int year);
  absl::StatusOr<v1::Activity> TryRecord(const std::string& campaign, const v1::Activity& activity,
                                         const std::string& request_id = "");
  // Records the activity; the test fails when that does not work.
  v1::Activity Record(const std::string& campaign, const v1::Activity& activity,
                      const std::string& request_id = "");
  // Every activity a listing returns, following page tokens; fails the test
  // on an error, a page larger than asked, or an activity returned twice.
  std::vector<v1::Activity> ListAll(v1::ListActivitiesRequest request, int* pages = nullptr);
  std::vector<std::string> NamesOf(const std::vector<v1::Activity>& activities);
  absl::StatusOr<v1::CampaignSummary> Summarize(const std::string& campaign,
                                                const std::string& unit);

  // Rows of one of the service's tables; -1 when the query fails.
  int64_t CountRows(absl::string_view table);
  // Everything the service stores (campaigns, activities, their versions,
  // the request log; not the registry cache), as text, to compare before
  // and after a request that must write nothing.
  std::string DumpStore();

  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<RememberingAgenciesClient> units_;
  std::unique_ptr<CampaignRegistry> registry_;
};

// The two engines, named "Sqlite" and "Postgres".
#define INSTANTIATE_CAMPAIGNS_ON_BOTH_ENGINES(suite)                                           \
  INSTANTIATE_TEST_SUITE_P(                                                                    \
      Engines, suite, ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgres), \
      [](const auto& info) { return ::interplan::testing::EngineName(info.param); })

}  // namespace interplan::campaigns::test

#endif  // INTERPLAN_TESTS_SERVICES_CAMPAIGNS_CAMPAIGNS_TEST_SUPPORT_H_
