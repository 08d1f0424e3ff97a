// Writes are bounded by jurisdiction, through the real binaries with
// authentication on (SecuredSuite: agencies, plans, reporting, campaigns).
// A provincial key writes only what lands inside its own unit's subtree,
// in its own name as in another's; a national body writes in its own name
// anywhere; national records (no unit) are the ministry's alone.
//
// - Đồng Nai's Home Affairs department (a PROVINCIAL_COORDINATOR at
//   units/75) plans for Quảng Ngãi (units/51) as itself: refused, and no
//   obligation appears for Quảng Ngãi's agencies, whose compliance stays
//   as it was. (Before the fix, this created Quảng Ngãi's obligations and
//   dropped its compliance.)
// - It records its own activity in a commune of Quảng Ngãi: refused; held
//   there, the activity is recorded in Đồng Nai with Quảng Ngãi as its
//   venue, and counts in Đồng Nai's figures, never in Quảng Ngãi's.
// - It is the recipient of a report in Quảng Ngãi (a plan it holds there
//   in its own name, written with authentication off, as before writes
//   were bounded): it may not accept, return or open an exception on it.
//   (An obligation lies in its own agency's unit, so SubmitReport has no
//   "own agency, other unit" case: Đồng Nai submitting Quảng Ngãi's is in
//   reporting_access_test.)
// - Quảng Ngãi's own plan makes a national body report to the province's
//   department, and the province's Health department report to the
//   ministry: neither a provincial coordinator nor a commune submits the
//   national body's report, nor accepts or returns one whose recipient is
//   the ministry; the national body and the ministry do.
// Each refusal changes nothing the ministry reads, and leaves an audit
// event naming the real caller.
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/api/enum_names.h"
#include "common/time/date.h"
#include "common/time/validity.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "interplan/audit/v1/audit.grpc.pb.h"
#include "interplan/campaigns/v1/campaigns.grpc.pb.h"
#include "interplan/plans/v1/plans.grpc.pb.h"
#include "interplan/reporting/v1/reporting.grpc.pb.h"
#include "tests/support/action_month_request.h"
#include "tests/support/secured_suite.h"
#include "tests/support/secured_suite_test.h"

