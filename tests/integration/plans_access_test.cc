// Who may write and read plans, through the real binaries with
// authentication on (SecuredSuite). The five seed plans are pushed with
// the `interplan` client, each by its province's Home Affairs department
// (Gò Vấp's, a district plan of 2019, by Hồ Chí Minh City's); the operator
// registers a commune's People's Committee in Quảng Ngãi (the reference
// data has none since the 2025 reform), whose key pushes the commune's own
// plan, naming a national body (the ministry's gender-equality department)
// as coordinating.
//
// Every write method (CreatePlan, UpdatePlan, IssuePlan, AmendPlan,
// WithdrawPlan, and ClosePlan) is tried with no credential, a malformed one
// (a key that is not one, a key without "Bearer"), a revoked key and an
// expired key (UNAUTHENTICATED); with keys that may not write the plan:
// another province's, a commune's of the same province, the ministry's in
// a province's name, the operator's and a service's (PERMISSION_DENIED
// naming the plan), also replaying the owner's own request (same
// request_id), and with the owner's key moving the plan to another
// province; with another province's key in its own name into Quảng Ngãi's
// unit (creating there, moving its own plans there, and acting on plans it
// holds there, written with authentication off as before writes were
// bounded by jurisdiction); and with the owner's key (OK). After each call everything the
// ministry lists is read back: a refusal changed nothing. Each attempt has
// its audit event, with its outcome, caller and resource.
//
// Reads: what the ministry, provincial coordinators, a province-level
// agency, the commune's agency and a national body list and get, worked
// out by hand from the plans above; unit filters outside the caller's
// jurisdiction; the feeds; the audit trail itself.
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/api/enum_names.h"
#include "common/errors/grpc_status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "interplan/audit/v1/audit.grpc.pb.h"
#include "interplan/plans/v1/plans.grpc.pb.h"
#include "tests/support/secured_suite.h"
#include "tests/support/secured_suite_test.h"
#include "tests/support/suite_processes.h"

namespace interplan {
namespace {

namespace v1 = plans::v1;
using testing::CallAs;
using testing::CodeName;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAreArray;

// The commune's People's Committee the test registers: an AGENCY whose
// jurisdiction is Xã Bình Sơn (21040, 2025-07 list) in Quảng Ngãi (51),
// from the reform on.
using testing::kCommuneAgency;
constexpr char kNationalBody[] = "moha-vu-cttn-bdg";

// The plans the test writes: the commune's own (its key, as itself), the
// one the write table takes through its life (Quảng Ngãi's department for
// the province's People's Committee), and one it closes.
constexpr char kCommunePlan[] = "plans/binh-son-2025";
constexpr char kTablePlan[] = "plans/qn-access-2026";
constexpr char kClosablePlan[] = "plans/qn-closable-2025";
// Đồng Nai's department's own plans in its province (a draft, an issued
// one), which its key tries to move into Quảng Ngãi as itself; and two it
// holds in Quảng Ngãi's unit 51, in its own name, written with
// authentication off (what the suite would refuse today), which its key
// tries to issue, amend, withdraw and close.
constexpr char kDongNaiDraft[] = "plans/dn-draft-2026";
constexpr char kDongNaiIssued[] = "plans/dn-issued-2026";
constexpr char kDongNaiDraftInQuangNgai[] = "plans/dn-in-qn-draft-2026";
constexpr char kDongNaiIssuedInQuangNgai[] = "plans/dn-in-qn-2026";
constexpr char kDongNai[] = "dong-nai-so-noi-vu";

void SetDay(absl::CivilDay day, google::type::Date* date) {
  date->set_year(static_cast<int32_t>(day.year()));
  date->set_month(day.month());
  date->set_day(day.day());
}

// A small plan: one section, one task led by `lead`.
v1::Plan SmallPlan(const std::string& issuer, const std::string& unit, const std::string& period,
                   absl::CivilDay issued, const std::string& title, const std::string& lead,
                   const std::vector<std::string>& coordinating = {}) {
  v1::Plan plan;
  plan.set_issuer(absl::StrCat("agencies/", issuer));
  plan.set_unit(absl::StrCat("units/", unit));
  plan.set_document_number("01/KH-UBND");
  plan.set_title(title);
  plan.set_period(period);
  SetDay(issued, plan.mutable_issue_date());
  v1::Section* section = plan.add_sections();
  section->set_code("I");
  section->set_title("Nhiệm vụ");
  v1::Task* task = section->add_tasks();
  task->set_code("I.1");
  task->set_title("Tuyên truyền về bình đẳng giới");
  task->set_content("Tổ chức tuyên truyền Luật Bình đẳng giới trên địa bàn.");
  task->set_kind(v1::TASK_KIND_COMMUNICATION);
  task->set_lead(absl::StrCat("agencies/", lead));
  for (const std::string& a : coordinating) task->add_coordinating(absl::StrCat("agencies/", a));
  return plan;
}

// A plan of Đồng Nai's department in its own name for unit `unit` (2026).
v1::Plan DongNaiPlan(const std::string& unit, const std::string& title) {
  return SmallPlan(kDongNai, unit, "2026", absl::CivilDay(2025, 12, 1), title, kDongNai);
}

// Creates plans/`id` with `key` on `stub`, and issues it when `issue`.
grpc::Status CreatePlanAs(v1::PlanService::Stub& stub, const std::string& key,
                          const std::string& id, const v1::Plan& plan, bool issue) {
  v1::CreatePlanRequest create;
  create.set_plan_id(id);
  create.set_request_id(absl::StrCat("plans-access-seed-", id));
  *create.mutable_plan() = plan;
  v1::Plan written;
  grpc::Status status = stub.CreatePlan(CallAs(key).get(), create, &written);
  if (!status.ok() || !issue) return status;
  v1::IssuePlanRequest request;
  request.set_name(written.name());
  request.set_request_id(absl::StrCat("plans-access-seed-issue-", id));
  return stub.IssuePlan(CallAs(key).get(), request, &written);
}

// The plan the write table creates (Quảng Ngãi's, for 2026).
v1::Plan TablePlan(
    const std::string& title = "Kế hoạch thực hiện công tác bình đẳng giới năm 2026") {
  return SmallPlan("quang-ngai-ubnd", "51", "2026", absl::CivilDay(2025, 12, 1), title,
                   "quang-ngai-so-noi-vu");
}

class PlansAccessTest : public testing::SecuredSuiteTest<PlansAccessTest> {
 public:
  // For SecuredSuiteTest.
  static testing::SecuredSuiteOptions Options() { return {.plans = true}; }

