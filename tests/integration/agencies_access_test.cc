// Who may do what in interplan-agencies with authentication on: the real
// binaries (SecuredSuite: agencies with the reference data, plans, all with
// --auth=on) talked to over gRPC.
//
// - Every write (ImportUnits, CreateAgency, BatchCreateAgencies, UpdateAgency, RetireAgency,
//   CreateApiKey, RevokeApiKey, CreateCertificateBinding,
//   DeleteCertificateBinding): no credential, a malformed one, a revoked
//   or expired key are UNAUTHENTICATED; agency, provincial coordinator,
//   ministry and service keys PERMISSION_DENIED naming the resource; the
//   operator's key writes. After each refusal the state is read back
//   unchanged (and after the operator's write, changed: the read-back
//   sees writes). Each attempt is in the audit trail with its outcome.
// - Units and agencies are read by any authenticated caller; the
//   credential listings by the operator only.
// - Authenticate answers services and the operator, never an agency; the
//   other services still authenticate their callers through it (plans).
// - mTLS: interplan-agencies started with --tls_client_ca_file accepts a
//   client certificate of that CA bound to an agency (the caller is that
//   agency) and refuses, at the handshake, one signed by another CA.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/auth/tls_files.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"
#include "common/time/timestamp.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "interplan/agencies/v1/agencies.grpc.pb.h"
#include "interplan/agencies/v1/credentials.grpc.pb.h"
#include "interplan/agencies/v1/units.grpc.pb.h"
#include "interplan/audit/v1/audit.grpc.pb.h"
#include "interplan/plans/v1/plans.grpc.pb.h"
#include "tests/support/secured_suite.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"

