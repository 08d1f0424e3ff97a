// What no request may do to the suite, through the real binaries with
// authentication on (SecuredSuite: agencies, plans, reporting, campaigns,
// gateway):
//
// - A request id that is not 1-128 printable ASCII characters, in the body
//   or in x-request-id, is INVALID_ARGUMENT naming the field, even without
//   a credential, and the service lives on (it once aborted the process).
// - An enum value its enum does not declare, anywhere in a request, is
//   INVALID_ARGUMENT with a field violation naming its path; nothing is
//   stored.
// - A body that does not parse is INVALID_ARGUMENT with a message.
// - A principal a service writes itself (x-interplan-on-behalf-of-bin) is
//   refused by every service; a relayed caller is authenticated by its own
//   key, and keys are never made or revoked on anyone's behalf.
// - An agency search for "%" finds the names holding a literal '%'.
#include <grpcpp/grpcpp.h>

#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "interplan/agencies/v1/agencies.grpc.pb.h"
#include "interplan/agencies/v1/credentials.grpc.pb.h"
#include "interplan/campaigns/v1/campaigns.pb.h"
#include "interplan/plans/v1/plans.grpc.pb.h"
#include "interplan/reporting/v1/reporting.pb.h"
#include "tests/support/raw_call.h"
#include "tests/support/secured_suite.h"
#include "tests/support/secured_suite_test.h"
#include "tests/support/service_process.h"

namespace interplan {
namespace {

namespace av1 = agencies::v1;
namespace pv1 = plans::v1;
using testing::CallAs;
using testing::CallRaw;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;
using testing::RawCallOptions;
using testing::ServiceProcess;

constexpr char kPlanWriter[] = "quang-ngai-so-noi-vu";

struct Fixture {
  static testing::SecuredSuiteOptions Options() {
    return {.plans = true, .reporting = true, .campaigns = true, .gateway = true};
  }
  static std::string Load() { return ""; }
};

class RequestHardeningTest : public testing::SecuredSuiteTest<Fixture> {
 protected:
  // `agency`'s key (made on first use).
  static std::string Key(const std::string& agency) {
    absl::StatusOr<std::string> key = suite_->KeyFor(agency);
    EXPECT_TRUE(key.ok()) << key.status();
    return key.ok() ? *key : "";
  }

  // Every backend and the gateway, by name.
  static std::vector<std::pair<std::string, ServiceProcess*>> Processes() {
    return {{"agencies", suite_->agencies()},
            {"plans", suite_->plans()},
            {"reporting", suite_->reporting()},
            {"campaigns", suite_->campaigns()},
            {"gateway", suite_->gateway()}};
  }

  // Whether `process` is still running and answers health checks.
  static void ExpectAlive(const std::string& name, ServiceProcess* process) {
    absl::StatusOr<int> exited = process->process().Wait(absl::ZeroDuration());
    EXPECT_TRUE(absl::IsDeadlineExceeded(exited.status()))
        << "interplan-" << name << " exited: " << (exited.ok() ? *exited : -1) << "\n"
        << process->Log();
    EXPECT_TRUE(testing::WaitForServing(process->address(), absl::Seconds(10)).ok())
        << "interplan-" << name;
  }

  static std::vector<std::string> ViolatedFields(const grpc::Status& status) {
    std::vector<std::string> fields;
    for (const FieldViolation& v : FieldViolationsOf(FromGrpcStatus(status))) {
      fields.push_back(v.field);
    }
    return fields;
  }

  static pv1::CreatePlanRequest QuangNgaiPlan() {
    std::ifstream in(testing::SourcePath("tests/fixtures/plans/001_quang_ngai_2022.json"));
    std::stringstream text;
    text << in.rdbuf();
    pv1::CreatePlanRequest request;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(text.str(), &request).ok());
    return request;
  }

