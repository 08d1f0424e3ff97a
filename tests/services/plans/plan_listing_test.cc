// Finding plans and duties, on SQLite and PostgreSQL: ListPlans by unit
// subtree as of a date (across the 2025 mergers), year, status, issuer and
// accent-insensitive words, page by page; ListAssignments for the Quảng Ngãi
// Labour department (agencies/quang-ngai-so-ldtbxh) after seed 001 is
// issued, only from plans in force and their current revision.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/api/enum_names.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/plans/schema.h"
#include "tests/services/plans/plans_test_support.h"
#include "tests/support/database_fixture.h"

namespace interplan::plans::test {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kDakLakPlan[] = "plans/dak-lak-2020";
constexpr char kDongNaiPlan[] = "plans/dong-nai-2021";
constexpr char kGoVapPlan[] = "plans/go-vap-2019-2020";
constexpr char kLaiChauPlan[] = "plans/lai-chau-2024";
constexpr char kQuangNgaiPlan[] = "plans/quang-ngai-2022";
constexpr char kLabour[] = "agencies/quang-ngai-so-ldtbxh";

class PlanListingTest : public PlanRegistryTest {
 protected:
  // The five seed plans: Quảng Ngãi and Gò Vấp issued, Lai Châu issued and
  // closed, Đồng Nai and Đắk Lắk drafts.
  void CreateSeeds() {
    CreateFixture(kDongNai);
    CreateIssued(kQuangNgai);
    CreateIssued(kGoVap);
    CreateFixture(kDakLak);
    const v1::Plan lai_chau = CreateIssued(kLaiChau);
    v1::ClosePlanRequest close;
    close.set_name(lai_chau.name());
    ASSERT_TRUE(registry_->ClosePlan(close, Call()).ok());
  }

  std::vector<std::string> Under(const std::string& unit, int year, int month, int day) {
    v1::ListPlansRequest request;
    request.set_unit(unit);
    if (year != 0) *request.mutable_as_of() = Day(year, month, day);
    std::vector<std::string> warnings;
    std::vector<std::string> names = ListAll(request, &warnings);
    EXPECT_THAT(warnings, IsEmpty());
    return names;
  }