namespace interplan {
namespace {

namespace av1 = agencies::v1;
namespace auditv1 = audit::v1;
using ::testing::HasSubstr;
using testing::SecuredSuite;
using testing::ServiceProcess;

// Agencies of the reference data, in force today, and the role their
// keys get by default.
constexpr char kAgency[] = "quang-ngai-so-tai-chinh";  // AGENCY, units/51
constexpr char kCoordinator[] = "dong-nai-so-noi-vu";  // PROVINCIAL_COORDINATOR
constexpr char kMinistry[] = "moha";                   // MINISTRY

// A context whose `authorization` metadata is `header` verbatim (none when
// empty), with a 30 s deadline.
std::unique_ptr<grpc::ClientContext> WithHeader(const std::string& header) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  if (!header.empty()) context->AddMetadata("authorization", header);
  return context;
}

std::string Bearer(const std::string& key) { return absl::StrCat("Bearer ", key); }

google::type::Date Day(int y, int m, int d) {
  google::type::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

// The `resource` of a refusal's ErrorInfo, "" when it has none.
std::string RefusedResource(const grpc::Status& status) {
  google::rpc::ErrorInfo info;
  if (!GetErrorInfo(FromGrpcStatus(status), &info)) return "";
  auto it = info.metadata().find("resource");
  return it == info.metadata().end() ? "" : it->second;
}

// Expects PERMISSION_DENIED naming `resource` (message and ErrorInfo).
void ExpectDeniedNaming(const grpc::Status& status, const std::string& resource,
                        const std::string& label) {
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << label << ": " << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr(resource)) << label;
  EXPECT_EQ(RefusedResource(status), resource) << label << ": " << status.error_message();
}

// Someone calling: the authorization header they send, and what a write
// of interplan-agencies answers them.
struct Caller {
  std::string label;
  std::string header;
  grpc::StatusCode expected;
  // The role the audit trail records ("" when unauthenticated).
  std::string role;
};

class AgenciesAccessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // The operator's key reads back after every attempt: several hundred
    // calls in a few seconds, above the default per-credential rate limit
    // (which its own tests cover).
    absl::StatusOr<std::unique_ptr<SecuredSuite>> suite = SecuredSuite::Start(
        {.plans = true, .extra_args = {"--rate_limit_per_second=1000", "--rate_limit_burst=2000"}});
    ASSERT_TRUE(suite.ok()) << suite.status();
    suite_ = suite->release();
    auto key = [](absl::StatusOr<std::string> made) {
      EXPECT_TRUE(made.ok()) << made.status();
      return made.ok() ? *made : std::string();
    };
    keys_ = new std::map<std::string, std::string>;
    (*keys_)["agency"] = key(suite_->KeyFor(kAgency));
    (*keys_)["coordinator"] = key(suite_->KeyFor(kCoordinator));
    (*keys_)["ministry"] = key(suite_->KeyFor(kMinistry));
    // Operator keys, so that what refuses them is the revocation or the
    // expiry and nothing else.
    std::string revoked_name;
    (*keys_)["revoked"] =
        key(suite_->CreateKey("", av1::ROLE_OPERATOR, absl::InfiniteFuture(), &revoked_name));
    const absl::Time expiry = absl::Now() + absl::Seconds(2);
    (*keys_)["expired"] = key(suite_->CreateKey("", av1::ROLE_OPERATOR, expiry));
    // The revoked key worked before its revocation (and is now cached).
    {
      auto credentials = av1::CredentialService::NewStub(suite_->agencies()->NewChannel());
      av1::ListCertificateBindingsResponse listed;
      grpc::Status status = credentials->ListCertificateBindings(
          WithHeader(Bearer((*keys_)["revoked"])).get(), {}, &listed);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    absl::Status revoked = suite_->RevokeKey(revoked_name);
    EXPECT_TRUE(revoked.ok()) << revoked;
    // Past the expiry, and past the 1 s the suite's services keep a
    // credential check (the revocation bound).
    absl::SleepFor(std::max(expiry - absl::Now(), absl::ZeroDuration()) + absl::Seconds(1.5));
  }

  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
    delete keys_;
    keys_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(suite_, nullptr) << "the secured suite did not start"; }

  static const std::string& Key(const std::string& who) { return (*keys_)[who]; }
  static std::string OperatorHeader() { return Bearer(suite_->operator_key()); }

  // Everyone but the operator, with what a write answers them.
  static std::vector<Caller> RefusedWriters() {
    return {
        {"no credential", "", grpc::StatusCode::UNAUTHENTICATED, ""},
        {"malformed authorization", "Basic b3BlcmF0b3I6c2VjcmV0", grpc::StatusCode::UNAUTHENTICATED,
         ""},
        {"malformed key", "Bearer ipk_not-a-key", grpc::StatusCode::UNAUTHENTICATED, ""},
        {"revoked operator key", Bearer(Key("revoked")), grpc::StatusCode::UNAUTHENTICATED, ""},
        {"expired operator key", Bearer(Key("expired")), grpc::StatusCode::UNAUTHENTICATED, ""},
        {"agency key", Bearer(Key("agency")), grpc::StatusCode::PERMISSION_DENIED, "AGENCY"},
        {"provincial coordinator key", Bearer(Key("coordinator")),
         grpc::StatusCode::PERMISSION_DENIED, "PROVINCIAL_COORDINATOR"},
        {"ministry key", Bearer(Key("ministry")), grpc::StatusCode::PERMISSION_DENIED, "MINISTRY"},
        {"service key", Bearer(suite_->service_key()), grpc::StatusCode::PERMISSION_DENIED,
         "SERVICE"},
    };
  }

  std::unique_ptr<av1::UnitService::Stub> Units() const {
    return av1::UnitService::NewStub(suite_->agencies()->NewChannel());
  }
  std::unique_ptr<av1::AgencyService::Stub> Agencies() const {
    return av1::AgencyService::NewStub(suite_->agencies()->NewChannel());
  }
  std::unique_ptr<av1::CredentialService::Stub> Credentials() const {
    return av1::CredentialService::NewStub(suite_->agencies()->NewChannel());
  }

  // An agency made by the operator for a write to change.
  void CreateTestAgency(const std::string& id) {
    av1::CreateAgencyRequest request;
    request.set_agency_id(id);
    request.mutable_agency()->set_display_name(absl::StrCat("Cơ quan thử nghiệm ", id));
    request.mutable_agency()->set_kind(av1::AGENCY_KIND_OTHER);
    av1::Agency agency;
    grpc::Status status =
        Agencies()->CreateAgency(WithHeader(OperatorHeader()).get(), request, &agency);
    ASSERT_TRUE(status.ok()) << id << ": " << status.error_message();
  }

  // What the operator reads of an agency: its fields, or the error code.
  std::string AgencyState(const std::string& id) const {
    av1::GetAgencyRequest request;
    request.set_name(absl::StrCat("agencies/", id));
    av1::Agency agency;
    grpc::Status status =
        Agencies()->GetAgency(WithHeader(OperatorHeader()).get(), request, &agency);
    if (!status.ok()) return absl::StrCat("error ", status.error_code());
    return agency.ShortDebugString();
  }

  std::string AgencyEtag(const std::string& id) const {
    av1::GetAgencyRequest request;
    request.set_name(absl::StrCat("agencies/", id));
    av1::Agency agency;
    grpc::Status status =
        Agencies()->GetAgency(WithHeader(OperatorHeader()).get(), request, &agency);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return agency.etag();
  }

  // The keys of an agency, revoked ones too, as the operator lists them.
  std::string KeysState(const std::string& agency) const {
    av1::ListApiKeysRequest request;
    request.set_agency(absl::StrCat("agencies/", agency));
    request.set_show_revoked(true);
    request.set_page_size(1000);
    av1::ListApiKeysResponse response;
    grpc::Status status =
        Credentials()->ListApiKeys(WithHeader(OperatorHeader()).get(), request, &response);
    if (!status.ok()) return absl::StrCat("error ", status.error_code());
    std::vector<std::string> keys;
    for (const av1::ApiKey& key : response.api_keys()) {
      keys.push_back(absl::StrCat(key.name(), key.has_revoke_time() ? " revoked" : ""));
    }
    return absl::StrJoin(keys, ", ");
  }

  std::string BindingsState() const {
    av1::ListCertificateBindingsRequest request;
    request.set_page_size(1000);
    av1::ListCertificateBindingsResponse response;
    grpc::Status status = Credentials()->ListCertificateBindings(WithHeader(OperatorHeader()).get(),
                                                                 request, &response);
    if (!status.ok()) return absl::StrCat("error ", status.error_code());
    std::vector<std::string> bindings;
    for (const av1::CertificateBinding& binding : response.bindings()) {
      bindings.push_back(absl::StrCat(binding.name(), "=", binding.subject()));
    }
    return absl::StrJoin(bindings, ", ");
  }

  // The audit events of `method` since `since`, as the operator lists them.
  std::vector<auditv1::AuditEvent> AuditEventsSince(const std::string& method,
                                                    absl::Time since) const {
    auto audit = auditv1::AuditService::NewStub(suite_->agencies()->NewChannel());
    auditv1::ListAuditEventsRequest request;
    request.set_method(method);
    *request.mutable_start_time() = time::ToTimestamp(since);
    request.set_page_size(1000);
    auditv1::ListAuditEventsResponse response;
    grpc::Status status =
        audit->ListAuditEvents(WithHeader(OperatorHeader()).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.events().begin(), response.events().end()};
  }

  static SecuredSuite* suite_;
  static std::map<std::string, std::string>* keys_;
};

