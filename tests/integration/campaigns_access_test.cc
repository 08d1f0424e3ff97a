// Who may write and read campaigns, through the real binaries with
// authentication on (SecuredSuite): the ministry creates the 2025 Action
// Month (national), Quảng Ngãi's Home Affairs department a provincial
// campaign, and agencies of Quảng Ngãi and Đồng Nai, a commune of Quảng
// Ngãi and a national body record activities with their own keys.
//
// Every write method (CreateCampaign, RecordActivity, CorrectActivity) is
// tried with no credential, a malformed one, a revoked key and an expired
// key (UNAUTHENTICATED), with keys that may not write what they ask for:
// another province's, a commune's outside its commune, a province's for a
// national campaign, the ministry's in another's name, another province's
// in its own name into Quảng Ngãi's unit, the operator's and a service's
// (PERMISSION_DENIED naming what was refused), and with the key that may
// (OK). After each call everything the ministry can read is read
// back: a refusal changed nothing. Each attempt has its audit event.
//
// Reads: activities and summaries of the Action Month as the ministry, a
// provincial coordinator, a province-level agency, a commune's agency and
// a national body see them, worked out by hand from the activities below.
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/time/validity.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "interplan/audit/v1/audit.grpc.pb.h"
#include "interplan/campaigns/v1/campaigns.grpc.pb.h"
#include "tests/support/action_month_request.h"
#include "tests/support/secured_suite.h"
#include "tests/support/secured_suite_test.h"

