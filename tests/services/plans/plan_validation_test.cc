// What a plan must be, on SQLite and PostgreSQL: each kind of bad input
// alone in a copy of a valid seed plan is INVALID_ARGUMENT with exactly the
// field paths of the problem and stores nothing; references are checked
// against interplan-agencies as of the plan's reference date (unknown,
// retired, not yet existing, requested-only agencies; units not valid on
// that date; unknown indicators; a target unit that does not fit its
// indicator); a target's comparison the plan's words contradict is refused,
// one only worded is filled, a value not stated stays not stated;
// ValidatePlan reports every violation and the blanks of a document
// without storing anything.
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/plans/plan_validator.h"
#include "tests/services/plans/plans_test_support.h"
#include "tests/support/database_fixture.h"

namespace interplan::plans::test {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAreArray;

// The Lai Châu plan moved to 2026, after the 2025 reforms: every date and
// period in 2026, the Labour department replaced by its successor (the
// Home Affairs department) and the ministry by the Ministry of Home Affairs.
// A valid plan whose references are checked on 2026-04-24.
v1::CreatePlanRequest LaiChau2026() {
  // The ministry's gender-equality department first (its name begins with
  // the ministry's), then the rest.
  std::string json = absl::StrReplaceAll(
      absl::StrReplaceAll(FixtureText(kLaiChau),
                          {{"agencies/molisa-vu-bdg", "agencies/moha-vu-cttn-bdg"}}),
      {{"2024", "2026"},
       {"agencies/lai-chau-so-ldtbxh", "agencies/lai-chau-so-noi-vu"},
       {"agencies/molisa", "agencies/moha"}});
  v1::CreatePlanRequest request = ParseFixture(json);
  request.set_plan_id("lai-chau-2026");
  return request;
}

class PlanValidationTest : public PlanRegistryTest {
 protected:
  // `request` is rejected with INVALID_ARGUMENT naming exactly `fields` (in
  // any order), nothing is stored, and ValidatePlan reports the same.
  void ExpectRejected(v1::CreatePlanRequest request, const std::vector<std::string>& fields,
                      const std::string& description = "") {
    request.set_request_id("bad-input-1");
    absl::StatusOr<v1::Plan> created = registry_->CreatePlan(request, Call());
    EXPECT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument)
        << DescribeStatus(created.status());
    EXPECT_THAT(FieldsOf(created.status()), UnorderedElementsAreArray(fields))
        << DescribeStatus(created.status());
    if (!description.empty() && fields.size() == 1) {
      EXPECT_THAT(DescriptionOf(created.status(), fields[0]), HasSubstr(description));
    }
    ExpectNothingStored();

    v1::ValidatePlanRequest validate;
    *validate.mutable_plan() = request.plan();
    absl::StatusOr<v1::ValidatePlanResponse> validated = registry_->ValidatePlan(validate, Call());
    ASSERT_TRUE(validated.ok()) << DescribeStatus(validated.status());
    EXPECT_FALSE(validated->valid());
    std::vector<std::string> reported;
    for (const auto& v : validated->violations()) reported.push_back(v.field());
    EXPECT_THAT(reported, UnorderedElementsAreArray(fields));
    ExpectNothingStored();
  }

  void ExpectAccepted(const v1::CreatePlanRequest& request) {
    v1::ValidatePlanRequest validate;
    *validate.mutable_plan() = request.plan();
    absl::StatusOr<v1::ValidatePlanResponse> validated = registry_->ValidatePlan(validate, Call());
    ASSERT_TRUE(validated.ok()) << DescribeStatus(validated.status());
    EXPECT_TRUE(validated->valid()) << validated->DebugString();
    absl::StatusOr<v1::Plan> created = registry_->CreatePlan(request, Call());
    ASSERT_TRUE(created.ok()) << DescribeStatus(created.status());
    ClearOutputOnly(&*created);
    EXPECT_EQ(Diff(request.plan(), *created), "");
  }
};

// --- The bad input of the issue, each alone in a copy of a valid fixture ---

