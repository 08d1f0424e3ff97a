// The plans service through its real binaries: interplan-agencies loaded
// with the reference data, interplan-plans, and the `interplan` client
// pushing the five seed plans. What a province's officer and a ministry
// analyst see, end to end.
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/enum_names.h"
#include "common/client/service_address.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "interplan/plans/v1/plans.grpc.pb.h"
#include "tests/support/suite_processes.h"

namespace interplan {
namespace {

namespace v1 = plans::v1;
using ::testing::HasSubstr;
using testing::ServiceProcess;

std::unique_ptr<grpc::ClientContext> Call() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  return context;
}

v1::CreatePlanRequest ReadFixture(const std::string& path) {
  v1::CreatePlanRequest request;
  auto status =
      google::protobuf::util::JsonStringToMessage(testing::ReadFileOrEmpty(path), &request);
  EXPECT_TRUE(status.ok()) << path << ": " << status.message();
  return request;
}

void ClearOutputOnly(v1::Plan* plan) {
  for (const char* field : {"name", "status", "revision", "etag", "create_time", "update_time",
                            "written_by", "reference_date", "revision_reason", "change_sequence"}) {
    plan->GetReflection()->ClearField(plan, plan->GetDescriptor()->FindFieldByName(field));
  }
}

class PlansIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ServiceProcess>> agencies =
        testing::StartAgenciesWithReference();
    ASSERT_TRUE(agencies.ok()) << agencies.status();
    agencies_ = agencies->release();
    absl::StatusOr<std::unique_ptr<ServiceProcess>> plans =
        testing::StartPlans(agencies_->address());
    ASSERT_TRUE(plans.ok()) << plans.status();
    plans_ = plans->release();
  }
  static void TearDownTestSuite() {
    delete plans_;
    delete agencies_;
  }

  void SetUp() override {
    ASSERT_NE(plans_, nullptr);
    stub_ = v1::PlanService::NewStub(plans_->NewChannel());
  }

  static std::map<std::string, std::string> ClientEnv() {
    return {{"INTERPLAN_AGENCIES_ADDR", agencies_->address()},
            {"INTERPLAN_PLANS_ADDR", plans_->address()}};
  }

  testing::CommandResult Client(const std::vector<std::string>& args) {
    absl::StatusOr<testing::CommandResult> result = testing::RunClient(args, ClientEnv());
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : testing::CommandResult{-1, ""};
  }

  // Writes `request` as the JSON file a province's officer pushes; its path.
  std::string WritePlanFile(const v1::CreatePlanRequest& request, const std::string& file) {
    std::string json;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(request, &json).ok());
    if (dir_.empty()) {
      absl::StatusOr<std::string> dir = testing::MakeTempDir("interplan-plan");
      EXPECT_TRUE(dir.ok()) << dir.status();
      if (dir.ok()) dir_ = *dir;
    }
    const std::string path = absl::StrCat(dir_, "/", file);
    std::ofstream out(path);
    out << json;
    return path;
  }

  void TearDown() override {
    if (!dir_.empty()) testing::RemoveTree(dir_);
  }

  // The field paths of a refused CreatePlan, and that nothing was stored.
  std::vector<std::string> RefusedFields(const v1::CreatePlanRequest& request) {
    v1::Plan created;
    grpc::Status status = stub_->CreatePlan(Call().get(), request, &created);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    std::vector<std::string> fields;
    for (const FieldViolation& v : FieldViolationsOf(FromGrpcStatus(status))) {
      fields.push_back(v.field);
    }
    v1::GetPlanRequest get;
    get.set_name("plans/" + request.plan_id());
    v1::Plan stored;
    EXPECT_EQ(stub_->GetPlan(Call().get(), get, &stored).error_code(), grpc::StatusCode::NOT_FOUND);
    return fields;
  }

  static ServiceProcess* agencies_;
  static ServiceProcess* plans_;
  std::unique_ptr<v1::PlanService::Stub> stub_;
  std::string dir_;
};

ServiceProcess* PlansIntegrationTest::agencies_ = nullptr;
ServiceProcess* PlansIntegrationTest::plans_ = nullptr;

