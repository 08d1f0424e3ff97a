// Shared pieces of the reporting logic tests: interplan-agencies (the
// shipped reference units and agencies) and interplan-plans (the five seed
// plans created and issued) in process, built from their real registries,
// for the whole test binary; per test, a fresh database on either engine
// with the reporting logic classes built over it directly (catalogue,
// group committer, registry client, plan feed, roll-up engine, report
// registry with a clock the test sets, which by default reads each
// report's hand-in time while it is submitted); helpers to build reports, read
// roll-ups and compliance, create plans and agencies through the real
// registries of those services, and tell that a rejected request stored nothing.
#ifndef INTERPLAN_TESTS_SERVICES_REPORTING_REPORTING_TEST_SUPPORT_H_
#define INTERPLAN_TESTS_SERVICES_REPORTING_REPORTING_TEST_SUPPORT_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/call/call_context.h"
#include "common/clients/remembering_agencies_client.h"
#include "common/storage/database.h"
#include "common/storage/group_commit.h"
#include "common/time/timestamp.h"
#include "gtest/gtest.h"
#include "interplan/agencies/v1/agencies.pb.h"
#include "interplan/plans/v1/plans.pb.h"
#include "interplan/reporting/v1/reporting.pb.h"
#include "services/reporting/indicator_catalogue.h"
#include "services/reporting/plan_feed.h"
#include "services/reporting/report_registry.h"
#include "services/reporting/rollup_engine.h"
#include "tests/support/database_fixture.h"
#include "tests/support/in_process_agencies.h"
#include "tests/support/in_process_plans.h"

namespace interplan::reporting::test {

// The seed plans as interplan-plans names them.
inline constexpr char kDongNai[] = "plans/dong-nai-2021";
inline constexpr char kQuangNgai[] = "plans/quang-ngai-2022";
inline constexpr char kGoVap[] = "plans/go-vap-2019-2020";
inline constexpr char kDakLak[] = "plans/dak-lak-2020";
inline constexpr char kLaiChau[] = "plans/lai-chau-2024";

// How long after its due date an obligation stays open in these tests.
inline constexpr int kLockAfterDays = 60;

// The shared in-process services, loaded (and the seeds pushed) on first
// use; nullptr (and a test failure) when they could not be loaded.
::interplan::testing::InProcessAgencies* Agencies();
::interplan::testing::InProcessPlans* Plans();

// The shipped catalogue, data/reference/indicators.jsonl.
const std::vector<v1::Indicator>& ShippedIndicators();

// A call to the shared plans registry (authorization off).
CallContext PlansCall();

// A seed plan fixture (tests/fixtures/plans/<stem>.json) as its request.
plans::v1::CreatePlanRequest SeedFixture(absl::string_view stem);

// A name no other test of this process uses: "<base>-<engine>-<n>".
std::string UniqueId(absl::string_view base);

// A plan with the least content interplan-plans accepts: one section, one
// task led by `lead`. Add reporting lines and targets to it.
plans::v1::Plan MinimalPlan(const std::string& unit, const std::string& issuer,
                            const std::string& period, absl::CivilDay issued,
                            const std::string& lead);
plans::v1::ReportingRequirement ReportingLine(plans::v1::ReportKind kind, const std::string& period,
                                              absl::CivilDay due,
                                              std::vector<std::string> reporters,
                                              const std::string& recipient);
// Creates and issues `plan` as plans/<plan_id> in the shared plans registry.
absl::StatusOr<plans::v1::Plan> CreateIssuedPlan(const plans::v1::Plan& plan,
                                                 const std::string& plan_id);

// Quận 3 of Ho Chi Minh City (units/770) in 2020. 1111/NQ-UBTVQH14 (in
// force from 2021-01-01) merged its Phường 06, 07 and 08 into Phường Võ
// Thị Sáu; the official lists show it from 2021-02-01: the code of Phường
// 06, units/27139, continues as Võ Thị Sáu, and Phường 08 (units/27121)
// and Phường 07 (units/27124) end on 2021-01-31 without saying who took
// them. Only Phường 08 is linked (LinkWard8ToVoThiSau), so the tests see
// a ceased unit with an operator's link and one without.
struct Quan3Plan {
  std::string plan;  // "plans/..."
  // The wards' People's Committees ("agencies/..."), created for the test.
  std::string ward_8, ward_7, vo_thi_sau;
};
// Links Phường 08 to Phường Võ Thị Sáu in the shared interplan-agencies,
// as an operator would with `interplan units link`; the same link again
// changes nothing. Before the plan: a service remembers the units it has
// looked up.
absl::Status LinkWard8ToVoThiSau();
// Creates the three wards' People's Committees and a plan of the city for
// 2020 whose annual report (due 2020-11-05, to the Department of Labour)
// they owe.
absl::StatusOr<Quan3Plan> CreateQuan3Plan();

google::type::Date Day(int year, int month, int day);
google::type::Date Day(absl::CivilDay day);
// 10:00 in Vietnam on that day, and any hour and minute.
absl::Time At(int year, int month, int day, int hour = 10, int minute = 0);

// Values of a report.
v1::IndicatorValue Count(const std::string& code, double value, const std::string& sex = "",
                         const std::string& location = "");
v1::IndicatorValue Ratio(const std::string& code, double numerator, double denominator,
                         const std::string& sex = "", const std::string& location = "");

// The roll-up value of one category ("" total, "female", "male"); nullopt
// when the roll-up has none.
std::optional<v1::RollupValue> ValueFor(const v1::Rollup& rollup, const std::string& sex = "");
std::optional<v1::RollupValue> ChildValueFor(const v1::Rollup& rollup, const std::string& unit,
                                             const std::string& sex = "");
std::vector<std::string> ChildUnits(const v1::Rollup& rollup);

// Field paths of an INVALID_ARGUMENT's BadRequest detail, in order.
std::vector<std::string> FieldsOf(const absl::Status& status);
// The ErrorInfo reason of a status ("" when none).
std::string ReasonOf(const absl::Status& status);

// A compliance group by key ("units/524", "agencies/quang-ngai-so-y-te").
const v1::ComplianceCounts* GroupCounts(
    const google::protobuf::RepeatedPtrField<v1::Compliance::Group>& groups,
    const std::string& key);

// Expected compliance numbers, compared field by field with a readable
// failure.
struct Counts {
  int expected = 0, submitted = 0, on_time = 0, late = 0, missing = 0, pending = 0, accepted = 0,
      returned = 0, not_expected = 0;
};
void ExpectCounts(const v1::ComplianceCounts* actual, const Counts& expected,
                  const std::string& what);

// Base of the logic tests, parameterized over the engine.
class ReportingTest : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void SetUp() override;
  void TearDown() override;