TEST_P(PlanValidationTest, MissingIssuer) {
  v1::CreatePlanRequest request = Fixture(kGoVap);
  request.mutable_plan()->clear_issuer();
  ExpectRejected(request, {"plan.issuer"}, "required");
}

TEST_P(PlanValidationTest, MissingTitle) {
  v1::CreatePlanRequest request = Fixture(kDongNai);
  request.mutable_plan()->set_title(" \n ");  // blank once trimmed
  ExpectRejected(request, {"plan.title"}, "required");
}

TEST_P(PlanValidationTest, ATaskWithNoLead) {
  v1::CreatePlanRequest request = Fixture(kLaiChau);
  std::vector<TaskAt> tasks = TasksOf(request.mutable_plan());
  ASSERT_EQ(tasks[1].path, "plan.sections[0].sections[0].tasks[1]");
  ASSERT_EQ(tasks[1].task->code(), "II.1.(2)");
  tasks[1].task->clear_lead();
  ExpectRejected(request, {"plan.sections[0].sections[0].tasks[1].lead"}, "task II.1.(2)");
}

TEST_P(PlanValidationTest, ARequestedOnlyBodyAsLead) {
  // The provincial Women's Union can only be requested ("Đề nghị").
  v1::CreatePlanRequest request = Fixture(kQuangNgai);
  std::vector<TaskAt> tasks = TasksOf(request.mutable_plan());
  const TaskAt* task = FirstTaskLedOnlyBy(tasks, "agencies/quang-ngai-so-ldtbxh");
  ASSERT_NE(task, nullptr);
  task->task->set_lead("agencies/quang-ngai-hoi-lhpn");
  ExpectRejected(request, {task->path + ".lead"}, "can only be requested");
  EXPECT_THAT(DescriptionOf(registry_->CreatePlan(request, Call()).status(), task->path + ".lead"),
              HasSubstr("task " + task->task->code()));

  // A district party board, in the Gò Vấp plan.
  v1::CreatePlanRequest go_vap = Fixture(kGoVap);
  std::vector<TaskAt> go_vap_tasks = TasksOf(go_vap.mutable_plan());
  const TaskAt* go_vap_task = FirstTaskLedOnlyBy(go_vap_tasks, "agencies/go-vap-phong-ldtbxh");
  ASSERT_NE(go_vap_task, nullptr);
  go_vap_task->task->set_lead("agencies/go-vap-ban-tuyen-giao");
  ExpectRejected(go_vap, {go_vap_task->path + ".lead"}, "can only be requested");
}

TEST_P(PlanValidationTest, ARequestedOnlyBodyLeadsWhenTheLeadIsOnlyRequested) {
  v1::CreatePlanRequest request = Fixture(kQuangNgai);
  std::vector<TaskAt> tasks = TasksOf(request.mutable_plan());
  const TaskAt* task = FirstTaskLedOnlyBy(tasks, "agencies/quang-ngai-so-ldtbxh");
  ASSERT_NE(task, nullptr);
  task->task->set_lead("agencies/quang-ngai-hoi-lhpn");
  task->task->set_lead_requested(true);
  ExpectAccepted(request);

  v1::CreatePlanRequest go_vap = Fixture(kGoVap);
  std::vector<TaskAt> go_vap_tasks = TasksOf(go_vap.mutable_plan());
  const TaskAt* go_vap_task = FirstTaskLedOnlyBy(go_vap_tasks, "agencies/go-vap-phong-ldtbxh");
  ASSERT_NE(go_vap_task, nullptr);
  go_vap_task->task->set_lead("agencies/go-vap-ban-tuyen-giao");
  go_vap_task->task->set_lead_requested(true);
  ExpectAccepted(go_vap);
}

TEST_P(PlanValidationTest, DuplicateTaskCodes) {
  v1::CreatePlanRequest request = Fixture(kLaiChau);
  std::vector<TaskAt> tasks = TasksOf(request.mutable_plan());
  // The same code in another section.
  ASSERT_EQ(tasks[5].path, "plan.sections[0].sections[1].tasks[0]");
  tasks[5].task->set_code(tasks[0].task->code());
  ExpectRejected(request, {"plan.sections[0].sections[1].tasks[0].code"}, "duplicate");
}