  static int PlanCount() {
    auto stub = pv1::PlanService::NewStub(suite_->plans()->NewChannel());
    pv1::ListPlansRequest request;
    request.set_page_size(1000);
    pv1::ListPlansResponse response;
    grpc::Status status = stub->ListPlans(CallAs(Key(kPlanWriter)).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.plans_size();
  }

  static int OperatorKeyCount() {
    auto stub = av1::CredentialService::NewStub(suite_->agencies()->NewChannel());
    av1::ListApiKeysRequest request;
    request.set_page_size(1000);
    av1::ListApiKeysResponse response;
    grpc::Status status =
        stub->ListApiKeys(CallAs(suite_->operator_key()).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.api_keys_size();
  }
};

// A write request of each backend whose request_id is `id`.
struct IdCase {
  ServiceProcess* process;
  std::string method;
  std::string body;
};

std::vector<IdCase> WritesWithRequestId(testing::SecuredSuite& suite, const std::string& id) {
  reporting::v1::SubmitReportRequest report;
  report.set_request_id(id);
  pv1::CreatePlanRequest plan;
  plan.set_request_id(id);
  campaigns::v1::RecordActivityRequest activity;
  activity.set_request_id(id);
  av1::CreateApiKeyRequest key;
  key.set_request_id(id);
  return {
      {suite.reporting(), "/interplan.reporting.v1.ReportingService/SubmitReport",
       report.SerializeAsString()},
      {suite.plans(), "/interplan.plans.v1.PlanService/CreatePlan", plan.SerializeAsString()},
      {suite.campaigns(), "/interplan.campaigns.v1.CampaignService/RecordActivity",
       activity.SerializeAsString()},
      {suite.agencies(), "/interplan.agencies.v1.CredentialService/CreateApiKey",
       key.SerializeAsString()},
  };
}

TEST_F(RequestHardeningTest, ANonAsciiRequestIdIsRefusedWithoutACredentialAndTheServiceLives) {
  for (const IdCase& c : WritesWithRequestId(*suite_, "réq")) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      grpc::Status status = CallRaw(c.process->NewChannel(), c.method, c.body);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << c.method << ": " << status.error_message();
      EXPECT_THAT(ViolatedFields(status), ElementsAre("request_id")) << c.method;
      EXPECT_THAT(status.error_message(), Not(HasSubstr("réq"))) << c.method;
    }
  }
  for (const auto& [name, process] : Processes()) {
    ExpectAlive(name, process);
    EXPECT_THAT(process->Log(), Not(HasSubstr("réq"))) << name;
  }
}

TEST_F(RequestHardeningTest, RequestIdsOfOtherShapesAreRefusedToo) {
  for (const std::string& id : {std::string("with space"), std::string(129, 'a'),
                                std::string("tab\there"), std::string("\x01")}) {
    for (const IdCase& c : WritesWithRequestId(*suite_, id)) {
      grpc::Status status =
          CallRaw(c.process->NewChannel(), c.method, c.body, {.api_key = suite_->operator_key()});
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.method;
      EXPECT_THAT(ViolatedFields(status), ElementsAre("request_id")) << c.method;
    }
  }
  for (const auto& [name, process] : Processes()) ExpectAlive(name, process);
}

TEST_F(RequestHardeningTest, ABadXRequestIdIsRefusedNamingTheMetadata) {
  for (const auto& [name, process] : Processes()) {
    grpc::Status status =
        CallRaw(process->NewChannel(), "/interplan.audit.v1.AuditService/ListAuditEvents", "",
                {.metadata = {{"x-request-id", std::string(200, 'x')}}});
    if (name == "gateway") {
      status = CallRaw(process->NewChannel(),
                       "/interplan.gateway.v1.MinistryService/GetNationalOverview", "",
                       {.metadata = {{"x-request-id", std::string(200, 'x')}}});
    }
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << name;
    EXPECT_THAT(ViolatedFields(status), ElementsAre("x-request-id")) << name;
    ExpectAlive(name, process);
  }
}

TEST_F(RequestHardeningTest, UnknownEnumValuesAreRefusedWithTheirPathAndNothingIsStored) {
  pv1::CreatePlanRequest request = QuangNgaiPlan();
  request.set_plan_id("unknown-enums-2022");
  ASSERT_GE(request.plan().sections_size(), 1);
  pv1::Section* first = request.mutable_plan()->mutable_sections(0);
  while (first->tasks_size() < 3) first->add_tasks()->set_title("Nhiệm vụ thêm");
  ASSERT_GE(request.plan().budget_size(), 1);
  ASSERT_GE(request.plan().reporting_size(), 1);
  ASSERT_GE(request.plan().assignments_size(), 1);
  pv1::Plan* plan = request.mutable_plan();
  plan->mutable_sections(0)->mutable_tasks(2)->set_kind(static_cast<pv1::TaskKind>(999));
  const std::string task_kind = "plan.sections[0].tasks[2].kind";
  plan->mutable_budget(0)->set_source(static_cast<pv1::BudgetSource>(999));
  plan->mutable_budget(0)->set_level(static_cast<pv1::BudgetLevel>(77));
  plan->mutable_budget(0)->set_status(static_cast<pv1::BudgetStatus>(55));
  plan->mutable_reporting(0)->set_kind(static_cast<pv1::ReportKind>(999));
  plan->mutable_assignments(0)->set_role(static_cast<pv1::AssignmentRole>(999));
  const int before = PlanCount();
  auto stub = pv1::PlanService::NewStub(suite_->plans()->NewChannel());
  pv1::Plan created;
  grpc::Status status = stub->CreatePlan(CallAs(Key(kPlanWriter)).get(), request, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(ViolatedFields(status),
              IsSupersetOf(std::vector<std::string>{
                  task_kind, "plan.budget[0].source", "plan.budget[0].level",
                  "plan.budget[0].status", "plan.reporting[0].kind", "plan.assignments[0].role"}));
  pv1::ValidatePlanRequest validate;
  *validate.mutable_plan() = request.plan();
  pv1::ValidatePlanResponse verdict;
  status = stub->ValidatePlan(CallAs(Key(kPlanWriter)).get(), validate, &verdict);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ::testing::Contains(task_kind));
  EXPECT_EQ(PlanCount(), before);

  av1::CreateApiKeyRequest key;
  key.set_agency("agencies/moha");
  key.set_role(static_cast<av1::Role>(999));
  av1::CreateApiKeyResponse made;
  const int keys_before = OperatorKeyCount();
  status = av1::CredentialService::NewStub(suite_->agencies()->NewChannel())
               ->CreateApiKey(CallAs(suite_->operator_key()).get(), key, &made);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status), ElementsAre("role"));
  EXPECT_EQ(OperatorKeyCount(), keys_before);
}