SecuredSuite* AgenciesAccessTest::suite_ = nullptr;
std::map<std::string, std::string>* AgenciesAccessTest::keys_ = nullptr;

TEST_F(AgenciesAccessTest, KeysHaveTheRolesTheTableAssumes) {
  auto credentials = Credentials();
  const std::map<std::string, av1::Role> expected = {
      {"agency", av1::ROLE_AGENCY},
      {"coordinator", av1::ROLE_PROVINCIAL_COORDINATOR},
      {"ministry", av1::ROLE_MINISTRY}};
  for (const auto& [who, role] : expected) {
    av1::AuthenticateRequest request;
    request.set_api_key(Key(who));
    av1::Principal principal;
    grpc::Status status = credentials->Authenticate(WithHeader(Bearer(suite_->service_key())).get(),
                                                    request, &principal);
    ASSERT_TRUE(status.ok()) << who << ": " << status.error_message();
    EXPECT_EQ(principal.role(), role) << who;
  }
}

// One write of interplan-agencies, as the table runs it.
struct WriteCase {
  std::string method;  // the full method name, as audited
  // What PERMISSION_DENIED names.
  std::string denied_resource;
  // What the audit trail records as the resource: of a refused attempt,
  // and of the operator's write.
  std::string refused_audit_resource;
  std::function<std::string()> ok_audit_resource;
  std::function<grpc::Status(grpc::ClientContext*)> call;
  // What the write would change, read back with the operator's key.
  std::function<std::string()> state;
};