TEST_P(PlanValidationTest, APercentageAbove100OrBelow0) {
  for (double value : {150.0, 100.5, -1.0}) {
    SCOPED_TRACE(value);
    v1::CreatePlanRequest request = Fixture(kGoVap);
    std::vector<TargetAt> targets = TargetsOf(request.mutable_plan());
    ASSERT_EQ(targets[0].path, "plan.sections[0].sections[0].sections[0].sections[0].targets[0]");
    ASSERT_EQ(targets[0].target->unit(), v1::TARGET_UNIT_PERCENT);
    targets[0].target->set_value(value);
    ExpectRejected(request, {targets[0].path + ".value"}, "between 0 and 100");
  }
  // 0 and 100 are fine.
  v1::CreatePlanRequest edges = Fixture(kGoVap);
  std::vector<TargetAt> targets = TargetsOf(edges.mutable_plan());
  targets[0].target->set_value(0);
  targets[1].target->set_value(100);
  ExpectAccepted(edges);
}

TEST_P(PlanValidationTest, ANegativeCount) {
  v1::CreatePlanRequest request = Fixture(kGoVap);
  std::vector<TargetAt> targets = TargetsOf(request.mutable_plan());
  targets[2].target->clear_indicator();  // a count of no catalogue indicator
  targets[2].target->set_unit(v1::TARGET_UNIT_COUNT);
  targets[2].target->set_value(-3);
  ExpectRejected(request, {targets[2].path + ".value"}, "whole number >= 0");
}

TEST_P(PlanValidationTest, ADueDateOutsideThePlanPeriod) {
  // Gò Vấp plans 2019/2020; a target due at the end of 2021.
  v1::CreatePlanRequest request = Fixture(kGoVap);
  std::vector<TargetAt> targets = TargetsOf(request.mutable_plan());
  ASSERT_TRUE(targets[0].target->has_due_date());
  *targets[0].target->mutable_due_date() = Day(2021, 12, 31);
  ExpectRejected(request, {targets[0].path + ".due_date"}, "outside the plan period");

  // Before the period, and a task's end date.
  request = Fixture(kQuangNgai);
  targets.clear();
  std::vector<TaskAt> tasks = TasksOf(request.mutable_plan());
  TaskAt* campaign = nullptr;
  for (TaskAt& at : tasks) {
    if (at.task->code() == "II.2.e") campaign = &at;
  }
  ASSERT_NE(campaign, nullptr);
  *campaign->task->mutable_end_date() = Day(2023, 1, 15);
  ExpectRejected(request, {campaign->path + ".end_date"}, "outside the plan period");
}

TEST_P(PlanValidationTest, APeriodThatEndsBeforeItStarts) {
  v1::CreatePlanRequest request = Fixture(kGoVap);
  request.mutable_plan()->set_period("2020/2019");
  ExpectRejected(request, {"plan.period"});
  request.mutable_plan()->set_period("2020-12-31..2020-01-01");
  ExpectRejected(request, {"plan.period"});
}

TEST_P(PlanValidationTest, ATaskThatEndsBeforeItStarts) {
  // Quảng Ngãi 2022's Action Month task (II.2.e), both dates inside the
  // plan's year: ending in November before starting in December.
  v1::CreatePlanRequest request = Fixture(kQuangNgai);
  std::vector<TaskAt> tasks = TasksOf(request.mutable_plan());
  TaskAt* campaign = nullptr;
  for (TaskAt& at : tasks) {
    if (at.task->code() == "II.2.e") campaign = &at;
  }
  ASSERT_NE(campaign, nullptr);
  *campaign->task->mutable_start_date() = Day(2022, 12, 1);
  *campaign->task->mutable_end_date() = Day(2022, 11, 15);
  ExpectRejected(request, {campaign->path + ".end_date"}, "ends before it starts");

  // The same day is a one-day task.
  request = Fixture(kQuangNgai);
  tasks = TasksOf(request.mutable_plan());
  for (TaskAt& at : tasks) {
    if (at.task->code() == "II.2.e") campaign = &at;
  }
  *campaign->task->mutable_start_date() = Day(2022, 11, 15);
  *campaign->task->mutable_end_date() = Day(2022, 11, 15);
  ExpectAccepted(request);
}