TEST_F(RequestHardeningTest, BodiesThatDoNotParseAreInvalidArgumentWithAMessage) {
  std::string nested;
  for (int i = 0; i < 150; ++i) nested += "\xa3\x06";  // start group, field 100
  for (int i = 0; i < 150; ++i) nested += "\xa4\x06";  // end group, field 100
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"invalid UTF-8 in request_id", std::string("\x1a\x02\xff\xfe", 4)},
      {"nested 150 deep", nested},
      {"garbage", std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 11)},
      {"truncated length", std::string("\x0a\x7f\x01", 3)},
  };
  for (const auto& [what, body] : bodies) {
    for (const std::string& key : {std::string(), Key(kPlanWriter)}) {
      grpc::Status status =
          CallRaw(suite_->plans()->NewChannel(), "/interplan.plans.v1.PlanService/CreatePlan", body,
                  {.api_key = key});
      EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
          << what << ": " << status.error_message();
      EXPECT_THAT(status.error_message(), HasSubstr("does not parse")) << what;
    }
  }
  ExpectAlive("plans", suite_->plans());
}

// A principal a service wrote itself: an operator.
std::string ForgedOperator() {
  av1::Principal forged;
  forged.set_credential("operators/forged");
  forged.set_role(av1::ROLE_OPERATOR);
  return forged.SerializeAsString();
}

TEST_F(RequestHardeningTest, ASelfWrittenPrincipalFromTheServiceKeyIsRefusedEverywhere) {
  const std::vector<std::pair<ServiceProcess*, std::string>> reads = {
      {suite_->agencies(), "/interplan.agencies.v1.UnitService/ListUnits"},
      {suite_->plans(), "/interplan.plans.v1.PlanService/ListPlans"},
      {suite_->reporting(), "/interplan.reporting.v1.ReportingService/ListIndicators"},
      {suite_->campaigns(), "/interplan.campaigns.v1.CampaignService/ListCampaigns"},
      {suite_->gateway(), "/interplan.gateway.v1.MinistryService/GetNationalOverview"},
  };
  const RawCallOptions forged{.api_key = suite_->service_key(),
                              .metadata = {{"x-interplan-on-behalf-of-bin", ForgedOperator()}}};
  for (const auto& [process, method] : reads) {
    grpc::Status status = CallRaw(process->NewChannel(), method, "", forged);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << method << ": " << status.error_message();
  }
  // The finding: a key minted for the ministry by a forged operator.
  av1::CreateApiKeyRequest mint;
  mint.set_agency("agencies/moha");
  const int before = OperatorKeyCount();
  grpc::Status status = CallRaw(suite_->agencies()->NewChannel(),
                                "/interplan.agencies.v1.CredentialService/CreateApiKey",
                                mint.SerializeAsString(), forged);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(OperatorKeyCount(), before);
}