  std::vector<std::string> Matching(const std::string& query) {
    v1::ListPlansRequest request;
    request.set_query(query);
    return ListAll(request);
  }
};

// "KIND code" of every duty `agency` has in `plan`, in document order:
// tasks (lead, coordinating, requested) and targets (lead, coordinating)
// section by section, then "Tổ chức thực hiện" paragraphs addressed to it,
// then reporting requirements naming it.
void SectionDuties(const v1::Section& section, const std::string& agency,
                   std::vector<std::string>* out) {
  for (const v1::Task& task : section.tasks()) {
    if (task.lead() == agency) out->push_back("LEADS " + task.code());
    for (const std::string& a : task.coordinating()) {
      if (a == agency) out->push_back("COORDINATES " + task.code());
    }
    for (const std::string& a : task.requested()) {
      if (a == agency) out->push_back("REQUESTED_FOR " + task.code());
    }
  }
  for (const v1::Target& target : section.targets()) {
    if (target.lead() == agency) out->push_back("TARGET_LEAD " + target.code());
    for (const std::string& a : target.coordinating()) {
      if (a == agency) out->push_back("TARGET_COORDINATES " + target.code());
    }
  }
  for (const v1::Section& sub : section.sections()) SectionDuties(sub, agency, out);
}

std::vector<std::string> DutiesIn(const v1::Plan& plan, const std::string& agency) {
  std::vector<std::string> duties;
  for (const v1::Section& section : plan.sections()) SectionDuties(section, agency, &duties);
  for (const v1::Assignment& assignment : plan.assignments()) {
    if (assignment.agency() == agency) duties.push_back("IMPLEMENTATION_DUTY " + assignment.code());
  }
  for (int i = 0; i < plan.reporting_size(); ++i) {
    for (const std::string& a : plan.reporting(i).reporting_agencies()) {
      if (a == agency) duties.push_back(absl::StrCat("REPORTS reporting[", i, "]"));
    }
  }
  return duties;
}

std::vector<std::string> Keys(const std::vector<v1::AgencyAssignment>& assignments) {
  std::vector<std::string> keys;
  for (const v1::AgencyAssignment& a : assignments) {
    keys.push_back(absl::StrCat(api::ShortEnumName(a.kind()), " ", a.code()));
  }
  return keys;
}

std::optional<v1::Task> FindTask(v1::Plan plan, const std::string& code) {
  for (const TaskAt& at : TasksOf(&plan)) {
    if (at.task->code() == code) return *at.task;
  }
  return std::nullopt;
}

// --- ListPlans ---

TEST_P(PlanListingTest, EveryPlanInNameOrderPageByPage) {
  CreateSeeds();
  const std::vector<std::string> all = {kDakLakPlan, kDongNaiPlan, kGoVapPlan, kLaiChauPlan,
                                        kQuangNgaiPlan};
  EXPECT_EQ(ListAll(v1::ListPlansRequest()), all);
  for (int page_size : {1, 2, 3}) {
    SCOPED_TRACE(page_size);
    v1::ListPlansRequest request;
    request.set_page_size(page_size);
    int pages = 0;
    std::vector<std::string> names;
    for (; pages < 10; ++pages) {
      absl::StatusOr<v1::ListPlansResponse> response = registry_->ListPlans(request, Call());
      ASSERT_TRUE(response.ok()) << response.status();
      EXPECT_LE(response->plans_size(), page_size);
      for (const v1::Plan& plan : response->plans()) names.push_back(plan.name());
      if (response->next_page_token().empty()) break;
      request.set_page_token(response->next_page_token());
    }
    EXPECT_EQ(names, all);
    EXPECT_EQ(pages + 1, (5 + page_size - 1) / page_size);
  }
  // Every listed plan is its current revision, with its status and etag.
  v1::ListPlansRequest request;
  absl::StatusOr<v1::ListPlansResponse> response = registry_->ListPlans(request, Call());
  ASSERT_TRUE(response.ok());
  for (const v1::Plan& plan : response->plans()) {
    absl::StatusOr<v1::Plan> read = Get(plan.name());
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(Diff(*read, plan), "");
  }
}

TEST_P(PlanListingTest, ByYearStatusAndIssuer) {
  CreateSeeds();
  auto with = [&](int year, v1::PlanStatus status, const std::string& issuer) {
    v1::ListPlansRequest request;
    request.set_year(year);
    request.set_status(status);
    request.set_issuer(issuer);
    return ListAll(request);
  };
  // Plans whose period includes the year; Gò Vấp's is 2019/2020.
  EXPECT_THAT(with(2019, v1::PLAN_STATUS_UNSPECIFIED, ""), ElementsAre(kGoVapPlan));
  EXPECT_THAT(with(2020, v1::PLAN_STATUS_UNSPECIFIED, ""), ElementsAre(kDakLakPlan, kGoVapPlan));
  EXPECT_THAT(with(2021, v1::PLAN_STATUS_UNSPECIFIED, ""), ElementsAre(kDongNaiPlan));
  EXPECT_THAT(with(2022, v1::PLAN_STATUS_UNSPECIFIED, ""), ElementsAre(kQuangNgaiPlan));
  EXPECT_THAT(with(2023, v1::PLAN_STATUS_UNSPECIFIED, ""), IsEmpty());
  EXPECT_THAT(with(0, v1::PLAN_STATUS_ISSUED, ""), ElementsAre(kGoVapPlan, kQuangNgaiPlan));
  EXPECT_THAT(with(0, v1::PLAN_STATUS_DRAFT, ""), ElementsAre(kDakLakPlan, kDongNaiPlan));
  EXPECT_THAT(with(0, v1::PLAN_STATUS_CLOSED, ""), ElementsAre(kLaiChauPlan));
  EXPECT_THAT(with(0, v1::PLAN_STATUS_WITHDRAWN, ""), IsEmpty());
  EXPECT_THAT(with(2020, v1::PLAN_STATUS_ISSUED, ""), ElementsAre(kGoVapPlan));
  EXPECT_THAT(with(0, v1::PLAN_STATUS_UNSPECIFIED, "agencies/quang-ngai-ubnd"),
              ElementsAre(kQuangNgaiPlan));
  EXPECT_THAT(with(0, v1::PLAN_STATUS_UNSPECIFIED, "agencies/lai-chau-bvstbpn"),
              ElementsAre(kLaiChauPlan));
  EXPECT_THAT(with(2020, v1::PLAN_STATUS_UNSPECIFIED, "agencies/quang-ngai-ubnd"), IsEmpty());
  EXPECT_THAT(with(0, v1::PLAN_STATUS_UNSPECIFIED, "agencies/quang-ngai-so-ldtbxh"), IsEmpty());
}

TEST_P(PlanListingTest, ByAccentInsensitiveWords) {
  CreateSeeds();
  EXPECT_THAT(Matching("binh dang gioi quang ngai"), ElementsAre(kQuangNgaiPlan));
  EXPECT_THAT(Matching("Bình đẳng giới Quảng Ngãi"), ElementsAre(kQuangNgaiPlan));
  EXPECT_THAT(Matching("BINH DANG GIOI"),
              ElementsAre(kDakLakPlan, kDongNaiPlan, kGoVapPlan, kLaiChauPlan, kQuangNgaiPlan));
  EXPECT_THAT(Matching("Dong Nai"), ElementsAre(kDongNaiPlan));
  EXPECT_THAT(Matching("dak lak"), ElementsAre(kDakLakPlan));
  EXPECT_THAT(Matching("go vap"), ElementsAre(kGoVapPlan));
  EXPECT_THAT(Matching("lai chau"), ElementsAre(kLaiChauPlan));
  EXPECT_THAT(Matching("BVSTBPN"), ElementsAre(kLaiChauPlan));  // the document number
  EXPECT_THAT(Matching("quang ngai dong nai"), IsEmpty());
  EXPECT_THAT(Matching("ha noi"), IsEmpty());
  v1::ListPlansRequest request;
  request.set_query("binh dang gioi");
  request.set_year(2020);
  EXPECT_THAT(ListAll(request), ElementsAre(kDakLakPlan, kGoVapPlan));
}

TEST_P(PlanListingTest, ByUnitSubtreeAsOfADate) {
  CreateSeeds();
  // Gò Vấp (units/764) was a district of Hồ Chí Minh City (old units/79);
  // the new city (units/79 from 2025-07-01) counts the old one among its
  // predecessors.
  EXPECT_THAT(Under("units/79", 2020, 1, 1), ElementsAre(kGoVapPlan));
  EXPECT_THAT(Under("units/79", 2026, 1, 1), ElementsAre(kGoVapPlan));
  EXPECT_THAT(Under("units/79", 0, 0, 0), ElementsAre(kGoVapPlan));  // today: 2026-01-01
  EXPECT_THAT(Under("units/764", 2019, 6, 1), ElementsAre(kGoVapPlan));
  // Quảng Ngãi before and after its merger with Kon Tum.
  EXPECT_THAT(Under("units/51", 2022, 6, 1), ElementsAre(kQuangNgaiPlan));
  EXPECT_THAT(Under("units/51", 2026, 1, 1), ElementsAre(kQuangNgaiPlan));
  // Neither is under Đồng Nai, before or after its merger with Bình Phước.
  EXPECT_THAT(Under("units/75", 2021, 1, 1), ElementsAre(kDongNaiPlan));
  EXPECT_THAT(Under("units/75", 2026, 1, 1), ElementsAre(kDongNaiPlan));
  EXPECT_THAT(Under("units/66", 2020, 6, 1), ElementsAre(kDakLakPlan));
  EXPECT_THAT(Under("units/12", 2024, 6, 1), ElementsAre(kLaiChauPlan));

  v1::ListPlansRequest request;
  request.set_unit("units/79");
  request.set_year(2022);
  EXPECT_THAT(ListAll(request), IsEmpty());
  request.set_year(2020);
  request.set_status(v1::PLAN_STATUS_ISSUED);
  EXPECT_THAT(ListAll(request), ElementsAre(kGoVapPlan));
}

TEST_P(PlanListingTest, BadFiltersAreInvalid) {
  CreateSeeds();
  auto fields = [&](const v1::ListPlansRequest& request) {
    absl::StatusOr<v1::ListPlansResponse> response = registry_->ListPlans(request, Call());
    EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument) << response.status();
    return FieldsOf(response.status());
  };
  v1::ListPlansRequest request;
  request.set_unit("79");
  EXPECT_THAT(fields(request), ElementsAre("unit"));
  request.Clear();
  request.set_issuer("quang-ngai-ubnd");
  EXPECT_THAT(fields(request), ElementsAre("issuer"));
  request.Clear();
  request.set_year(-1);
  EXPECT_THAT(fields(request), ElementsAre("year"));
  request.Clear();
  request.set_page_size(-1);
  EXPECT_THAT(fields(request), ElementsAre("page_size"));
  request.Clear();
  request.set_page_token("not-a-token");
  EXPECT_THAT(fields(request), ElementsAre("page_token"));