TEST_F(AgenciesAccessTest, EveryWriteIsTheOperatorsAndEveryAttemptIsAudited) {
  CreateTestAgency("access-test-target");
  CreateTestAgency("access-test-retiree");
  // A key to revoke and a certificate binding to delete.
  std::string victim_name;
  ASSERT_TRUE(
      suite_->CreateKey(kAgency, av1::ROLE_UNSPECIFIED, absl::InfiniteFuture(), &victim_name).ok());
  std::string doomed_binding;
  {
    av1::CreateCertificateBindingRequest request;
    request.mutable_binding()->set_subject("access-test-doomed");
    request.mutable_binding()->set_agency(absl::StrCat("agencies/", kAgency));
    av1::CertificateBinding binding;
    grpc::Status status = Credentials()->CreateCertificateBinding(
        WithHeader(OperatorHeader()).get(), request, &binding);
    ASSERT_TRUE(status.ok()) << status.error_message();
    doomed_binding = binding.name();
  }
  // What the operator's writes returned, for the audit check.
  std::string created_binding;

  const std::string agency_name = absl::StrCat("agencies/", kAgency);
  std::vector<WriteCase> cases;
  cases.push_back(
      {"/interplan.agencies.v1.UnitService/ImportUnits", "units", "units",
       [] { return std::string("units"); },
       [this](grpc::ClientContext* context) {
         av1::ImportUnitsRequest request;
         av1::UnitSnapshot* snapshot = request.add_snapshots();
         snapshot->set_snapshot_id("access-test-2099");
         *snapshot->mutable_valid_from() = Day(2099, 1, 1);
         av1::SnapshotUnit* unit = snapshot->add_units();
         unit->set_code("99");
         unit->set_display_name("Tỉnh Thử Nghiệm");
         unit->set_type_label("Tỉnh");
         request.set_request_id("access-test-import");
         av1::ImportUnitsResponse response;
         return Units()->ImportUnits(context, request, &response);
       },
       [this] {
         av1::GetUnitRequest request;
         request.set_name("units/99");
         *request.mutable_as_of() = Day(2099, 6, 1);
         av1::Unit unit;
         grpc::Status status = Units()->GetUnit(WithHeader(OperatorHeader()).get(), request, &unit);
         return status.ok() ? unit.ShortDebugString() : absl::StrCat("error ", status.error_code());
       }});
  cases.push_back({"/interplan.agencies.v1.AgencyService/CreateAgency", "agencies/access-test-new",
                   // The gate names a create's collection from the method until the
                   // write has named what it made.
                   "agency", [] { return std::string("agencies/access-test-new"); },
                   [this](grpc::ClientContext* context) {
                     av1::CreateAgencyRequest request;
                     request.set_agency_id("access-test-new");
                     request.mutable_agency()->set_display_name("Cơ quan mới");
                     request.mutable_agency()->set_kind(av1::AGENCY_KIND_OTHER);
                     request.set_request_id("access-test-create-agency");
                     av1::Agency agency;
                     return Agencies()->CreateAgency(context, request, &agency);
                   },
                   [this] { return AgencyState("access-test-new"); }});
  cases.push_back(
      {"/interplan.agencies.v1.AgencyService/BatchCreateAgencies", "agencies/access-test-batch-1",
       "agencies", [] { return std::string("agencies"); },
       [this](grpc::ClientContext* context) {
         av1::BatchCreateAgenciesRequest request;
         for (const char* id : {"access-test-batch-1", "access-test-batch-2"}) {
           av1::CreateAgencyRequest* one = request.add_requests();
           one->set_agency_id(id);
           one->mutable_agency()->set_display_name(absl::StrCat("Cơ quan ", id));
           one->mutable_agency()->set_kind(av1::AGENCY_KIND_OTHER);
         }
         request.set_request_id("access-test-batch-create");
         av1::BatchCreateAgenciesResponse response;
         return Agencies()->BatchCreateAgencies(context, request, &response);
       },
       [this] { return AgencyState("access-test-batch-1") + AgencyState("access-test-batch-2"); }});
  cases.push_back({"/interplan.agencies.v1.AgencyService/UpdateAgency",
                   "agencies/access-test-target", "agencies/access-test-target",
                   [] { return std::string("agencies/access-test-target"); },
                   [this](grpc::ClientContext* context) {
                     av1::UpdateAgencyRequest request;
                     request.mutable_agency()->set_name("agencies/access-test-target");
                     request.mutable_agency()->set_display_name("Cơ quan đã đổi tên");
                     request.mutable_agency()->set_etag(AgencyEtag("access-test-target"));
                     request.mutable_update_mask()->add_paths("display_name");
                     request.set_request_id("access-test-update-agency");
                     av1::Agency agency;
                     return Agencies()->UpdateAgency(context, request, &agency);
                   },
                   [this] { return AgencyState("access-test-target"); }});
  cases.push_back({"/interplan.agencies.v1.AgencyService/RetireAgency",
                   "agencies/access-test-retiree", "agencies/access-test-retiree",
                   [] { return std::string("agencies/access-test-retiree"); },
                   [this](grpc::ClientContext* context) {
                     av1::RetireAgencyRequest request;
                     request.set_name("agencies/access-test-retiree");
                     *request.mutable_valid_to() = Day(2026, 1, 31);
                     request.set_successor("agencies/access-test-target");
                     request.set_request_id("access-test-retire-agency");
                     av1::Agency agency;
                     return Agencies()->RetireAgency(context, request, &agency);
                   },
                   [this] { return AgencyState("access-test-retiree"); }});
  cases.push_back(
      {"/interplan.agencies.v1.CredentialService/CreateApiKey",
       absl::StrCat(agency_name, "/apiKeys"), agency_name, [agency_name] { return agency_name; },
       [this, agency_name](grpc::ClientContext* context) {
         av1::CreateApiKeyRequest request;
         request.set_agency(agency_name);
         request.set_display_name("access test: a key nobody may make but the operator");
         request.set_request_id("access-test-create-key");
         av1::CreateApiKeyResponse response;
         grpc::Status status = Credentials()->CreateApiKey(context, request, &response);
         if (!status.ok()) {
           EXPECT_EQ(response.secret(), "") << "a refused CreateApiKey leaks no secret";
         }
         return status;
       },
       [this] { return KeysState(kAgency); }});
  cases.push_back({"/interplan.agencies.v1.CredentialService/RevokeApiKey", victim_name,
                   victim_name, [victim_name] { return victim_name; },
                   [this, victim_name](grpc::ClientContext* context) {
                     av1::RevokeApiKeyRequest request;
                     request.set_name(victim_name);
                     request.set_request_id("access-test-revoke-key");
                     av1::ApiKey key;
                     return Credentials()->RevokeApiKey(context, request, &key);
                   },
                   [this] { return KeysState(kAgency); }});
  cases.push_back(
      {"/interplan.agencies.v1.CredentialService/CreateCertificateBinding", "certificateBindings",
       "certificatebinding", [&created_binding] { return created_binding; },
       [this, &created_binding](grpc::ClientContext* context) {
         av1::CreateCertificateBindingRequest request;
         request.mutable_binding()->set_subject("access-test-new-subject");
         request.mutable_binding()->set_agency(absl::StrCat("agencies/", kAgency));
         request.set_request_id("access-test-create-binding");
         av1::CertificateBinding binding;
         grpc::Status status = Credentials()->CreateCertificateBinding(context, request, &binding);
         if (status.ok()) created_binding = binding.name();
         return status;
       },
       [this] { return BindingsState(); }});
  cases.push_back({"/interplan.agencies.v1.CredentialService/DeleteCertificateBinding",
                   doomed_binding, doomed_binding, [doomed_binding] { return doomed_binding; },
                   [this, doomed_binding](grpc::ClientContext* context) {
                     av1::DeleteCertificateBindingRequest request;
                     request.set_name(doomed_binding);
                     av1::CertificateBinding binding;
                     return Credentials()->DeleteCertificateBinding(context, request, &binding);
                   },
                   [this] { return BindingsState(); }});

  const std::vector<Caller> refused = RefusedWriters();
  for (const WriteCase& write : cases) {
    SCOPED_TRACE(write.method);
    // The audit query's start is inclusive; a margin for the clock's grain.
    const absl::Time started = absl::Now() - absl::Milliseconds(1);
    const std::string before = write.state();
    for (const Caller& caller : refused) {
      grpc::Status status = write.call(WithHeader(caller.header).get());
      if (caller.expected == grpc::StatusCode::PERMISSION_DENIED) {
        ExpectDeniedNaming(status, write.denied_resource, caller.label);
      } else {
        EXPECT_EQ(status.error_code(), caller.expected)
            << caller.label << ": " << status.error_message();
      }
      EXPECT_EQ(write.state(), before) << caller.label << " changed something";
    }
    grpc::Status status = write.call(WithHeader(OperatorHeader()).get());
    ASSERT_TRUE(status.ok()) << "operator: " << status.error_message();
    EXPECT_NE(write.state(), before) << "the read-back does not see the operator's write";

    // The audit trail: every attempt, with its outcome and who made it.
    std::vector<auditv1::AuditEvent> events = AuditEventsSince(write.method, started);
    std::multiset<std::string> outcomes, refused_roles;
    for (const auditv1::AuditEvent& event : events) {
      outcomes.insert(event.outcome());
      EXPECT_EQ(event.method(), write.method);
      if (event.outcome() == "OK") {
        EXPECT_EQ(event.resource(), write.ok_audit_resource());
        EXPECT_EQ(event.role(), "OPERATOR");
        EXPECT_NE(event.credential(), "");
      } else {
        EXPECT_EQ(event.resource(), write.refused_audit_resource) << event.ShortDebugString();
        EXPECT_NE(event.message(), "") << event.ShortDebugString();
        if (event.outcome() == "PERMISSION_DENIED") {
          refused_roles.insert(event.role());
          EXPECT_NE(event.credential(), "") << event.ShortDebugString();
        } else {
          EXPECT_EQ(event.credential(), "") << event.ShortDebugString();
        }
      }
    }
    EXPECT_EQ(outcomes.count("OK"), 1u);
    EXPECT_EQ(outcomes.count("UNAUTHENTICATED"), 5u);
    EXPECT_EQ(outcomes.count("PERMISSION_DENIED"), 4u);
    EXPECT_EQ(events.size(), refused.size() + 1);
    EXPECT_EQ(refused_roles, (std::multiset<std::string>{"AGENCY", "PROVINCIAL_COORDINATOR",
                                                         "MINISTRY", "SERVICE"}));
  }
  // The agency and ministry events say which agency tried.
  std::vector<auditv1::AuditEvent> updates =
      AuditEventsSince("/interplan.agencies.v1.AgencyService/UpdateAgency", absl::InfinitePast());
  std::set<std::string> agencies_refused;
  for (const auditv1::AuditEvent& event : updates) {
    if (event.outcome() == "PERMISSION_DENIED") agencies_refused.insert(event.agency());
  }
  EXPECT_EQ(agencies_refused, (std::set<std::string>{"", absl::StrCat("agencies/", kAgency),
                                                     absl::StrCat("agencies/", kCoordinator),
                                                     absl::StrCat("agencies/", kMinistry)}));
}