  CallContext Call() const;
  // Brings obligations up to date with interplan-plans; fails the test if
  // it cannot.
  void Sync();

  // A report naming its obligation by (plan, agency, kind, period),
  // handed in at `submitted_at`.
  static v1::Report NewReport(const std::string& plan, const std::string& agency,
                              v1::ReportKind kind, const std::string& period,
                              absl::Time submitted_at);
  // Submits `report`. With enter_when_handed_in_, the registry's clock
  // reads the report's submitted_at during the call (and now_ after it).
  absl::StatusOr<v1::Report> Submit(const v1::Report& report, const std::string& request_id = "");
  // Submits and expects success.
  v1::Report MustSubmit(const v1::Report& report);
  absl::StatusOr<v1::Report> Accept(const std::string& name, const std::string& request_id = "");
  absl::StatusOr<v1::Report> Return(const std::string& name, const std::string& reason,
                                    const std::string& request_id = "");
  // Submits and accepts; the accepted report.
  v1::Report SubmitAccepted(const v1::Report& report);

  absl::StatusOr<v1::Rollup> Rollup(const std::string& indicator, const std::string& unit,
                                    const std::string& period, absl::CivilDay as_of,
                                    bool by_child = false);
  // Without as_of: the service's default (units of the period's last day
  // once it has ended, states as of today).
  absl::StatusOr<v1::Compliance> Compliance(const std::string& unit, const std::string& plan,
                                            const std::string& period,
                                            std::optional<absl::CivilDay> as_of);
  // Every obligation matching, following page tokens.
  std::vector<v1::Obligation> Obligations(const std::string& plan, const std::string& agency = "",
                                          const std::string& period = "",
                                          std::optional<absl::CivilDay> as_of = std::nullopt);
  // The one obligation of (plan, agency, kind, period); fails the test
  // when there is not exactly one.
  v1::Obligation ObligationOf(const std::string& plan, const std::string& agency,
                              v1::ReportKind kind, const std::string& period, absl::CivilDay as_of);

  int64_t CountRows(absl::string_view table, absl::string_view where = "");
  // What the reporting logic stored (obligations, reports, their versions
  // and transitions, roll-up sums, the request log), as text; caches of
  // what interplan-agencies said are left out.
  std::string DumpStore();

  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<IndicatorCatalogue> catalogue_;
  std::unique_ptr<storage::GroupCommitter> committer_;
  std::unique_ptr<RememberingAgenciesClient> registry_;
  std::unique_ptr<PlanFeed> feed_;
  std::unique_ptr<RollupEngine> rollups_;
  std::unique_ptr<ReportRegistry> reports_;
  // What the registry's clock says; tests move it.
  absl::Time now_;
  // Entry is judged on the day a report reaches the service, and most tests
  // hand in reports of years past: by default each report is entered the
  // moment it is handed in (the clock reads its submitted_at while Submit
  // runs). Tests of the clock itself (entry after the lock date, a
  // submitted_at in the future, transition times) clear it and set now_.
  bool enter_when_handed_in_ = true;
};

// The two engines, named "Sqlite" and "Postgres".
#define INSTANTIATE_ON_BOTH_ENGINES(suite)                                                     \
  INSTANTIATE_TEST_SUITE_P(                                                                    \
      Engines, suite, ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgres), \
      [](const auto& info) { return ::interplan::testing::EngineName(info.param); })

}  // namespace interplan::reporting::test

#endif  // INTERPLAN_TESTS_SERVICES_REPORTING_REPORTING_TEST_SUPPORT_H_
