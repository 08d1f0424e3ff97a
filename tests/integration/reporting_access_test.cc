// Who may submit, review and read reports, through the real binaries with
// authentication on (SecuredSuite: interplan-agencies, interplan-plans and
// interplan-reporting, which follows the plans feed with its SERVICE key).
// The five seed plans are pushed with the `interplan` client, each by its
// province's Home Affairs department; reporting then owes Quảng Ngãi 2022's
// 54 obligations to the Labour department, retired in 2025: its successor,
// the Home Affairs department (a PROVINCIAL_COORDINATOR at units/51),
// reviews them as the agency whose jurisdiction holds the recipient's unit.
// District committees were abolished in 2025 and their keys no longer
// authenticate, so the province's departments act for the districts; the
// operator registers a commune's People's Committee in Quảng Ngãi to read
// as an agency below the province.
//
// Every write method (OpenException, SubmitReport, ReturnReport,
// AcceptReport, CreateIndicator) is tried with no credential, a malformed
// one (not a key; a key without "Bearer"), a revoked key and an expired key
// (UNAUTHENTICATED); with keys that may not make it: another province's,
// the commune's (the province is outside its jurisdiction), a
// requested-only body (the provincial Women's Union), the reporting agency
// reviewing its own report, the ministry, the operator and a service
// (PERMISSION_DENIED naming the obligation, report or indicator), and
// another province replaying the rightful caller's request; then with the
// rightful key (OK). After each refusal the ministry reads the
// obligation, the report and its history back: nothing was written. Each
// attempt has its audit event on reporting, with method, resource, caller
// and outcome.
//
// Reads: obligations, compliance, roll-ups, progress and reports as the
// ministry, the coordinator, a province-level agency, another province's
// coordinator, the commune's committee and a national body see them; a
// read naming a unit outside the caller's scope is PERMISSION_DENIED.
#include <functional>
#include <map>
#include <memory>
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
#include "common/time/validity.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "interplan/audit/v1/audit.grpc.pb.h"
#include "interplan/reporting/v1/reporting.grpc.pb.h"
#include "tests/support/secured_suite.h"
#include "tests/support/secured_suite_test.h"
#include "tests/support/suite_processes.h"

namespace interplan {
namespace {

namespace v1 = reporting::v1;
using testing::CallAs;
using testing::CodeName;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAreArray;
using time::DayToProto;

constexpr char kQuangNgaiPlan[] = "plans/quang-ngai-2022";
constexpr char kDakLakPlan[] = "plans/dak-lak-2020";
// Lai Châu's plan names its reporters only as a group: it makes no
// obligations, but has targets.
constexpr char kLaiChauPlan[] = "plans/lai-chau-2024";
// The province's coordinator (successor of the Labour department, the
// recipient), a province-level agency with reports of its own, and the
// Women's Union, only ever requested.
constexpr char kCoordinator[] = "quang-ngai-so-noi-vu";
constexpr char kHealth[] = "quang-ngai-so-y-te";
constexpr char kWomensUnion[] = "quang-ngai-hoi-lhpn";
constexpr char kOtherProvince[] = "dong-nai-so-noi-vu";
constexpr char kMinistry[] = "moha";
constexpr char kNationalBody[] = "moha-vu-cttn-bdg";
// A commune's People's Committee the test registers: Xã Bình Sơn (21040,
// 2025-07 list), Quảng Ngãi.
constexpr const char* kCommune = testing::kCommuneAgency;

constexpr char kMethodPrefix[] = "/interplan.reporting.v1.ReportingService/";

absl::CivilDay Today() { return absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()); }

std::string Date(const google::type::Date& date) {
  return absl::StrCat(date.year(), "-", date.month(), "-", date.day());
}

class ReportingAccessTest : public testing::SecuredSuiteTest<ReportingAccessTest> {
 public:
  // For SecuredSuiteTest.
  static testing::SecuredSuiteOptions Options() { return {.plans = true, .reporting = true}; }