  // A token is bound to the filters it was issued for.
  request.Clear();
  request.set_page_size(1);
  request.set_year(2020);
  absl::StatusOr<v1::ListPlansResponse> first = registry_->ListPlans(request, Call());
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(first->next_page_token().empty());
  request.set_year(2019);
  request.set_page_token(first->next_page_token());
  EXPECT_THAT(fields(request), ElementsAre("page_token"));
}

// The Lai Châu 2024 plan as the ministry first knows it: number, date,
// title and issuer, no text.
v1::CreatePlanRequest LaiChauHeaderOnly() {
  const v1::CreatePlanRequest full = Fixture(kLaiChau);
  v1::CreatePlanRequest header;
  header.set_plan_id("lai-chau-2024-header");
  v1::Plan* plan = header.mutable_plan();
  plan->set_issuer(full.plan().issuer());
  plan->set_unit(full.plan().unit());
  plan->set_document_number(full.plan().document_number());
  *plan->mutable_issue_date() = full.plan().issue_date();
  plan->set_title(full.plan().title());
  plan->set_period(full.plan().period());
  plan->set_content(v1::PLAN_CONTENT_HEADER_ONLY);
  return header;
}

TEST_P(PlanListingTest, ByHowMuchOfThePlanIsKnown) {
  CreateSeeds();
  Issue(Create(LaiChauHeaderOnly()));
  auto with = [&](v1::PlanContent content) {
    v1::ListPlansRequest request;
    request.set_content(content);
    return ListAll(request);
  };
  EXPECT_THAT(with(v1::PLAN_CONTENT_HEADER_ONLY), ElementsAre("plans/lai-chau-2024-header"));
  // The seeds leave content unspecified: their text is known.
  EXPECT_THAT(with(v1::PLAN_CONTENT_FULL),
              ElementsAre(kDakLakPlan, kDongNaiPlan, kGoVapPlan, kLaiChauPlan, kQuangNgaiPlan));
  EXPECT_EQ(with(v1::PLAN_CONTENT_UNSPECIFIED).size(), 6u);
  v1::ListPlansRequest bad;
  bad.set_content(static_cast<v1::PlanContent>(9));
  absl::StatusOr<v1::ListPlansResponse> refused = registry_->ListPlans(bad, Call());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(refused.status()), ElementsAre("content"));
}