namespace interplan {
namespace {

namespace cv1 = campaigns::v1;
namespace pv1 = plans::v1;
namespace rv1 = reporting::v1;
using testing::CallAs;
using testing::CodeName;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::StartsWith;
using time::DayToProto;

constexpr char kMinistry[] = "moha";
constexpr char kNationalBody[] = "moha-vu-cttn-bdg";
constexpr char kCoordinator[] = "quang-ngai-so-noi-vu";
constexpr char kHealth[] = "quang-ngai-so-y-te";
constexpr char kDongNai[] = "dong-nai-so-noi-vu";
constexpr const char* kCommune = testing::kCommuneAgency;

constexpr char kActionMonth[] = "campaigns/action-month-2025";
constexpr char kQuangNgai2022[] = "plans/quang-ngai-2022";
// Quảng Ngãi's plan with national records in it, and the plan Đồng Nai's
// department holds in Quảng Ngãi's unit in its own name (written with
// authentication off).
constexpr char kNationalRecordsPlan[] = "plans/qn-national-records";
constexpr char kHeldElsewherePlan[] = "plans/dn-held-in-qn";

std::string AgencyName(const std::string& id) { return absl::StrCat("agencies/", id); }

// Today in Vietnam, as the services judge dates.
absl::CivilDay Today() { return time::Today(); }

// A plan of this year, issued on its first day, with one task led by its
// issuer and the reporting lines `reporting` (each: reporters, recipient),
// all annual and due today.
pv1::Plan PlanOfThisYear(const std::string& issuer, const std::string& unit,
                         const std::vector<std::pair<std::string, std::string>>& reporting) {
  const absl::CivilDay today = Today();
  pv1::Plan plan;
  plan.set_issuer(AgencyName(issuer));
  plan.set_unit(unit);
  plan.set_document_number("02/KH-SNV");
  plan.set_title(absl::StrCat("Kế hoạch báo cáo công tác bình đẳng giới năm ", today.year()));
  plan.set_period(absl::StrCat(today.year()));
  DayToProto(absl::CivilDay(today.year(), 1, 1), plan.mutable_issue_date());
  pv1::Section* section = plan.add_sections();
  section->set_code("I");
  section->set_title("Nhiệm vụ");
  pv1::Task* task = section->add_tasks();
  task->set_code("I.1");
  task->set_title("Tổng hợp báo cáo");
  task->set_content("Tổng hợp, báo cáo kết quả thực hiện công tác bình đẳng giới.");
  task->set_kind(pv1::TASK_KIND_COMMUNICATION);
  task->set_lead(AgencyName(issuer));
  for (const auto& [reporter, recipient] : reporting) {
    pv1::ReportingRequirement* line = plan.add_reporting();
    line->set_kind(pv1::REPORT_KIND_ANNUAL);
    line->set_period(absl::StrCat(today.year()));
    DayToProto(today, line->mutable_due_date());
    line->set_due_text("trước ngày báo cáo");
    line->add_reporting_agencies(AgencyName(reporter));
    line->set_recipient(AgencyName(recipient));
  }
  return plan;
}

// Creates and issues plans/`id` on `stub` (with `key`; none for a server
// with authentication off).
grpc::Status CreateIssued(pv1::PlanService::Stub& stub, const std::string& key,
                          const std::string& id, const pv1::Plan& plan) {
  pv1::CreatePlanRequest create;
  create.set_plan_id(id);
  create.set_request_id(absl::StrCat("jurisdiction-seed-", id));
  *create.mutable_plan() = plan;
  pv1::Plan written;
  grpc::Status status = stub.CreatePlan(CallAs(key).get(), create, &written);
  if (!status.ok()) return status;
  pv1::IssuePlanRequest issue;
  issue.set_name(written.name());
  issue.set_request_id(absl::StrCat("jurisdiction-seed-issue-", id));
  return stub.IssuePlan(CallAs(key).get(), issue, &written);
}

class JurisdictionAccessTest : public testing::SecuredSuiteTest<JurisdictionAccessTest> {
 public:
  // For SecuredSuiteTest.
  static testing::SecuredSuiteOptions Options() {
    return {.plans = true, .reporting = true, .campaigns = true};
  }