TEST_F(AgenciesAccessTest, UnitsAndAgenciesAreReadByAnyAuthenticatedCaller) {
  for (const std::string& header :
       {Bearer(Key("agency")), Bearer(Key("coordinator")), Bearer(Key("ministry")),
        Bearer(suite_->service_key()), OperatorHeader()}) {
    av1::ListUnitsRequest list_units;
    av1::ListUnitsResponse units;
    grpc::Status status = Units()->ListUnits(WithHeader(header).get(), list_units, &units);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_GT(units.units_size(), 0);

    av1::GetUnitRequest get_unit;
    get_unit.set_name("units/51");
    *get_unit.mutable_as_of() = Day(2024, 1, 1);
    av1::Unit unit;
    status = Units()->GetUnit(WithHeader(header).get(), get_unit, &unit);
    ASSERT_TRUE(status.ok()) << status.error_message();

    av1::GetAgencyRequest get_agency;
    get_agency.set_name(absl::StrCat("agencies/", kCoordinator));
    av1::Agency agency;
    status = Agencies()->GetAgency(WithHeader(header).get(), get_agency, &agency);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(agency.name(), get_agency.name());

    av1::ListAgenciesRequest list_agencies;
    list_agencies.set_query("quang ngai");
    av1::ListAgenciesResponse agencies;
    status = Agencies()->ListAgencies(WithHeader(header).get(), list_agencies, &agencies);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_GT(agencies.agencies_size(), 0);
  }
  for (const std::string& header : {std::string(), std::string("Bearer ipk_not-a-key"),
                                    Bearer(Key("revoked")), Bearer(Key("expired"))}) {
    av1::GetAgencyRequest request;
    request.set_name(absl::StrCat("agencies/", kAgency));
    av1::Agency agency;
    grpc::Status status = Agencies()->GetAgency(WithHeader(header).get(), request, &agency);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << header << ": " << status.error_message();
  }
}