TEST_P(PlanValidationTest, AReportingAgencyOutsideThePlansUnit) {
  // Đồng Nai's plan asking Quảng Ngãi's Health department for a report:
  // it would make another province's agency owe Đồng Nai reports.
  v1::CreatePlanRequest request = Fixture(kDongNai);
  int line = -1;
  for (int i = 0; i < request.plan().reporting_size(); ++i) {
    if (request.plan().reporting(i).reporting_agencies_size() > 0) line = i;
  }
  ASSERT_GE(line, 0);
  request.mutable_plan()->mutable_reporting(line)->set_reporting_agencies(
      0, "agencies/quang-ngai-so-y-te");
  ExpectRejected(request, {absl::StrCat("plan.reporting[", line, "].reporting_agencies[0]")},
                 "is outside the plan's unit units/75");

  // A national body reports from anywhere; a district's body inside the
  // province does too (the seed plans above are accepted as they are).
  request = Fixture(kDongNai);
  request.mutable_plan()->mutable_reporting(line)->set_reporting_agencies(0, "agencies/ncfaw");
  ExpectAccepted(request);
}

TEST_P(PlanValidationTest, AnUnknownIndicator) {
  v1::CreatePlanRequest request = Fixture(kGoVap);
  std::vector<TargetAt> targets = TargetsOf(request.mutable_plan());
  targets[1].target->set_indicator("indicators/NO-SUCH-INDICATOR");
  ExpectRejected(request, {targets[1].path + ".indicator"}, "unknown indicator");
}

TEST_P(PlanValidationTest, AUnitNotValidOnTheIssueDate) {
  // Gò Vấp (units/764) ended with the district level on 2025-06-30.
  v1::CreatePlanRequest request = LaiChau2026();
  request.mutable_plan()->set_unit("units/764");
  ExpectRejected(request, {"plan.unit"}, "did not exist on 2026-04-24");

  // The same unit as a task's location.
  request = LaiChau2026();
  std::vector<TaskAt> tasks = TasksOf(request.mutable_plan());
  ASSERT_EQ(tasks[2].task->locations_size(), 0);
  tasks[2].task->add_locations("units/764");
  ExpectRejected(request, {tasks[2].path + ".locations[0]"}, "units/764");

  // A code that never existed.
  request = Fixture(kDakLak);
  request.mutable_plan()->set_unit("units/99999999");
  ExpectRejected(request, {"plan.unit"}, "did not exist");
}

TEST_P(PlanValidationTest, APlanOver4MiB) {
  v1::CreatePlanRequest request = Fixture(kLaiChau);
  TasksOf(request.mutable_plan())[0].task->set_content(std::string(5 << 20, 'a'));
  ASSERT_GT(request.plan().ByteSizeLong(), kMaxPlanBytes);
  ExpectRejected(request, {"plan"}, "4 MiB");
}

// --- References as of the reference date ---

TEST_P(PlanValidationTest, TheReformedLaiChauPlanIsValid) { ExpectAccepted(LaiChau2026()); }

TEST_P(PlanValidationTest, AnUnknownAgency) {
  v1::CreatePlanRequest request = Fixture(kLaiChau);
  std::vector<TaskAt> tasks = TasksOf(request.mutable_plan());
  tasks[3].task->set_lead("agencies/no-such-agency");
  ExpectRejected(request, {tasks[3].path + ".lead"}, "not a known agency");
  EXPECT_THAT(
      DescriptionOf(registry_->CreatePlan(request, Call()).status(), tasks[3].path + ".lead"),
      HasSubstr("task " + tasks[3].task->code()));

  request = Fixture(kLaiChau);
  request.mutable_plan()->set_issuer("agencies/no-such-agency");
  ExpectRejected(request, {"plan.issuer"}, "not a known agency");
}