  static std::string Load() {
    if (absl::Status made =
            suite_->MakeKeys({kMinistry, kNationalBody, kCoordinator, kHealth, kDongNai, kCommune});
        !made.ok()) {
      return made.ToString();
    }
    if (absl::Status pushed = suite_->PushSeedPlans(); !pushed.ok()) return pushed.ToString();
    auto plans = pv1::PlanService::NewStub(suite_->plans()->NewChannel());
    // Quảng Ngãi's own: the national body reports to the department; the
    // Health department reports to the ministry.
    grpc::Status status =
        CreateIssued(*plans, Key(kCoordinator), "qn-national-records",
                     PlanOfThisYear(kCoordinator, "units/51",
                                    {{kNationalBody, kCoordinator}, {kHealth, kMinistry}}));
    if (!status.ok()) return absl::StrCat("national records plan: ", status.error_message());
    // Đồng Nai's, in Quảng Ngãi's unit: Quảng Ngãi's Health department
    // reports to Đồng Nai's department.
    {
      absl::StatusOr<std::unique_ptr<testing::ServiceProcess>> unsecured =
          suite_->StartUnsecuredPlans();
      if (!unsecured.ok()) return unsecured.status().ToString();
      auto legacy = pv1::PlanService::NewStub((*unsecured)->NewChannel());
      status = CreateIssued(*legacy, "", "dn-held-in-qn",
                            PlanOfThisYear(kDongNai, "units/51", {{kHealth, kDongNai}}));
      if (!status.ok()) return absl::StrCat("plan held elsewhere: ", status.error_message());
    }

    // Reporting follows the plans feed: Quảng Ngãi 2022's 54 obligations,
    // and those of the two plans above.
    const absl::Time give_up = absl::Now() + absl::Seconds(90);
    size_t qn = 0, national = 0, held = 0;
    while (absl::Now() < give_up) {
      qn = Obligations(kQuangNgai2022).size();
      national = Obligations(kNationalRecordsPlan).size();
      held = Obligations(kHeldElsewherePlan).size();
      if (qn == 54 && national == 2 && held == 1) break;
      absl::SleepFor(absl::Milliseconds(500));
    }
    if (qn != 54 || national != 2 || held != 1) {
      return absl::StrCat("reporting lists ", qn, ", ", national, " and ", held, " obligations");
    }
    // The Health department hands in its reports of both plans: its own,
    // in its own unit, whoever receives them.
    for (const char* plan : {kNationalRecordsPlan, kHeldElsewherePlan}) {
      rv1::Obligation owed = ObligationOf(plan, kHealth);
      rv1::SubmitReportRequest submit;
      submit.mutable_report()->set_obligation(owed.name());
      submit.mutable_report()->set_narrative("Báo cáo kết quả công tác bình đẳng giới năm");
      submit.set_request_id(absl::StrCat("jurisdiction-seed-report-", plan));
      rv1::Report report;
      status = Reporting()->SubmitReport(CallAs(Key(kHealth)).get(), submit, &report);
      if (!status.ok()) return absl::StrCat("submit for ", plan, ": ", status.error_message());
    }

    // The Action Month of 2025, by the ministry.
    cv1::Campaign campaign;
    status = Campaigns()->CreateCampaign(CallAs(Key(kMinistry)).get(),
                                         testing::ActionMonthRequest(2025), &campaign);
    if (!status.ok()) return absl::StrCat("Action Month: ", status.error_message());
    return "";
  }

 protected:
  static std::unique_ptr<pv1::PlanService::Stub> Plans() {
    return pv1::PlanService::NewStub(suite_->plans()->NewChannel());
  }
  static std::unique_ptr<rv1::ReportingService::Stub> Reporting() {
    return rv1::ReportingService::NewStub(suite_->reporting()->NewChannel());
  }
  static std::unique_ptr<cv1::CampaignService::Stub> Campaigns() {
    return cv1::CampaignService::NewStub(suite_->campaigns()->NewChannel());
  }