TEST_P(PlanListingTest, APlanStoredBeforeContentWasRecordedOpensAsAFullPlan) {
  // A database as the service left it before migration 6, holding one
  // issued plan (the Đắk Lắk seed), then opened by this version.
  absl::StatusOr<std::unique_ptr<storage::Database>> old =
      ::interplan::testing::OpenFreshDatabase(GetParam());
  ASSERT_TRUE(old.ok()) << old.status();
  std::vector<storage::Migration> migrations = PlansMigrations();
  ASSERT_EQ(migrations.back().version, 6);
  migrations.pop_back();
  ASSERT_TRUE((*old)->Migrate(migrations).ok());
  v1::Plan plan = Fixture(kDakLak).plan();
  plan.set_name("plans/dak-lak-2020");
  plan.set_status(v1::PLAN_STATUS_ISSUED);
  plan.set_revision(1);
  absl::Status written = (*old)->Write([&](storage::Transaction& txn) -> absl::Status {
    absl::Status status =
        txn.Execute(
               "INSERT INTO plans (id, revision, generation, status, issuer_id, unit_code,"
               " unit_path, reference_date, first_year, last_year, search_text,"
               " create_time_micros, update_time_micros, change_seq) VALUES ('dak-lak-2020', 1,"
               " 2, 2, 'dak-lak-ubnd', '66', '66', '2020-03-31', 2020, 2020, ' dak lak ', 0, 0,"
               " 1)")
            .status();
    if (!status.ok()) return status;
    return txn
        .Execute(
            "INSERT INTO plan_revisions (plan_id, revision, data, create_time_micros)"
            " VALUES ('dak-lak-2020', 1, $1, 0)",
            {storage::Blob{plan.SerializeAsString()}})
        .status();
  });
  ASSERT_TRUE(written.ok()) << written;
  ASSERT_TRUE((*old)->Migrate(PlansMigrations()).ok());
  PlanRegistry reopened(**old, LiveDirectory(), IndicatorNames(), [] { return kToday; });
  v1::ListPlansRequest request;
  request.set_content(v1::PLAN_CONTENT_FULL);
  EXPECT_THAT(ListAll(reopened, request), ElementsAre(kDakLakPlan));
  request.set_content(v1::PLAN_CONTENT_HEADER_ONLY);
  EXPECT_THAT(ListAll(reopened, request), IsEmpty());
  v1::GetPlanRequest get;
  get.set_name(kDakLakPlan);
  absl::StatusOr<v1::Plan> read = reopened.GetPlan(get, Call());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->title(), plan.title());
}