TEST_P(PlanValidationTest, ARetiredAgencyAsLead) {
  // A Gò Vấp district office in a plan of 2026: the districts ended on
  // 2025-06-30.
  v1::CreatePlanRequest request = LaiChau2026();
  std::vector<TaskAt> tasks = TasksOf(request.mutable_plan());
  tasks[0].task->set_lead("agencies/go-vap-phong-noi-vu");
  ExpectRejected(request, {tasks[0].path + ".lead"}, "was retired on 2026-04-24");

  // The Labour department after 2025-02-28, with its successor named.
  request = LaiChau2026();
  tasks = TasksOf(request.mutable_plan());
  tasks[4].task->set_lead("agencies/lai-chau-so-ldtbxh");
  ExpectRejected(request, {tasks[4].path + ".lead"}, "successor is agencies/lai-chau-so-noi-vu");
  EXPECT_THAT(
      DescriptionOf(registry_->CreatePlan(request, Call()).status(), tasks[4].path + ".lead"),
      HasSubstr("task " + tasks[4].task->code()));
}

TEST_P(PlanValidationTest, EveryReferenceToARetiredAgencyIsNamed) {
  // The 2024 Lai Châu plan as if issued in April 2025, after the Labour
  // departments and the ministry merged into Home Affairs (2025-03-01).
  v1::CreatePlanRequest request = Fixture(kLaiChau);
  *request.mutable_plan()->mutable_issue_date() = Day(2025, 4, 10);
  std::vector<std::string> fields = FieldsNaming(request.plan(), "agencies/lai-chau-so-ldtbxh");
  const std::vector<std::string> ministry = FieldsNaming(request.plan(), "agencies/molisa");
  // "Nơi nhận" names the ministry's gender-equality department.
  const std::vector<std::string> department =
      FieldsNaming(request.plan(), "agencies/molisa-vu-bdg");
  ASSERT_GT(fields.size(), 10u);
  ASSERT_EQ(department, std::vector<std::string>{"plan.distribution.addressees[2].agency"});
  fields.insert(fields.end(), ministry.begin(), ministry.end());
  fields.insert(fields.end(), department.begin(), department.end());
  ExpectRejected(request, fields);
  // Cited documents of the retired ministry stay valid references.
  bool cites_ministry = false;
  for (const auto& basis : request.plan().legal_bases()) {
    cites_ministry |= basis.issuer_agency() == "agencies/molisa";
  }
  EXPECT_TRUE(cites_ministry);
}

TEST_P(PlanValidationTest, AnAgencyThatDidNotExistYet) {
  // The Home Affairs ministry's gender-equality department exists from
  // 2025-03-01; the Lai Châu plan is of 2024.
  v1::CreatePlanRequest request = Fixture(kLaiChau);
  std::vector<TaskAt> tasks = TasksOf(request.mutable_plan());
  tasks[0].task->add_coordinating("agencies/moha-vu-cttn-bdg");
  ExpectRejected(request, {tasks[0].path + ".coordinating[0]"}, "did not exist yet");
}

TEST_P(PlanValidationTest, BadReferenceNames) {
  v1::CreatePlanRequest request = Fixture(kLaiChau);
  std::vector<TaskAt> tasks = TasksOf(request.mutable_plan());
  tasks[0].task->set_lead("units/12");
  tasks[1].task->add_locations("agencies/lai-chau-ubnd");
  ExpectRejected(request, {tasks[0].path + ".lead", tasks[1].path + ".locations[0]"});
}

// --- ValidatePlan ---

TEST_P(PlanValidationTest, EverySeedPlanIsValidAndItsBlanksAreListed) {
  for (const std::string& stem : FixtureStems()) {
    SCOPED_TRACE(stem);
    v1::ValidatePlanRequest request;
    *request.mutable_plan() = Fixture(stem).plan();
    absl::StatusOr<v1::ValidatePlanResponse> response = registry_->ValidatePlan(request, Call());
    ASSERT_TRUE(response.ok()) << DescribeStatus(response.status());
    EXPECT_TRUE(response->valid());
    EXPECT_THAT(response->violations(), IsEmpty());
    const std::vector<std::string> missing(response->missing().begin(), response->missing().end());
    if (stem == kDakLak) {
      // "Số: /KH-UBND", "ngày ... tháng 3 năm 2020".
      EXPECT_THAT(missing, ElementsAre(StartsWith("issue_date: the day"),
                                       StartsWith("document_number: the number is left blank")));
    } else if (stem == kQuangNgai) {
      EXPECT_THAT(missing, ElementsAre(StartsWith("issue_date: no date printed"),
                                       StartsWith("document_number: none printed")));
    } else if (stem == kDongNai) {
      EXPECT_THAT(missing, ElementsAre(StartsWith("document_number: none printed")));
    } else {
      EXPECT_THAT(missing, IsEmpty());
    }
  }
  ExpectNothingStored();
}