  static std::string Load() {
    grpc::Status status;
    if (absl::Status made =
            suite_->MakeKeys({"moha", "quang-ngai-so-noi-vu", "quang-ngai-so-gddt",
                              "dong-nai-so-noi-vu", "hcm-so-noi-vu", "dak-lak-so-noi-vu",
                              "lai-chau-so-noi-vu", kNationalBody, kCommuneAgency});
        !made.ok()) {
      return made.ToString();
    }

    // The seed plans, each by its province's department.
    if (absl::Status pushed = suite_->PushSeedPlans(); !pushed.ok()) return pushed.ToString();

    // The commune's own plan, by its own key; and the plan to close.
    auto stub = Stub();
    for (const auto& [id, key_of, plan] :
         {std::tuple{std::string("binh-son-2025"), std::string(kCommuneAgency),
                     SmallPlan(kCommuneAgency, "21040", "2025", absl::CivilDay(2025, 12, 1),
                               "Kế hoạch tuyên truyền bình đẳng giới xã Bình Sơn năm 2025",
                               kCommuneAgency, {kNationalBody})},
          std::tuple{std::string("qn-closable-2025"), std::string("quang-ngai-so-noi-vu"),
                     SmallPlan("quang-ngai-ubnd", "51", "2025", absl::CivilDay(2025, 1, 15),
                               "Kế hoạch bình đẳng giới tỉnh Quảng Ngãi năm 2025",
                               "quang-ngai-so-noi-vu")}}) {
      v1::CreatePlanRequest create;
      create.set_plan_id(id);
      create.set_request_id(absl::StrCat("plans-access-seed-", id));
      *create.mutable_plan() = plan;
      v1::Plan written;
      status = stub->CreatePlan(CallAs(Key(key_of)).get(), create, &written);
      if (!status.ok()) return absl::StrCat("create ", id, ": ", status.error_message());
      v1::IssuePlanRequest issue;
      issue.set_name(written.name());
      issue.set_request_id(absl::StrCat("plans-access-seed-issue-", id));
      status = stub->IssuePlan(CallAs(Key(key_of)).get(), issue, &written);
      if (!status.ok()) return absl::StrCat("issue ", id, ": ", status.error_message());
    }

    // Đồng Nai's own, in its province; and in Quảng Ngãi's unit, through
    // a plans process with authentication off on the same database.
    for (const auto& [id, issue] : {std::pair{std::string("dn-draft-2026"), false},
                                    std::pair{std::string("dn-issued-2026"), true}}) {
      status =
          CreatePlanAs(*stub, Key(kDongNai), id,
                       DongNaiPlan("75", "Kế hoạch bình đẳng giới tỉnh Đồng Nai năm 2026"), issue);
      if (!status.ok()) return absl::StrCat("create ", id, ": ", status.error_message());
    }
    {
      absl::StatusOr<std::unique_ptr<testing::ServiceProcess>> unsecured =
          suite_->StartUnsecuredPlans();
      if (!unsecured.ok()) return unsecured.status().ToString();
      auto legacy = v1::PlanService::NewStub((*unsecured)->NewChannel());
      for (const auto& [id, issue] : {std::pair{std::string("dn-in-qn-draft-2026"), false},
                                      std::pair{std::string("dn-in-qn-2026"), true}}) {
        status = CreatePlanAs(
            *legacy, "", id,
            DongNaiPlan("51", "Kế hoạch của Sở Nội vụ Đồng Nai tại Quảng Ngãi năm 2026"), issue);
        if (!status.ok()) return absl::StrCat("create ", id, ": ", status.error_message());
      }
    }

    // Quảng Ngãi's department's keys that no longer work: one revoked,
    // one expired (seconds from now; the write test waits it out).
    absl::Status made =
        suite_->MakeUnusableKeys("quang-ngai-so-noi-vu", [&](const std::string& key) {
          v1::GetPlanRequest get;
          get.set_name("plans/quang-ngai-2022");
          v1::Plan plan;
          return FromGrpcStatus(stub->GetPlan(CallAs(key).get(), get, &plan));
        });
    return made.ok() ? "" : made.ToString();
  }

 protected:
  static std::unique_ptr<v1::PlanService::Stub> Stub() {
    return v1::PlanService::NewStub(suite_->plans()->NewChannel());
  }