  static std::string Load() {
    grpc::Status status;
    if (absl::Status made = suite_->MakeKeys(
            {kMinistry, kCoordinator, kHealth, kWomensUnion, kOtherProvince, kNationalBody,
             kCommune, "hcm-so-noi-vu", "dak-lak-so-noi-vu", "lai-chau-so-noi-vu"});
        !made.ok()) {
      return made.ToString();
    }
    if (absl::Status pushed = suite_->PushSeedPlans(); !pushed.ok()) return pushed.ToString();

    // Reporting follows the plans feed (with its SERVICE key): wait for
    // Quảng Ngãi's 54 obligations (27 agencies, 6-month and annual) and
    // Đắk Lắk's 26 (13 agencies).
    const absl::Time give_up = absl::Now() + absl::Seconds(90);
    size_t seen = 0, seen_dak_lak = 0;
    while (absl::Now() < give_up) {
      grpc::Status listed, listed_dak_lak;
      seen = ListObligations(Key(kMinistry), kQuangNgaiPlan, &listed).size();
      seen_dak_lak = ListObligations(Key(kMinistry), kDakLakPlan, &listed_dak_lak).size();
      if (listed.ok() && listed_dak_lak.ok() && seen == 54 && seen_dak_lak == 26) break;
      absl::SleepFor(absl::Milliseconds(500));
    }
    if (seen != 54 || seen_dak_lak != 26) {
      return absl::StrCat("reporting lists ", seen, " obligations of ", kQuangNgaiPlan, " and ",
                          seen_dak_lak, " of ", kDakLakPlan);
    }

    // The Health department's 6-month report (owed to the Labour
    // department), and Bình Sơn district's, as the ministry lists them.
    for (const v1::Obligation& o : ListObligations(Key(kMinistry), kQuangNgaiPlan)) {
      if (o.kind() != v1::REPORT_KIND_SEMI_ANNUAL) continue;
      if (o.agency() == absl::StrCat("agencies/", kHealth)) health_h1_ = new v1::Obligation(o);
      if (o.agency() == "agencies/quang-ngai-binh-son-ubnd") binh_son_h1_ = new v1::Obligation(o);
    }
    if (health_h1_ == nullptr || binh_son_h1_ == nullptr) return "no 6-month obligations found";

    // Keys that no longer work: one revoked (used once first, so the
    // revocation overturns a cached answer), one expired seconds from now.
    absl::Status made = suite_->MakeUnusableKeys(kCoordinator, [](const std::string& key) {
      v1::ListIndicatorsResponse indicators;
      return FromGrpcStatus(
          Stub()->ListIndicators(CallAs(key).get(), v1::ListIndicatorsRequest(), &indicators));
    });
    return made.ok() ? "" : made.ToString();
  }

 protected:
  static std::unique_ptr<v1::ReportingService::Stub> Stub() {
    return v1::ReportingService::NewStub(suite_->reporting()->NewChannel());
  }