TEST_F(AgenciesAccessTest, CredentialListingsAreTheOperatorsAlone) {
  const std::string agency_keys = absl::StrCat("agencies/", kAgency, "/apiKeys");
  for (const char* who : {"agency", "coordinator", "ministry", "service"}) {
    const std::string header =
        Bearer(who == std::string("service") ? suite_->service_key() : Key(who));
    av1::ListApiKeysRequest own;
    own.set_agency(absl::StrCat("agencies/", kAgency));
    av1::ListApiKeysResponse keys;
    grpc::Status status = Credentials()->ListApiKeys(WithHeader(header).get(), own, &keys);
    ExpectDeniedNaming(status, agency_keys, who);
    EXPECT_EQ(keys.api_keys_size(), 0) << who;

    status = Credentials()->ListApiKeys(WithHeader(header).get(), {}, &keys);
    ExpectDeniedNaming(status, "apiKeys", who);

    av1::ListCertificateBindingsResponse bindings;
    status = Credentials()->ListCertificateBindings(WithHeader(header).get(), {}, &bindings);
    ExpectDeniedNaming(status, "certificateBindings", who);
  }
  av1::ListApiKeysRequest request;
  request.set_agency(absl::StrCat("agencies/", kAgency));
  av1::ListApiKeysResponse keys;
  grpc::Status status =
      Credentials()->ListApiKeys(WithHeader(OperatorHeader()).get(), request, &keys);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_GT(keys.api_keys_size(), 0);
  av1::ListCertificateBindingsResponse bindings;
  status =
      Credentials()->ListCertificateBindings(WithHeader(OperatorHeader()).get(), {}, &bindings);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(AgenciesAccessTest, AuthenticateAnswersServicesAndTheOperatorOnly) {
  auto credentials = Credentials();
  av1::AuthenticateRequest about_key;
  about_key.set_api_key(Key("agency"));
  av1::AuthenticateRequest about_subject;
  about_subject.set_certificate_subject("some-subject");
  for (const char* who : {"agency", "coordinator", "ministry"}) {
    av1::Principal principal;
    grpc::Status status =
        credentials->Authenticate(WithHeader(Bearer(Key(who))).get(), about_key, &principal);
    ExpectDeniedNaming(status, "apiKeys", who);
    EXPECT_EQ(principal.credential(), "") << who;
    status =
        credentials->Authenticate(WithHeader(Bearer(Key(who))).get(), about_subject, &principal);
    ExpectDeniedNaming(status, "certificateBindings", who);
  }
  for (const std::string& header :
       {std::string(), std::string("Bearer ipk_not-a-key"), Bearer(Key("revoked"))}) {
    av1::Principal principal;
    grpc::Status status =
        credentials->Authenticate(WithHeader(header).get(), about_key, &principal);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << header << ": " << status.error_message();
  }
  for (const std::string& header : {Bearer(suite_->service_key()), OperatorHeader()}) {
    av1::Principal principal;
    grpc::Status status =
        credentials->Authenticate(WithHeader(header).get(), about_key, &principal);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(principal.agency(), absl::StrCat("agencies/", kAgency));
    EXPECT_EQ(principal.role(), av1::ROLE_AGENCY);
    EXPECT_EQ(principal.unit(), "units/51");
  }
  // What a service learns of a revoked key: refused, at once.
  av1::AuthenticateRequest about_revoked;
  about_revoked.set_api_key(Key("revoked"));
  av1::Principal principal;
  grpc::Status status = credentials->Authenticate(WithHeader(Bearer(suite_->service_key())).get(),
                                                  about_revoked, &principal);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("revoked"));
}