// --- ListAssignments ---

TEST_P(PlanListingTest, TheQuangNgaiLabourDepartmentsDutiesFromSeed001) {
  const v1::Plan fixture = Fixture(kQuangNgai).plan();
  CreateIssued(kQuangNgai);
  CreateIssued(kLaiChau);
  CreateIssued(kGoVap);

  const std::vector<std::string> expected = DutiesIn(fixture, kLabour);
  // Seed 001 has it lead 14 tasks (II.1.a-c, II.2.a-c, II.2.đ, II.2.e, II.3,
  // II.4.a-b, II.6.a-c), gives it paragraph IV.1 and names it in 5
  // reporting requirements (reporting[1], [4], [5], [6], [7]).
  ASSERT_EQ(expected.size(), 20u);
  const std::vector<v1::AgencyAssignment> assignments = AssignmentsOf(kLabour);
  EXPECT_THAT(Keys(assignments), ElementsAreArray(expected));
  // What the document gives the Labour department, by code.
  for (const char* key : {"LEADS II.1.a", "LEADS II.1.b", "LEADS II.1.c", "LEADS II.2.e",
                          "LEADS II.3", "LEADS II.4.a", "LEADS II.6.c", "IMPLEMENTATION_DUTY IV.1",
                          "REPORTS reporting[1]", "REPORTS reporting[4]", "REPORTS reporting[5]",
                          "REPORTS reporting[6]", "REPORTS reporting[7]"}) {
    EXPECT_THAT(Keys(assignments), Contains(key));
  }
  // The Education department leads II.2.d; the Advancement committee II.5.
  EXPECT_THAT(Keys(assignments), Not(Contains("LEADS II.2.d")));
  EXPECT_THAT(Keys(assignments), Not(Contains("LEADS II.5.a")));

  std::map<std::string, v1::AgencyAssignment> by_key;
  for (const v1::AgencyAssignment& a : assignments) {
    EXPECT_EQ(a.plan(), kQuangNgaiPlan);
    EXPECT_EQ(a.revision(), 1);
    EXPECT_EQ(a.plan_title(), fixture.title());
    EXPECT_EQ(a.plan_unit(), "units/51");
    EXPECT_EQ(a.plan_period(), "2022");
    by_key[absl::StrCat(api::ShortEnumName(a.kind()), " ", a.code())] = a;
  }
  // A task: its title, content and dates (the Action Month).
  const std::optional<v1::Task> campaign = FindTask(fixture, "II.2.e");
  ASSERT_TRUE(campaign.has_value());
  const v1::AgencyAssignment& action_month = by_key["LEADS II.2.e"];
  EXPECT_EQ(action_month.title(), campaign->title());
  EXPECT_EQ(action_month.content(), campaign->content());
  EXPECT_EQ(Diff(Day(2022, 11, 15), action_month.start_date()), "");
  EXPECT_EQ(Diff(Day(2022, 12, 15), action_month.end_date()), "");
  EXPECT_EQ(action_month.timing(), campaign->timing());
  // Its "Tổ chức thực hiện" paragraph.
  ASSERT_EQ(fixture.assignments(0).agency(), kLabour);
  EXPECT_EQ(by_key["IMPLEMENTATION_DUTY IV.1"].content(), fixture.assignments(0).duties());
  // A reporting duty: the semi-annual report to the Provincial People's
  // Committee.
  const v1::ReportingRequirement& report = fixture.reporting(4);
  ASSERT_EQ(report.kind(), v1::REPORT_KIND_SEMI_ANNUAL);
  const v1::AgencyAssignment& semi_annual = by_key["REPORTS reporting[4]"];
  EXPECT_THAT(semi_annual.title(), HasSubstr("SEMI_ANNUAL"));
  EXPECT_THAT(semi_annual.title(), HasSubstr("2022-H1"));
  EXPECT_EQ(semi_annual.content(), report.description());
  EXPECT_EQ(semi_annual.timing(), report.due_text());

  // The same, page by page, each exactly once.
  for (int page_size : {1, 4, 7}) {
    SCOPED_TRACE(page_size);
    const std::vector<v1::AgencyAssignment> paged = AssignmentsOf(kLabour, page_size);
    ASSERT_EQ(paged.size(), assignments.size());
    for (size_t i = 0; i < paged.size(); ++i) EXPECT_EQ(Diff(assignments[i], paged[i]), "");
  }
  // By year.
  EXPECT_EQ(AssignmentsOf(kLabour, 0, 2022).size(), assignments.size());
  EXPECT_THAT(AssignmentsOf(kLabour, 0, 2023), IsEmpty());
  // A requested body's duty: the Women's Union is asked (IV.14).
  EXPECT_THAT(Keys(AssignmentsOf("agencies/quang-ngai-hoi-lhpn")),
              ElementsAreArray(DutiesIn(fixture, "agencies/quang-ngai-hoi-lhpn")));
  EXPECT_THAT(Keys(AssignmentsOf("agencies/quang-ngai-hoi-lhpn")),
              Contains("IMPLEMENTATION_DUTY IV.14"));
  EXPECT_THAT(AssignmentsOf("agencies/no-such-agency"), IsEmpty());
}