TEST_P(PlanValidationTest, ValidateReportsEveryContentViolation) {
  v1::CreatePlanRequest request = Fixture(kGoVap);
  v1::Plan* plan = request.mutable_plan();
  plan->clear_title();
  std::vector<TaskAt> tasks = TasksOf(plan);
  std::vector<TargetAt> targets = TargetsOf(plan);
  tasks[1].task->clear_lead();
  tasks[3].task->set_code(tasks[2].task->code());
  targets[0].target->set_value(150);
  *targets[1].target->mutable_due_date() = Day(2018, 12, 31);
  plan->mutable_budget(0)->set_amount_vnd(-1);
  const std::vector<std::string> fields = {
      "plan.title",
      tasks[1].path + ".lead",
      tasks[3].path + ".code",
      targets[0].path + ".value",
      targets[1].path + ".due_date",
      "plan.budget[0].amount_vnd",
  };
  ExpectRejected(request, fields);
}

TEST_P(PlanValidationTest, ValidateReportsEveryReferenceViolation) {
  v1::CreatePlanRequest request = Fixture(kGoVap);
  v1::Plan* plan = request.mutable_plan();
  std::vector<TaskAt> tasks = TasksOf(plan);
  std::vector<TargetAt> targets = TargetsOf(plan);
  const TaskAt* only_lead = FirstTaskLedOnlyBy(tasks, "agencies/go-vap-phong-ldtbxh");
  ASSERT_NE(only_lead, nullptr);
  ASSERT_NE(only_lead->path, tasks[2].path);
  tasks[2].task->set_lead("agencies/no-such-agency");
  only_lead->task->set_lead("agencies/go-vap-hoi-lhpn");
  targets[2].target->set_indicator("indicators/NO-SUCH");
  const std::string location =
      absl::StrCat(tasks[4].path, ".locations[", tasks[4].task->locations_size(), "]");
  tasks[4].task->add_locations("units/99999999");
  plan->mutable_assignments(0)->set_agency("agencies/moha-vu-cttn-bdg");
  const std::vector<std::string> fields = {
      tasks[2].path + ".lead",        only_lead->path + ".lead",
      targets[2].path + ".indicator", location,
      "plan.assignments[0].agency",
  };
  ExpectRejected(request, fields);
}

TEST_P(PlanValidationTest, ValidateReportsContentAndReferenceViolationsTogether) {
  // A missing title and an unknown lead: "every violation", not the first
  // kind found.
  v1::CreatePlanRequest request = Fixture(kLaiChau);
  request.mutable_plan()->clear_title();
  std::vector<TaskAt> tasks = TasksOf(request.mutable_plan());
  tasks[0].task->set_lead("agencies/no-such-agency");
  v1::ValidatePlanRequest validate;
  *validate.mutable_plan() = request.plan();
  absl::StatusOr<v1::ValidatePlanResponse> response = registry_->ValidatePlan(validate, Call());
  ASSERT_TRUE(response.ok()) << DescribeStatus(response.status());
  std::vector<std::string> reported;
  for (const auto& v : response->violations()) reported.push_back(v.field());
  EXPECT_THAT(reported,
              UnorderedElementsAreArray({std::string("plan.title"), tasks[0].path + ".lead"}));
}

TEST_P(PlanValidationTest, ValidateNeedsAPlan) {
  v1::ValidatePlanRequest request;
  absl::StatusOr<v1::ValidatePlanResponse> response = registry_->ValidatePlan(request, Call());
  ASSERT_TRUE(response.ok()) << DescribeStatus(response.status());
  EXPECT_FALSE(response->valid());
  std::vector<std::string> reported;
  for (const auto& v : response->violations()) reported.push_back(v.field());
  EXPECT_THAT(reported, UnorderedElementsAreArray({"plan.issuer", "plan.title", "plan.unit",
                                                   "plan.period", "plan.sections"}));
  ExpectNothingStored();
}