  // Every obligation of `plan` the ministry lists.
  static std::vector<rv1::Obligation> Obligations(const std::string& plan) {
    rv1::ListObligationsRequest request;
    request.set_plan(plan);
    request.set_page_size(100);
    std::vector<rv1::Obligation> all;
    auto stub = Reporting();
    for (int page = 0; page < 100; ++page) {
      rv1::ListObligationsResponse response;
      grpc::Status status = stub->ListObligations(CallAs(Key(kMinistry)).get(), request, &response);
      if (!status.ok()) break;
      all.insert(all.end(), response.obligations().begin(), response.obligations().end());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return all;
  }

  // The obligation of `plan` that `agency` owes (empty when none).
  static rv1::Obligation ObligationOf(const std::string& plan, const std::string& agency) {
    for (const rv1::Obligation& o : Obligations(plan)) {
      if (o.agency() == AgencyName(agency)) return o;
    }
    return rv1::Obligation();
  }

  // What the ministry reads of `obligation` and its report: state,
  // exception, report status, version and history.
  static std::string ReportState(const std::string& plan, const std::string& agency) {
    const rv1::Obligation o = ObligationOf(plan, agency);
    std::string state =
        absl::StrCat(o.name(), " ", api::ShortEnumName(o.state()),
                     o.exception_open() ? " exception" : "", " report '", o.report(), "'");
    if (!o.report().empty()) {
      rv1::GetReportRequest get;
      get.set_name(o.report());
      rv1::Report report;
      grpc::Status status = Reporting()->GetReport(CallAs(Key(kMinistry)).get(), get, &report);
      EXPECT_TRUE(status.ok()) << status.error_message();
      absl::StrAppend(&state, " ", api::ShortEnumName(report.status()), " v", report.version(),
                      " history ", report.history_size());
    }
    return state;
  }

  // Quảng Ngãi's 2022 compliance as the ministry reads it, as text.
  static std::string QuangNgaiCompliance() {
    rv1::GetComplianceRequest request;
    request.set_unit("units/51");
    request.set_period("2022");
    DayToProto(absl::CivilDay(2022, 12, 31), request.mutable_as_of());
    rv1::Compliance compliance;
    grpc::Status status =
        Reporting()->GetCompliance(CallAs(Key(kMinistry)).get(), request, &compliance);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return compliance.total().ShortDebugString();
  }

  // The Action Month's figures for `unit`, as the ministry reads them.
  static cv1::CampaignFigures Figures(const std::string& unit) {
    cv1::SummarizeCampaignRequest request;
    request.set_campaign(kActionMonth);
    request.set_unit(unit);
    cv1::CampaignSummary summary;
    grpc::Status status =
        Campaigns()->SummarizeCampaign(CallAs(Key(kMinistry)).get(), request, &summary);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return summary.current();
  }

  // The audit events of `method` (full name) on `service` whose request id
  // is `request_id`, as the ministry lists them.
  static std::vector<audit::v1::AuditEvent> AuditEvents(testing::ServiceProcess& service,
                                                        const std::string& method,
                                                        const std::string& request_id) {
    auto audit = audit::v1::AuditService::NewStub(service.NewChannel());
    audit::v1::ListAuditEventsRequest request;
    request.set_method(method);
    request.set_page_size(1000);
    audit::v1::ListAuditEventsResponse response;
    grpc::Status status = audit->ListAuditEvents(CallAs(Key(kMinistry)).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<audit::v1::AuditEvent> events;
    for (const audit::v1::AuditEvent& event : response.events()) {
      if (event.request_id() == request_id) events.push_back(event);
    }
    return events;
  }

  // One audit event for `request_id`, with `outcome`, naming `agency`'s
  // key as the caller.
  static void ExpectAudited(testing::ServiceProcess& service, const std::string& method,
                            const std::string& request_id, grpc::StatusCode outcome,
                            const std::string& agency) {
    const std::vector<audit::v1::AuditEvent> events = AuditEvents(service, method, request_id);
    ASSERT_THAT(events, SizeIs(1)) << method << " " << request_id;
    EXPECT_EQ(events[0].outcome(), CodeName(outcome));
    EXPECT_EQ(events[0].agency(), AgencyName(agency));
    EXPECT_THAT(events[0].credential(), StartsWith(AgencyName(agency) + "/apiKeys/"));
  }
};

constexpr char kPlansPrefix[] = "/interplan.plans.v1.PlanService/";
constexpr char kReportingPrefix[] = "/interplan.reporting.v1.ReportingService/";
constexpr char kCampaignsPrefix[] = "/interplan.campaigns.v1.CampaignService/";

TEST_F(JurisdictionAccessTest, AProvinceDoesNotPlanForAnotherAsItself) {
  // Quảng Ngãi's 2022 plan again, issued by Đồng Nai's department in its
  // own name: its reporting lines would make Quảng Ngãi's agencies owe it.
  pv1::Plan plan;
  {
    pv1::GetPlanRequest get;
    get.set_name(kQuangNgai2022);
    ASSERT_TRUE(Plans()->GetPlan(CallAs(Key(kMinistry)).get(), get, &plan).ok());
  }
  pv1::Plan as_dong_nai;
  as_dong_nai.set_issuer(AgencyName(kDongNai));
  as_dong_nai.set_unit("units/51");
  as_dong_nai.set_document_number(plan.document_number());
  as_dong_nai.set_title(plan.title());
  as_dong_nai.set_period(plan.period());
  *as_dong_nai.mutable_issue_date() = plan.issue_date();
  *as_dong_nai.mutable_sections() = plan.sections();
  *as_dong_nai.mutable_assignments() = plan.assignments();
  *as_dong_nai.mutable_reporting() = plan.reporting();
  for (pv1::ReportingRequirement& line : *as_dong_nai.mutable_reporting()) {
    line.set_recipient(AgencyName(kDongNai));
  }
  const std::string compliance_before = QuangNgaiCompliance();
  const size_t obligations_before = Obligations("").size();

  pv1::CreatePlanRequest create;
  create.set_plan_id("dn-for-qn-2022");
  create.set_request_id("jurisdiction-create-dn-for-qn");
  *create.mutable_plan() = as_dong_nai;
  pv1::Plan written;
  grpc::Status status = Plans()->CreatePlan(CallAs(Key(kDongNai)).get(), create, &written);
  EXPECT_EQ(CodeName(status.error_code()), "PERMISSION_DENIED") << status.error_message();
  EXPECT_THAT(status.error_message(), StartsWith("plans/dn-for-qn-2022: "));
  pv1::IssuePlanRequest issue;
  issue.set_name("plans/dn-for-qn-2022");
  issue.set_request_id("jurisdiction-issue-dn-for-qn");
  status = Plans()->IssuePlan(CallAs(Key(kDongNai)).get(), issue, &written);
  EXPECT_NE(status.error_code(), grpc::StatusCode::OK);

  // Nothing written: no such plan, no obligation for Quảng Ngãi's
  // agencies, its compliance as it was (after the feed had time to move).
  pv1::GetPlanRequest get;
  get.set_name("plans/dn-for-qn-2022");
  status = Plans()->GetPlan(CallAs(Key(kMinistry)).get(), get, &written);
  EXPECT_EQ(CodeName(status.error_code()), "NOT_FOUND") << status.error_message();
  absl::SleepFor(absl::Seconds(3));
  EXPECT_THAT(Obligations("plans/dn-for-qn-2022"), IsEmpty());
  EXPECT_EQ(Obligations("").size(), obligations_before);
  EXPECT_EQ(QuangNgaiCompliance(), compliance_before);
  ExpectAudited(*suite_->plans(), absl::StrCat(kPlansPrefix, "CreatePlan"),
                "jurisdiction-create-dn-for-qn", grpc::StatusCode::PERMISSION_DENIED, kDongNai);
}

// An activity of the Action Month 2025 organised by `organiser` in
// `unit`, held in `venue` ("" when in `unit`).
cv1::RecordActivityRequest ActivityRequest(const std::string& organiser, const std::string& unit,
                                           const std::string& venue,
                                           const std::string& request_id) {
  cv1::RecordActivityRequest request;
  request.set_parent(kActionMonth);
  request.set_request_id(request_id);
  cv1::Activity* a = request.mutable_activity();
  a->set_organiser(AgencyName(organiser));
  a->set_unit(unit);
  a->set_venue(venue);
  a->set_type(cv1::ACTIVITY_TYPE_FORUM);
  a->set_title("Diễn đàn bình đẳng giới của Sở Nội vụ Đồng Nai tại Quảng Ngãi");
  DayToProto(absl::CivilDay(2025, 11, 28), a->mutable_start_date());
  DayToProto(absl::CivilDay(2025, 11, 28), a->mutable_end_date());
  a->set_location("Nhà văn hóa xã Bình Sơn, Quảng Ngãi");
  a->mutable_participants()->set_female(30);
  a->mutable_participants()->set_male(20);
  a->set_people_reached(400);
  a->set_spend_vnd(5'000'000);
  return request;
}

TEST_F(JurisdictionAccessTest, AnActivityHeldInAnotherProvinceCountsWhereItsOrganiserIs) {
  const cv1::CampaignFigures quang_ngai_before = Figures("units/51");
  const cv1::CampaignFigures dong_nai_before = Figures("units/75");
  auto campaigns = Campaigns();

  // In Quảng Ngãi's commune, in its own name: refused.
  cv1::Activity activity;
  grpc::Status status = campaigns->RecordActivity(
      CallAs(Key(kDongNai)).get(),
      ActivityRequest(kDongNai, "units/21040", "", "jurisdiction-record-in-qn"), &activity);
  EXPECT_EQ(CodeName(status.error_code()), "PERMISSION_DENIED") << status.error_message();
  EXPECT_THAT(status.error_message(), StartsWith(absl::StrCat(kActionMonth, "/activities: ")));
  ExpectAudited(*suite_->campaigns(), absl::StrCat(kCampaignsPrefix, "RecordActivity"),
                "jurisdiction-record-in-qn", grpc::StatusCode::PERMISSION_DENIED, kDongNai);
  EXPECT_EQ(Figures("units/51").ShortDebugString(), quang_ngai_before.ShortDebugString());

  // Quảng Ngãi's department may write in its commune, but not count
  // Đồng Nai's activity there: it belongs in its organiser's unit.
  status = campaigns->RecordActivity(
      CallAs(Key(kCoordinator)).get(),
      ActivityRequest(kDongNai, "units/21040", "", "jurisdiction-record-for-dn"), &activity);
  EXPECT_EQ(CodeName(status.error_code()), "INVALID_ARGUMENT") << status.error_message();
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("activity.unit"));
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("venue"));

