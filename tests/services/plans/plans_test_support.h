// Shared pieces of the plans logic tests: one in-process interplan-agencies
// (its real registries with the shipped reference units and agencies) for
// the whole test binary, a PlanRegistry over a fresh database on either
// engine, the seed plan fixtures, and helpers that tell a rejected request
// wrote nothing.
#ifndef INTERPLAN_TESTS_SERVICES_PLANS_PLANS_TEST_SUPPORT_H_
#define INTERPLAN_TESTS_SERVICES_PLANS_PLANS_TEST_SUPPORT_H_

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/call/call_context.h"
#include "common/storage/database.h"
#include "google/type/date.pb.h"
#include "gtest/gtest.h"
#include "interplan/plans/v1/plans.pb.h"
#include "services/plans/agency_directory.h"
#include "services/plans/indicator_catalogue.h"
#include "services/plans/plan_registry.h"
#include "tests/support/in_process_agencies.h"

namespace interplan::plans::test {

// The seed fixtures by file stem.
inline constexpr char kDongNai[] = "000_dong_nai_2021";
inline constexpr char kQuangNgai[] = "001_quang_ngai_2022";
inline constexpr char kGoVap[] = "002_go_vap_2019_2020";
inline constexpr char kDakLak[] = "003_dak_lak_2020";
inline constexpr char kLaiChau[] = "004_lai_chau_2024";

// "Today" for every registry of these tests.
inline constexpr absl::CivilDay kToday{2026, 1, 1};

// The shared in-process interplan-agencies, loaded on first use; nullptr
// (and a test failure) when it could not be loaded.
::interplan::testing::InProcessAgencies* Agencies();
// The directory over the shared in-process interplan-agencies.
AgencyDirectory& LiveDirectory();
// A directory whose interplan-agencies is down: every call UNAVAILABLE.
AgencyDirectory& DeadDirectory();
// "indicators/<code>" of data/reference/indicators.jsonl, with measures.
const IndicatorMeasures& IndicatorNames();

// A call with a deadline some seconds ahead.
CallContext Call();

// The five fixture stems, sorted, as SeedPlanFixtures() lists them.
std::vector<std::string> FixtureStems();
// The JSON of a fixture, and the CreatePlanRequest it holds.
std::string FixtureText(absl::string_view stem);
v1::CreatePlanRequest ParseFixture(const std::string& json);
v1::CreatePlanRequest Fixture(absl::string_view stem);

// Clears what the server sets on a plan.
void ClearOutputOnly(v1::Plan* plan);
// "" when equal, else MessageDifferencer's report.
std::string Diff(const google::protobuf::Message& expected,
                 const google::protobuf::Message& actual);

// Field paths of an INVALID_ARGUMENT's BadRequest detail, in order.
std::vector<std::string> FieldsOf(const absl::Status& status);
std::string DescriptionOf(const absl::Status& status, const std::string& field);

google::type::Date Day(int year, int month, int day);

// Every task and target of a plan with its field path ("plan.sections[0]
// .sections[1].tasks[2]"), in document order.
struct TaskAt {
  std::string path;
  v1::Task* task;
};
struct TargetAt {
  std::string path;
  v1::Target* target;
};
std::vector<TaskAt> TasksOf(v1::Plan* plan);
std::vector<TargetAt> TargetsOf(v1::Plan* plan);
// The first task led by `lead` that names no other agency; nullptr if none.
const TaskAt* FirstTaskLedOnlyBy(const std::vector<TaskAt>& tasks, const std::string& lead);

// Every field of `plan` that names `agency` and is checked as of the
// reference date (every use but a cited document's issuer).
std::vector<std::string> FieldsNaming(const v1::Plan& plan, const std::string& agency);

// Base of the registry tests, parameterized over the engine: a fresh
// migrated database and a PlanRegistry over the shared in-process agencies.
class PlanRegistryTest : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void SetUp() override;

  // A registry over the same database whose interplan-agencies is down.
  PlanRegistry& Down();

  // Creates the request; the test fails when that does not work.
  v1::Plan Create(const v1::CreatePlanRequest& request);
  v1::Plan CreateFixture(absl::string_view stem);
  // Creates and issues a fixture.
  v1::Plan CreateIssued(absl::string_view stem);
  v1::Plan Issue(const v1::Plan& plan);

  absl::StatusOr<v1::Plan> Get(const std::string& name, int64_t revision = 0);
  // Every plan name a listing returns, following page tokens; fails the
  // test on an error or a plan returned twice.
  std::vector<std::string> ListAll(v1::ListPlansRequest request,
                                   std::vector<std::string>* warnings = nullptr);
  std::vector<std::string> ListAll(PlanRegistry& registry, v1::ListPlansRequest request,
                                   std::vector<std::string>* warnings = nullptr);
  std::vector<v1::AgencyAssignment> AssignmentsOf(const std::string& agency, int page_size = 0,
                                                  int year = 0);

  // Rows of one of the service's tables; -1 when the query fails.
  int64_t CountRows(absl::string_view table);
  // Everything the service has stored, as text, to compare before and
  // after a request that must write nothing.
  std::string DumpStore();
  // The store is empty: no plan, revision, duty or request log entry.
  void ExpectNothingStored();

  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<PlanRegistry> registry_;
  std::unique_ptr<PlanRegistry> down_;
};

// The two engines, named "Sqlite" and "Postgres".
#define INSTANTIATE_ON_BOTH_ENGINES(suite)                                                     \
  INSTANTIATE_TEST_SUITE_P(                                                                    \
      Engines, suite, ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgres), \
      [](const auto& info) { return ::interplan::testing::EngineName(info.param); })

}  // namespace interplan::plans::test

#endif  // INTERPLAN_TESTS_SERVICES_PLANS_PLANS_TEST_SUPPORT_H_
