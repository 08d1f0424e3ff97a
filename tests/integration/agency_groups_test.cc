// Collective references through the real binaries, on each engine:
// interplan-agencies with the reference data, interplan-plans and
// interplan-reporting. A plan of Gò Vấp of 2019 names "UBND 16 phường" as
// reporters, coordinators and addressees; the plans service resolves the
// words to the 16 ward People's Committees of that year (12 since
// 2025-01-01), each of which then owes the report and sees its duties.
#include <map>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "common/api/enum_names.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "interplan/plans/v1/plans.grpc.pb.h"
#include "interplan/reporting/v1/reporting.grpc.pb.h"
#include "tests/support/postgres_server.h"
#include "tests/support/service_process.h"
#include "tests/support/suite_processes.h"

namespace interplan {
namespace {

namespace pv1 = plans::v1;
namespace rv1 = reporting::v1;
using ::testing::HasSubstr;
using testing::ServiceProcess;

std::unique_ptr<grpc::ClientContext> Call() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
  return context;
}

// Gò Vấp, 2019: the wards' People's Committees named as a group three
// times, with the words of the plan; $GROUP is the reporters' group.
constexpr char kGoVapGroups[] = R"({
  "planId": "go-vap-2019-groups",
  "plan": {
    "issuer": "agencies/go-vap-ubnd",
    "unit": "units/764",
    "documentNumber": "2100/KH-UBND",
    "issueDate": {"year": 2019, "month": 5, "day": 8},
    "title": "Kế hoạch thực hiện công tác bình đẳng giới trên địa bàn quận Gò Vấp năm 2019",
    "period": "2019",
    "sections": [{"code": "II", "title": "Nhiệm vụ", "tasks": [{
      "code": "II.1", "kind": "TASK_KIND_COMMUNICATION", "lead": "agencies/go-vap-phong-ldtbxh",
      "content": "Tuyên truyền về bình đẳng giới",
      "coordinatingGroups": [{"text": "Ủy ban nhân dân 16 phường",
                              "kind": "AGENCY_KIND_PEOPLES_COMMITTEE", "level": "UNIT_LEVEL_COMMUNE"}]}]}],
    "reporting": [{
      "kind": "REPORT_KIND_ANNUAL", "period": "2019",
      "dueDate": {"year": 2019, "month": 11, "day": 5},
      "dueText": "trước ngày 05 tháng 11",
      "reporterGroups": [$GROUP],
      "recipient": "agencies/go-vap-phong-ldtbxh",
      "description": "Báo cáo kết quả thực hiện Kế hoạch năm 2019"}],
    "assignments": [{
      "code": "V.2", "role": "ASSIGNMENT_ROLE_ASSIGNED",
      "addressees": "Ủy ban nhân dân 16 phường",
      "addresseeGroups": [{"text": "Ủy ban nhân dân 16 phường",
                           "kind": "AGENCY_KIND_PEOPLES_COMMITTEE", "level": "UNIT_LEVEL_COMMUNE",
                           "within": "units/764"}],
      "duties": "Xây dựng kế hoạch thực hiện tại phường và báo cáo kết quả về quận."}]
  }
})";

constexpr char kWardsGroup[] =
    R"({"text": "UBND 16 phường", "kind": "AGENCY_KIND_PEOPLES_COMMITTEE", "level": "UNIT_LEVEL_COMMUNE"})";

pv1::CreatePlanRequest PlanWithReporters(const std::string& group) {
  pv1::CreatePlanRequest request;
  const std::string json = absl::StrReplaceAll(kGoVapGroups, {{"$GROUP", group}});
  auto status = google::protobuf::util::JsonStringToMessage(json, &request);
  EXPECT_TRUE(status.ok()) << status.message();
  return request;
}

class AgencyGroupsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::map<std::string, std::vector<std::string>> database_args;
    if (GetParam() == "postgres") {
      absl::StatusOr<testing::PostgresServer*> postgres = testing::SharedPostgresServer();
      ASSERT_TRUE(postgres.ok()) << postgres.status();
      static int next = 0;
      const int run = next++;
      for (const char* service : {"agencies", "plans", "reporting"}) {
        const std::string database = absl::StrCat("groups_", service, "_", run);
        ASSERT_TRUE((*postgres)->CreateDatabase(database).ok()) << database;
        database_args[service] = {absl::StrCat("--database_url=", (*postgres)->Url(database))};
      }
    }
    absl::StatusOr<std::unique_ptr<ServiceProcess>> agencies =
        testing::StartAgenciesWithReference(database_args["agencies"]);
    ASSERT_TRUE(agencies.ok()) << agencies.status();
    agencies_ = *std::move(agencies);
    absl::StatusOr<std::unique_ptr<ServiceProcess>> plans =
        testing::StartPlans(agencies_->address(), database_args["plans"]);
    ASSERT_TRUE(plans.ok()) << plans.status();
    plans_ = *std::move(plans);
    std::vector<std::string> reporting_args = {
        absl::StrCat("--agencies_addr=", agencies_->address()),
        absl::StrCat("--plans_addr=", plans_->address()),
        absl::StrCat("--indicator_catalogue=",
                     testing::SourcePath("data/reference/indicators.jsonl")),
        "--plan_sync_interval=200ms"};
    for (const std::string& arg : database_args["reporting"]) reporting_args.push_back(arg);
    absl::StatusOr<std::unique_ptr<ServiceProcess>> reporting =
        ServiceProcess::Start({.service = "reporting", .extra_args = reporting_args});
    ASSERT_TRUE(reporting.ok()) << reporting.status();
    reporting_ = *std::move(reporting);
    plans_stub_ = pv1::PlanService::NewStub(plans_->NewChannel());
    reporting_stub_ = rv1::ReportingService::NewStub(reporting_->NewChannel());
  }

  // The plan's obligations once interplan-reporting has followed the plan.
  std::set<std::string> ObligedAgencies(int expected) {
    std::set<std::string> agencies;
    const absl::Time give_up = absl::Now() + absl::Seconds(30);
    while (absl::Now() < give_up) {
      rv1::ListObligationsRequest request;
      request.set_plan("plans/go-vap-2019-groups");
      request.set_page_size(100);
      rv1::ListObligationsResponse response;
      grpc::Status status = reporting_stub_->ListObligations(Call().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      agencies.clear();
      for (const rv1::Obligation& o : response.obligations()) agencies.insert(o.agency());
      if (static_cast<int>(agencies.size()) >= expected) break;
      absl::SleepFor(absl::Milliseconds(200));
    }
    return agencies;
  }

  std::unique_ptr<ServiceProcess> agencies_;
  std::unique_ptr<ServiceProcess> plans_;
  std::unique_ptr<ServiceProcess> reporting_;
  std::unique_ptr<pv1::PlanService::Stub> plans_stub_;
  std::unique_ptr<rv1::ReportingService::Stub> reporting_stub_;
};