TEST_F(AgenciesAccessTest, PlansStillAuthenticatesItsCallersThroughAgencies) {
  auto plans = plans::v1::PlanService::NewStub(suite_->plans()->NewChannel());
  for (const char* who : {"agency", "coordinator", "ministry"}) {
    plans::v1::ListPlansRequest request;
    plans::v1::ListPlansResponse response;
    grpc::Status status = plans->ListPlans(WithHeader(Bearer(Key(who))).get(), request, &response);
    EXPECT_TRUE(status.ok()) << who << ": " << status.error_message();
  }
  for (const std::string& header : {std::string(), std::string("Bearer ipk_not-a-key"),
                                    Bearer(Key("revoked")), Bearer(Key("expired"))}) {
    plans::v1::ListPlansRequest request;
    plans::v1::ListPlansResponse response;
    grpc::Status status = plans->ListPlans(WithHeader(header).get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << header << ": " << status.error_message();
  }
}

// Runs a shell command in `dir`, its output appended to openssl.log; true
// when it exits 0.
bool RunIn(const std::string& dir, const std::string& command) {
  const std::string line = absl::StrCat("cd '", dir, "' && ", command, " >>openssl.log 2>&1");
  return std::system(line.c_str()) == 0;
}

// A CA (<name>.pem, <name>.key), made with the real openssl command.
bool MakeCa(const std::string& dir, const std::string& name) {
  return RunIn(dir, absl::StrCat("openssl req -x509 -newkey ec -pkeyopt "
                                 "ec_paramgen_curve:prime256v1 -nodes -days 2 -subj '/CN=",
                                 name, "' -keyout ", name, ".key -out ", name, ".pem"));
}

// <name>.pem and <name>.key signed by <ca>: a server certificate for
// localhost, or a client certificate whose common name is `subject`.
bool MakeCertificate(const std::string& dir, const std::string& ca, const std::string& name,
                     const std::string& subject, bool server) {
  const std::string extensions =
      server ? "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
             : "extendedKeyUsage=clientAuth\n";
  return RunIn(dir, absl::StrCat("printf '", extensions, "' > ", name, ".ext")) &&
         RunIn(dir, absl::StrCat("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                                 "-nodes -subj '/CN=",
                                 subject, "' -keyout ", name, ".key -out ", name, ".csr")) &&
         RunIn(dir, absl::StrCat("openssl x509 -req -in ", name, ".csr -CA ", ca, ".pem -CAkey ",
                                 ca, ".key -CAcreateserial -days 2 -out ", name, ".pem -extfile ",
                                 name, ".ext"));
}

TEST(AgenciesMutualTlsTest, ACertificateOfTheClientCaIsItsAgencyAndOneOfAnotherCaIsRefused) {
  absl::StatusOr<std::string> made = testing::MakeTempDir("agencies-mtls");
  ASSERT_TRUE(made.ok()) << made.status();
  const std::string dir = *made;
  absl::Cleanup remove_dir = [dir] { testing::RemoveTree(dir); };
  // The intruder's certificate carries the bound subject: only its issuer
  // differs.
  const std::string subject = "mtls-test-system";
  ASSERT_TRUE(MakeCa(dir, "ca") && MakeCa(dir, "other-ca") &&
              MakeCertificate(dir, "ca", "server", "localhost", /*server=*/true) &&
              MakeCertificate(dir, "ca", "client", subject, /*server=*/false) &&
              MakeCertificate(dir, "other-ca", "intruder", subject, /*server=*/false))
      << testing::ReadFileOrEmpty(absl::StrCat(dir, "/openssl.log"));
  auto file = [&dir](const std::string& name) { return absl::StrCat(dir, "/", name); };

  // The start-up health probe dials with the suite's client TLS settings.
  setenv("INTERPLAN_TLS_CA_FILE", file("ca.pem").c_str(), 1);
  setenv("INTERPLAN_TLS_SERVER_NAME", "localhost", 1);
  absl::StatusOr<std::unique_ptr<ServiceProcess>> agencies =
      ServiceProcess::Start({.service = "agencies",
                             .extra_args = {"--auth=on", "--credential_cache_ttl=1s",
                                            absl::StrCat("--tls_cert_file=", file("server.pem")),
                                            absl::StrCat("--tls_key_file=", file("server.key")),
                                            absl::StrCat("--tls_client_ca_file=", file("ca.pem"))},
                             .env = {{"INTERPLAN_BOOTSTRAP_KEY_FILE", file("operator.key")}}});
  unsetenv("INTERPLAN_TLS_CA_FILE");
  unsetenv("INTERPLAN_TLS_SERVER_NAME");
  ASSERT_TRUE(agencies.ok()) << agencies.status();
  std::string operator_key = testing::ReadFileOrEmpty(file("operator.key"));
  while (!operator_key.empty() && operator_key.back() == '\n') operator_key.pop_back();
  ASSERT_FALSE(operator_key.empty());

  // A channel trusting the first CA, presenting `client`'s certificate
  // ("" for none).
  auto channel = [&](const std::string& client) {
    auth::ClientTlsFiles files{.ca_file = file("ca.pem"), .server_name = "localhost"};
    if (!client.empty()) {
      files.cert_file = file(client + ".pem");
      files.key_file = file(client + ".key");
    }
    absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
        auth::ChannelCredentialsFrom(files);
    EXPECT_TRUE(credentials.ok()) << credentials.status();
    grpc::ChannelArguments args;
    args.SetSslTargetNameOverride("localhost");
    return grpc::CreateCustomChannel((*agencies)->address(), *credentials, args);
  };
  const std::string operator_header = Bearer(operator_key);
  auto as_operator = av1::AgencyService::NewStub(channel(""));
  {
    av1::CreateAgencyRequest request;
    request.set_agency_id("mtls-test-agency");
    request.mutable_agency()->set_display_name("Cơ quan thử nghiệm mTLS");
    request.mutable_agency()->set_kind(av1::AGENCY_KIND_OTHER);
    av1::Agency agency;
    grpc::Status status =
        as_operator->CreateAgency(WithHeader(operator_header).get(), request, &agency);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  std::string binding_name;
  {
    av1::CreateCertificateBindingRequest request;
    request.mutable_binding()->set_subject(subject);
    request.mutable_binding()->set_agency("agencies/mtls-test-agency");
    av1::CertificateBinding binding;
    grpc::Status status =
        av1::CredentialService::NewStub(channel(""))
            ->CreateCertificateBinding(WithHeader(operator_header).get(), request, &binding);
    ASSERT_TRUE(status.ok()) << status.error_message();
    binding_name = binding.name();
  }
  auto agency_state = [&] {
    av1::GetAgencyRequest request;
    request.set_name("agencies/mtls-test-agency");
    av1::Agency agency;
    grpc::Status status =
        as_operator->GetAgency(WithHeader(operator_header).get(), request, &agency);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return agency.ShortDebugString();
  };
  auto rename = [](av1::AgencyService::Stub& stub, const std::string& header) {
    av1::UpdateAgencyRequest request;
    request.mutable_agency()->set_name("agencies/mtls-test-agency");
    request.mutable_agency()->set_display_name("Đổi tên qua mTLS");
    request.mutable_update_mask()->add_paths("display_name");
    av1::Agency agency;
    return stub.UpdateAgency(WithHeader(header).get(), request, &agency);
  };
  const std::string before = agency_state();

  // The certificate of the first CA: no key, and the call is its agency's.
  auto as_client = av1::AgencyService::NewStub(channel("client"));
  av1::GetAgencyRequest get;
  get.set_name("agencies/mtls-test-agency");
  av1::Agency agency;
  grpc::Status status = as_client->GetAgency(WithHeader("").get(), get, &agency);
  ASSERT_TRUE(status.ok()) << status.error_message();
  status = rename(*as_client, "");
  ExpectDeniedNaming(status, "agencies/mtls-test-agency", "bound certificate");
  EXPECT_THAT(status.error_message(), HasSubstr("agencies/mtls-test-agency"));
  auto audit = auditv1::AuditService::NewStub(channel(""));
  auditv1::ListAuditEventsRequest by_binding;
  by_binding.set_credential(binding_name);
  auditv1::ListAuditEventsResponse events;
  status = audit->ListAuditEvents(WithHeader(operator_header).get(), by_binding, &events);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(events.events_size(), 1);
  EXPECT_EQ(events.events(0).agency(), "agencies/mtls-test-agency");
  EXPECT_EQ(events.events(0).role(), "AGENCY");
  EXPECT_EQ(events.events(0).outcome(), "PERMISSION_DENIED");

  // The same subject signed by another CA: the handshake fails, whatever
  // else the call carries (here the operator's own key).
  auto as_intruder = av1::AgencyService::NewStub(channel("intruder"));
  status = as_intruder->GetAgency(WithHeader("").get(), get, &agency);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  status = rename(*as_intruder, operator_header);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_EQ(agency_state(), before);
  auditv1::ListAuditEventsRequest updates;
  updates.set_method("/interplan.agencies.v1.AgencyService/UpdateAgency");
  status = audit->ListAuditEvents(WithHeader(operator_header).get(), updates, &events);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(events.events_size(), 1) << "only the bound certificate's attempt reached the server";

  // And the operator's key over a good channel does write: the read-back
  // sees writes.
  status = rename(*as_operator, operator_header);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_NE(agency_state(), before);
}

}  // namespace
}  // namespace interplan