  // An unknown venue is named as such.
  status = campaigns->RecordActivity(
      CallAs(Key(kDongNai)).get(),
      ActivityRequest(kDongNai, "units/75", "units/99999", "jurisdiction-bad-venue"), &activity);
  EXPECT_EQ(CodeName(status.error_code()), "INVALID_ARGUMENT") << status.error_message();
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("activity.venue"));
  status = campaigns->RecordActivity(
      CallAs(Key(kDongNai)).get(),
      ActivityRequest(kDongNai, "units/75", "provinces/51", "jurisdiction-bad-venue-2"), &activity);
  EXPECT_EQ(CodeName(status.error_code()), "INVALID_ARGUMENT") << status.error_message();
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("activity.venue"));

  // In its own province, with Quảng Ngãi's commune as the venue: recorded.
  status = campaigns->RecordActivity(
      CallAs(Key(kDongNai)).get(),
      ActivityRequest(kDongNai, "units/75", "units/21040", "jurisdiction-record-with-venue"),
      &activity);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(activity.unit(), "units/75");
  EXPECT_EQ(activity.venue(), "units/21040");
  ExpectAudited(*suite_->campaigns(), absl::StrCat(kCampaignsPrefix, "RecordActivity"),
                "jurisdiction-record-with-venue", grpc::StatusCode::OK, kDongNai);