  // Every plan `key` lists (two a page, so filtering meets paging), by
  // name; the call's status in `status_out`.
  static std::vector<std::string> Listed(const std::string& key, const std::string& unit = "",
                                         grpc::Status* status_out = nullptr,
                                         std::optional<absl::CivilDay> as_of = std::nullopt) {
    v1::ListPlansRequest request;
    request.set_unit(unit);
    if (as_of.has_value()) SetDay(*as_of, request.mutable_as_of());
    request.set_page_size(2);
    std::vector<std::string> names;
    auto stub = Stub();
    for (int page = 0; page < 100; ++page) {
      v1::ListPlansResponse response;
      grpc::Status status = stub->ListPlans(CallAs(key).get(), request, &response);
      if (status_out != nullptr) *status_out = status;
      if (!status.ok()) {
        if (status_out == nullptr) ADD_FAILURE() << status.error_message();
        break;
      }
      EXPECT_LE(response.plans_size(), 2);
      for (const v1::Plan& plan : response.plans()) names.push_back(plan.name());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return names;
  }

  // What the ministry reads of every plan: name, revision, etag, status.
  static std::vector<std::string> State() {
    v1::ListPlansRequest request;
    request.set_page_size(500);
    v1::ListPlansResponse response;
    grpc::Status status = Stub()->ListPlans(CallAs(Key("moha")).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> state;
    for (const v1::Plan& plan : response.plans()) {
      state.push_back(absl::StrCat(plan.name(), " r", plan.revision(), " ", plan.etag(), " ",
                                   api::ShortEnumName(plan.status()), " ", plan.title()));
    }
    return state;
  }

  // The plans of Quảng Ngãi the ministry lists now.
  static std::vector<std::string> QuangNgaiPlans() {
    const std::set<std::string> ours = {
        "plans/quang-ngai-2022",  kCommunePlan, kTablePlan, kClosablePlan, kDongNaiDraftInQuangNgai,
        kDongNaiIssuedInQuangNgai};
    std::vector<std::string> plans;
    for (const std::string& name : Listed(Key("moha"))) {
      if (ours.count(name) > 0) plans.push_back(name);
    }
    return plans;
  }

  void SetUp() override {
    SecuredSuiteTest::SetUp();
    if (HasFatalFailure()) return;
    stub_ = Stub();
  }

  std::unique_ptr<v1::PlanService::Stub> stub_;
};

constexpr char kCreate[] = "/interplan.plans.v1.PlanService/CreatePlan";
constexpr char kUpdate[] = "/interplan.plans.v1.PlanService/UpdatePlan";
constexpr char kIssue[] = "/interplan.plans.v1.PlanService/IssuePlan";
constexpr char kAmend[] = "/interplan.plans.v1.PlanService/AmendPlan";
constexpr char kWithdraw[] = "/interplan.plans.v1.PlanService/WithdrawPlan";
constexpr char kClose[] = "/interplan.plans.v1.PlanService/ClosePlan";

using Sender = std::function<grpc::Status(v1::PlanService::Stub&, grpc::ClientContext*,
                                          const std::string& request_id)>;

// One attempted write: who (a key, or a raw authorization value), what,
// and what must come of it.
struct WriteCase {
  std::string label;
  std::string method;
  std::string key;            // "" with no authorization metadata
  std::string authorization;  // a raw value instead of "Bearer <key>"
  Sender send;
  grpc::StatusCode code;
  // The resource a refusal's message names first, and the audit event's.
  std::string resource;
  // The audit event's role ("" when unauthenticated).
  std::string role;
  // Sends the request of an earlier case again, request_id and all (-1:
  // a request of its own).
  int replay_of = -1;
};

TEST_F(PlansAccessTest, EveryWriteMethodWritesOnlyWhatTheCallerMay) {
  // The expired key must be past its expiry.
  suite_->WaitForExpiredKey();
  using Code = grpc::StatusCode;
  const std::string qn = Key("quang-ngai-so-noi-vu");
  const std::string dn = Key("dong-nai-so-noi-vu");
  const std::string commune = Key(kCommuneAgency);
  const std::string moha = Key("moha");
  const std::string op = suite_->operator_key();
  const std::string service = suite_->service_key();
  const std::string revoked = Key("revoked");
  const std::string expired = Key("expired");
  // A real key, sent without "Bearer".
  const std::string unbearered = qn;

  const Sender create = [](v1::PlanService::Stub& stub, grpc::ClientContext* context,
                           const std::string& request_id) {
    v1::CreatePlanRequest request;
    request.set_plan_id("qn-access-2026");
    request.set_request_id(request_id);
    *request.mutable_plan() = TablePlan();
    v1::Plan plan;
    return stub.CreatePlan(context, request, &plan);
  };
  // Updates the draft's title, or moves it to Đồng Nai (issuer and unit).
  auto update = [](bool to_dong_nai) -> Sender {
    return [to_dong_nai](v1::PlanService::Stub& stub, grpc::ClientContext* context,
                         const std::string& request_id) {
      v1::UpdatePlanRequest request;
      request.set_request_id(request_id);
      v1::Plan* plan = request.mutable_plan();
      plan->set_name(kTablePlan);
      if (to_dong_nai) {
        plan->set_issuer("agencies/dong-nai-ubnd");
        plan->set_unit("units/75");
        request.mutable_update_mask()->add_paths("issuer");
        request.mutable_update_mask()->add_paths("unit");
      } else {
        plan->set_title(absl::StrCat("Kế hoạch bình đẳng giới năm 2026 (", request_id, ")"));
        request.mutable_update_mask()->add_paths("title");
      }
      v1::Plan out;
      return stub.UpdatePlan(context, request, &out);
    };
  };
  const Sender issue = [](v1::PlanService::Stub& stub, grpc::ClientContext* context,
                          const std::string& request_id) {
    v1::IssuePlanRequest request;
    request.set_name(kTablePlan);
    request.set_request_id(request_id);
    v1::Plan out;
    return stub.IssuePlan(context, request, &out);
  };
  const Sender amend = [](v1::PlanService::Stub& stub, grpc::ClientContext* context,
                          const std::string& request_id) {
    v1::AmendPlanRequest request;
    *request.mutable_plan() =
        TablePlan(absl::StrCat("Kế hoạch bình đẳng giới năm 2026 (sửa đổi ", request_id, ")"));
    request.mutable_plan()->set_name(kTablePlan);
    request.set_reason("Điều chỉnh tên kế hoạch");
    request.set_request_id(request_id);
    v1::Plan out;
    return stub.AmendPlan(context, request, &out);
  };
  const Sender withdraw = [](v1::PlanService::Stub& stub, grpc::ClientContext* context,
                             const std::string& request_id) {
    v1::WithdrawPlanRequest request;
    request.set_name(kTablePlan);
    request.set_reason("Thay thế bằng kế hoạch khác");
    request.set_request_id(request_id);
    v1::Plan out;
    return stub.WithdrawPlan(context, request, &out);
  };
  const Sender close = [](v1::PlanService::Stub& stub, grpc::ClientContext* context,
                          const std::string& request_id) {
    v1::ClosePlanRequest request;
    request.set_name(kClosablePlan);
    request.set_request_id(request_id);
    v1::Plan out;
    return stub.ClosePlan(context, request, &out);
  };

  // Đồng Nai's department's key in its own name, into Quảng Ngãi's unit
  // 51: creating there; moving its own draft or issued plan there;
  // issuing, amending, withdrawing and closing the plans it holds there.
  const Sender create_as_itself_elsewhere =
      [](v1::PlanService::Stub& stub, grpc::ClientContext* context, const std::string& request_id) {
        v1::CreatePlanRequest request;
        request.set_plan_id("qn-access-2026");
        request.set_request_id(request_id);
        *request.mutable_plan() = DongNaiPlan("51", "Kế hoạch bình đẳng giới năm 2026");
        v1::Plan plan;
        return stub.CreatePlan(context, request, &plan);
      };
  const Sender move_own_draft = [](v1::PlanService::Stub& stub, grpc::ClientContext* context,
                                   const std::string& request_id) {
    v1::UpdatePlanRequest request;
    request.set_request_id(request_id);
    request.mutable_plan()->set_name(kDongNaiDraft);
    request.mutable_plan()->set_unit("units/51");
    request.mutable_update_mask()->add_paths("unit");
    v1::Plan out;
    return stub.UpdatePlan(context, request, &out);
  };
  auto amend_into_51 = [](const std::string& name) -> Sender {
    return [name](v1::PlanService::Stub& stub, grpc::ClientContext* context,
                  const std::string& request_id) {
      v1::AmendPlanRequest request;
      *request.mutable_plan() =
          DongNaiPlan("51", absl::StrCat("Kế hoạch tại Quảng Ngãi (", request_id, ")"));
      request.mutable_plan()->set_name(name);
      request.set_reason("Tổ chức tại Quảng Ngãi");
      request.set_request_id(request_id);
      v1::Plan out;
      return stub.AmendPlan(context, request, &out);
    };
  };
  const Sender issue_held_elsewhere = [](v1::PlanService::Stub& stub, grpc::ClientContext* context,
                                         const std::string& request_id) {
    v1::IssuePlanRequest request;
    request.set_name(kDongNaiDraftInQuangNgai);
    request.set_request_id(request_id);
    v1::Plan out;
    return stub.IssuePlan(context, request, &out);
  };
  const Sender withdraw_held_elsewhere =
      [](v1::PlanService::Stub& stub, grpc::ClientContext* context, const std::string& request_id) {
        v1::WithdrawPlanRequest request;
        request.set_name(kDongNaiIssuedInQuangNgai);
        request.set_reason("Thay thế bằng kế hoạch khác");
        request.set_request_id(request_id);
        v1::Plan out;
        return stub.WithdrawPlan(context, request, &out);
      };
  const Sender close_held_elsewhere = [](v1::PlanService::Stub& stub, grpc::ClientContext* context,
                                         const std::string& request_id) {
    v1::ClosePlanRequest request;
    request.set_name(kDongNaiIssuedInQuangNgai);
    request.set_request_id(request_id);
    v1::Plan out;
    return stub.ClosePlan(context, request, &out);
  };

  // The refusals every method gets before anything is looked at.
  auto unauthenticated = [&](const std::string& what, const std::string& method, const Sender& send,
                             const std::string& audit_resource) {
    return std::vector<WriteCase>{
        {what + ": no credential", method, "", "", send, Code::UNAUTHENTICATED, audit_resource},
        {what + ": not a key", method, "", "Bearer not-a-key", send, Code::UNAUTHENTICATED,
         audit_resource},
        {what + ": a key without Bearer", method, "", unbearered, send, Code::UNAUTHENTICATED,
         audit_resource},
        {what + ": revoked key", method, revoked, "", send, Code::UNAUTHENTICATED, audit_resource},
        {what + ": expired key", method, expired, "", send, Code::UNAUTHENTICATED, audit_resource},
    };
  };
  std::vector<WriteCase> cases;
  auto add = [&cases](std::vector<WriteCase> more) {
    for (WriteCase& c : more) cases.push_back(std::move(c));
  };
  // A refused create names nothing yet in the server's own audit event:
  // the collection, singular ("plan").
  add(unauthenticated("create", kCreate, create, "plan"));
  add({
      {"create: another province's key", kCreate, dn, "", create, Code::PERMISSION_DENIED,
       kTablePlan, "PROVINCIAL_COORDINATOR"},
      {"create: another province's key, as itself for this province", kCreate, dn, "",
       create_as_itself_elsewhere, Code::PERMISSION_DENIED, kTablePlan, "PROVINCIAL_COORDINATOR"},
      {"create: a commune's key, for its province", kCreate, commune, "", create,
       Code::PERMISSION_DENIED, kTablePlan, "AGENCY"},
      {"create: the ministry in a province's name", kCreate, moha, "", create,
       Code::PERMISSION_DENIED, kTablePlan, "MINISTRY"},
      {"create: operator", kCreate, op, "", create, Code::PERMISSION_DENIED, kTablePlan,
       "OPERATOR"},
      {"create: service", kCreate, service, "", create, Code::PERMISSION_DENIED, kTablePlan,
       "SERVICE"},
      {"create: the province's department, for its People's Committee", kCreate, qn, "", create,
       Code::OK, kTablePlan, "PROVINCIAL_COORDINATOR"},
  });
  const int created = static_cast<int>(cases.size()) - 1;
  add({{"create: another province replaying the department's request", kCreate, dn, "", create,
        Code::PERMISSION_DENIED, kTablePlan, "PROVINCIAL_COORDINATOR", created}});

  add(unauthenticated("update", kUpdate, update(false), kTablePlan));
  add({
      {"update: another province's key", kUpdate, dn, "", update(false), Code::PERMISSION_DENIED,
       kTablePlan, "PROVINCIAL_COORDINATOR"},
      {"update: another province moving its own draft here, as itself", kUpdate, dn, "",
       move_own_draft, Code::PERMISSION_DENIED, kDongNaiDraft, "PROVINCIAL_COORDINATOR"},
      {"update: a commune's key", kUpdate, commune, "", update(false), Code::PERMISSION_DENIED,
       kTablePlan, "AGENCY"},
      {"update: the ministry", kUpdate, moha, "", update(false), Code::PERMISSION_DENIED,
       kTablePlan, "MINISTRY"},
      {"update: operator", kUpdate, op, "", update(false), Code::PERMISSION_DENIED, kTablePlan,
       "OPERATOR"},
      {"update: the owner moving it to another province", kUpdate, qn, "", update(true),
       Code::PERMISSION_DENIED, kTablePlan, "PROVINCIAL_COORDINATOR"},
      {"update: the owner", kUpdate, qn, "", update(false), Code::OK, kTablePlan,
       "PROVINCIAL_COORDINATOR"},
  });

  add(unauthenticated("issue", kIssue, issue, kTablePlan));
  add({
      {"issue: another province's key", kIssue, dn, "", issue, Code::PERMISSION_DENIED, kTablePlan,
       "PROVINCIAL_COORDINATOR"},
      {"issue: another province's own draft held here", kIssue, dn, "", issue_held_elsewhere,
       Code::PERMISSION_DENIED, kDongNaiDraftInQuangNgai, "PROVINCIAL_COORDINATOR"},
      {"issue: a commune's key", kIssue, commune, "", issue, Code::PERMISSION_DENIED, kTablePlan,
       "AGENCY"},
      {"issue: operator", kIssue, op, "", issue, Code::PERMISSION_DENIED, kTablePlan, "OPERATOR"},
      {"issue: service", kIssue, service, "", issue, Code::PERMISSION_DENIED, kTablePlan,
       "SERVICE"},
      {"issue: the owner", kIssue, qn, "", issue, Code::OK, kTablePlan, "PROVINCIAL_COORDINATOR"},
  });
  const int issued = static_cast<int>(cases.size()) - 1;
  add({{"issue: another province replaying the owner's request", kIssue, dn, "", issue,
        Code::PERMISSION_DENIED, kTablePlan, "PROVINCIAL_COORDINATOR", issued}});

  add(unauthenticated("amend", kAmend, amend, kTablePlan));
  add({
      {"amend: another province's key", kAmend, dn, "", amend, Code::PERMISSION_DENIED, kTablePlan,
       "PROVINCIAL_COORDINATOR"},
      {"amend: another province moving its own plan here, as itself", kAmend, dn, "",
       amend_into_51(kDongNaiIssued), Code::PERMISSION_DENIED, kDongNaiIssued,
       "PROVINCIAL_COORDINATOR"},
      {"amend: another province's own plan held here", kAmend, dn, "",
       amend_into_51(kDongNaiIssuedInQuangNgai), Code::PERMISSION_DENIED, kDongNaiIssuedInQuangNgai,
       "PROVINCIAL_COORDINATOR"},
      {"amend: a commune's key", kAmend, commune, "", amend, Code::PERMISSION_DENIED, kTablePlan,
       "AGENCY"},
      {"amend: the ministry", kAmend, moha, "", amend, Code::PERMISSION_DENIED, kTablePlan,
       "MINISTRY"},
      {"amend: operator", kAmend, op, "", amend, Code::PERMISSION_DENIED, kTablePlan, "OPERATOR"},
      {"amend: the owner", kAmend, qn, "", amend, Code::OK, kTablePlan, "PROVINCIAL_COORDINATOR"},
  });

  add(unauthenticated("withdraw", kWithdraw, withdraw, kTablePlan));
  add({
      {"withdraw: another province's key", kWithdraw, dn, "", withdraw, Code::PERMISSION_DENIED,
       kTablePlan, "PROVINCIAL_COORDINATOR"},
      {"withdraw: another province's own plan held here", kWithdraw, dn, "",
       withdraw_held_elsewhere, Code::PERMISSION_DENIED, kDongNaiIssuedInQuangNgai,
       "PROVINCIAL_COORDINATOR"},
      {"withdraw: a commune's key", kWithdraw, commune, "", withdraw, Code::PERMISSION_DENIED,
       kTablePlan, "AGENCY"},
      {"withdraw: the ministry", kWithdraw, moha, "", withdraw, Code::PERMISSION_DENIED, kTablePlan,
       "MINISTRY"},
      {"withdraw: operator", kWithdraw, op, "", withdraw, Code::PERMISSION_DENIED, kTablePlan,
       "OPERATOR"},
      {"withdraw: the owner", kWithdraw, qn, "", withdraw, Code::OK, kTablePlan,
       "PROVINCIAL_COORDINATOR"},
  });

  add(unauthenticated("close", kClose, close, kClosablePlan));
  add({
      {"close: another province's key", kClose, dn, "", close, Code::PERMISSION_DENIED,
       kClosablePlan, "PROVINCIAL_COORDINATOR"},
      {"close: another province's own plan held here", kClose, dn, "", close_held_elsewhere,
       Code::PERMISSION_DENIED, kDongNaiIssuedInQuangNgai, "PROVINCIAL_COORDINATOR"},
      {"close: operator", kClose, op, "", close, Code::PERMISSION_DENIED, kClosablePlan,
       "OPERATOR"},
      {"close: the owner", kClose, qn, "", close, Code::OK, kClosablePlan,
       "PROVINCIAL_COORDINATOR"},
  });

  const std::string prefix = "plans-access-write-";
  auto request_id_of = [&](int i) {
    const int sent = cases[i].replay_of >= 0 ? cases[i].replay_of : i;
    return absl::StrCat(prefix, sent);
  };
  std::vector<std::string> state = State();
  for (int i = 0; i < static_cast<int>(cases.size()); ++i) {
    const WriteCase& c = cases[i];
    SCOPED_TRACE(c.label);
    std::unique_ptr<grpc::ClientContext> context = CallAs(c.key);
    if (!c.authorization.empty()) context->AddMetadata("authorization", c.authorization);
    grpc::Status status = c.send(*stub_, context.get(), request_id_of(i));
    EXPECT_EQ(status.error_code(), c.code) << status.error_message();
    if (c.code == grpc::StatusCode::PERMISSION_DENIED) {
      EXPECT_THAT(status.error_message(), StartsWith(c.resource + ": "));
    }
    std::vector<std::string> now = State();
    if (c.code == grpc::StatusCode::OK) {
      EXPECT_NE(now, state) << "the write changed nothing";
      state = now;
    } else {
      EXPECT_EQ(now, state) << "a refused write changed what the ministry reads";
    }
  }

  // The audit trail holds each attempt, in order, with its outcome, its
  // caller and what it was about; the operator reads it.
  const std::map<std::string, std::string> agency_of = {
      {qn, "agencies/quang-ngai-so-noi-vu"},
      {dn, "agencies/dong-nai-so-noi-vu"},
      {commune, absl::StrCat("agencies/", kCommuneAgency)},
      {moha, "agencies/moha"},
      {op, ""},
      {service, ""}};
  auto audit = audit::v1::AuditService::NewStub(suite_->plans()->NewChannel());
  std::map<std::string, std::vector<audit::v1::AuditEvent>> by_request;
  for (const char* method : {kCreate, kUpdate, kIssue, kAmend, kWithdraw, kClose}) {
    audit::v1::ListAuditEventsRequest request;
    request.set_method(method);
    request.set_page_size(1000);
    audit::v1::ListAuditEventsResponse response;
    grpc::Status status =
        audit->ListAuditEvents(CallAs(suite_->operator_key()).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const audit::v1::AuditEvent& event : response.events()) {
      if (absl::StartsWith(event.request_id(), prefix)) {
        by_request[event.request_id()].push_back(event);
      }
    }
  }
  std::map<std::string, int> seen;  // events of each request id matched so far
  for (int i = 0; i < static_cast<int>(cases.size()); ++i) {
    const WriteCase& c = cases[i];
    SCOPED_TRACE(c.label);
    const std::vector<audit::v1::AuditEvent>& events = by_request[request_id_of(i)];
    const int index = seen[request_id_of(i)]++;
    ASSERT_LT(index, static_cast<int>(events.size()));
    const audit::v1::AuditEvent& event = events[index];
    EXPECT_EQ(event.method(), c.method);
    EXPECT_EQ(event.outcome(), CodeName(c.code));
    EXPECT_EQ(event.role(), c.role);
    EXPECT_EQ(event.credential().empty(), c.role.empty());
    // The real caller: the agency of the key presented.
    if (!c.role.empty()) {
      EXPECT_EQ(event.agency(), agency_of.at(c.key));
      if (!event.agency().empty()) {
        EXPECT_THAT(event.credential(), StartsWith(event.agency() + "/apiKeys/"));
      }
    }
    EXPECT_EQ(event.resource(), c.resource);
  }
  for (const auto& [request_id, events] : by_request) {
    EXPECT_EQ(static_cast<int>(events.size()), seen[request_id]) << request_id;
  }
}

TEST_F(PlansAccessTest, EachCallerListsAndGetsWhatItMayRead) {
  const std::vector<std::string> everything = Listed(Key("moha"));
  for (const char* plan :
       {"plans/dong-nai-2021", "plans/quang-ngai-2022", "plans/go-vap-2019-2020",
        "plans/dak-lak-2020", "plans/lai-chau-2024", kCommunePlan, kClosablePlan}) {
    EXPECT_EQ(std::count(everything.begin(), everything.end(), plan), 1) << plan;
  }
  // Services and the operator read everything too.
  EXPECT_THAT(Listed(suite_->service_key()), UnorderedElementsAreArray(everything));
  EXPECT_THAT(Listed(suite_->operator_key()), UnorderedElementsAreArray(everything));

  // Provincial coordinators: their province's plans, a district's or a
  // commune's included.
  const std::vector<std::string> quang_ngai = QuangNgaiPlans();
  EXPECT_THAT(Listed(Key("quang-ngai-so-noi-vu")), UnorderedElementsAreArray(quang_ngai));
  EXPECT_THAT(Listed(Key("hcm-so-noi-vu")), UnorderedElementsAreArray({"plans/go-vap-2019-2020"}));
  // Đồng Nai's department: its province's plans, and its own in Quảng
  // Ngãi's unit (written with authentication off).
  EXPECT_THAT(Listed(Key("dong-nai-so-noi-vu")),
              UnorderedElementsAreArray({"plans/dong-nai-2021", kDongNaiDraft, kDongNaiIssued,
                                         kDongNaiDraftInQuangNgai, kDongNaiIssuedInQuangNgai}));
  EXPECT_THAT(Listed(Key("lai-chau-so-noi-vu")),
              UnorderedElementsAreArray({"plans/lai-chau-2024"}));
  // A province-level agency: its jurisdiction is the province.
  EXPECT_THAT(Listed(Key("quang-ngai-so-gddt")), UnorderedElementsAreArray(quang_ngai));
  // The commune's agency: its commune's plan, not its province's.
  EXPECT_THAT(Listed(Key(kCommuneAgency)), UnorderedElementsAreArray({kCommunePlan}));
  // A national body with no unit: the plan that names it.
  EXPECT_THAT(Listed(Key(kNationalBody)), UnorderedElementsAreArray({kCommunePlan}));

  // The commune's plan says whose key wrote it.
  {
    v1::GetPlanRequest get;
    get.set_name(kCommunePlan);
    v1::Plan plan;
    grpc::Status status = stub_->GetPlan(CallAs(Key("moha")).get(), get, &plan);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_THAT(plan.written_by(),
                StartsWith(absl::StrCat("agencies/", kCommuneAgency, "/apiKeys/")));
  }

  // One plan at a time.
  struct GetCase {
    std::string who;
    std::string plan;
    bool allowed;
  };
  for (const GetCase& c : std::vector<GetCase>{
           {kCommuneAgency, kCommunePlan, true},
           {kCommuneAgency, "plans/quang-ngai-2022", false},
           {kCommuneAgency, "plans/dong-nai-2021", false},
           {kNationalBody, kCommunePlan, true},
           {kNationalBody, "plans/lai-chau-2024", false},
           {"quang-ngai-so-noi-vu", kCommunePlan, true},
           {"quang-ngai-so-noi-vu", "plans/quang-ngai-2022", true},
           {"quang-ngai-so-noi-vu", "plans/go-vap-2019-2020", false},
           {"hcm-so-noi-vu", "plans/go-vap-2019-2020", true},
           {"hcm-so-noi-vu", "plans/quang-ngai-2022", false},
           {"dong-nai-so-noi-vu", "plans/quang-ngai-2022", false},
           {"moha", "plans/go-vap-2019-2020", true},
           {"moha", kCommunePlan, true},
       }) {
    SCOPED_TRACE(absl::StrCat(c.who, " gets ", c.plan));
    v1::GetPlanRequest get;
    get.set_name(c.plan);
    v1::Plan plan;
    grpc::Status status = stub_->GetPlan(CallAs(Key(c.who)).get(), get, &plan);
    if (c.allowed) {
      EXPECT_TRUE(status.ok()) << status.error_message();
      EXPECT_EQ(plan.name(), c.plan);
    } else {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
      EXPECT_THAT(status.error_message(), StartsWith(c.plan + ": "));
    }
    v1::ListPlanRevisionsRequest revisions;
    revisions.set_name(c.plan);
    v1::ListPlanRevisionsResponse history;
    status = stub_->ListPlanRevisions(CallAs(Key(c.who)).get(), revisions, &history);
    EXPECT_EQ(status.error_code(),
              c.allowed ? grpc::StatusCode::OK : grpc::StatusCode::PERMISSION_DENIED)
        << status.error_message();
    if (c.allowed) {
      EXPECT_GE(history.plans_size(), 1);
    }
  }
}

TEST_F(PlansAccessTest, AUnitFilterOutsideTheJurisdictionIsRefused) {
  grpc::Status status;
  EXPECT_THAT(Listed(Key("quang-ngai-so-noi-vu"), "units/51", &status),
              UnorderedElementsAreArray(QuangNgaiPlans()));
  EXPECT_TRUE(status.ok()) << status.error_message();
  // Gò Vấp's plan under its district, in the hierarchy of 2019.
  EXPECT_THAT(Listed(Key("hcm-so-noi-vu"), "units/764", &status, absl::CivilDay(2019, 5, 8)),
              UnorderedElementsAreArray({"plans/go-vap-2019-2020"}));
  EXPECT_TRUE(status.ok()) << status.error_message();
  // A commune's agency filtering on its province sees its commune's.
  EXPECT_THAT(Listed(Key(kCommuneAgency), "units/51", &status),
              UnorderedElementsAreArray({kCommunePlan}));
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(Listed(Key("moha"), "units/75", &status),
              UnorderedElementsAreArray({"plans/dong-nai-2021", kDongNaiDraft, kDongNaiIssued}));
  EXPECT_TRUE(status.ok()) << status.error_message();

  for (const auto& [who, unit] :
       std::vector<std::pair<std::string, std::string>>{{"quang-ngai-so-noi-vu", "units/75"},
                                                        {"dong-nai-so-noi-vu", "units/51"},
                                                        {kCommuneAgency, "units/75"},
                                                        {kNationalBody, "units/51"}}) {
    SCOPED_TRACE(absl::StrCat(who, " lists ", unit));
    EXPECT_THAT(Listed(Key(who), unit, &status), IsEmpty());
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_THAT(status.error_message(), StartsWith(unit + ": "));
  }
}

TEST_F(PlansAccessTest, AssignmentsOnlyInPlansTheCallerMayRead) {
  auto assignments = [&](const std::string& key, grpc::Status* status_out) {
    v1::ListAssignmentsRequest request;
    request.set_agency("agencies/quang-ngai-so-gddt");
    request.set_page_size(1);
    std::set<std::string> plans;
    int count = 0;
    for (int page = 0; page < 1000; ++page) {
      v1::ListAssignmentsResponse response;
      *status_out = stub_->ListAssignments(CallAs(key).get(), request, &response);
      if (!status_out->ok()) break;
      for (const v1::AgencyAssignment& a : response.assignments()) {
        plans.insert(a.plan());
        ++count;
      }
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return std::make_pair(plans, count);
  };
  grpc::Status status;
  const auto own = assignments(Key("quang-ngai-so-gddt"), &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(own.first, std::set<std::string>({"plans/quang-ngai-2022"}));
  EXPECT_GT(own.second, 0);
  EXPECT_EQ(assignments(Key("moha"), &status), own);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(assignments(Key("quang-ngai-so-noi-vu"), &status), own);
  EXPECT_TRUE(status.ok()) << status.error_message();
  // Another province's coordinator, or the commune: none of them.
  for (const std::string who : {"dong-nai-so-noi-vu", kCommuneAgency}) {
    SCOPED_TRACE(who);
    const auto seen = assignments(Key(who), &status);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_THAT(seen.first, IsEmpty());
  }
}

TEST_F(PlansAccessTest, TheChangeFeedIsForServicesDigestsAreNarrowed) {
  // The change feed carries whole plans to the other services: services,
  // the ministry and the operator only. The digests feed the gateway's
  // views, asked on behalf of whoever reads them: everyone gets the
  // digests of the plans it may read.
  v1::ListPlanDigestsResponse all;
  ASSERT_TRUE(
      stub_->ListPlanDigests(CallAs(Key("moha")).get(), v1::ListPlanDigestsRequest(), &all).ok());
  ASSERT_GE(all.digests_size(), 7);
  auto expected_for = [&](const std::function<bool(const v1::PlanDigest&)>& may) {
    std::vector<std::string> names;
    for (const v1::PlanDigest& d : all.digests()) {
      if (may(d)) names.push_back(d.name());
    }
    return names;
  };
  struct FeedCase {
    std::string who;
    std::string key;
    bool whole_feed;
    std::vector<std::string> digests;  // names expected
  };
  const std::vector<std::string> everything =
      expected_for([](const v1::PlanDigest&) { return true; });
  const std::vector<std::string> quang_ngai = expected_for([](const v1::PlanDigest& d) {
    return d.unit_path() == "51" || absl::StartsWith(d.unit_path(), "51/");
  });
  const std::vector<std::string> commune = expected_for([](const v1::PlanDigest& d) {
    return absl::EndsWith(d.unit_path(), "/21040") ||
           std::find(d.agencies().begin(), d.agencies().end(), kCommuneAgency) !=
               d.agencies().end();
  });
  ASSERT_FALSE(quang_ngai.empty());
  ASSERT_LT(quang_ngai.size(), everything.size());
  ASSERT_FALSE(commune.empty());
  for (const FeedCase& c :
       std::vector<FeedCase>{{"service", suite_->service_key(), true, everything},
                             {"ministry", Key("moha"), true, everything},
                             {"operator", suite_->operator_key(), true, everything},
                             {"coordinator", Key("quang-ngai-so-noi-vu"), false, quang_ngai},
                             {"agency", Key(kCommuneAgency), false, commune}}) {
    SCOPED_TRACE(c.who);
    v1::ListPlanChangesResponse changes;
    grpc::Status status =
        stub_->ListPlanChanges(CallAs(c.key).get(), v1::ListPlanChangesRequest(), &changes);
    EXPECT_EQ(status.error_code(),
              c.whole_feed ? grpc::StatusCode::OK : grpc::StatusCode::PERMISSION_DENIED)
        << status.error_message();
    if (c.whole_feed) {
      EXPECT_GE(changes.plans_size(), 7);
    }
    // Twice: the second answer comes from the memo, and must be narrowed
    // all the same.
    for (int i = 0; i < 2; ++i) {
      v1::ListPlanDigestsResponse digests;
      status = stub_->ListPlanDigests(CallAs(c.key).get(), v1::ListPlanDigestsRequest(), &digests);
      ASSERT_TRUE(status.ok()) << status.error_message();
      std::vector<std::string> names;
      for (const v1::PlanDigest& d : digests.digests()) names.push_back(d.name());
      EXPECT_EQ(names, c.digests);
    }
  }
  v1::ListPlanDigestsResponse none;
  EXPECT_EQ(
      stub_->ListPlanDigests(CallAs("").get(), v1::ListPlanDigestsRequest(), &none).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(PlansAccessTest, ValidateAnswersWhatAPushWouldGet) {
  // Quảng Ngãi's plan, validated by each caller: valid only for the key
  // that may push it; the others hear the PERMISSION_DENIED a push gets.
  v1::ValidatePlanRequest own;
  *own.mutable_plan() = TablePlan();
  // Đồng Nai's department naming itself as issuer, for Quảng Ngãi's unit.
  v1::ValidatePlanRequest as_itself_elsewhere;
  *as_itself_elsewhere.mutable_plan() = DongNaiPlan("51", "Kế hoạch bình đẳng giới năm 2026");
  int pushes = 0;
  for (const auto& [who, key, request, code] :
       std::vector<std::tuple<std::string, std::string, v1::ValidatePlanRequest, grpc::StatusCode>>{
           {"its province", Key("quang-ngai-so-noi-vu"), own, grpc::StatusCode::OK},
           {"another province", Key("dong-nai-so-noi-vu"), own,
            grpc::StatusCode::PERMISSION_DENIED},
           {"another province as itself", Key("dong-nai-so-noi-vu"), as_itself_elsewhere,
            grpc::StatusCode::PERMISSION_DENIED},
           {"a commune", Key(kCommuneAgency), own, grpc::StatusCode::PERMISSION_DENIED},
           {"the ministry", Key("moha"), own, grpc::StatusCode::PERMISSION_DENIED},
           {"the operator", suite_->operator_key(), own, grpc::StatusCode::PERMISSION_DENIED},
           {"nobody", "", own, grpc::StatusCode::UNAUTHENTICATED}}) {
    SCOPED_TRACE(who);
    v1::ValidatePlanResponse response;
    grpc::Status status = stub_->ValidatePlan(CallAs(key).get(), request, &response);
    EXPECT_EQ(status.error_code(), code) << status.error_message();
    if (code == grpc::StatusCode::OK) EXPECT_TRUE(response.valid());
    // And the push itself agrees.
    v1::CreatePlanRequest push;
    *push.mutable_plan() = request.plan();
    push.set_request_id(absl::StrCat("validate-then-push-", ++pushes));
    if (code != grpc::StatusCode::OK) {
      v1::Plan created;
      EXPECT_EQ(stub_->CreatePlan(CallAs(key).get(), push, &created).error_code(), code);
    }
  }
}

TEST_F(PlansAccessTest, OnlyTheMinistryAndTheOperatorReadTheAuditTrail) {
  auto audit = audit::v1::AuditService::NewStub(suite_->plans()->NewChannel());
  for (const auto& [who, key, code] :
       std::vector<std::tuple<std::string, std::string, grpc::StatusCode>>{
           {"operator", suite_->operator_key(), grpc::StatusCode::OK},
           {"ministry", Key("moha"), grpc::StatusCode::OK},
           {"coordinator", Key("quang-ngai-so-noi-vu"), grpc::StatusCode::PERMISSION_DENIED},
           {"agency", Key(kCommuneAgency), grpc::StatusCode::PERMISSION_DENIED}}) {
    SCOPED_TRACE(who);
    audit::v1::ListAuditEventsRequest request;
    request.set_method(kCreate);
    audit::v1::ListAuditEventsResponse response;
    grpc::Status status = audit->ListAuditEvents(CallAs(key).get(), request, &response);
    EXPECT_EQ(status.error_code(), code) << status.error_message();
    // The seed plans' creates at least.
    if (code == grpc::StatusCode::OK) {
      EXPECT_GE(response.events_size(), 7);
    }
  }
}

}  // namespace
}  // namespace interplan