TEST_P(AgencyGroupsTest, TheWardsOf2019OweTheReportAndSeeTheirDuties) {
  pv1::Plan created;
  grpc::Status status =
      plans_stub_->CreatePlan(Call().get(), PlanWithReporters(kWardsGroup), &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // The words kept; the members those of 2019: Gò Vấp's 16 wards (12 from
  // 2025-01-01), each named by its committee.
  const pv1::AgencyGroup& reporters = created.reporting(0).reporter_groups(0);
  EXPECT_EQ(reporters.text(), "UBND 16 phường");
  ASSERT_EQ(reporters.members_size(), 16);
  EXPECT_THAT(reporters.members(), ::testing::Contains("agencies/go-vap-phuong-14-ubnd"));
  EXPECT_THAT(reporters.members(), ::testing::Contains("agencies/go-vap-phuong-13-ubnd"));
  EXPECT_EQ(created.sections(0).tasks(0).coordinating_groups(0).members_size(), 16);
  EXPECT_EQ(created.assignments(0).addressee_groups(0).members_size(), 16);

  pv1::IssuePlanRequest issue;
  issue.set_name(created.name());
  issue.set_etag(created.etag());
  pv1::Plan issued;
  status = plans_stub_->IssuePlan(Call().get(), issue, &issued);
  ASSERT_TRUE(status.ok()) << status.error_message();

  // 16 annual reports owed, one per ward committee of 2019.
  const std::set<std::string> owed = ObligedAgencies(16);
  EXPECT_EQ(owed.size(), 16u);
  EXPECT_EQ(owed, std::set<std::string>(reporters.members().begin(), reporters.members().end()));

  // A ward's committee sees the three duties the group gave it.
  pv1::ListAssignmentsRequest request;
  request.set_agency("agencies/go-vap-phuong-13-ubnd");
  pv1::ListAssignmentsResponse response;
  status = plans_stub_->ListAssignments(Call().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::set<std::string> duties;
  for (const pv1::AgencyAssignment& a : response.assignments()) {
    duties.insert(absl::StrCat(api::ShortEnumName(a.kind()), " ", a.code()));
    if (a.kind() == pv1::ASSIGNMENT_KIND_IMPLEMENTATION_DUTY)
      EXPECT_THAT(a.content(), HasSubstr("tại phường"));
  }
  EXPECT_EQ(duties, (std::set<std::string>{"COORDINATES II.1", "IMPLEMENTATION_DUTY V.2",
                                           "REPORTS reporting[0]"}));
}

TEST_P(AgencyGroupsTest, AGroupOutsideThePlanOrOfNobodyIsRefused) {
  // The wards of another district.
  pv1::Plan plan;
  grpc::Status status = plans_stub_->CreatePlan(
      Call().get(),
      PlanWithReporters(
          R"({"text": "UBND các phường quận 1", "kind": "AGENCY_KIND_PEOPLES_COMMITTEE",
                            "level": "UNIT_LEVEL_COMMUNE", "within": "units/760"})"),
      &plan);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  std::vector<FieldViolation> violations = FieldViolationsOf(FromGrpcStatus(status));
  ASSERT_EQ(violations.size(), 1u) << status.error_message();
  EXPECT_EQ(violations[0].field, "plan.reporting[0].reporter_groups[0].within");
  EXPECT_THAT(violations[0].description, HasSubstr("outside the plan's unit units/764"));

  // Province-level committees inside a district: nobody.
  status = plans_stub_->CreatePlan(
      Call().get(),
      PlanWithReporters(R"({"text": "UBND các tỉnh", "kind": "AGENCY_KIND_PEOPLES_COMMITTEE",
                            "level": "UNIT_LEVEL_PROVINCE"})"),
      &plan);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  violations = FieldViolationsOf(FromGrpcStatus(status));
  ASSERT_EQ(violations.size(), 1u) << status.error_message();
  EXPECT_EQ(violations[0].field, "plan.reporting[0].reporter_groups[0]");
  EXPECT_THAT(violations[0].description, HasSubstr("\"UBND các tỉnh\" denotes no agency"));

  // No kind, no level, no words: each named.
  status = plans_stub_->CreatePlan(Call().get(), PlanWithReporters("{}"), &plan);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::set<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(FromGrpcStatus(status))) fields.insert(v.field);
  EXPECT_EQ(fields, (std::set<std::string>{"plan.reporting[0].reporter_groups[0].text",
                                           "plan.reporting[0].reporter_groups[0].kind",
                                           "plan.reporting[0].reporter_groups[0].level"}));
  pv1::GetPlanRequest get;
  get.set_name("plans/go-vap-2019-groups");
  EXPECT_EQ(plans_stub_->GetPlan(Call().get(), get, &plan).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

INSTANTIATE_TEST_SUITE_P(Engines, AgencyGroupsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace interplan