// --- Targets as plans write them ---

TEST_P(PlanValidationTest, SeedGoVapComparisonsAreStoredAndReturned) {
  v1::Plan created = Create(Fixture(kGoVap));
  absl::StatusOr<v1::Plan> read = Get(created.name());
  ASSERT_TRUE(read.ok()) << DescribeStatus(read.status());
  std::vector<TargetAt> targets = TargetsOf(&*read);
  ASSERT_EQ(targets.size(), 5u);
  // "Đến cuối năm 2020 đạt 70% ...; 50% ...", "Mục tiêu: 100% ..." (no
  // word), "Phân đầu 100% ..." twice.
  EXPECT_EQ(targets[0].target->comparison(), v1::TARGET_COMPARISON_AT_LEAST);
  EXPECT_EQ(targets[0].target->comparison_words(), "đạt");
  EXPECT_EQ(targets[1].target->comparison_words(), "đạt");
  EXPECT_EQ(targets[2].target->comparison(), v1::TARGET_COMPARISON_UNSPECIFIED);
  EXPECT_EQ(targets[2].target->comparison_words(), "");
  EXPECT_EQ(targets[3].target->comparison(), v1::TARGET_COMPARISON_AT_LEAST);
  EXPECT_EQ(targets[3].target->comparison_words(), "Phân đầu");
  EXPECT_EQ(targets[4].target->comparison_words(), "Phân đầu");
}

TEST_P(PlanValidationTest, AComparisonGivenWithItsWordsIsKept) {
  v1::CreatePlanRequest request = Fixture(kGoVap);
  std::vector<TargetAt> targets = TargetsOf(request.mutable_plan());
  targets[1].target->set_comparison(v1::TARGET_COMPARISON_AT_MOST);
  targets[1].target->set_comparison_words("xuống dưới");
  targets[2].target->set_comparison(v1::TARGET_COMPARISON_DECREASE_BY_SHARE);
  targets[2].target->set_comparison_words("giảm");
  targets[2].target->set_value(20);
  ExpectAccepted(request);
}

TEST_P(PlanValidationTest, OnlyTheWordsFillTheComparison) {
  v1::CreatePlanRequest request = Fixture(kGoVap);
  std::vector<TargetAt> targets = TargetsOf(request.mutable_plan());
  for (const TargetAt& at : targets) at.target->clear_comparison();
  targets[2].target->set_comparison_words("phấn đấu đạt tối thiểu");
  targets[4].target->set_comparison_words("tăng");  // by an amount or a share: not guessed
  v1::Plan created = Create(request);
  absl::StatusOr<v1::Plan> read = Get(created.name());
  ASSERT_TRUE(read.ok()) << DescribeStatus(read.status());
  std::vector<TargetAt> stored = TargetsOf(&*read);
  EXPECT_EQ(stored[0].target->comparison(), v1::TARGET_COMPARISON_AT_LEAST);  // "đạt"
  EXPECT_EQ(stored[2].target->comparison(), v1::TARGET_COMPARISON_AT_LEAST);
  EXPECT_EQ(stored[2].target->comparison_words(), "phấn đấu đạt tối thiểu");
  EXPECT_EQ(stored[3].target->comparison(), v1::TARGET_COMPARISON_AT_LEAST);  // "Phân đầu"
  EXPECT_EQ(stored[4].target->comparison(), v1::TARGET_COMPARISON_UNSPECIFIED);
  EXPECT_EQ(stored[4].target->comparison_words(), "tăng");
}