TEST_F(RequestHardeningTest, KeysAreNeverMadeOrRevokedOnAnyonesBehalf) {
  av1::CreateApiKeyRequest mint;
  mint.set_agency("agencies/moha");
  const int before = OperatorKeyCount();
  // Even relaying the operator's own key, a service cannot make keys.
  const RawCallOptions relayed{
      .api_key = suite_->service_key(),
      .metadata = {{"x-interplan-relayed-api-key", suite_->operator_key()}}};
  for (const char* method :
       {"CreateApiKey", "RevokeApiKey", "CreateCertificateBinding", "DeleteCertificateBinding"}) {
    grpc::Status status =
        CallRaw(suite_->agencies()->NewChannel(),
                absl::StrCat("/interplan.agencies.v1.CredentialService/", method),
                std::string(method) == "CreateApiKey" ? mint.SerializeAsString() : "", relayed);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << method << ": " << status.error_message();
  }
  EXPECT_EQ(OperatorKeyCount(), before);
  // Only SERVICE keys relay, and a relayed key must be a real one.
  grpc::Status status =
      CallRaw(suite_->plans()->NewChannel(), "/interplan.plans.v1.PlanService/ListPlans", "",
              {.api_key = Key(kPlanWriter),
               .metadata = {{"x-interplan-relayed-api-key", suite_->operator_key()}}});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  status = CallRaw(suite_->plans()->NewChannel(), "/interplan.plans.v1.PlanService/ListPlans", "",
                   {.api_key = suite_->service_key(),
                    .metadata = {{"x-interplan-relayed-api-key", "not-a-key"}}});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
}

TEST_F(RequestHardeningTest, ARelayedKeyReadsAsItsHolderAndNoMore) {
  // Đồng Nai's coordinator, relayed by the service key, reads what it
  // reads itself: its province's seed plan, not the others.
  ASSERT_TRUE(suite_->PushSeedPlans().ok());
  auto stub = pv1::PlanService::NewStub(suite_->plans()->NewChannel());
  pv1::ListPlansRequest request;
  request.set_page_size(1000);
  pv1::ListPlansResponse own;
  ASSERT_TRUE(stub->ListPlans(CallAs(Key("dong-nai-so-noi-vu")).get(), request, &own).ok());
  std::string relayed_bytes;
  grpc::Status status =
      CallRaw(suite_->plans()->NewChannel(), "/interplan.plans.v1.PlanService/ListPlans",
              request.SerializeAsString(),
              {.api_key = suite_->service_key(),
               .metadata = {{"x-interplan-relayed-api-key", Key("dong-nai-so-noi-vu")}}},
              &relayed_bytes);
  ASSERT_TRUE(status.ok()) << status.error_message();
  pv1::ListPlansResponse relayed;
  ASSERT_TRUE(relayed.ParseFromString(relayed_bytes));
  EXPECT_EQ(relayed.plans_size(), own.plans_size());
  EXPECT_GE(own.plans_size(), 1);
  pv1::ListPlansResponse all;
  ASSERT_TRUE(stub->ListPlans(CallAs(suite_->service_key()).get(), request, &all).ok());
  EXPECT_LT(relayed.plans_size(), all.plans_size());
}

TEST_F(RequestHardeningTest, SearchingAgenciesForPercentFindsOnlyLiteralPercents) {
  auto stub = av1::AgencyService::NewStub(suite_->agencies()->NewChannel());
  av1::CreateAgencyRequest create;
  create.set_agency_id("quy-100-phan-tram");
  create.mutable_agency()->set_display_name("Quỹ hỗ trợ 100% học phí");
  create.mutable_agency()->set_kind(av1::AGENCY_KIND_OTHER);
  av1::Agency created;
  grpc::Status status = stub->CreateAgency(CallAs(suite_->operator_key()).get(), create, &created);
  ASSERT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::ALREADY_EXISTS)
      << status.error_message();
  for (const std::string& query : {std::string("%"), std::string("_"), std::string("\\")}) {
    av1::ListAgenciesRequest request;
    request.set_query(query);
    request.set_page_size(200);
    av1::ListAgenciesResponse found;
    status = stub->ListAgencies(CallAs(Key(kPlanWriter)).get(), request, &found);
    ASSERT_TRUE(status.ok()) << query << ": " << status.error_message();
    std::set<std::string> names;
    for (const av1::Agency& agency : found.agencies()) names.insert(agency.display_name());
    if (query == "%") {
      EXPECT_THAT(names, ElementsAre("Quỹ hỗ trợ 100% học phí"));
    } else {
      for (const std::string& name : names) EXPECT_THAT(name, HasSubstr(query));
    }
  }
}

}  // namespace
}  // namespace interplan