  // It counts in Đồng Nai, not in Quảng Ngãi.
  const cv1::CampaignFigures quang_ngai_after = Figures("units/51");
  const cv1::CampaignFigures dong_nai_after = Figures("units/75");
  EXPECT_EQ(quang_ngai_after.ShortDebugString(), quang_ngai_before.ShortDebugString());
  EXPECT_EQ(dong_nai_after.activities(), dong_nai_before.activities() + 1);
  EXPECT_EQ(dong_nai_after.participants().total(), dong_nai_before.participants().total() + 50);
  EXPECT_EQ(dong_nai_after.people_reached(), dong_nai_before.people_reached() + 400);

  // Listed by its venue (with the venue in the answer), by the ministry and
  // by its organiser; Quảng Ngãi's own listing does not hold it.
  for (const char* who : {kMinistry, kDongNai}) {
    SCOPED_TRACE(who);
    cv1::ListActivitiesRequest list;
    list.set_parent(kActionMonth);
    list.set_venue("units/21040");
    cv1::ListActivitiesResponse listed;
    status = campaigns->ListActivities(CallAs(Key(who)).get(), list, &listed);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_THAT(listed.activities(), SizeIs(1));
    EXPECT_EQ(listed.activities(0).name(), activity.name());
    EXPECT_EQ(listed.activities(0).venue(), "units/21040");
  }
  cv1::ListActivitiesRequest list;
  list.set_parent(kActionMonth);
  list.set_unit("units/51");
  cv1::ListActivitiesResponse listed;
  status = campaigns->ListActivities(CallAs(Key(kCoordinator)).get(), list, &listed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  for (const cv1::Activity& a : listed.activities()) EXPECT_NE(a.name(), activity.name());

  // Moving it into Quảng Ngãi's commune by a correction: refused.
  cv1::CorrectActivityRequest correct;
  *correct.mutable_activity() = activity;
  correct.mutable_activity()->set_unit("units/21040");
  correct.mutable_activity()->clear_venue();
  correct.set_reason("Ghi nhận tại nơi tổ chức");
  correct.set_request_id("jurisdiction-correct-into-qn");
  cv1::Activity corrected;
  status = campaigns->CorrectActivity(CallAs(Key(kDongNai)).get(), correct, &corrected);
  EXPECT_EQ(CodeName(status.error_code()), "PERMISSION_DENIED") << status.error_message();
  EXPECT_EQ(Figures("units/51").ShortDebugString(), quang_ngai_before.ShortDebugString());
  ExpectAudited(*suite_->campaigns(), absl::StrCat(kCampaignsPrefix, "CorrectActivity"),
                "jurisdiction-correct-into-qn", grpc::StatusCode::PERMISSION_DENIED, kDongNai);
}

TEST_F(JurisdictionAccessTest, ARecipientInAnotherProvinceDecidesNothingThere) {
  // Đồng Nai's department is the recipient of Quảng Ngãi's Health
  // department's report (the plan it holds in Quảng Ngãi's unit).
  const rv1::Obligation owed = ObligationOf(kHeldElsewherePlan, kHealth);
  ASSERT_EQ(owed.recipient(), AgencyName(kDongNai));
  ASSERT_EQ(owed.unit_path(), "51");
  ASSERT_THAT(owed.report(), StartsWith("reports/"));
  auto reporting = Reporting();
  struct Attempt {
    std::string method;
    std::function<grpc::Status(grpc::ClientContext*, const std::string&)> send;
    std::string resource;
  };
  const std::vector<Attempt> attempts = {
      {"AcceptReport",
       [&](grpc::ClientContext* context, const std::string& request_id) {
         rv1::AcceptReportRequest request;
         request.set_name(owed.report());
         request.set_request_id(request_id);
         rv1::Report out;
         return reporting->AcceptReport(context, request, &out);
       },
       owed.report()},
      {"ReturnReport",
       [&](grpc::ClientContext* context, const std::string& request_id) {
         rv1::ReturnReportRequest request;
         request.set_name(owed.report());
         request.set_reason("Thiếu số liệu");
         request.set_request_id(request_id);
         rv1::Report out;
         return reporting->ReturnReport(context, request, &out);
       },
       owed.report()},
      {"OpenException",
       [&](grpc::ClientContext* context, const std::string& request_id) {
         rv1::OpenExceptionRequest request;
         request.set_obligation(owed.name());
         DayToProto(Today() + 90, request.mutable_until());
         request.set_reason("Gia hạn nhập báo cáo");
         request.set_request_id(request_id);
         rv1::Obligation out;
         return reporting->OpenException(context, request, &out);
       },
       owed.name()},
  };
  for (const Attempt& attempt : attempts) {
    SCOPED_TRACE(attempt.method);
    const std::string before = ReportState(kHeldElsewherePlan, kHealth);
    const std::string request_id = absl::StrCat("jurisdiction-recipient-", attempt.method);
    grpc::Status status = attempt.send(CallAs(Key(kDongNai)).get(), request_id);
    EXPECT_EQ(CodeName(status.error_code()), "PERMISSION_DENIED") << status.error_message();
    EXPECT_THAT(status.error_message(), StartsWith(attempt.resource + ": "));
    EXPECT_EQ(ReportState(kHeldElsewherePlan, kHealth), before);
    ExpectAudited(*suite_->reporting(), absl::StrCat(kReportingPrefix, attempt.method), request_id,
                  grpc::StatusCode::PERMISSION_DENIED, kDongNai);
  }
}

TEST_F(JurisdictionAccessTest, NationalRecordsAreTheMinistrysAlone) {
  auto reporting = Reporting();
  // The national body's report, owed to Quảng Ngãi's department: a
  // national record (no unit).
  const rv1::Obligation national = ObligationOf(kNationalRecordsPlan, kNationalBody);
  ASSERT_EQ(national.unit_path(), "");
  ASSERT_EQ(national.recipient(), AgencyName(kCoordinator));
  auto submit = [&](const std::string& who, const std::string& request_id) {
    rv1::SubmitReportRequest request;
    request.mutable_report()->set_obligation(national.name());
    request.mutable_report()->set_narrative("Báo cáo của Vụ Công tác thanh niên và Bình đẳng giới");
    request.set_request_id(request_id);
    rv1::Report out;
    return reporting->SubmitReport(CallAs(Key(who)).get(), request, &out);
  };
  for (const char* who : {kCoordinator, kHealth, kCommune}) {
    SCOPED_TRACE(who);
    const std::string before = ReportState(kNationalRecordsPlan, kNationalBody);
    const std::string request_id = absl::StrCat("jurisdiction-national-submit-", who);
    grpc::Status status = submit(who, request_id);
    EXPECT_EQ(CodeName(status.error_code()), "PERMISSION_DENIED") << status.error_message();
    EXPECT_THAT(status.error_message(), StartsWith(national.name() + ": "));
    EXPECT_EQ(ReportState(kNationalRecordsPlan, kNationalBody), before);
    ExpectAudited(*suite_->reporting(), absl::StrCat(kReportingPrefix, "SubmitReport"), request_id,
                  grpc::StatusCode::PERMISSION_DENIED, who);
  }
  grpc::Status status = submit(kNationalBody, "jurisdiction-national-submit-itself");
  EXPECT_TRUE(status.ok()) << status.error_message();

  // The Health department's report, whose recipient is the ministry.
  const rv1::Obligation to_ministry = ObligationOf(kNationalRecordsPlan, kHealth);
  ASSERT_EQ(to_ministry.recipient(), AgencyName(kMinistry));
  ASSERT_THAT(to_ministry.report(), StartsWith("reports/"));
  auto review = [&](const std::string& who, bool accept, const std::string& request_id) {
    rv1::Report out;
    if (accept) {
      rv1::AcceptReportRequest request;
      request.set_name(to_ministry.report());
      request.set_request_id(request_id);
      return reporting->AcceptReport(CallAs(Key(who)).get(), request, &out);
    }
    rv1::ReturnReportRequest request;
    request.set_name(to_ministry.report());
    request.set_reason("Thiếu số liệu phân tách theo giới tính");
    request.set_request_id(request_id);
    return reporting->ReturnReport(CallAs(Key(who)).get(), request, &out);
  };
  for (const bool accept : {true, false}) {
    SCOPED_TRACE(accept ? "accept" : "return");
    const std::string before = ReportState(kNationalRecordsPlan, kHealth);
    const std::string request_id =
        absl::StrCat("jurisdiction-ministry-review-", accept ? "accept" : "return");
    status = review(kCoordinator, accept, request_id);
    EXPECT_EQ(CodeName(status.error_code()), "PERMISSION_DENIED") << status.error_message();
    EXPECT_THAT(status.error_message(), StartsWith(to_ministry.report() + ": "));
    EXPECT_EQ(ReportState(kNationalRecordsPlan, kHealth), before);
    ExpectAudited(*suite_->reporting(),
                  absl::StrCat(kReportingPrefix, accept ? "AcceptReport" : "ReturnReport"),
                  request_id, grpc::StatusCode::PERMISSION_DENIED, kCoordinator);
  }
  status = review(kMinistry, true, "jurisdiction-ministry-accepts");
  EXPECT_TRUE(status.ok()) << status.error_message();
}

}  // namespace
}  // namespace interplan