TEST_P(PlanValidationTest, AComparisonTheWordsContradict) {
  v1::CreatePlanRequest request = Fixture(kGoVap);
  std::vector<TargetAt> targets = TargetsOf(request.mutable_plan());
  ASSERT_EQ(targets[3].target->comparison_words(), "Phân đầu");
  targets[3].target->set_comparison(v1::TARGET_COMPARISON_AT_MOST);
  ExpectRejected(request, {targets[3].path + ".comparison"},
                 "TARGET_COMPARISON_AT_MOST (at most) contradicts the plan's words \"Phân đầu\" "
                 "(at least)");
  // "giảm" allows a decrease by an amount or a share, not an increase.
  v1::CreatePlanRequest increase = Fixture(kGoVap);
  targets = TargetsOf(increase.mutable_plan());
  targets[2].target->set_comparison(v1::TARGET_COMPARISON_INCREASE_BY);
  targets[2].target->set_comparison_words("giảm");
  ExpectRejected(increase, {targets[2].path + ".comparison"}, "decrease by or decrease by share");
}

TEST_P(PlanValidationTest, AValueNotStatedIsNotZero) {
  v1::CreatePlanRequest request = Fixture(kGoVap);
  std::vector<TargetAt> targets = TargetsOf(request.mutable_plan());
  targets[1].target->clear_value();  // the plan names the indicator, not the number
  targets[2].target->set_value(0);   // a stated 0
  v1::Plan created = Create(request);
  for (int64_t revision : {int64_t{0}, int64_t{1}}) {
    absl::StatusOr<v1::Plan> read = Get(created.name(), revision);
    ASSERT_TRUE(read.ok()) << DescribeStatus(read.status());
    std::vector<TargetAt> stored = TargetsOf(&*read);
    EXPECT_FALSE(stored[1].target->has_value());
    EXPECT_TRUE(stored[2].target->has_value());
    EXPECT_EQ(stored[2].target->value(), 0);
    EXPECT_TRUE(stored[0].target->has_value());
    EXPECT_EQ(stored[0].target->value(), 70);
  }
}

TEST_P(PlanValidationTest, AUnitThatDoesNotFitTheIndicator) {
  // LOC-COMM-OFFICIALS is a percentage in the catalogue: a count on it is
  // refused, naming the unit.
  v1::CreatePlanRequest request = Fixture(kGoVap);
  std::vector<TargetAt> targets = TargetsOf(request.mutable_plan());
  ASSERT_EQ(targets[0].target->indicator(), "indicators/LOC-COMM-OFFICIALS");
  targets[0].target->set_unit(v1::TARGET_UNIT_COUNT);
  ExpectRejected(request, {targets[0].path + ".unit"},
                 "a count does not fit indicators/LOC-COMM-OFFICIALS, which the catalogue "
                 "measures as a percentage");
  // A ratio on a count indicator, in another section.
  v1::CreatePlanRequest ratio = Fixture(kGoVap);
  targets = TargetsOf(ratio.mutable_plan());
  targets[3].target->set_indicator("indicators/LOC-COMM-OFFICIALS-N");
  targets[3].target->set_unit(v1::TARGET_UNIT_RATIO);
  ExpectRejected(ratio, {targets[3].path + ".unit"}, "measures as a count");
}

TEST_P(PlanValidationTest, AShareOfTheBaselineIsAPercentageOfAnyIndicator) {
  // "giảm 10%" of a count indicator: unit PERCENT fits, whatever the
  // indicator measures; a share stated as a count does not.
  v1::CreatePlanRequest request = Fixture(kGoVap);
  std::vector<TargetAt> targets = TargetsOf(request.mutable_plan());
  targets[3].target->set_indicator("indicators/LOC-COMM-OFFICIALS-N");
  targets[3].target->set_comparison(v1::TARGET_COMPARISON_DECREASE_BY_SHARE);
  targets[3].target->set_comparison_words("giảm");
  targets[3].target->set_value(10);
  targets[3].target->set_baseline(200);
  v1::CreatePlanRequest as_count = request;
  TargetsOf(as_count.mutable_plan())[3].target->set_unit(v1::TARGET_UNIT_COUNT);
  ExpectRejected(as_count, {targets[3].path + ".unit"}, "use unit TARGET_UNIT_PERCENT");
  ExpectAccepted(request);
}

INSTANTIATE_ON_BOTH_ENGINES(PlanValidationTest);

}  // namespace
}  // namespace interplan::plans::test