TEST_P(PlanListingTest, OnlyPlansInForceGiveDuties) {
  // A draft and a withdrawn copy of seed 001 give no duties.
  v1::CreatePlanRequest draft = Fixture(kQuangNgai);
  draft.set_plan_id("quang-ngai-2022-draft");
  Create(draft);
  EXPECT_THAT(AssignmentsOf(kLabour), IsEmpty());
  v1::CreatePlanRequest withdrawn = Fixture(kQuangNgai);
  withdrawn.set_plan_id("quang-ngai-2022-withdrawn");
  const v1::Plan issued_copy = Issue(Create(withdrawn));
  EXPECT_FALSE(AssignmentsOf(kLabour).empty());
  v1::WithdrawPlanRequest withdraw;
  withdraw.set_name(issued_copy.name());
  ASSERT_TRUE(registry_->WithdrawPlan(withdraw, Call()).ok());
  EXPECT_THAT(AssignmentsOf(kLabour), IsEmpty());

  const v1::Plan fixture = Fixture(kQuangNgai).plan();
  const v1::Plan issued = CreateIssued(kQuangNgai);
  std::vector<v1::AgencyAssignment> assignments = AssignmentsOf(kLabour);
  EXPECT_THAT(Keys(assignments), ElementsAreArray(DutiesIn(fixture, kLabour)));
  for (const v1::AgencyAssignment& a : assignments) EXPECT_EQ(a.plan(), kQuangNgaiPlan);

  // After an amendment, the duties of the new revision only.
  v1::AmendPlanRequest amend;
  *amend.mutable_plan() = fixture;
  amend.mutable_plan()->set_name(issued.name());
  amend.mutable_plan()->set_etag(issued.etag());
  v1::Section* inspection = amend.mutable_plan()->mutable_sections(0)->mutable_sections(5);
  ASSERT_EQ(inspection->tasks(2).code(), "II.6.c");
  inspection->mutable_tasks()->RemoveLast();
  amend.mutable_plan()->mutable_assignments(0)->set_duties("Nhiệm vụ mới của Sở.");
  amend.set_reason("Điều chỉnh");
  absl::StatusOr<v1::Plan> amended = registry_->AmendPlan(amend, Call());
  ASSERT_TRUE(amended.ok()) << DescribeStatus(amended.status());
  assignments = AssignmentsOf(kLabour);
  EXPECT_THAT(Keys(assignments), ElementsAreArray(DutiesIn(amend.plan(), kLabour)));
  EXPECT_THAT(Keys(assignments), Not(Contains("LEADS II.6.c")));
  for (const v1::AgencyAssignment& a : assignments) {
    EXPECT_EQ(a.plan(), kQuangNgaiPlan);
    EXPECT_EQ(a.revision(), 2);
    if (a.kind() == v1::ASSIGNMENT_KIND_IMPLEMENTATION_DUTY) {
      EXPECT_EQ(a.content(), "Nhiệm vụ mới của Sở.");
    }
  }

  // Closed or withdrawn: no longer in force.
  v1::WithdrawPlanRequest withdraw_all;
  withdraw_all.set_name(issued.name());
  ASSERT_TRUE(registry_->WithdrawPlan(withdraw_all, Call()).ok());
  EXPECT_THAT(AssignmentsOf(kLabour), IsEmpty());
}