TEST_F(PlansIntegrationTest, EverySeedPlanIsPushedIssuedAndReadBackEqual) {
  const std::vector<std::string> fixtures = testing::SeedPlanFixtures();
  ASSERT_EQ(fixtures.size(), 5u);
  for (const std::string& path : fixtures) {
    SCOPED_TRACE(path);
    testing::CommandResult pushed = Client({"plans", "push", path, "--issue"});
    ASSERT_EQ(pushed.exit_code, 0) << pushed.output;
    EXPECT_THAT(pushed.output, HasSubstr("created and issued"));

    const v1::CreatePlanRequest fixture = ReadFixture(path);
    v1::GetPlanRequest get;
    get.set_name("plans/" + fixture.plan_id());
    v1::Plan stored;
    grpc::Status status = stub_->GetPlan(Call().get(), get, &stored);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(stored.status(), v1::PLAN_STATUS_ISSUED);
    EXPECT_EQ(stored.revision(), 1);
    v1::Plan content = stored;
    ClearOutputOnly(&content);
    std::string diff;
    google::protobuf::util::MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&diff);
    EXPECT_TRUE(differencer.Compare(fixture.plan(), content)) << diff;

    // Pushing the same file again changes nothing.
    testing::CommandResult again = Client({"plans", "push", path, "--issue"});
    ASSERT_EQ(again.exit_code, 0) << again.output;
    EXPECT_THAT(again.output, HasSubstr("unchanged"));
    v1::Plan after;
    ASSERT_TRUE(stub_->GetPlan(Call().get(), get, &after).ok());
    EXPECT_EQ(after.etag(), stored.etag());
  }
}

TEST_F(PlansIntegrationTest, BlanksStayBlank) {
  for (const std::string& path : testing::SeedPlanFixtures()) {
    if (path.find("003_dak_lak") == std::string::npos) continue;
    testing::CommandResult pushed = Client({"plans", "push", path, "--issue"});
    ASSERT_EQ(pushed.exit_code, 0) << pushed.output;
  }
  v1::GetPlanRequest get;
  get.set_name("plans/dak-lak-2020");
  v1::Plan plan;
  ASSERT_TRUE(stub_->GetPlan(Call().get(), get, &plan).ok());
  EXPECT_EQ(plan.document_number(), "/KH-UBND");
  EXPECT_EQ(plan.issue_date().year(), 2020);
  EXPECT_EQ(plan.issue_date().month(), 3);
  EXPECT_EQ(plan.issue_date().day(), 0);
  // References were checked on the last day the date can mean.
  EXPECT_EQ(plan.reference_date().day(), 31);
}

TEST_F(PlansIntegrationTest, AssignmentsOfTheQuangNgaiLabourDepartment) {
  for (const std::string& path : testing::SeedPlanFixtures()) {
    if (path.find("001_quang_ngai") == std::string::npos) continue;
    ASSERT_EQ(Client({"plans", "push", path, "--issue"}).exit_code, 0);
  }
  testing::CommandResult listed = Client({"assignments", "quang-ngai-so-ldtbxh"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_THAT(listed.output, HasSubstr("quang-ngai-2022"));
  EXPECT_THAT(listed.output, HasSubstr("implementation_duty  IV.1"));
  EXPECT_THAT(listed.output, HasSubstr("leads"));
  v1::ListAssignmentsRequest request;
  request.set_agency("agencies/quang-ngai-so-ldtbxh");
  v1::ListAssignmentsResponse response;
  ASSERT_TRUE(stub_->ListAssignments(Call().get(), request, &response).ok());
  std::set<std::string> codes;
  for (const auto& a : response.assignments()) {
    EXPECT_EQ(a.plan(), "plans/quang-ngai-2022");
    codes.insert(absl::StrCat(api::ShortEnumName(a.kind()), " ", a.code()));
  }
  EXPECT_TRUE(codes.count("IMPLEMENTATION_DUTY IV.1")) << ::testing::PrintToString(codes);
  EXPECT_TRUE(codes.count("LEADS II.1.a")) << ::testing::PrintToString(codes);
}

TEST_F(PlansIntegrationTest, ValidatePrintsEveryViolationWithItsField) {
  v1::CreatePlanRequest broken = ReadFixture(testing::SeedPlanFixtures()[4]);
  broken.mutable_plan()->clear_title();
  ASSERT_GT(broken.plan().sections(0).sections(0).tasks_size(), 0);
  broken.mutable_plan()->mutable_sections(0)->mutable_sections(0)->mutable_tasks(0)->clear_lead();
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(broken, &json).ok());
  absl::StatusOr<std::string> dir = testing::MakeTempDir("interplan-plan");
  ASSERT_TRUE(dir.ok());
  const std::string path = *dir + "/broken.json";
  {
    std::ofstream out(path);
    out << json;
  }
  testing::CommandResult validated = Client({"plans", "validate", path});
  EXPECT_EQ(validated.exit_code, 6);  // invalid
  EXPECT_THAT(validated.output, HasSubstr("plan.title: is required"));
  EXPECT_THAT(validated.output, HasSubstr("plan.sections[0].sections[0].tasks[0].lead"));
  EXPECT_THAT(validated.output, HasSubstr("invalid: 2 violations"));
  testing::RemoveTree(*dir);
}

TEST_F(PlansIntegrationTest, AFieldThePlanDoesNotHaveIsNamedByItsPathAsWritten) {
  // Gò Vấp's plan with a word no Target has, deep in its sections.
  v1::CreatePlanRequest plan = ReadFixture(testing::SeedPlanFixtures()[2]);
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(plan, &json).ok());
  google::protobuf::Value document;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &document).ok());
  google::protobuf::Value* section = document.mutable_struct_value()
                                         ->mutable_fields()
                                         ->at("plan")
                                         .mutable_struct_value()
                                         ->mutable_fields()
                                         ->at("sections")
                                         .mutable_list_value()
                                         ->mutable_values(0);
  for (int depth = 0; depth < 3; ++depth) {
    section = section->mutable_struct_value()
                  ->mutable_fields()
                  ->at("sections")
                  .mutable_list_value()
                  ->mutable_values(0);
  }
  google::protobuf::Value* target = section->mutable_struct_value()
                                        ->mutable_fields()
                                        ->at("targets")
                                        .mutable_list_value()
                                        ->mutable_values(1);
  (*target->mutable_struct_value()->mutable_fields())["comparator"].set_string_value("AT_LEAST");
  json.clear();  // MessageToJsonString appends
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(document, &json).ok());
  absl::StatusOr<std::string> dir = testing::MakeTempDir("interplan-plan");
  ASSERT_TRUE(dir.ok());
  const std::string path = *dir + "/unknown-field.json";
  {
    std::ofstream out(path);
    out << json;
  }
  testing::CommandResult validated = Client({"plans", "validate", path});
  EXPECT_EQ(validated.exit_code, 6);  // invalid
  EXPECT_THAT(validated.output,
              HasSubstr("plan.sections[0].sections[0].sections[0].sections[0].targets[1]."
                        "comparator: no such field in interplan.plans.v1.Target"));
  testing::RemoveTree(*dir);
}