namespace interplan {
namespace {

namespace v1 = campaigns::v1;
using testing::CallAs;
using testing::CodeName;
using ::testing::ElementsAreArray;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAreArray;
using time::DayToProto;

constexpr char kActionMonth[] = "campaigns/action-month-2025";
constexpr char kProvincial[] = "campaigns/qn-tuyen-truyen-2025";
// A commune's People's Committee the test registers (the reference data
// has none since the 2025 reform): an AGENCY whose jurisdiction is one
// commune of Quảng Ngãi.
using testing::kCommuneAgency;

// An activity of the tables below; `day` is its start and end.
struct Spec {
  std::string label;
  std::string key_of;  // whose key records it (an agency id)
  std::string organiser;
  std::string unit;  // a commune code of the 2025-07 list
  absl::CivilDay day;
  int64_t female, male, unspecified, reached, spend;
};

v1::Activity ActivityOf(const Spec& spec) {
  v1::Activity a;
  a.set_organiser(absl::StrCat("agencies/", spec.organiser));
  a.set_unit(absl::StrCat("units/", spec.unit));
  a.set_type(v1::ACTIVITY_TYPE_FORUM);
  a.set_title(absl::StrCat("Hoạt động ", spec.label));
  DayToProto(spec.day, a.mutable_start_date());
  DayToProto(spec.day, a.mutable_end_date());
  a.mutable_participants()->set_female(spec.female);
  a.mutable_participants()->set_male(spec.male);
  a.mutable_participants()->set_unspecified(spec.unspecified);
  a.set_people_reached(spec.reached);
  a.set_spend_vnd(spec.spend);
  return a;
}

// The Action Month 2025 (15/11 - 15/12), units of the 2025-07 list:
// Xã Bình Sơn (21040), Phường Nghĩa Lộ (21028) and Phường Kon Tum (23293)
// in Quảng Ngãi (51); Phường Trảng Dài (25993) in Đồng Nai (75).
std::vector<Spec> ActionMonthActivities() {
  return {
      {"qn-binh-son", "quang-ngai-so-noi-vu", "quang-ngai-so-noi-vu", "21040",
       absl::CivilDay(2025, 11, 20), 30, 20, 0, 500, 10'000'000},
      {"qn-nghia-lo", "quang-ngai-ubnd", "quang-ngai-ubnd", "21028", absl::CivilDay(2025, 11, 25),
       12, 8, 0, 200, 4'000'000},
      {"xa-binh-son", kCommuneAgency, kCommuneAgency, "21040", absl::CivilDay(2025, 12, 1), 40, 25,
       5, 900, 2'500'000},
      {"dn-trang-dai", "dong-nai-so-noi-vu", "dong-nai-so-noi-vu", "25993",
       absl::CivilDay(2025, 11, 18), 50, 50, 0, 1000, 9'000'000},
      // A national body's own activity, held in Đồng Nai.
      {"vu-bdg-trang-dai", "moha-vu-cttn-bdg", "moha-vu-cttn-bdg", "25993",
       absl::CivilDay(2025, 12, 3), 7, 3, 0, 60, 1'200'000},
      // The ministry's own, held in Quảng Ngãi.
      {"moha-kon-tum", "moha", "moha", "23293", absl::CivilDay(2025, 12, 10), 20, 10, 0, 300,
       6'000'000},
  };
}

// The provincial campaign's, recorded by Quảng Ngãi's Home Affairs
// department: one as itself, one for the province's People's Committee.
std::vector<Spec> ProvincialActivities() {
  return {
      {"p-binh-son", "quang-ngai-so-noi-vu", "quang-ngai-so-noi-vu", "21040",
       absl::CivilDay(2025, 12, 2), 10, 10, 0, 100, 1'000'000},
      {"p-nghia-lo", "quang-ngai-so-noi-vu", "quang-ngai-ubnd", "21028",
       absl::CivilDay(2025, 12, 4), 5, 5, 0, 50, 500'000},
  };
}

class CampaignsAccessTest : public testing::SecuredSuiteTest<CampaignsAccessTest> {
 public:
  // For SecuredSuiteTest.
  static testing::SecuredSuiteOptions Options() { return {.plans = true, .campaigns = true}; }

  static std::string Load() {
    names_ = new std::map<std::string, std::string>;
    grpc::Status status;
    if (absl::Status made =
            suite_->MakeKeys({"moha", "quang-ngai-so-noi-vu", "quang-ngai-ubnd",
                              "dong-nai-so-noi-vu", "moha-vu-cttn-bdg", kCommuneAgency});
        !made.ok()) {
      return made.ToString();
    }
    // Quảng Ngãi's department's keys that no longer work: one revoked,
    // one expired (seconds from now; the tests wait it out).
    if (absl::Status made = suite_->MakeUnusableKeys("quang-ngai-so-noi-vu", &ListCampaignsAs);
        !made.ok()) {
      return made.ToString();
    }

    // The Action Month, by the ministry.
    v1::Campaign campaign;
    status = Stub()->CreateCampaign(CallAs(Key("moha")).get(), testing::ActionMonthRequest(2025),
                                    &campaign);
    if (!status.ok()) return absl::StrCat("Action Month: ", status.error_message());

    // The provincial campaign, by Quảng Ngãi's Home Affairs department.
    v1::CreateCampaignRequest provincial = ProvincialCampaign(
        "qn-tuyen-truyen-2025", "quang-ngai-so-noi-vu", "access-provincial-campaign");
    status =
        Stub()->CreateCampaign(CallAs(Key("quang-ngai-so-noi-vu")).get(), provincial, &campaign);
    if (!status.ok()) return absl::StrCat("provincial campaign: ", status.error_message());

    for (const auto& [parent, specs] : {std::pair{kActionMonth, ActionMonthActivities()},
                                        std::pair{kProvincial, ProvincialActivities()}}) {
      for (const Spec& spec : specs) {
        v1::RecordActivityRequest request;
        request.set_parent(parent);
        request.set_request_id(absl::StrCat("access-seed-", spec.label));
        *request.mutable_activity() = ActivityOf(spec);
        v1::Activity activity;
        status = Stub()->RecordActivity(CallAs(Key(spec.key_of)).get(), request, &activity);
        if (!status.ok()) return absl::StrCat("record ", spec.label, ": ", status.error_message());
        (*names_)[spec.label] = activity.name();
      }
    }
    return "";
  }

 protected:
  static std::unique_ptr<v1::CampaignService::Stub> Stub() {
    return v1::CampaignService::NewStub(suite_->campaigns()->NewChannel());
  }

  static const std::string& Name(const std::string& label) { return names_->at(label); }

  // The agency ("agencies/x") of each key made in Load(); "" for the
  // operator's and the service's.
  static std::map<std::string, std::string> AgencyOfKeys() {
    std::map<std::string, std::string> agency_of = {{suite_->operator_key(), ""},
                                                    {suite_->service_key(), ""}};
    for (const std::string agency : {"moha", "quang-ngai-so-noi-vu", "quang-ngai-ubnd",
                                     "dong-nai-so-noi-vu", "moha-vu-cttn-bdg", kCommuneAgency}) {
      agency_of[Key(agency)] = absl::StrCat("agencies/", agency);
    }
    return agency_of;
  }

  static absl::Status ListCampaignsAs(const std::string& key) {
    v1::ListCampaignsResponse response;
    grpc::Status status =
        Stub()->ListCampaigns(CallAs(key).get(), v1::ListCampaignsRequest(), &response);
    return status.ok()
               ? absl::OkStatus()
               : absl::InternalError(absl::StrCat("ListCampaigns: ", status.error_message()));
  }

  // A one-off campaign of Quảng Ngãi (units/51), 1-31 December 2025.
  static v1::CreateCampaignRequest ProvincialCampaign(const std::string& id,
                                                      const std::string& organiser,
                                                      const std::string& request_id) {
    v1::CreateCampaignRequest request;
    request.set_campaign_id(id);
    request.set_request_id(request_id);
    v1::Campaign* c = request.mutable_campaign();
    c->set_display_name(absl::StrCat("Đợt tuyên truyền bình đẳng giới tỉnh Quảng Ngãi ", id));
    c->set_kind(v1::CAMPAIGN_KIND_OTHER);
    c->set_organiser(absl::StrCat("agencies/", organiser));
    c->set_scope("units/51");
    DayToProto(absl::CivilDay(2025, 12, 1), c->mutable_start_date());
    DayToProto(absl::CivilDay(2025, 12, 31), c->mutable_end_date());
    return request;
  }

  // A national one-off campaign: Vietnamese Women's Day 2025.
  static v1::CreateCampaignRequest NationalCampaign(const std::string& id,
                                                    const std::string& organiser,
                                                    const std::string& request_id) {
    v1::CreateCampaignRequest request;
    request.set_campaign_id(id);
    request.set_request_id(request_id);
    v1::Campaign* c = request.mutable_campaign();
    c->set_display_name(absl::StrCat("Ngày Phụ nữ Việt Nam 20/10/2025 ", id));
    c->set_kind(v1::CAMPAIGN_KIND_COMMEMORATIVE_DAY);
    c->set_organiser(absl::StrCat("agencies/", organiser));
    DayToProto(absl::CivilDay(2025, 10, 20), c->mutable_start_date());
    DayToProto(absl::CivilDay(2025, 10, 20), c->mutable_end_date());
    return request;
  }

  // Everything the ministry reads: each campaign, and each activity of
  // each as it is now (version, organiser, unit, figures).
  static std::vector<std::string> State() {
    std::vector<std::string> state;
    auto stub = Stub();
    v1::ListCampaignsRequest list;
    list.set_page_size(1000);
    v1::ListCampaignsResponse campaigns;
    grpc::Status status = stub->ListCampaigns(CallAs(Key("moha")).get(), list, &campaigns);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const v1::Campaign& campaign : campaigns.campaigns()) {
      state.push_back(campaign.ShortDebugString());
      for (const v1::Activity& activity : Activities(Key("moha"), campaign.name())) {
        state.push_back(activity.ShortDebugString());
      }
    }
    return state;
  }

  // ListActivities of `parent` as `key`, every page (two a page); the
  // call's status in `status`.
  static std::vector<v1::Activity> Activities(const std::string& key, const std::string& parent,
                                              const std::string& unit = "",
                                              grpc::Status* status_out = nullptr) {
    v1::ListActivitiesRequest request;
    request.set_parent(parent);
    request.set_unit(unit);
    request.set_page_size(2);
    std::vector<v1::Activity> activities;
    auto stub = Stub();
    for (int page = 0; page < 100; ++page) {
      v1::ListActivitiesResponse response;
      grpc::Status status = stub->ListActivities(CallAs(key).get(), request, &response);
      if (status_out != nullptr) *status_out = status;
      if (!status.ok()) {
        if (status_out == nullptr) ADD_FAILURE() << status.error_message();
        break;
      }
      activities.insert(activities.end(), response.activities().begin(),
                        response.activities().end());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return activities;
  }

  // The names of the Action Month's activities `key` lists (labels of
  // ActionMonthActivities()).
  static std::vector<std::string> ListedLabels(const std::string& key,
                                               const std::string& unit = "") {
    std::map<std::string, std::string> label_of;
    for (const auto& [label, name] : *names_) label_of[name] = label;
    std::vector<std::string> labels;
    for (const v1::Activity& a : Activities(key, kActionMonth, unit)) {
      labels.push_back(label_of.count(a.name()) ? label_of[a.name()] : a.name());
    }
    return labels;
  }

  void SetUp() override {
    SecuredSuiteTest::SetUp();
    if (HasFatalFailure()) return;
    stub_ = Stub();
  }

  static std::map<std::string, std::string>* names_;  // activity names by label
  std::unique_ptr<v1::CampaignService::Stub> stub_;
};

std::map<std::string, std::string>* CampaignsAccessTest::names_ = nullptr;

constexpr char kCreate[] = "/interplan.campaigns.v1.CampaignService/CreateCampaign";
constexpr char kRecord[] = "/interplan.campaigns.v1.CampaignService/RecordActivity";
constexpr char kCorrect[] = "/interplan.campaigns.v1.CampaignService/CorrectActivity";

// One attempted write: who (a key, or a raw authorization value), what,
// and what must come of it.
struct WriteCase {
  std::string label;
  std::string method;
  std::string key;            // "" with no authorization metadata
  std::string authorization;  // a raw value instead of "Bearer <key>"
  std::function<grpc::Status(v1::CampaignService::Stub&, grpc::ClientContext*,
                             const std::string& request_id)>
      send;
  grpc::StatusCode code;
  // PERMISSION_DENIED: the resource its message names first.
  std::string resource;
  // The audit event's role ("" when unauthenticated).
  std::string role;
};

// Every audit event of interplan-campaigns, as the ministry lists them.
std::vector<audit::v1::AuditEvent> AuditEvents(testing::SecuredSuite& suite,
                                               const std::string& ministry_key,
                                               const std::string& method) {
  auto audit = audit::v1::AuditService::NewStub(suite.campaigns()->NewChannel());
  audit::v1::ListAuditEventsRequest request;
  request.set_method(method);
  request.set_page_size(1000);
  std::vector<audit::v1::AuditEvent> events;
  for (int page = 0; page < 100; ++page) {
    audit::v1::ListAuditEventsResponse response;
    grpc::Status status = audit->ListAuditEvents(CallAs(ministry_key).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    events.insert(events.end(), response.events().begin(), response.events().end());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  return events;
}

// What `after` holds that `before` did not ("+ ...") and the reverse
// ("- ..."), for a readable failure.
std::string Changes(const std::vector<std::string>& before, const std::vector<std::string>& after) {
  std::string out;
  for (const std::string& line : after) {
    if (std::find(before.begin(), before.end(), line) == before.end()) {
      absl::StrAppend(&out, "\n+ ", line);
    }
  }
  for (const std::string& line : before) {
    if (std::find(after.begin(), after.end(), line) == after.end()) {
      absl::StrAppend(&out, "\n- ", line);
    }
  }
  return out;
}

// Runs `cases` in order, reading everything back after each, then finds
// each attempt's audit event by its request id.
// `agency_of_key` names the agency of each key a case presents, for the
// audit events' callers.
void RunWriteCases(testing::SecuredSuite& suite, const std::string& ministry_key,
                   const std::vector<WriteCase>& cases, const std::string& prefix,
                   const std::function<std::vector<std::string>()>& state_of,
                   const std::map<std::string, std::string>& agency_of_key) {
  auto stub = v1::CampaignService::NewStub(suite.campaigns()->NewChannel());
  std::vector<std::string> state = state_of();
  for (size_t i = 0; i < cases.size(); ++i) {
    const WriteCase& c = cases[i];
    SCOPED_TRACE(c.label);
    std::unique_ptr<grpc::ClientContext> context = CallAs(c.key);
    if (!c.authorization.empty()) context->AddMetadata("authorization", c.authorization);
    grpc::Status status = c.send(*stub, context.get(), absl::StrCat(prefix, i));
    EXPECT_EQ(status.error_code(), c.code) << status.error_message();
    if (c.code == grpc::StatusCode::PERMISSION_DENIED) {
      EXPECT_THAT(status.error_message(), StartsWith(c.resource + ": "));
    }
    std::vector<std::string> now = state_of();
    if (c.code == grpc::StatusCode::OK) {
      EXPECT_NE(now, state) << "the write changed nothing";
      state = now;
    } else {
      EXPECT_TRUE(now == state) << "a refused write changed what the ministry reads:"
                                << Changes(state, now);
    }
  }
  // The audit trail holds each attempt once, with its outcome and caller.
  std::map<std::string, std::vector<audit::v1::AuditEvent>> by_request;
  for (const char* method : {kCreate, kRecord, kCorrect}) {
    for (const audit::v1::AuditEvent& event : AuditEvents(suite, ministry_key, method)) {
      by_request[event.request_id()].push_back(event);
    }
  }
  for (size_t i = 0; i < cases.size(); ++i) {
    const WriteCase& c = cases[i];
    SCOPED_TRACE(c.label);
    const std::vector<audit::v1::AuditEvent>& events = by_request[absl::StrCat(prefix, i)];
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].method(), c.method);
    EXPECT_EQ(events[0].outcome(), CodeName(c.code));
    EXPECT_EQ(events[0].role(), c.role);
    EXPECT_EQ(events[0].credential().empty(), c.role.empty());
    if (!c.role.empty()) {
      // The real caller: the agency of the key presented.
      EXPECT_EQ(events[0].agency(), agency_of_key.at(c.key));
    }
    if (c.code == grpc::StatusCode::OK) {
      EXPECT_THAT(events[0].resource(), StartsWith("campaigns/"));
    }
  }
}

TEST_F(CampaignsAccessTest, EveryWriteMethodWritesOnlyWhatTheCallerMay) {
  // The expired key must be past its expiry.
  suite_->WaitForExpiredKey();
  using Code = grpc::StatusCode;
  const std::string qn = Key("quang-ngai-so-noi-vu");
  const std::string dn = Key("dong-nai-so-noi-vu");
  const std::string commune = Key(kCommuneAgency);
  const std::string moha = Key("moha");

  // What each method is sent: Quảng Ngãi's department's own request,
  // which it may make; the rows vary who sends it.
  // Creates the campaign `build` makes: create_provincial(id, organiser).
  using Build = v1::CreateCampaignRequest (*)(const std::string& id, const std::string& organiser,
                                              const std::string& request_id);
  auto creating = [](Build build) {
    return [build](const std::string& id, const std::string& organiser) {
      return [build, id, organiser](v1::CampaignService::Stub& stub, grpc::ClientContext* context,
                                    const std::string& request_id) {
        v1::Campaign campaign;
        return stub.CreateCampaign(context, build(id, organiser, request_id), &campaign);
      };
    };
  };
  const auto create_provincial = creating(&ProvincialCampaign);
  const auto create_national = creating(&NationalCampaign);
  // Records in the provincial campaign: `organiser`'s activity in `unit`.
  auto record = [](const std::string& organiser, const std::string& unit) {
    return [organiser, unit](v1::CampaignService::Stub& stub, grpc::ClientContext* context,
                             const std::string& request_id) {
      v1::RecordActivityRequest request;
      request.set_parent(kProvincial);
      request.set_request_id(request_id);
      *request.mutable_activity() = ActivityOf(
          {"new", "", organiser, unit, absl::CivilDay(2025, 12, 8), 3, 4, 0, 20, 300'000});
      v1::Activity activity;
      return stub.RecordActivity(context, request, &activity);
    };
  };
  // Corrects the provincial activity `label`: its spend, nothing else.
  auto correct = [](const std::string& label) {
    return [label](v1::CampaignService::Stub& stub, grpc::ClientContext* context,
                   const std::string& request_id) {
      Spec spec;
      for (const Spec& s : ProvincialActivities()) {
        if (s.label == label) spec = s;
      }
      spec.spend += 111'000;
      v1::CorrectActivityRequest request;
      *request.mutable_activity() = ActivityOf(spec);
      request.mutable_activity()->set_name(Name(label));
      request.set_reason("Bổ sung chi phí in tài liệu");
      request.set_request_id(request_id);
      v1::Activity activity;
      return stub.CorrectActivity(context, request, &activity);
    };
  };
  const std::string p_binh_son = Name("p-binh-son");
  const std::string p_nghia_lo = Name("p-nghia-lo");
  const std::string activities = absl::StrCat(kProvincial, "/activities");

  const std::vector<WriteCase> cases = {
      // CreateCampaign.
      {"create: no credential", kCreate, "", "", create_provincial("qn-a", "quang-ngai-so-noi-vu"),
       Code::UNAUTHENTICATED},
      {"create: malformed", kCreate, "", "Bearer not a key",
       create_provincial("qn-a", "quang-ngai-so-noi-vu"), Code::UNAUTHENTICATED},
      {"create: unknown key", kCreate, "ipk_0000000000_unknownsecret", "",
       create_provincial("qn-a", "quang-ngai-so-noi-vu"), Code::UNAUTHENTICATED},
      {"create: revoked", kCreate, Key("revoked"), "",
       create_provincial("qn-a", "quang-ngai-so-noi-vu"), Code::UNAUTHENTICATED},
      {"create: expired", kCreate, Key("expired"), "",
       create_provincial("qn-a", "quang-ngai-so-noi-vu"), Code::UNAUTHENTICATED},
      {"create: another province's key", kCreate, dn, "",
       create_provincial("qn-a", "quang-ngai-so-noi-vu"), Code::PERMISSION_DENIED, "campaigns/qn-a",
       "PROVINCIAL_COORDINATOR"},
      {"create: another province's key, as itself for this province", kCreate, dn, "",
       create_provincial("qn-a", "dong-nai-so-noi-vu"), Code::PERMISSION_DENIED, "campaigns/qn-a",
       "PROVINCIAL_COORDINATOR"},
      {"create: a commune's key for the province", kCreate, commune, "",
       create_provincial("qn-a", "quang-ngai-so-noi-vu"), Code::PERMISSION_DENIED, "campaigns/qn-a",
       "AGENCY"},
      {"create: the ministry in a province's name", kCreate, moha, "",
       create_provincial("qn-a", "quang-ngai-so-noi-vu"), Code::PERMISSION_DENIED, "campaigns/qn-a",
       "MINISTRY"},
      {"create: a province's key, national campaign", kCreate, qn, "",
       create_national("national-a", "quang-ngai-so-noi-vu"), Code::PERMISSION_DENIED,
       "campaigns/national-a", "PROVINCIAL_COORDINATOR"},
      {"create: a province's agency, national campaign", kCreate, Key("quang-ngai-ubnd"), "",
       create_national("national-a", "quang-ngai-ubnd"), Code::PERMISSION_DENIED,
       "campaigns/national-a", "AGENCY"},
      {"create: operator", kCreate, suite_->operator_key(), "",
       create_provincial("qn-a", "quang-ngai-so-noi-vu"), Code::PERMISSION_DENIED, "campaigns/qn-a",
       "OPERATOR"},
      {"create: operator, national campaign", kCreate, suite_->operator_key(), "",
       create_national("national-a", "moha"), Code::PERMISSION_DENIED, "campaigns/national-a",
       "OPERATOR"},
      {"create: service", kCreate, suite_->service_key(), "",
       create_provincial("qn-a", "quang-ngai-so-noi-vu"), Code::PERMISSION_DENIED, "campaigns/qn-a",
       "SERVICE"},
      {"create: the province's department, for its People's Committee", kCreate, qn, "",
       create_provincial("qn-a", "quang-ngai-ubnd"), Code::OK, "", "PROVINCIAL_COORDINATOR"},
      {"create: the ministry, national campaign", kCreate, moha, "",
       create_national("national-a", "moha"), Code::OK, "", "MINISTRY"},

      // RecordActivity (in the provincial campaign).
      {"record: no credential", kRecord, "", "", record("quang-ngai-ubnd", "21028"),
       Code::UNAUTHENTICATED},
      {"record: malformed", kRecord, "", "Bearer", record("quang-ngai-ubnd", "21028"),
       Code::UNAUTHENTICATED},
      {"record: revoked", kRecord, Key("revoked"), "", record("quang-ngai-ubnd", "21028"),
       Code::UNAUTHENTICATED},
      {"record: expired", kRecord, Key("expired"), "", record("quang-ngai-ubnd", "21028"),
       Code::UNAUTHENTICATED},
      {"record: another province's key", kRecord, dn, "", record("quang-ngai-ubnd", "21028"),
       Code::PERMISSION_DENIED, activities, "PROVINCIAL_COORDINATOR"},
      {"record: another province's key, as itself in this province", kRecord, dn, "",
       record("dong-nai-so-noi-vu", "21028"), Code::PERMISSION_DENIED, activities,
       "PROVINCIAL_COORDINATOR"},
      {"record: a commune's key, another commune", kRecord, commune, "",
       record("quang-ngai-ubnd", "21028"), Code::PERMISSION_DENIED, activities, "AGENCY"},
      {"record: the ministry in a province's name", kRecord, moha, "",
       record("quang-ngai-ubnd", "21028"), Code::PERMISSION_DENIED, activities, "MINISTRY"},
      {"record: operator", kRecord, suite_->operator_key(), "", record("quang-ngai-ubnd", "21028"),
       Code::PERMISSION_DENIED, activities, "OPERATOR"},
      {"record: service", kRecord, suite_->service_key(), "", record("quang-ngai-ubnd", "21028"),
       Code::PERMISSION_DENIED, activities, "SERVICE"},
      {"record: the province's department", kRecord, qn, "", record("quang-ngai-ubnd", "21028"),
       Code::OK, "", "PROVINCIAL_COORDINATOR"},
      {"record: the commune, in its commune", kRecord, commune, "",
       record("quang-ngai-so-noi-vu", "21040"), Code::OK, "", "AGENCY"},

      // CorrectActivity (of the provincial campaign's activities).
      {"correct: no credential", kCorrect, "", "", correct("p-binh-son"), Code::UNAUTHENTICATED},
      {"correct: malformed", kCorrect, "", "Basic cXVhbmc6bmdhaQ==", correct("p-binh-son"),
       Code::UNAUTHENTICATED},
      {"correct: revoked", kCorrect, Key("revoked"), "", correct("p-binh-son"),
       Code::UNAUTHENTICATED},
      {"correct: expired", kCorrect, Key("expired"), "", correct("p-binh-son"),
       Code::UNAUTHENTICATED},
      {"correct: another province's key", kCorrect, dn, "", correct("p-binh-son"),
       Code::PERMISSION_DENIED, p_binh_son, "PROVINCIAL_COORDINATOR"},
      {"correct: a commune's key, another commune", kCorrect, commune, "", correct("p-nghia-lo"),
       Code::PERMISSION_DENIED, p_nghia_lo, "AGENCY"},
      {"correct: the ministry", kCorrect, moha, "", correct("p-binh-son"), Code::PERMISSION_DENIED,
       p_binh_son, "MINISTRY"},
      {"correct: operator", kCorrect, suite_->operator_key(), "", correct("p-binh-son"),
       Code::PERMISSION_DENIED, p_binh_son, "OPERATOR"},
      {"correct: service", kCorrect, suite_->service_key(), "", correct("p-binh-son"),
       Code::PERMISSION_DENIED, p_binh_son, "SERVICE"},
      {"correct: the province's department", kCorrect, qn, "", correct("p-binh-son"), Code::OK, "",
       "PROVINCIAL_COORDINATOR"},
      {"correct: the province's department, for its People's Committee", kCorrect, qn, "",
       correct("p-nghia-lo"), Code::OK, "", "PROVINCIAL_COORDINATOR"},
  };
  RunWriteCases(*suite_, moha, cases, "access-write-", State, AgencyOfKeys());

  // What the successes wrote.
  v1::Campaign campaign;
  v1::GetCampaignRequest get;
  get.set_name("campaigns/qn-a");
  ASSERT_TRUE(stub_->GetCampaign(CallAs(moha).get(), get, &campaign).ok());
  EXPECT_EQ(campaign.organiser(), "agencies/quang-ngai-ubnd");
  get.set_name("campaigns/national-a");
  ASSERT_TRUE(stub_->GetCampaign(CallAs(moha).get(), get, &campaign).ok());
  EXPECT_EQ(campaign.scope(), "");
  v1::GetActivityRequest activity_request;
  activity_request.set_name(p_binh_son);
  v1::Activity activity;
  ASSERT_TRUE(stub_->GetActivity(CallAs(moha).get(), activity_request, &activity).ok());
  EXPECT_EQ(activity.version(), 2);
  EXPECT_EQ(activity.spend_vnd(), 1'111'000);
  EXPECT_EQ(activity.recorded_by().rfind("agencies/quang-ngai-so-noi-vu/apiKeys/", 0), 0u)
      << activity.recorded_by();
}

TEST_F(CampaignsAccessTest, NobodyTakesOverAnotherProvincesActivity) {
  const std::string dn = Key("dong-nai-so-noi-vu");
  const std::string qn_activity = Name("qn-binh-son");
  const std::string dn_activity = Name("dn-trang-dai");
  const std::vector<Spec> specs = ActionMonthActivities();
  auto spec_of = [&](const std::string& label) {
    return *std::find_if(specs.begin(), specs.end(),
                         [&](const Spec& s) { return s.label == label; });
  };
  // A correction is checked against the activity as stored and as sent.
  auto correct_as = [](const std::string& name, Spec content) {
    return [name, content](v1::CampaignService::Stub& stub, grpc::ClientContext* context,
                           const std::string& request_id) {
      v1::CorrectActivityRequest request;
      *request.mutable_activity() = ActivityOf(content);
      request.mutable_activity()->set_name(name);
      request.set_reason("Chuyển hoạt động");
      request.set_request_id(request_id);
      v1::Activity activity;
      return stub.CorrectActivity(context, request, &activity);
    };
  };
  // Quảng Ngãi's activity rewritten as Đồng Nai's own, in Đồng Nai.
  Spec as_dong_nai = spec_of("qn-binh-son");
  as_dong_nai.organiser = "dong-nai-so-noi-vu";
  as_dong_nai.unit = "25993";
  // Đồng Nai's own activity moved into Quảng Ngãi's name.
  Spec into_quang_ngai = spec_of("dn-trang-dai");
  into_quang_ngai.organiser = "quang-ngai-so-noi-vu";
  into_quang_ngai.unit = "21040";
  // Đồng Nai's own activity moved into Quảng Ngãi, still in its own name:
  // held there, it counts in Đồng Nai with the place as its venue.
  Spec own_into_quang_ngai = spec_of("dn-trang-dai");
  own_into_quang_ngai.unit = "21040";
  auto record_own_in_quang_ngai = [&](v1::CampaignService::Stub& stub, grpc::ClientContext* context,
                                      const std::string& request_id) {
    v1::RecordActivityRequest request;
    request.set_parent(kActionMonth);
    request.set_request_id(request_id);
    *request.mutable_activity() = ActivityOf(own_into_quang_ngai);
    v1::Activity activity;
    return stub.RecordActivity(context, request, &activity);
  };
  auto record_for_quang_ngai = [&](v1::CampaignService::Stub& stub, grpc::ClientContext* context,
                                   const std::string& request_id) {
    v1::RecordActivityRequest request;
    request.set_parent(kActionMonth);
    request.set_request_id(request_id);
    *request.mutable_activity() = ActivityOf(spec_of("qn-nghia-lo"));
    v1::Activity activity;
    return stub.RecordActivity(context, request, &activity);
  };
  const std::vector<WriteCase> cases = {
      {"take over Quảng Ngãi's activity", kCorrect, dn, "", correct_as(qn_activity, as_dong_nai),
       grpc::StatusCode::PERMISSION_DENIED, qn_activity, "PROVINCIAL_COORDINATOR"},
      {"move its own into Quảng Ngãi's name", kCorrect, dn, "",
       correct_as(dn_activity, into_quang_ngai), grpc::StatusCode::PERMISSION_DENIED, dn_activity,
       "PROVINCIAL_COORDINATOR"},
      {"record for Quảng Ngãi", kRecord, dn, "", record_for_quang_ngai,
       grpc::StatusCode::PERMISSION_DENIED, absl::StrCat(kActionMonth, "/activities"),
       "PROVINCIAL_COORDINATOR"},
      {"record its own activity in Quảng Ngãi's unit, as itself", kRecord, dn, "",
       record_own_in_quang_ngai, grpc::StatusCode::PERMISSION_DENIED,
       absl::StrCat(kActionMonth, "/activities"), "PROVINCIAL_COORDINATOR"},
      {"move its own activity into Quảng Ngãi's unit, as itself", kCorrect, dn, "",
       correct_as(dn_activity, own_into_quang_ngai), grpc::StatusCode::PERMISSION_DENIED,
       dn_activity, "PROVINCIAL_COORDINATOR"},
      {"a commune correcting a national body's activity elsewhere", kCorrect, Key(kCommuneAgency),
       "", correct_as(Name("vu-bdg-trang-dai"), spec_of("vu-bdg-trang-dai")),
       grpc::StatusCode::PERMISSION_DENIED, Name("vu-bdg-trang-dai"), "AGENCY"},
  };
  RunWriteCases(*suite_, Key("moha"), cases, "access-takeover-", State, AgencyOfKeys());

  // Quảng Ngãi's first activity, sent again under its own request id: a
  // retry is answered only to who may make it, so refused to Đồng Nai,
  // and answered to Quảng Ngãi with what it recorded (nothing twice).
  std::vector<std::string> before = State();
  for (const auto& [key, code] : {std::pair{dn, grpc::StatusCode::PERMISSION_DENIED},
                                  std::pair{Key("quang-ngai-so-noi-vu"), grpc::StatusCode::OK}}) {
    SCOPED_TRACE(code);
    v1::Activity activity;
    v1::RecordActivityRequest request;
    request.set_parent(kActionMonth);
    request.set_request_id("access-seed-qn-binh-son");
    *request.mutable_activity() = ActivityOf(spec_of("qn-binh-son"));
    grpc::Status status = stub_->RecordActivity(CallAs(key).get(), request, &activity);
    EXPECT_EQ(status.error_code(), code) << status.error_message();
    if (status.ok()) {
      EXPECT_EQ(activity.name(), qn_activity);
    } else {
      EXPECT_THAT(status.error_message(), StartsWith(qn_activity + ": "));
      EXPECT_EQ(activity.name(), "");
    }
  }
  const std::vector<std::string> after = State();
  EXPECT_TRUE(after == before) << Changes(before, after);
}

// Sums of the Action Month's activities labelled `labels`.
struct Sums {
  int64_t activities = 0, female = 0, male = 0, unspecified = 0, total = 0, reached = 0, spend = 0;
  bool operator==(const Sums&) const = default;
};

Sums SumOf(const std::vector<std::string>& labels) {
  Sums sums;
  for (const Spec& spec : ActionMonthActivities()) {
    if (std::find(labels.begin(), labels.end(), spec.label) == labels.end()) continue;
    ++sums.activities;
    sums.female += spec.female;
    sums.male += spec.male;
    sums.unspecified += spec.unspecified;
    sums.total += spec.female + spec.male + spec.unspecified;
    sums.reached += spec.reached;
    sums.spend += spec.spend;
  }
  return sums;
}

Sums SumsOf(const v1::CampaignFigures& figures) {
  const v1::Participants& p = figures.participants();
  return {figures.activities(),     p.female(),         p.male(), p.unspecified(), p.total(),
          figures.people_reached(), figures.spend_vnd()};
}

std::ostream& operator<<(std::ostream& out, const Sums& s) {
  return out << s.activities << " activities, " << s.female << "/" << s.male << "/" << s.unspecified
             << "/" << s.total << ", reached " << s.reached << ", spend " << s.spend;
}

TEST_F(CampaignsAccessTest, ActivitiesAreListedWithinTheCallersScope) {
  const std::vector<std::string> all = {"qn-binh-son",  "qn-nghia-lo",      "xa-binh-son",
                                        "dn-trang-dai", "vu-bdg-trang-dai", "moha-kon-tum"};
  const std::vector<std::string> quang_ngai = {"qn-binh-son", "qn-nghia-lo", "xa-binh-son",
                                               "moha-kon-tum"};
  const std::vector<std::string> dong_nai = {"dn-trang-dai", "vu-bdg-trang-dai"};
  // Everything, for those who read everything.
  EXPECT_THAT(ListedLabels(Key("moha")), UnorderedElementsAreArray(all));
  EXPECT_THAT(ListedLabels(suite_->operator_key()), UnorderedElementsAreArray(all));
  EXPECT_THAT(ListedLabels(suite_->service_key()), UnorderedElementsAreArray(all));
  // A province's coordinator and a province-level agency: the province,
  // whoever organised (the ministry's own activity in Kon Tum included).
  EXPECT_THAT(ListedLabels(Key("quang-ngai-so-noi-vu")), UnorderedElementsAreArray(quang_ngai));
  EXPECT_THAT(ListedLabels(Key("quang-ngai-ubnd")), UnorderedElementsAreArray(quang_ngai));
  EXPECT_THAT(ListedLabels(Key("dong-nai-so-noi-vu")), UnorderedElementsAreArray(dong_nai));
  // A commune's agency: its commune.
  EXPECT_THAT(ListedLabels(Key(kCommuneAgency)),
              UnorderedElementsAreArray({"qn-binh-son", "xa-binh-son"}));
  // A national body with no unit: what it organised.
  EXPECT_THAT(ListedLabels(Key("moha-vu-cttn-bdg")), ElementsAreArray({"vu-bdg-trang-dai"}));

  // A unit inside the scope: its subtree.
  EXPECT_THAT(ListedLabels(Key("quang-ngai-so-noi-vu"), "units/21040"),
              UnorderedElementsAreArray({"qn-binh-son", "xa-binh-son"}));
  EXPECT_THAT(ListedLabels(Key(kCommuneAgency), "units/21040"),
              UnorderedElementsAreArray({"qn-binh-son", "xa-binh-son"}));
  // A unit outside it: refused, naming the unit.
  for (const auto& [who, unit] :
       std::vector<std::pair<std::string, std::string>>{{"quang-ngai-so-noi-vu", "units/75"},
                                                        {"quang-ngai-so-noi-vu", "units/25993"},
                                                        {kCommuneAgency, "units/51"},
                                                        {kCommuneAgency, "units/21028"},
                                                        {"moha-vu-cttn-bdg", "units/25993"}}) {
    SCOPED_TRACE(absl::StrCat(who, " ", unit));
    grpc::Status status;
    std::vector<v1::Activity> listed = Activities(Key(who), kActionMonth, unit, &status);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_THAT(status.error_message(), StartsWith(unit + ": "));
    EXPECT_TRUE(listed.empty());
  }

  // One activity at a time, the same way.
  struct Get {
    std::string who, label;
    bool allowed;
  };
  for (const Get& get : std::vector<Get>{{"moha", "dn-trang-dai", true},
                                         {"quang-ngai-so-noi-vu", "moha-kon-tum", true},
                                         {"quang-ngai-so-noi-vu", "dn-trang-dai", false},
                                         {"dong-nai-so-noi-vu", "qn-binh-son", false},
                                         {kCommuneAgency, "qn-binh-son", true},
                                         {kCommuneAgency, "qn-nghia-lo", false},
                                         {"moha-vu-cttn-bdg", "vu-bdg-trang-dai", true},
                                         {"moha-vu-cttn-bdg", "dn-trang-dai", false}}) {
    SCOPED_TRACE(absl::StrCat(get.who, " ", get.label));
    v1::GetActivityRequest request;
    request.set_name(Name(get.label));
    v1::Activity activity;
    grpc::Status status = stub_->GetActivity(CallAs(Key(get.who)).get(), request, &activity);
    if (get.allowed) {
      ASSERT_TRUE(status.ok()) << status.error_message();
      EXPECT_EQ(activity.name(), Name(get.label));
    } else {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
      EXPECT_THAT(status.error_message(), StartsWith(Name(get.label) + ": "));
    }
  }

  // Campaign records are public to every authenticated caller.
  for (const char* who : {"moha-vu-cttn-bdg", "dong-nai-so-noi-vu", kCommuneAgency}) {
    SCOPED_TRACE(who);
    v1::GetCampaignRequest get;
    get.set_name(kProvincial);
    v1::Campaign campaign;
    EXPECT_TRUE(stub_->GetCampaign(CallAs(Key(who)).get(), get, &campaign).ok());
    v1::ListCampaignsResponse listed;
    ASSERT_TRUE(
        stub_->ListCampaigns(CallAs(Key(who)).get(), v1::ListCampaignsRequest(), &listed).ok());
    std::set<std::string> names;
    for (const v1::Campaign& c : listed.campaigns()) names.insert(c.name());
    EXPECT_TRUE(names.count(kActionMonth) && names.count(kProvincial));
  }
  // Without a credential, nothing at all.
  v1::ListActivitiesRequest anonymous;
  anonymous.set_parent(kActionMonth);
  v1::ListActivitiesResponse none;
  EXPECT_EQ(stub_->ListActivities(CallAs("").get(), anonymous, &none).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(CampaignsAccessTest, SummariesAreNarrowedToTheCallersScope) {
  auto summarize = [&](const std::string& key, const std::string& unit, grpc::Status* status,
                       const std::string& campaign = "") {
    v1::SummarizeCampaignRequest request;
    if (campaign.empty()) {
      request.set_kind(v1::CAMPAIGN_KIND_ACTION_MONTH_GENDER_EQUALITY);
      request.set_year(2025);
    } else {
      request.set_campaign(campaign);
    }
    request.set_unit(unit);
    v1::CampaignSummary summary;
    *status = stub_->SummarizeCampaign(CallAs(key).get(), request, &summary);
    return summary;
  };
  struct Expected {
    std::string who, unit;   // the caller and the unit it names
    std::string summarised;  // the unit the answer is for ("" the nation)
    std::vector<std::string> labels;
    // Child unit code -> its activities.
    std::map<std::string, std::vector<std::string>> children;
  };
  const std::vector<Expected> expected = {
      {"moha",
       "",
       "",
       {"qn-binh-son", "qn-nghia-lo", "xa-binh-son", "dn-trang-dai", "vu-bdg-trang-dai",
        "moha-kon-tum"},
       {{"51", {"qn-binh-son", "qn-nghia-lo", "xa-binh-son", "moha-kon-tum"}},
        {"75", {"dn-trang-dai", "vu-bdg-trang-dai"}}}},
      {"quang-ngai-so-noi-vu",
       "",
       "units/51",
       {"qn-binh-son", "qn-nghia-lo", "xa-binh-son", "moha-kon-tum"},
       {{"21040", {"qn-binh-son", "xa-binh-son"}},
        {"21028", {"qn-nghia-lo"}},
        {"23293", {"moha-kon-tum"}}}},
      {"quang-ngai-ubnd",
       "",
       "units/51",
       {"qn-binh-son", "qn-nghia-lo", "xa-binh-son", "moha-kon-tum"},
       {{"21040", {"qn-binh-son", "xa-binh-son"}},
        {"21028", {"qn-nghia-lo"}},
        {"23293", {"moha-kon-tum"}}}},
      {kCommuneAgency, "", "units/21040", {"qn-binh-son", "xa-binh-son"}, {}},
      {"dong-nai-so-noi-vu",
       "",
       "units/75",
       {"dn-trang-dai", "vu-bdg-trang-dai"},
       {{"25993", {"dn-trang-dai", "vu-bdg-trang-dai"}}}},
      {"quang-ngai-so-noi-vu", "units/21040", "units/21040", {"qn-binh-son", "xa-binh-son"}, {}},
      {"moha",
       "units/75",
       "units/75",
       {"dn-trang-dai", "vu-bdg-trang-dai"},
       {{"25993", {"dn-trang-dai", "vu-bdg-trang-dai"}}}},
      // The nation again after the narrowed answers: the memo of
      // summaries never hands one caller's answer to another.
      {"moha",
       "",
       "",
       {"qn-binh-son", "qn-nghia-lo", "xa-binh-son", "dn-trang-dai", "vu-bdg-trang-dai",
        "moha-kon-tum"},
       {{"51", {"qn-binh-son", "qn-nghia-lo", "xa-binh-son", "moha-kon-tum"}},
        {"75", {"dn-trang-dai", "vu-bdg-trang-dai"}}}},
      {"quang-ngai-so-noi-vu",
       "",
       "units/51",
       {"qn-binh-son", "qn-nghia-lo", "xa-binh-son", "moha-kon-tum"},
       {{"21040", {"qn-binh-son", "xa-binh-son"}},
        {"21028", {"qn-nghia-lo"}},
        {"23293", {"moha-kon-tum"}}}},
  };
  for (const Expected& e : expected) {
    SCOPED_TRACE(absl::StrCat(e.who, " asking for \"", e.unit, "\""));
    grpc::Status status;
    v1::CampaignSummary summary = summarize(Key(e.who), e.unit, &status);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(summary.unit(), e.summarised);
    EXPECT_EQ(SumsOf(summary.current()), SumOf(e.labels));
    std::map<std::string, Sums> children;
    for (const auto& child : summary.current().children()) {
      children[child.unit()] = {child.activities(),
                                child.participants().female(),
                                child.participants().male(),
                                child.participants().unspecified(),
                                child.participants().total(),
                                child.people_reached(),
                                child.spend_vnd()};
    }
    std::map<std::string, Sums> expected_children;
    for (const auto& [code, labels] : e.children) {
      expected_children[absl::StrCat("units/", code)] = SumOf(labels);
    }
    EXPECT_EQ(children, expected_children);
  }

  // Units outside the scope, and callers with no unit to summarise.
  struct Refused {
    std::string who, unit, campaign, resource;
  };
  for (const Refused& r :
       std::vector<Refused>{{"quang-ngai-so-noi-vu", "units/75", "", "units/75"},
                            {"quang-ngai-so-noi-vu", "units/25993", "", "units/25993"},
                            {kCommuneAgency, "units/51", "", "units/51"},
                            {"dong-nai-so-noi-vu", "units/51", "", "units/51"},
                            {"moha-vu-cttn-bdg", "", "", kActionMonth},
                            {"moha-vu-cttn-bdg", "units/25993", "", "units/25993"},
                            // Quảng Ngãi's own campaign, for Đồng Nai: nothing of it is its.
                            {"dong-nai-so-noi-vu", "", kProvincial, "units/51"}}) {
    SCOPED_TRACE(absl::StrCat(r.who, " asking for \"", r.unit, "\" of \"", r.campaign, "\""));
    grpc::Status status;
    v1::CampaignSummary summary = summarize(Key(r.who), r.unit, &status, r.campaign);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << summary.DebugString();
    EXPECT_THAT(status.error_message(), StartsWith(r.resource + ": "));
  }

  // The provincial campaign: its coordinator sees all of it, a commune
  // its commune.
  grpc::Status status;
  v1::CampaignSummary whole = summarize(Key("quang-ngai-so-noi-vu"), "", &status, kProvincial);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(whole.unit(), "units/51");
  v1::CampaignSummary commune = summarize(Key(kCommuneAgency), "", &status, kProvincial);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(commune.unit(), "units/21040");
  EXPECT_LT(commune.current().activities(), whole.current().activities());
  for (const auto& child : whole.current().children()) {
    if (child.unit() == "units/21040") {
      EXPECT_EQ(commune.current().activities(), child.activities());
      EXPECT_EQ(commune.current().spend_vnd(), child.spend_vnd());
    }
  }
}

}  // namespace
}  // namespace interplan