  // Every obligation `key` lists (seven a page, so filtering meets
  // paging); the call's status in `status_out`, else failures are test
  // failures.
  static std::vector<v1::Obligation> ListObligations(const std::string& key,
                                                     const std::string& plan = "",
                                                     grpc::Status* status_out = nullptr) {
    v1::ListObligationsRequest request;
    request.set_plan(plan);
    request.set_page_size(7);
    std::vector<v1::Obligation> all;
    auto stub = Stub();
    for (int page = 0; page < 1000; ++page) {
      v1::ListObligationsResponse response;
      grpc::Status status = stub->ListObligations(CallAs(key).get(), request, &response);
      if (status_out != nullptr) *status_out = status;
      if (!status.ok()) {
        if (status_out == nullptr) ADD_FAILURE() << status.error_message();
        break;
      }
      EXPECT_LE(response.obligations_size(), 7);
      for (const v1::Obligation& o : response.obligations()) all.push_back(o);
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return all;
  }

  static std::vector<std::string> Names(const std::vector<v1::Obligation>& obligations) {
    std::vector<std::string> names;
    for (const v1::Obligation& o : obligations) names.push_back(o.name());
    return names;
  }

  // The reports `key` lists, by name.
  static std::vector<std::string> ListReports(const std::string& key) {
    v1::ListReportsRequest request;
    request.set_page_size(3);
    std::vector<std::string> names;
    auto stub = Stub();
    for (int page = 0; page < 1000; ++page) {
      v1::ListReportsResponse response;
      grpc::Status status = stub->ListReports(CallAs(key).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const v1::Report& r : response.reports()) names.push_back(r.name());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return names;
  }

  // What the ministry reads of one obligation, its report (if any) and
  // the reports listed: refusals must leave all of it as it was.
  static std::string State(const std::string& obligation) {
    std::string state;
    for (const v1::Obligation& o : ListObligations(Key(kMinistry), kQuangNgaiPlan)) {
      if (o.name() != obligation) continue;
      absl::StrAppend(&state, o.name(), " ", api::ShortEnumName(o.state()), " lock ",
                      Date(o.lock_date()), o.exception_open() ? " exception" : "", " report '",
                      o.report(), "'");
      if (!o.report().empty()) {
        v1::GetReportRequest get;
        get.set_name(o.report());
        v1::Report report;
        grpc::Status status = Stub()->GetReport(CallAs(Key(kMinistry)).get(), get, &report);
        EXPECT_TRUE(status.ok()) << status.error_message();
        absl::StrAppend(&state, " ", api::ShortEnumName(report.status()), " v", report.version(),
                        " history ", report.history_size());
      }
    }
    absl::StrAppend(&state, " reports ", ListReports(Key(kMinistry)).size());
    return state;
  }

  static v1::Compliance Compliance(const std::string& key, const std::string& unit,
                                   const std::string& period, grpc::Status* status_out) {
    v1::GetComplianceRequest request;
    request.set_unit(unit);
    request.set_period(period);
    DayToProto(absl::CivilDay(2024, 12, 31), request.mutable_as_of());
    v1::Compliance compliance;
    *status_out = Stub()->GetCompliance(CallAs(key).get(), request, &compliance);
    return compliance;
  }

  // Opens an exception on `obligation` (entry closed in 2022) with `key`.
  static grpc::Status OpenException(const std::string& key, const std::string& obligation,
                                    const std::string& request_id) {
    v1::OpenExceptionRequest request;
    request.set_obligation(obligation);
    DayToProto(Today() + 30, request.mutable_until());
    request.set_reason("Báo cáo giấy nhập bổ sung");
    request.set_request_id(request_id);
    v1::Obligation out;
    return Stub()->OpenException(CallAs(key).get(), request, &out);
  }

  static v1::Obligation* health_h1_;
  static v1::Obligation* binh_son_h1_;
};

v1::Obligation* ReportingAccessTest::health_h1_ = nullptr;
v1::Obligation* ReportingAccessTest::binh_son_h1_ = nullptr;

// Sends one write with `context`; its response's name, when it has one, to
// `written`.
using Sender = std::function<grpc::Status(grpc::ClientContext* context,
                                          const std::string& request_id, std::string* written)>;

// One attempted write: who (a key, or a raw authorization value), and
// what must come of it.
struct Attempt {
  std::string label;
  std::string key;            // "" with no authorization metadata
  std::string authorization;  // a raw value instead of "Bearer <key>"
  grpc::StatusCode code;
  // For the audit event: the caller's agency and role ("" when none).
  std::string agency;
  std::string role;
  // A refusal's message says this too (besides the resource).
  std::string why;
  // Sends the rightful caller's request again, request id and all.
  bool replay = false;
};

// One write method, taken through every attempt in order.
struct WriteMethod {
  std::string method;  // "SubmitReport"
  // What a refusal names, and what the server's own audit event of a
  // refused call names (the request's resource).
  std::string resource;
  std::string audit_resource;
  Sender send;
  // What the ministry reads of everything the method could write.
  std::function<std::string()> state;
  std::vector<Attempt> attempts;  // the last one is the rightful caller
};

std::unique_ptr<grpc::ClientContext> ContextFor(const Attempt& attempt) {
  if (attempt.authorization.empty()) return CallAs(attempt.key);
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  context->AddMetadata("authorization", attempt.authorization);
  return context;
}

// An audit event as compared: outcome, resource, agency, role.
using EventKey = std::tuple<std::string, std::string, std::string, std::string>;

TEST_F(ReportingAccessTest, EveryWriteMethodWritesOnlyWhatTheCallerMay) {
  suite_->WaitForExpiredKey();
  using Code = grpc::StatusCode;
  const std::string coordinator = Key(kCoordinator);
  const std::string health = Key(kHealth);
  const std::string union_key = Key(kWomensUnion);
  const std::string other = Key(kOtherProvince);
  const std::string moha = Key(kMinistry);
  const std::string op = suite_->operator_key();
  const std::string service = suite_->service_key();
  const std::string obligation = health_h1_->name();
  const std::string indicator_code = "TEST-ACCESS-SHELTERS";
  std::string report;  // known once submitted

  // Who is who in the audit trail.
  const std::string a_coordinator = absl::StrCat("agencies/", kCoordinator);
  const std::string a_health = absl::StrCat("agencies/", kHealth);
  const std::string a_union = absl::StrCat("agencies/", kWomensUnion);
  const std::string a_other = absl::StrCat("agencies/", kOtherProvince);
  const std::string a_moha = absl::StrCat("agencies/", kMinistry);
  const std::string commune = Key(kCommune);
  const std::string a_commune = absl::StrCat("agencies/", kCommune);

  auto unauthenticated = [&]() {
    return std::vector<Attempt>{
        {"no credential", "", "", Code::UNAUTHENTICATED},
        {"not a key", "", "Bearer not-a-key", Code::UNAUTHENTICATED},
        {"a key without Bearer", "", coordinator, Code::UNAUTHENTICATED},
        {"revoked key", Key("revoked"), "", Code::UNAUTHENTICATED},
        {"expired key", Key("expired"), "", Code::UNAUTHENTICATED},
    };
  };
  auto with = [](std::vector<Attempt> a, std::vector<Attempt> b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  const std::function<std::string()> obligation_state = [&] { return State(obligation); };

  std::vector<WriteMethod> methods;
  methods.push_back(
      {"OpenException", obligation, obligation,
       [&](grpc::ClientContext* context, const std::string& request_id, std::string* written) {
         v1::OpenExceptionRequest request;
         request.set_obligation(obligation);
         DayToProto(Today() + 30, request.mutable_until());
         request.set_reason("Báo cáo giấy nhập bổ sung");
         request.set_request_id(request_id);
         v1::Obligation out;
         grpc::Status status = Stub()->OpenException(context, request, &out);
         *written = out.name();
         return status;
       },
       obligation_state,
       with(unauthenticated(),
            {{"another province's coordinator", other, "", Code::PERMISSION_DENIED, a_other,
              "PROVINCIAL_COORDINATOR", "may write only inside"},
             {"a commune's committee of the same province", commune, "", Code::PERMISSION_DENIED,
              a_commune, "AGENCY", "may write only inside"},
             {"the reporting agency itself", health, "", Code::PERMISSION_DENIED, a_health,
              "AGENCY", "only the recipient"},
             {"a requested-only body", union_key, "", Code::PERMISSION_DENIED, a_union, "AGENCY",
              "requested, not assigned"},
             {"the ministry", moha, "", Code::PERMISSION_DENIED, a_moha, "MINISTRY", ""},
             {"the operator", op, "", Code::PERMISSION_DENIED, "", "OPERATOR", ""},
             {"a service", service, "", Code::PERMISSION_DENIED, "", "SERVICE", ""},
             {"the recipient's successor, in whose jurisdiction the recipient is", coordinator, "",
              Code::OK, a_coordinator, "PROVINCIAL_COORDINATOR"}})});
  methods.push_back(
      {"SubmitReport", obligation, obligation,
       [&](grpc::ClientContext* context, const std::string& request_id, std::string* written) {
         v1::SubmitReportRequest request;
         request.mutable_report()->set_obligation(obligation);
         request.mutable_report()->set_narrative("Báo cáo kết quả công tác bình đẳng giới 6 tháng");
         request.set_request_id(request_id);
         v1::Report out;
         grpc::Status status = Stub()->SubmitReport(context, request, &out);
         *written = out.name();
         return status;
       },
       obligation_state,
       with(unauthenticated(),
            {{"another province's coordinator", other, "", Code::PERMISSION_DENIED, a_other,
              "PROVINCIAL_COORDINATOR", "may write only inside"},
             {"a commune's committee of the same province", commune, "", Code::PERMISSION_DENIED,
              a_commune, "AGENCY", "may write only inside"},
             {"a requested-only body of the same province", union_key, "", Code::PERMISSION_DENIED,
              a_union, "AGENCY", "requested, not assigned"},
             {"the ministry in a province's name", moha, "", Code::PERMISSION_DENIED, a_moha,
              "MINISTRY", ""},
             {"the operator", op, "", Code::PERMISSION_DENIED, "", "OPERATOR", ""},
             {"a service", service, "", Code::PERMISSION_DENIED, "", "SERVICE", ""},
             {"the agency that owes it", health, "", Code::OK, a_health, "AGENCY"},
             {"another province replaying the agency's request", other, "", Code::PERMISSION_DENIED,
              a_other, "PROVINCIAL_COORDINATOR", "", true}})});
  auto review = [&](bool accept) -> Sender {
    return [&, accept](grpc::ClientContext* context, const std::string& request_id,
                       std::string* written) {
      v1::Report out;
      grpc::Status status;
      if (accept) {
        v1::AcceptReportRequest request;
        request.set_name(report);
        request.set_request_id(request_id);
        status = Stub()->AcceptReport(context, request, &out);
      } else {
        v1::ReturnReportRequest request;
        request.set_name(report);
        request.set_reason("Thiếu số liệu phân tách theo giới tính");
        request.set_request_id(request_id);
        status = Stub()->ReturnReport(context, request, &out);
      }
      *written = out.name();
      return status;
    };
  };
  auto review_attempts = [&](const std::string& rightful_label) {
    return with(
        unauthenticated(),
        {{"another province's coordinator", other, "", Code::PERMISSION_DENIED, a_other,
          "PROVINCIAL_COORDINATOR", "may write only inside"},
         {"a commune's committee of the same province", commune, "", Code::PERMISSION_DENIED,
          a_commune, "AGENCY", "may write only inside"},
         {"the agency reviewing its own report", health, "", Code::PERMISSION_DENIED, a_health,
          "AGENCY", "only the recipient"},
         {"a requested-only body", union_key, "", Code::PERMISSION_DENIED, a_union, "AGENCY",
          "requested, not assigned"},
         {"the ministry", moha, "", Code::PERMISSION_DENIED, a_moha, "MINISTRY", ""},
         {"the operator", op, "", Code::PERMISSION_DENIED, "", "OPERATOR", ""},
         {rightful_label, coordinator, "", Code::OK, a_coordinator, "PROVINCIAL_COORDINATOR"},
         {"another province replaying the review", other, "", Code::PERMISSION_DENIED, a_other,
          "PROVINCIAL_COORDINATOR", "", true}});
  };
  // The report's name is known once it is submitted (filled in below).
  methods.push_back({"ReturnReport", "", "", review(false), obligation_state,
                     review_attempts("the coordinator returns it")});
  methods.push_back({"AcceptReport", "", "", review(true), obligation_state,
                     review_attempts("the coordinator accepts the resubmitted report")});
  methods.push_back(
      {"CreateIndicator", absl::StrCat("indicators/", indicator_code), "indicator",
       [&](grpc::ClientContext* context, const std::string& request_id, std::string* written) {
         v1::CreateIndicatorRequest request;
         v1::Indicator* indicator = request.mutable_indicator();
         indicator->set_code(indicator_code);
         indicator->set_display_name_vi("Số nhà tạm lánh đang hoạt động");
         indicator->set_display_name_en("Shelters in operation");
         indicator->set_measure(v1::MEASURE_COUNT);
         indicator->set_aggregation(v1::AGGREGATION_RULE_LATEST_VALUE);
         indicator->set_direction(v1::DIRECTION_HIGHER_IS_BETTER);
         request.set_request_id(request_id);
         v1::Indicator out;
         grpc::Status status = Stub()->CreateIndicator(context, request, &out);
         *written = out.name();
         return status;
       },
       [&] {
         v1::GetIndicatorRequest get;
         get.set_name(absl::StrCat("indicators/", indicator_code));
         v1::Indicator indicator;
         grpc::Status status = Stub()->GetIndicator(CallAs(moha).get(), get, &indicator);
         return absl::StrCat(CodeName(status.error_code()), " ", indicator.name());
       },
       with(unauthenticated(),
            {{"a provincial coordinator", coordinator, "", Code::PERMISSION_DENIED, a_coordinator,
              "PROVINCIAL_COORDINATOR", "this needs MINISTRY"},
             {"another province's coordinator", other, "", Code::PERMISSION_DENIED, a_other,
              "PROVINCIAL_COORDINATOR", ""},
             {"an agency", health, "", Code::PERMISSION_DENIED, a_health, "AGENCY", ""},
             {"the operator", op, "", Code::PERMISSION_DENIED, "", "OPERATOR", ""},
             {"the ministry", moha, "", Code::OK, a_moha, "MINISTRY"}})});

  // The audit events each method should have: (outcome, resource, agency,
  // role), and the resources written.
  std::map<std::string, std::vector<EventKey>> expected_events;
  int sent = 0;
  for (WriteMethod& m : methods) {
    if (m.method == "ReturnReport" || m.method == "AcceptReport") {
      ASSERT_THAT(report, StartsWith("reports/"));
      m.resource = m.audit_resource = report;
    }
    if (m.method == "AcceptReport") {
      // The Health department corrects its returned report.
      v1::SubmitReportRequest again;
      again.mutable_report()->set_obligation(obligation);
      again.mutable_report()->set_narrative("Báo cáo 6 tháng (bổ sung số liệu theo giới tính)");
      again.set_request_id("resubmit-health-h1");
      v1::Report resubmitted;
      grpc::Status status = Stub()->SubmitReport(CallAs(health).get(), again, &resubmitted);
      ASSERT_TRUE(status.ok()) << status.error_message();
      EXPECT_EQ(resubmitted.status(), v1::REPORT_STATUS_RESUBMITTED);
      EXPECT_EQ(resubmitted.version(), 2);
      expected_events["SubmitReport"].push_back({"OK", report, a_health, "AGENCY"});
    }
    std::string rightful_request_id;
    for (const Attempt& attempt : m.attempts) {
      SCOPED_TRACE(absl::StrCat(m.method, ": ", attempt.label));
      const std::string before = m.state();
      const std::string request_id =
          attempt.replay ? rightful_request_id : absl::StrCat("reporting-access-", ++sent);
      std::string written;
      grpc::Status status = m.send(ContextFor(attempt).get(), request_id, &written);
      EXPECT_EQ(CodeName(status.error_code()), CodeName(attempt.code)) << status.error_message();
      if (attempt.code == Code::OK) {
        rightful_request_id = request_id;
        EXPECT_NE(m.state(), before) << "the rightful call changed nothing";
        if (m.method == "SubmitReport") report = written;
        expected_events[m.method].push_back({"OK", written, attempt.agency, attempt.role});
        continue;
      }
      // Refused: nothing written, nothing answered.
      EXPECT_EQ(m.state(), before);
      EXPECT_THAT(written, IsEmpty());
      if (attempt.code == Code::PERMISSION_DENIED) {
        EXPECT_THAT(status.error_message(), HasSubstr(m.resource));
        EXPECT_THAT(status.error_message(), HasSubstr(attempt.why));
      }
      expected_events[m.method].push_back(
          {CodeName(attempt.code), m.audit_resource, attempt.agency, attempt.role});
    }
  }
  // Where the table left the report: resubmitted and accepted, with its
  // whole history, each step by the credential that made it.
  v1::GetReportRequest get;
  get.set_name(report);
  v1::Report final_report;
  grpc::Status status = Stub()->GetReport(CallAs(moha).get(), get, &final_report);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(final_report.status(), v1::REPORT_STATUS_ACCEPTED);
  ASSERT_EQ(final_report.history_size(), 4);
  EXPECT_THAT(final_report.history(0).by(), StartsWith(absl::StrCat(a_health, "/apiKeys/")));
  EXPECT_THAT(final_report.history(1).by(), StartsWith(absl::StrCat(a_coordinator, "/apiKeys/")));
  EXPECT_THAT(final_report.history(2).by(), StartsWith(absl::StrCat(a_health, "/apiKeys/")));
  EXPECT_THAT(final_report.history(3).by(), StartsWith(absl::StrCat(a_coordinator, "/apiKeys/")));

  // The audit trail on reporting, read by the ministry: one event per
  // attempt, with its outcome, resource and caller.
  auto audit = audit::v1::AuditService::NewStub(suite_->reporting()->NewChannel());
  for (const auto& [method, expected] : expected_events) {
    SCOPED_TRACE(method);
    audit::v1::ListAuditEventsRequest request;
    request.set_method(absl::StrCat(kMethodPrefix, method));
    request.set_page_size(1000);
    audit::v1::ListAuditEventsResponse response;
    status = audit->ListAuditEvents(CallAs(moha).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    std::vector<EventKey> events;
    for (const audit::v1::AuditEvent& event : response.events()) {
      // The other test's writes are on other obligations.
      if (event.resource() == binh_son_h1_->name() ||
          (!report.empty() && absl::StartsWith(event.resource(), "reports/") &&
           event.resource() != report)) {
        continue;
      }
      events.push_back({event.outcome(), event.resource(), event.agency(), event.role()});
      EXPECT_EQ(event.method(), absl::StrCat(kMethodPrefix, method));
      if (event.outcome() != "OK") {
        EXPECT_THAT(event.message(), ::testing::Not(IsEmpty()));
      }
    }
    EXPECT_THAT(events, UnorderedElementsAreArray(expected));
  }
}

TEST_F(ReportingAccessTest, ObligationsAndComplianceAreReadWithinTheCallersScope) {
  const std::vector<v1::Obligation> everything = ListObligations(Key(kMinistry));
  std::vector<std::string> quang_ngai, dak_lak, dong_nai;
  int in_2020 = 0;  // Đắk Lắk's and Gò Vấp's obligations for 2020 and its halves
  for (const v1::Obligation& o : everything) {
    if (o.plan() == kQuangNgaiPlan) quang_ngai.push_back(o.name());
    if (o.plan() == kDakLakPlan) dak_lak.push_back(o.name());
    if (o.unit_path() == "75" || absl::StartsWith(o.unit_path(), "75/"))
      dong_nai.push_back(o.name());
    if (o.period() == "2020" || absl::StartsWith(o.period(), "2020-")) ++in_2020;
  }
  ASSERT_EQ(quang_ngai.size(), 54u);
  ASSERT_EQ(dak_lak.size(), 26u);
  ASSERT_GT(in_2020, 26);  // Gò Vấp's too
  ASSERT_GT(everything.size(), quang_ngai.size() + dak_lak.size());
  // The operator and the services read everything too.
  EXPECT_EQ(ListObligations(suite_->operator_key()).size(), everything.size());
  EXPECT_EQ(ListObligations(suite_->service_key()).size(), everything.size());

  // Quảng Ngãi's coordinator and a province-level agency: the province's
  // 54, none of another province.
  EXPECT_THAT(Names(ListObligations(Key(kCoordinator))), UnorderedElementsAreArray(quang_ngai));
  EXPECT_THAT(Names(ListObligations(Key(kHealth))), UnorderedElementsAreArray(quang_ngai));
  EXPECT_THAT(ListObligations(Key(kCoordinator), kDakLakPlan), IsEmpty());
  // Đắk Lắk's coordinator: its province's 26.
  EXPECT_THAT(Names(ListObligations(Key("dak-lak-so-noi-vu"))), UnorderedElementsAreArray(dak_lak));
  // Đồng Nai's coordinator: what lies in Đồng Nai (its plan sets no dates:
  // nothing), nothing of Quảng Ngãi.
  EXPECT_THAT(Names(ListObligations(Key(kOtherProvince))), UnorderedElementsAreArray(dong_nai));
  // The commune's committee (its jurisdiction: its own commune, and the
  // communes it succeeded) and a national body with no unit: only what is
  // their own, which is nothing here.
  EXPECT_THAT(ListObligations(Key(kCommune)), IsEmpty());
  EXPECT_THAT(ListObligations(Key(kNationalBody)), IsEmpty());

  // Compliance, as of the end of 2024.
  grpc::Status status;
  v1::Compliance c = Compliance(Key(kCoordinator), "", "2022", &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(c.unit(), "units/51");  // narrowed to the province
  EXPECT_EQ(c.total().expected() + c.total().not_expected(), 54);
  c = Compliance(Key(kCoordinator), "units/51", "2022", &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(c.total().expected() + c.total().not_expected(), 54);
  c = Compliance(Key(kCoordinator), "", "2020", &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(c.total().expected() + c.total().not_expected(), 0);  // Đắk Lắk's are not its
  c = Compliance(Key("dak-lak-so-noi-vu"), "", "2020", &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(c.unit(), "units/66");
  EXPECT_EQ(c.total().expected() + c.total().not_expected(), 26);
  c = Compliance(Key(kMinistry), "", "2020", &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(c.unit(), "");  // the nation
  EXPECT_EQ(c.total().expected() + c.total().not_expected(), in_2020);
  c = Compliance(Key(kNationalBody), "", "2022", &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(c.total().expected() + c.total().not_expected(), 0);  // only its own
  // A unit outside the caller's scope, by name.
  for (const auto& [who, unit] : {std::pair{std::string(kCoordinator), std::string("units/66")},
                                  std::pair{std::string(kOtherProvince), std::string("units/51")},
                                  std::pair{std::string(kHealth), std::string("units/66")},
                                  std::pair{std::string(kCommune), std::string("units/51")},
                                  std::pair{std::string(kNationalBody), std::string("units/51")}}) {
    SCOPED_TRACE(absl::StrCat(who, " reading ", unit));
    Compliance(Key(who), unit, "2022", &status);
    EXPECT_EQ(CodeName(status.error_code()), "PERMISSION_DENIED") << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(unit));
  }

  // Roll-ups: the caller's province, not another; national ones for the
  // ministry (a body with no unit has no roll-up to read).
  auto rollup = [](const std::string& key, const std::string& unit) {
    v1::GetRollupRequest request;
    request.set_indicator("indicators/LOC-COMM-RESIDENTS");
    request.set_unit(unit);
    request.set_period("2022");
    DayToProto(absl::CivilDay(2022, 12, 31), request.mutable_as_of());
    v1::Rollup out;
    return Stub()->GetRollup(CallAs(key).get(), request, &out);
  };
  EXPECT_TRUE(rollup(Key(kCoordinator), "units/51").ok());
  EXPECT_TRUE(rollup(Key(kCoordinator), "").ok());
  EXPECT_TRUE(rollup(Key(kMinistry), "").ok());
  status = rollup(Key(kCoordinator), "units/66");
  EXPECT_EQ(CodeName(status.error_code()), "PERMISSION_DENIED") << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("units/66"));
  status = rollup(Key(kNationalBody), "");
  EXPECT_EQ(CodeName(status.error_code()), "PERMISSION_DENIED") << status.error_message();

  // Progress against a plan's targets: the plan's province, and the
  // ministry, read it; another province does not.
  auto progress = [](const std::string& key, const std::string& plan) {
    v1::GetTargetProgressRequest request;
    request.set_plan(plan);
    v1::TargetProgress out;
    return Stub()->GetTargetProgress(CallAs(key).get(), request, &out);
  };
  EXPECT_TRUE(progress(Key(kCoordinator), kQuangNgaiPlan).ok());
  EXPECT_TRUE(progress(Key(kMinistry), kLaiChauPlan).ok());
  EXPECT_TRUE(progress(Key("lai-chau-so-noi-vu"), kLaiChauPlan).ok());
  status = progress(Key(kCoordinator), kLaiChauPlan);
  EXPECT_EQ(CodeName(status.error_code()), "PERMISSION_DENIED") << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr(kLaiChauPlan));
}

TEST_F(ReportingAccessTest, AReportIsReadByItsAgencyItsProvinceAndTheMinistry) {
  // The coordinator enters Bình Sơn district's 6-month report on paper:
  // the district is in its jurisdiction (the district's own committee was
  // abolished in 2025).
  const std::string obligation = binh_son_h1_->name();
  grpc::Status status = OpenException(Key(kCoordinator), obligation, "binh-son-h1-exception");
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::SubmitReportRequest submit;
  submit.mutable_report()->set_obligation(obligation);
  submit.mutable_report()->set_narrative("Báo cáo 6 tháng của UBND huyện Bình Sơn (bản giấy)");
  submit.set_request_id("binh-son-h1-report");
  v1::Report report;
  status = Stub()->SubmitReport(CallAs(Key(kCoordinator)).get(), submit, &report);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(report.agency(), "agencies/quang-ngai-binh-son-ubnd");
  ASSERT_EQ(report.history_size(), 1);
  EXPECT_THAT(report.history(0).by(),
              StartsWith(absl::StrCat("agencies/", kCoordinator, "/apiKeys/")));

  auto get = [&](const std::string& key) {
    v1::GetReportRequest request;
    request.set_name(report.name());
    v1::Report out;
    return Stub()->GetReport(CallAs(key).get(), request, &out);
  };
  for (const char* reader : {kMinistry, kCoordinator, kHealth}) {
    status = get(Key(reader));
    EXPECT_TRUE(status.ok()) << reader << ": " << status.error_message();
    EXPECT_THAT(ListReports(Key(reader)), ::testing::Contains(report.name())) << reader;
  }
  EXPECT_TRUE(get(suite_->operator_key()).ok());
  for (const char* outsider : {kOtherProvince, kCommune, kNationalBody}) {
    status = get(Key(outsider));
    EXPECT_EQ(CodeName(status.error_code()), "PERMISSION_DENIED")
        << outsider << ": " << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(report.name()));
    EXPECT_THAT(ListReports(Key(outsider)), ::testing::Not(::testing::Contains(report.name())))
        << outsider;
  }
}

}  // namespace
}  // namespace interplan