// Targets as Gò Vấp's plan (seed 002) writes them, pushed from files with
// the client: the comparison as given, filled from the words alone, or
// refused when the words contradict it; a value the plan does not state
// comes back not stated (no "value" in the JSON the client prints), and a
// unit that does not fit the catalogue indicator is refused naming the
// field, with nothing stored.
// The line of a table that starts with `first`; "" when none.
std::string TableLine(const std::string& output, const std::string& first) {
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(first + " ", 0) == 0) return line;
  }
  return "";
}

class PlanTargetsIntegrationTest : public PlansIntegrationTest {
 protected:
  void SetUp() override {
    PlansIntegrationTest::SetUp();
    absl::StatusOr<std::string> dir = testing::MakeTempDir("interplan-targets");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = *dir;
  }
  void TearDown() override { testing::RemoveTree(dir_); }

  // Seed 002 as `plan_id`, changed by `change`, written to a file.
  std::string GoVapFile(const std::string& plan_id,
                        const std::function<void(std::vector<v1::Target*>&)>& change) {
    v1::CreatePlanRequest request = ReadFixture(testing::SeedPlanFixtures()[2]);
    request.set_plan_id(plan_id);
    std::vector<v1::Target*> targets;
    std::function<void(v1::Section*)> walk = [&](v1::Section* section) {
      for (v1::Target& target : *section->mutable_targets()) targets.push_back(&target);
      for (v1::Section& sub : *section->mutable_sections()) walk(&sub);
    };
    for (v1::Section& section : *request.mutable_plan()->mutable_sections()) walk(&section);
    EXPECT_EQ(targets.size(), 5u);
    if (targets.size() == 5u) change(targets);
    std::string json;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(request, &json).ok());
    const std::string path = absl::StrCat(dir_, "/", plan_id, ".json");
    std::ofstream(path) << json;
    return path;
  }

  // The plan as `plans get NAME --json` prints it.
  v1::Plan GetWithClient(const std::string& plan_id) {
    testing::CommandResult got = Client({"--json", "plans", "get", "plans/" + plan_id});
    EXPECT_EQ(got.exit_code, 0) << got.output;
    v1::Plan plan;
    auto status = google::protobuf::util::JsonStringToMessage(got.output, &plan);
    EXPECT_TRUE(status.ok()) << status.message() << "\n" << got.output;
    return plan;
  }

  static std::vector<const v1::Target*> TargetsOf(const v1::Plan& plan) {
    std::vector<const v1::Target*> targets;
    std::function<void(const v1::Section&)> walk = [&](const v1::Section& section) {
      for (const v1::Target& target : section.targets()) targets.push_back(&target);
      for (const v1::Section& sub : section.sections()) walk(sub);
    };
    for (const v1::Section& section : plan.sections()) walk(section);
    return targets;
  }

  std::string dir_;
};