TEST_P(PlanListingTest, AssignmentsAcrossSeveralPlansPageByPage) {
  // The Labour department in two plans in force (the seed and a copy).
  const v1::Plan fixture = Fixture(kQuangNgai).plan();
  CreateIssued(kQuangNgai);
  v1::CreatePlanRequest copy = Fixture(kQuangNgai);
  copy.set_plan_id("quang-ngai-2022-bis");
  Issue(Create(copy));
  const std::vector<std::string> one = DutiesIn(fixture, kLabour);
  const std::vector<v1::AgencyAssignment> all = AssignmentsOf(kLabour);
  ASSERT_EQ(all.size(), 2 * one.size());
  std::set<std::string> seen;
  for (const v1::AgencyAssignment& a : all) {
    EXPECT_TRUE(seen.insert(absl::StrCat(a.plan(), " ", a.kind(), " ", a.code())).second);
  }
  for (int page_size : {3, 5}) {
    SCOPED_TRACE(page_size);
    const std::vector<v1::AgencyAssignment> paged = AssignmentsOf(kLabour, page_size);
    ASSERT_EQ(paged.size(), all.size());
    for (size_t i = 0; i < paged.size(); ++i) EXPECT_EQ(Diff(all[i], paged[i]), "");
  }
}

TEST_P(PlanListingTest, BadAssignmentRequestsAreInvalid) {
  v1::ListAssignmentsRequest request;
  request.set_agency("quang-ngai-so-ldtbxh");
  absl::StatusOr<v1::ListAssignmentsResponse> response = registry_->ListAssignments(request);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(response.status()), ElementsAre("agency"));
  request.set_agency(kLabour);
  request.set_page_token("garbage");
  response = registry_->ListAssignments(request);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(response.status()), ElementsAre("page_token"));
}

INSTANTIATE_ON_BOTH_ENGINES(PlanListingTest);

}  // namespace
}  // namespace interplan::plans::test