TEST_F(PlanTargetsIntegrationTest, ComparisonsAndAValueNotStatedComeBackAsWritten) {
  const std::string path = GoVapFile("go-vap-targets-as-written", [](auto& targets) {
    targets[0]->set_comparison(v1::TARGET_COMPARISON_AT_MOST);  // given with its words
    targets[0]->set_comparison_words("không quá");
    targets[1]->clear_value();       // not stated
    targets[3]->clear_comparison();  // only "Phân đầu"
    targets[4]->clear_comparison();
    targets[4]->set_comparison_words("khoảng");
  });
  testing::CommandResult pushed = Client({"plans", "push", path, "--issue"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.output;
  v1::Plan plan = GetWithClient("go-vap-targets-as-written");
  std::vector<const v1::Target*> targets = TargetsOf(plan);
  ASSERT_EQ(targets.size(), 5u);
  EXPECT_EQ(targets[0]->comparison(), v1::TARGET_COMPARISON_AT_MOST);
  EXPECT_EQ(targets[0]->comparison_words(), "không quá");
  EXPECT_FALSE(targets[1]->has_value()) << targets[1]->value();
  EXPECT_TRUE(targets[2]->has_value());
  EXPECT_EQ(targets[2]->value(), 100);
  EXPECT_EQ(targets[3]->comparison(), v1::TARGET_COMPARISON_AT_LEAST);
  EXPECT_EQ(targets[4]->comparison(), v1::TARGET_COMPARISON_ABOUT);
  // The client's table of targets says so in words.
  testing::CommandResult table = Client({"plans", "targets", "go-vap-targets-as-written"});
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_THAT(TableLine(table.output, "II.1.1.1-a"), HasSubstr("at most")) << table.output;
  EXPECT_THAT(TableLine(table.output, "II.1.1.1-a"), HasSubstr("không quá")) << table.output;
  EXPECT_THAT(TableLine(table.output, "II.1.1.1-b"), HasSubstr("not stated")) << table.output;
  EXPECT_THAT(TableLine(table.output, "II.1.4.1-a"), HasSubstr("about")) << table.output;
  EXPECT_THAT(table.output, HasSubstr("5 targets"));
  // The file again is the plan as stored: the filled comparisons are no change.
  testing::CommandResult again = Client({"plans", "push", path, "--issue"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_THAT(again.output, HasSubstr("unchanged"));
  // Over gRPC too.
  v1::GetPlanRequest get;
  get.set_name("plans/go-vap-targets-as-written");
  v1::Plan stored;
  ASSERT_TRUE(stub_->GetPlan(Call().get(), get, &stored).ok());
  EXPECT_FALSE(TargetsOf(stored)[1]->has_value());
  EXPECT_EQ(TargetsOf(stored)[3]->comparison_words(), "Phân đầu");
}

TEST_F(PlanTargetsIntegrationTest, AContradictionOrAUnitThatDoesNotFitIsRefusedAndNothingStored) {
  const std::string contradiction = GoVapFile("go-vap-contradiction", [](auto& targets) {
    targets[3]->set_comparison(v1::TARGET_COMPARISON_AT_MOST);  // the plan says "Phân đầu"
  });
  testing::CommandResult refused = Client({"plans", "push", contradiction});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(refused.output,
              HasSubstr("plan.sections[0].sections[0].sections[2].sections[0].targets[0]."
                        "comparison"));
  EXPECT_THAT(refused.output, HasSubstr("contradicts the plan's words"));

  const std::string unit = GoVapFile("go-vap-count-on-percent", [](auto& targets) {
    targets[0]->set_unit(v1::TARGET_UNIT_COUNT);  // LOC-COMM-OFFICIALS is a percentage
  });
  testing::CommandResult mismatch = Client({"plans", "push", unit});
  EXPECT_NE(mismatch.exit_code, 0);
  EXPECT_THAT(mismatch.output,
              HasSubstr("plan.sections[0].sections[0].sections[0].sections[0].targets[0].unit"));
  EXPECT_THAT(mismatch.output, HasSubstr("a count does not fit indicators/LOC-COMM-OFFICIALS"));

  for (const char* id : {"go-vap-contradiction", "go-vap-count-on-percent"}) {
    v1::GetPlanRequest get;
    get.set_name(absl::StrCat("plans/", id));
    v1::Plan plan;
    EXPECT_EQ(stub_->GetPlan(Call().get(), get, &plan).error_code(), grpc::StatusCode::NOT_FOUND)
        << id;
  }
}

google::type::Date Day(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

TEST_F(PlansIntegrationTest, ASeedsPreambleAndWhomItWasSentToAreShown) {
  const std::string path = testing::SeedPlanFixtures()[0];  // Đồng Nai 2021
  ASSERT_EQ(Client({"plans", "push", path, "--issue"}).exit_code, 0);
  testing::CommandResult shown = Client({"plans", "get", "dong-nai-2021"});
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_THAT(shown.output, HasSubstr("preamble     Thực hiện Công văn số 356/LĐTBXH-BĐG"));
  EXPECT_THAT(shown.output, HasSubstr("tỉnh Đồng Nai năm 2021, cụ thể như sau:"));
  // Addressees in the registry with their agency; groups as written.
  EXPECT_THAT(shown.output, HasSubstr("sent to      Bộ LĐTBXH (agencies/molisa)"));
  EXPECT_THAT(shown.output, HasSubstr("sent to      Các đơn vị tại Mục IV\n"));
  EXPECT_THAT(shown.output, HasSubstr("sent to      Lưu: VT, KGVX."));

  v1::GetPlanRequest get;
  get.set_name("plans/dong-nai-2021");
  v1::Plan plan;
  ASSERT_TRUE(stub_->GetPlan(Call().get(), get, &plan).ok());
  ASSERT_EQ(plan.distribution().addressees_size(), 7);
  EXPECT_EQ(plan.distribution().addressees(4).agency(), "agencies/dong-nai-ubnd");
  EXPECT_EQ(plan.distribution().addressees(4).text(), "Chủ tịch, PCT. UBND tỉnh");
  EXPECT_EQ(plan.distribution().remainder(), "Lưu: VT, KGVX.\n<Thanh T6.2021>");
}

TEST_F(PlansIntegrationTest, AnAddresseeIsCheckedAsOfThePlansDate) {
  v1::CreatePlanRequest plan = ReadFixture(testing::SeedPlanFixtures()[2]);  // Gò Vấp 2019
  plan.set_plan_id("go-vap-addressees");
  ASSERT_EQ(plan.plan().distribution().addressees_size(), 9);
  // A department of the Ministry of Home Affairs, which exists from 2025.
  v1::Distribution::Addressee* later =
      plan.mutable_plan()->mutable_distribution()->add_addressees();
  later->set_agency("agencies/moha-vu-cttn-bdg");
  later->set_text("Vụ CTTN và BĐG (Bộ Nội vụ)");
  // An agency with no words as written.
  plan.mutable_plan()->mutable_distribution()->add_addressees()->set_agency("agencies/molisa");
  EXPECT_THAT(RefusedFields(plan),
              ::testing::UnorderedElementsAre("plan.distribution.addressees[9].agency",
                                              "plan.distribution.addressees[10].text"));
  testing::CommandResult validated =
      Client({"plans", "validate", WritePlanFile(plan, "addressees.json")});
  EXPECT_EQ(validated.exit_code, 6);  // invalid
  EXPECT_THAT(validated.output,
              HasSubstr("plan.distribution.addressees[9].agency: \"Nơi nhận\": addressee "
                        "agencies/moha-vu-cttn-bdg did not exist yet on 2019-05-08"));
}

// Đắk Lắk's 2020 plan as if attached to a decision, with no number or
// date of its own.
v1::CreatePlanRequest DakLakByDecision() {
  v1::CreatePlanRequest request = ReadFixture(testing::SeedPlanFixtures()[3]);
  request.set_plan_id("dak-lak-2020-qd");
  v1::Plan* plan = request.mutable_plan();
  plan->clear_document_number();
  plan->clear_issue_date();
  v1::PromulgatingDocument* decision = plan->mutable_promulgated_by();
  decision->set_kind(v1::DOCUMENT_KIND_DECISION);
  decision->set_number("789/QĐ-UBND");
  *decision->mutable_issue_date() = Day(2020, 3, 20);
  decision->set_issuer("agencies/dak-lak-ubnd");
  decision->set_signatory("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nH'Yim Kđoh");
  decision->set_effective_from_signing(true);
  decision->set_title("Về việc ban hành Kế hoạch triển khai công tác bình đẳng giới năm 2020");
  return request;
}

TEST_F(PlansIntegrationTest, APlanIssuedByADecisionKeepsBothDocuments) {
  v1::CreatePlanRequest bad = DakLakByDecision();
  *bad.mutable_plan()->mutable_promulgated_by()->mutable_effective_date() = Day(2020, 3, 1);
  EXPECT_THAT(RefusedFields(bad), ::testing::ElementsAre("plan.promulgated_by.effective_date"));
  // "có hiệu lực kể từ ngày ký" and another day.
  *bad.mutable_plan()->mutable_promulgated_by()->mutable_effective_date() = Day(2020, 4, 1);
  EXPECT_THAT(RefusedFields(bad), ::testing::ElementsAre("plan.promulgated_by.effective_date"));
  bad = DakLakByDecision();
  bad.mutable_plan()->mutable_promulgated_by()->clear_kind();
  bad.mutable_plan()->mutable_promulgated_by()->set_issuer("agencies/moha-vu-cttn-bdg");
  EXPECT_THAT(RefusedFields(bad), ::testing::UnorderedElementsAre("plan.promulgated_by.kind",
                                                                  "plan.promulgated_by.issuer"));

  const std::string path = WritePlanFile(DakLakByDecision(), "by-decision.json");
  testing::CommandResult validated = Client({"plans", "validate", path});
  EXPECT_EQ(validated.exit_code, 0) << validated.output;
  EXPECT_THAT(validated.output, HasSubstr("blank: document_number: none of its own (issued by "
                                          "the decision in promulgated_by)"));
  testing::CommandResult pushed = Client({"plans", "push", path, "--issue"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.output;
  EXPECT_THAT(pushed.output, HasSubstr("created and issued"));

  v1::GetPlanRequest get;
  get.set_name("plans/dak-lak-2020-qd");
  v1::Plan stored;
  ASSERT_TRUE(stub_->GetPlan(Call().get(), get, &stored).ok());
  EXPECT_EQ(stored.document_number(), "");
  std::string diff;
  google::protobuf::util::MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  EXPECT_TRUE(
      differencer.Compare(DakLakByDecision().plan().promulgated_by(), stored.promulgated_by()))
      << diff;
  // References were checked on the decision's date.
  EXPECT_EQ(stored.reference_date().month(), 3);
  EXPECT_EQ(stored.reference_date().day(), 20);

  testing::CommandResult shown = Client({"plans", "get", "dak-lak-2020-qd"});
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_THAT(shown.output, HasSubstr("issued by        DECISION 789/QĐ-UBND of 2020-03-20"));
  EXPECT_THAT(shown.output, HasSubstr("in force         from signing"));
  testing::CommandResult found = Client({"plans", "list", "--query", "789/QĐ"});
  ASSERT_EQ(found.exit_code, 0) << found.output;
  EXPECT_THAT(found.output, HasSubstr("dak-lak-2020-qd"));
  EXPECT_THAT(found.output, HasSubstr("789/QĐ-UBND"));
  EXPECT_THAT(found.output, HasSubstr("1 plans"));
}

std::set<std::string> Listed(v1::PlanService::Stub& stub, v1::PlanContent content) {
  v1::ListPlansRequest request;
  request.set_content(content);
  request.set_page_size(500);
  v1::ListPlansResponse response;
  grpc::Status status = stub.ListPlans(Call().get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  std::set<std::string> names;
  for (const v1::Plan& plan : response.plans()) names.insert(plan.name());
  return names;
}

const v1::PlanDigest* DigestNamed(const v1::ListPlanDigestsResponse& digests,
                                  const std::string& name) {
  for (const v1::PlanDigest& digest : digests.digests()) {
    if (digest.name() == name) return &digest;
  }
  return nullptr;
}

TEST_F(PlansIntegrationTest, APlanKnownOnlyInPartIsListedCountedAndCompletedByAmendment) {
  // What the ministry knows of Lai Châu's 2024 plan before its text
  // arrives: number, date, title and issuer.
  const v1::CreatePlanRequest full = ReadFixture(testing::SeedPlanFixtures()[4]);
  v1::CreatePlanRequest header;
  header.set_plan_id("lai-chau-2024-header");
  for (const char* field : {"issuer", "signatory", "unit", "document_number", "place", "issue_date",
                            "title", "period"}) {
    const auto* descriptor = v1::Plan::descriptor()->FindFieldByName(field);
    ASSERT_NE(descriptor, nullptr) << field;
    if (descriptor->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
      header.mutable_plan()->GetReflection()->SetString(
          header.mutable_plan(), descriptor,
          full.plan().GetReflection()->GetString(full.plan(), descriptor));
    }
  }
  *header.mutable_plan()->mutable_issue_date() = full.plan().issue_date();
  ASSERT_EQ(header.plan().document_number(), full.plan().document_number());

  // Without saying so, a plan with no text is refused, as before.
  EXPECT_THAT(RefusedFields(header), ::testing::ElementsAre("plan.sections"));
  header.mutable_plan()->set_content(v1::PLAN_CONTENT_HEADER_ONLY);
  v1::CreatePlanRequest unnamed = header;
  unnamed.mutable_plan()->clear_document_number();
  unnamed.mutable_plan()->clear_issue_date();
  EXPECT_THAT(RefusedFields(unnamed),
              ::testing::UnorderedElementsAre("plan.document_number", "plan.issue_date"));

  testing::CommandResult pushed =
      Client({"plans", "push", WritePlanFile(header, "header.json"), "--issue"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.output;
  EXPECT_THAT(pushed.output, HasSubstr("created and issued"));
  const std::string name = "plans/lai-chau-2024-header";
  EXPECT_EQ(Listed(*stub_, v1::PLAN_CONTENT_HEADER_ONLY), std::set<std::string>{name});
  EXPECT_EQ(Listed(*stub_, v1::PLAN_CONTENT_FULL).count(name), 0u);
  testing::CommandResult listed = Client({"plans", "list", "--content", "header_only"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_THAT(listed.output, HasSubstr("[header only] Thực hiện Công tác Bình đẳng giới"));
  EXPECT_THAT(listed.output, HasSubstr("1 plans"));

  // Counted: the digests the ministry's overviews add up say so.
  v1::ListPlanDigestsRequest digests_request;
  digests_request.set_year(2024);
  v1::ListPlanDigestsResponse digests;
  ASSERT_TRUE(stub_->ListPlanDigests(Call().get(), digests_request, &digests).ok());
  const v1::PlanDigest* digest = DigestNamed(digests, name);
  ASSERT_NE(digest, nullptr);
  EXPECT_EQ(digest->content(), v1::PLAN_CONTENT_HEADER_ONLY);
  EXPECT_EQ(digest->status(), v1::PLAN_STATUS_ISSUED);
  EXPECT_EQ(digest->tasks(), 0);

  // The text arrives: pushing the whole plan amends it.
  v1::CreatePlanRequest completed = full;
  completed.set_plan_id("lai-chau-2024-header");
  pushed = Client({"plans", "push", WritePlanFile(completed, "completed.json"), "--reason",
                   "Đã nhận toàn văn"});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.output;
  EXPECT_THAT(pushed.output, HasSubstr("amended"));
  v1::GetPlanRequest get;
  get.set_name(name);
  v1::Plan plan;
  ASSERT_TRUE(stub_->GetPlan(Call().get(), get, &plan).ok());
  EXPECT_EQ(plan.status(), v1::PLAN_STATUS_AMENDED);
  EXPECT_EQ(plan.revision(), 2);
  EXPECT_EQ(plan.sections_size(), full.plan().sections_size());
  EXPECT_EQ(Listed(*stub_, v1::PLAN_CONTENT_HEADER_ONLY), std::set<std::string>{});
  EXPECT_EQ(Listed(*stub_, v1::PLAN_CONTENT_FULL).count(name), 1u);
  ASSERT_TRUE(stub_->ListPlanDigests(Call().get(), digests_request, &digests).ok());
  digest = DigestNamed(digests, name);
  ASSERT_NE(digest, nullptr);
  EXPECT_EQ(digest->content(), v1::PLAN_CONTENT_FULL);
  EXPECT_GT(digest->tasks(), 0);
}

TEST_F(PlansIntegrationTest, AYearlyReportIsOneLineWithTheDayOfEachYear) {
  v1::CreatePlanRequest plan = ReadFixture(testing::SeedPlanFixtures()[3]);  // Đắk Lắk 2020
  plan.set_plan_id("dak-lak-yearly");
  ASSERT_GE(plan.plan().reporting_size(), 2);
  // Made yearly, but still with its own period and due date, and no day of
  // the year.
  plan.mutable_plan()->mutable_reporting(0)->set_recurrence(v1::REPORT_RECURRENCE_EVERY_YEAR);
  // A day of the year on a line that does not recur.
  plan.mutable_plan()->mutable_reporting(1)->mutable_annual_due()->set_month(12);
  plan.mutable_plan()->mutable_reporting(1)->mutable_annual_due()->set_day(15);
  EXPECT_THAT(RefusedFields(plan), ::testing::UnorderedElementsAre("plan.reporting[0].period",
                                                                   "plan.reporting[0].due_date",
                                                                   "plan.reporting[0].annual_due",
                                                                   "plan.reporting[1].annual_due"));

  v1::ReportingRequirement* line = plan.mutable_plan()->mutable_reporting(0);
  line->clear_period();
  line->clear_due_date();
  line->mutable_annual_due()->set_month(2);
  line->mutable_annual_due()->set_day(30);
  plan.mutable_plan()->mutable_reporting(1)->clear_annual_due();
  EXPECT_THAT(RefusedFields(plan), ::testing::ElementsAre("plan.reporting[0].annual_due"));
  line->mutable_annual_due()->set_day(28);
  testing::CommandResult validated =
      Client({"plans", "validate", WritePlanFile(plan, "yearly.json")});
  EXPECT_EQ(validated.exit_code, 0) << validated.output;
}

// Agencies down: reads go on; a write is UNAVAILABLE, and the client's
// retries land it once agencies is back.
TEST(PlansAgenciesDownTest, ReadsWorkAndWritesWaitForAgencies) {
  absl::StatusOr<std::unique_ptr<ServiceProcess>> agencies = testing::StartAgenciesWithReference();
  ASSERT_TRUE(agencies.ok()) << agencies.status();
  const std::string agencies_address = (*agencies)->address();
  const std::string agencies_data = (*agencies)->data_dir();
  absl::StatusOr<std::unique_ptr<ServiceProcess>> plans = testing::StartPlans(agencies_address);
  ASSERT_TRUE(plans.ok()) << plans.status();
  const std::map<std::string, std::string> env = {{"INTERPLAN_AGENCIES_ADDR", agencies_address},
                                                  {"INTERPLAN_PLANS_ADDR", (*plans)->address()}};
  const std::vector<std::string> fixtures = testing::SeedPlanFixtures();
  absl::StatusOr<testing::CommandResult> first =
      testing::RunClient({"plans", "push", fixtures[0], "--issue"}, env);
  ASSERT_TRUE(first.ok() && first->exit_code == 0) << (first.ok() ? first->output : "");

  // Keep the data: stop the process, not the folder.
  ASSERT_TRUE((*agencies)->Stop().ok());

  auto stub = v1::PlanService::NewStub((*plans)->NewChannel());
  v1::GetPlanRequest get;
  get.set_name("plans/dong-nai-2021");
  v1::Plan plan;
  EXPECT_TRUE(stub->GetPlan(Call().get(), get, &plan).ok());
  v1::ListPlansRequest list;
  v1::ListPlansResponse listed;
  ASSERT_TRUE(stub->ListPlans(Call().get(), list, &listed).ok());
  EXPECT_EQ(listed.plans_size(), 1);
  v1::ListAssignmentsRequest assignments;
  assignments.set_agency("agencies/dong-nai-so-ldtbxh");
  v1::ListAssignmentsResponse assigned;
  EXPECT_TRUE(stub->ListAssignments(Call().get(), assignments, &assigned).ok());
  EXPECT_GT(assigned.assignments_size(), 0);

  // A direct write from a client that does not retry: UNAVAILABLE, nothing
  // stored (the retry policy would try again until the deadline).
  v1::CreatePlanRequest create = ReadFixture(fixtures[1]);
  v1::Plan created;
  grpc::Status refused = v1::PlanService::NewStub(OpenProbeChannel((*plans)->address()))
                             ->CreatePlan(Call().get(), create, &created);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE) << refused.error_message();
  get.set_name("plans/" + create.plan_id());
  EXPECT_EQ(stub->GetPlan(Call().get(), get, &plan).error_code(), grpc::StatusCode::NOT_FOUND);

  // The client's retry policy tries again with back-off; agencies comes
  // back meanwhile.
  std::future<absl::StatusOr<testing::CommandResult>> push = std::async(std::launch::async, [&] {
    return testing::RunClient({"plans", "push", fixtures[1]}, env);
  });
  absl::SleepFor(absl::Seconds(1));
  absl::StatusOr<std::unique_ptr<ServiceProcess>> restarted = ServiceProcess::Start(
      {.service = "agencies", .data_dir = agencies_data, .address = agencies_address});
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  absl::StatusOr<testing::CommandResult> pushed = push.get();
  ASSERT_TRUE(pushed.ok());
  EXPECT_EQ(pushed->exit_code, 0) << pushed->output;
  EXPECT_TRUE(stub->GetPlan(Call().get(), get, &plan).ok());
  EXPECT_EQ(plan.revision(), 1);
  testing::RemoveTree(agencies_data);
}

}  // namespace
}  // namespace interplan
