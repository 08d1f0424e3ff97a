// The campaigns service through its real binaries: interplan-agencies loaded
// with the reference data, interplan-plans holding the five seed plans,
// interplan-campaigns, and the `interplan` client creating the recurring
// Action Month for 2019-2025 and recording activities in several provinces
// and communes from JSON-lines files. Summaries (the client's and
// SummarizeCampaign's), the previous year beside them and the units without
// activity are checked against sums worked out by hand; the same files sent
// again record nothing twice.
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/api/enum_names.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "interplan/campaigns/v1/campaigns.grpc.pb.h"
#include "tests/support/action_month_request.h"
#include "tests/support/suite_processes.h"

namespace interplan {
namespace {

namespace v1 = campaigns::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::ServiceProcess;
using ::testing::UnorderedElementsAreArray;

std::unique_ptr<grpc::ClientContext> Call() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  return context;
}

// What an activity needs; `day` is its start and end.
struct Spec {
  std::string request_id;
  int year;
  std::string organiser;
  std::string unit;
  v1::ActivityType type;
  absl::CivilDay day;
  int64_t female = 0;
  int64_t male = 0;
  int64_t unspecified = 0;
  int64_t total = 0;
  int64_t reached = 0;
  int64_t media = 0;
  int64_t spend = 0;
  std::string title;
};

v1::RecordActivityRequest RequestOf(const Spec& spec) {
  v1::RecordActivityRequest request;
  request.set_parent(absl::StrCat("campaigns/action-month-", spec.year));
  request.set_request_id(spec.request_id);
  v1::Activity* a = request.mutable_activity();
  a->set_organiser(spec.organiser);
  a->set_unit(spec.unit);
  a->set_type(spec.type);
  a->set_title(spec.title);
  for (auto* date : {a->mutable_start_date(), a->mutable_end_date()}) {
    date->set_year(static_cast<int>(spec.day.year()));
    date->set_month(spec.day.month());
    date->set_day(spec.day.day());
  }
  v1::Participants* p = a->mutable_participants();
  p->set_female(spec.female);
  p->set_male(spec.male);
  p->set_unspecified(spec.unspecified);
  p->set_total(spec.total);
  a->set_people_reached(spec.reached);
  a->set_media_items(spec.media);
  a->set_spend_vnd(spec.spend);
  return request;
}

// 2023, Quảng Ngãi: the city of Quảng Ngãi (district 522) and Thị trấn Châu
// Ổ (commune 21040 of Bình Sơn, district 524).
std::vector<Spec> Activities2023() {
  return {
      {"it-2023-1", 2023, "agencies/quang-ngai-tp-quang-ngai-ubnd", "units/522",
       v1::ACTIVITY_TYPE_FORUM, absl::CivilDay(2023, 11, 20), 30, 20, 5, 60, 500, 2, 10000000,
       "Diễn đàn bình đẳng giới thành phố Quảng Ngãi 2023"},
      {"it-2023-2", 2023, "agencies/quang-ngai-binh-son-ubnd", "units/21040",
       v1::ACTIVITY_TYPE_TRAINING, absl::CivilDay(2023, 12, 1), 10, 10, 0, 20, 100, 0, 2000000,
       "Tập huấn tại thị trấn Châu Ổ 2023"},
  };
}

// 2024: Quảng Ngãi (Châu Ổ, Bình Sơn district, Tư Nghĩa district and its
// Thị trấn La Hà, the province itself), Lai Châu (two wards of the city of
// Lai Châu, 105, and Thị trấn Mường Tè, 107), Đồng Nai (Phường Trảng Dài
// of Biên Hòa, 731).
std::vector<Spec> Activities2024() {
  return {
      {"it-2024-qn-1", 2024, "agencies/quang-ngai-binh-son-ubnd", "units/21040",
       v1::ACTIVITY_TYPE_GRASSROOTS_EVENT, absl::CivilDay(2024, 11, 22), 120, 80, 10, 215, 3000, 4,
       15000000, "Mít tinh tại thị trấn Châu Ổ 2024"},
      {"it-2024-qn-2", 2024, "agencies/quang-ngai-binh-son-ubnd", "units/524",
       v1::ACTIVITY_TYPE_TRAINING, absl::CivilDay(2024, 11, 26), 25, 15, 0, 40, 40, 0, 8000000,
       "Tập huấn cán bộ huyện Bình Sơn 2024"},
      {"it-2024-qn-3", 2024, "agencies/quang-ngai-tu-nghia-ubnd", "units/528",
       v1::ACTIVITY_TYPE_FORUM, absl::CivilDay(2024, 12, 2), 40, 35, 5, 80, 600, 1, 12500000,
       "Diễn đàn huyện Tư Nghĩa 2024"},
      {"it-2024-qn-4", 2024, "agencies/quang-ngai-tu-nghia-ubnd", "units/21235",
       v1::ACTIVITY_TYPE_MEDIA_ITEM, absl::CivilDay(2024, 12, 10), 0, 0, 0, 0, 25000, 12, 3000000,
       "Phát thanh tại thị trấn La Hà 2024"},
      {"it-2024-qn-5", 2024, "agencies/quang-ngai-so-ldtbxh", "units/51",
       v1::ACTIVITY_TYPE_HOME_VISIT, absl::CivilDay(2024, 12, 15), 12, 3, 0, 15, 15, 0, 4500000,
       "Thăm hỏi nạn nhân bạo lực gia đình Quảng Ngãi 2024"},
      {"it-2024-lc-1", 2024, "agencies/lai-chau-bvstbpn", "units/03386", v1::ACTIVITY_TYPE_FORUM,
       absl::CivilDay(2024, 11, 19), 45, 30, 0, 75, 400, 1, 6000000,
       "Đối thoại tại phường Quyết Thắng 2024"},
      {"it-2024-lc-2", 2024, "agencies/lai-chau-so-ldtbxh", "units/03388",
       v1::ACTIVITY_TYPE_HOME_VISIT, absl::CivilDay(2024, 11, 28), 6, 2, 0, 8, 8, 0, 1500000,
       "Thăm hỏi tại phường Quyết Tiến 2024"},
      {"it-2024-lc-3", 2024, "agencies/lai-chau-bvstbpn", "units/03433", v1::ACTIVITY_TYPE_CONTEST,
       absl::CivilDay(2024, 12, 5), 80, 60, 12, 160, 900, 3, 10000000,
       "Hội thi tại thị trấn Mường Tè 2024"},
      {"it-2024-dn-1", 2024, "agencies/bien-hoa-ubnd", "units/25993", v1::ACTIVITY_TYPE_FORUM,
       absl::CivilDay(2024, 11, 15), 50, 50, 0, 100, 1000, 0, 9000000,
       "Diễn đàn tại phường Trảng Dài 2024"},
  };
}

// 2025, the new Quảng Ngãi: Xã Bình Sơn (21040), Phường Kon Tum (23293,
// formerly Kon Tum province), Phường Nghĩa Lộ (21028), the province.
std::vector<Spec> Activities2025() {
  return {
      {"it-2025-1", 2025, "agencies/quang-ngai-so-noi-vu", "units/21040",
       v1::ACTIVITY_TYPE_GRASSROOTS_EVENT, absl::CivilDay(2025, 11, 18), 200, 150, 0, 350, 5000, 2,
       20000000, "Mít tinh tại xã Bình Sơn 2025"},
      {"it-2025-2", 2025, "agencies/quang-ngai-so-noi-vu", "units/23293", v1::ACTIVITY_TYPE_FORUM,
       absl::CivilDay(2025, 11, 25), 30, 30, 0, 60, 300, 0, 6000000,
       "Diễn đàn tại phường Kon Tum 2025"},
      {"it-2025-3", 2025, "agencies/quang-ngai-ubnd", "units/21028", v1::ACTIVITY_TYPE_TRAINING,
       absl::CivilDay(2025, 12, 3), 15, 10, 5, 30, 30, 0, 5000000,
       "Tập huấn tại phường Nghĩa Lộ 2025"},
      {"it-2025-4", 2025, "agencies/quang-ngai-so-noi-vu", "units/51", v1::ACTIVITY_TYPE_MEDIA_ITEM,
       absl::CivilDay(2025, 12, 12), 0, 0, 0, 0, 40000, 20, 2500000,
       "Chuyên mục truyền hình Quảng Ngãi 2025"},
  };
}

std::string JsonLine(const google::protobuf::Message& message) {
  std::string json;
  auto status = google::protobuf::util::MessageToJsonString(message, &json);
  EXPECT_TRUE(status.ok()) << status.message();
  return json;
}

class CampaignsIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { setup_error_ = new std::string(StartAndLoad()); }

  static void TearDownTestSuite() {
    delete campaigns_;
    delete plans_;
    delete agencies_;
    if (!dir_.empty()) testing::RemoveTree(dir_);
  }

  // Starts the three services, pushes the seed plans, creates the Action
  // Months and records the activity files; "" or what went wrong.
  static std::string StartAndLoad() {
    absl::StatusOr<std::unique_ptr<ServiceProcess>> agencies =
        testing::StartAgenciesWithReference();
    if (!agencies.ok()) return agencies.status().ToString();
    agencies_ = agencies->release();
    absl::StatusOr<std::unique_ptr<ServiceProcess>> plans =
        testing::StartPlans(agencies_->address());
    if (!plans.ok()) return plans.status().ToString();
    plans_ = plans->release();
    absl::StatusOr<std::unique_ptr<ServiceProcess>> campaigns = StartCampaigns();
    if (!campaigns.ok()) return campaigns.status().ToString();
    campaigns_ = campaigns->release();
    absl::StatusOr<std::string> dir = testing::MakeTempDir("interplan-campaigns-it");
    if (!dir.ok()) return dir.status().ToString();
    dir_ = *dir;

    for (const std::string& path : testing::SeedPlanFixtures()) {
      testing::CommandResult pushed = Run({"plans", "push", path, "--issue"});
      if (pushed.exit_code != 0) return absl::StrCat("push ", path, ": ", pushed.output);
    }
    // The Action Months of 2019-2024 from the sample file, 2025 from ours
    // (the Ministry of Home Affairs holds the work from March 2025).
    created_samples_ = new testing::CommandResult(Run({"campaigns", "create", SampleCampaigns()}));
    if (created_samples_->exit_code != 0) return created_samples_->output;
    const std::string am2025_path =
        WriteFile("action_month_2025.jsonl", {JsonLine(testing::ActionMonthRequest(2025))});
    testing::CommandResult created = Run({"campaigns", "create", am2025_path});
    if (created.exit_code != 0) return created.output;

    recorded_ = new std::map<int, testing::CommandResult>;
    for (int year : {2023, 2024, 2025}) {
      testing::CommandResult result = Run({"activities", "record", ActivityFile(year)});
      if (result.exit_code != 0) return absl::StrCat("record ", year, ": ", result.output);
      (*recorded_)[year] = result;
    }
    return "";
  }

  static absl::StatusOr<std::unique_ptr<ServiceProcess>> StartCampaigns() {
    return ServiceProcess::Start(
        {.service = "campaigns",
         .extra_args = {absl::StrCat("--agencies_addr=", agencies_->address()),
                        absl::StrCat("--plans_addr=", plans_->address())}});
  }

  static std::string SampleCampaigns() {
    return testing::SourcePath("data/samples/campaigns/action_months.jsonl");
  }

  static std::string WriteFile(const std::string& name, const std::vector<std::string>& lines) {
    const std::string path = dir_ + "/" + name;
    std::ofstream out(path);
    for (const std::string& line : lines) out << line << "\n";
    return path;
  }

  static std::string ActivityFile(int year) {
    const std::vector<Spec> specs = year == 2023   ? Activities2023()
                                    : year == 2024 ? Activities2024()
                                                   : Activities2025();
    std::vector<std::string> lines;
    for (const Spec& spec : specs) lines.push_back(JsonLine(RequestOf(spec)));
    return WriteFile(absl::StrCat("activities_", year, ".jsonl"), lines);
  }

  static testing::CommandResult Run(const std::vector<std::string>& args,
                                    const ServiceProcess* campaigns = nullptr) {
    absl::StatusOr<testing::CommandResult> result = testing::RunClient(
        args,
        {{"INTERPLAN_AGENCIES_ADDR", agencies_->address()},
         {"INTERPLAN_PLANS_ADDR", plans_->address()},
         {"INTERPLAN_CAMPAIGNS_ADDR", (campaigns != nullptr ? campaigns : campaigns_)->address()}});
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : testing::CommandResult{-1, result.status().ToString()};
  }

  void SetUp() override {
    ASSERT_NE(setup_error_, nullptr);
    ASSERT_EQ(*setup_error_, "");
    stub_ = v1::CampaignService::NewStub(campaigns_->NewChannel());
  }

  v1::CampaignSummary Summarize(int year, const std::string& unit,
                                v1::CampaignService::Stub* stub = nullptr) {
    v1::SummarizeCampaignRequest request;
    request.set_kind(v1::CAMPAIGN_KIND_ACTION_MONTH_GENDER_EQUALITY);
    request.set_year(year);
    request.set_unit(unit);
    v1::CampaignSummary summary;
    grpc::Status status =
        (stub != nullptr ? stub : stub_.get())->SummarizeCampaign(Call().get(), request, &summary);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return summary;
  }

  std::vector<std::string> ActivityNames(int year, const std::string& unit = "",
                                         v1::CampaignService::Stub* stub = nullptr) {
    v1::ListActivitiesRequest request;
    request.set_parent(absl::StrCat("campaigns/action-month-", year));
    request.set_unit(unit);
    request.set_page_size(3);
    std::vector<std::string> names;
    for (int page = 0; page < 100; ++page) {
      v1::ListActivitiesResponse response;
      grpc::Status status =
          (stub != nullptr ? stub : stub_.get())->ListActivities(Call().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const v1::Activity& a : response.activities()) names.push_back(a.name());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return names;
  }

  static std::string* setup_error_;
  static ServiceProcess* agencies_;
  static ServiceProcess* plans_;
  static ServiceProcess* campaigns_;
  static std::string dir_;
  static testing::CommandResult* created_samples_;
  static std::map<int, testing::CommandResult>* recorded_;
  std::unique_ptr<v1::CampaignService::Stub> stub_;
};

std::string* CampaignsIntegrationTest::setup_error_ = nullptr;
ServiceProcess* CampaignsIntegrationTest::agencies_ = nullptr;
ServiceProcess* CampaignsIntegrationTest::plans_ = nullptr;
ServiceProcess* CampaignsIntegrationTest::campaigns_ = nullptr;
std::string CampaignsIntegrationTest::dir_;
testing::CommandResult* CampaignsIntegrationTest::created_samples_ = nullptr;
std::map<int, testing::CommandResult>* CampaignsIntegrationTest::recorded_ = nullptr;

// "TYPE count" for each type.
std::vector<std::string> ByType(const v1::CampaignFigures& figures) {
  std::vector<std::string> out;
  for (const auto& t : figures.by_type()) {
    out.push_back(absl::StrCat(api::ShortEnumName(t.type()), " ", t.activities()));
  }
  return out;
}

// "activities female/male/unspecified/total reached spend" by child unit.
std::map<std::string, std::string> Children(const v1::CampaignFigures& figures) {
  std::map<std::string, std::string> out;
  for (const auto& c : figures.children()) {
    const v1::Participants& p = c.participants();
    out[c.unit()] =
        absl::StrCat(c.display_name(), ": ", c.activities(), " ", p.female(), "/", p.male(), "/",
                     p.unspecified(), "/", p.total(), " ", c.people_reached(), " ", c.spend_vnd());
  }
  return out;
}

// The client's figures line.
std::string FiguresLine(int64_t activities, int64_t total, int64_t female, int64_t male,
                        int64_t unspecified, int64_t reached, int64_t media, int64_t spend) {
  return absl::StrCat("  activities ", activities, "; participants ", total, " (female ", female,
                      ", male ", male, ", unspecified ", unspecified, "); people reached ", reached,
                      "; media items ", media, "; spend ", spend, " VND\n");
}

// The 13 districts of Quảng Ngãi before 1 July 2025, and the 8 of Lai Châu.
const std::vector<std::string> kQuangNgaiDistricts = {
    "522", "524", "525", "527", "528", "529", "530", "531", "532", "533", "534", "535", "536"};
const std::vector<std::string> kLaiChauDistricts = {"105", "106", "107", "108",
                                                    "109", "110", "111", "112"};

std::vector<std::string> Except(const std::vector<std::string>& codes,
                                const std::set<std::string>& done) {
  std::vector<std::string> rest;
  for (const std::string& code : codes) {
    if (done.count(code) == 0) rest.push_back("units/" + code);
  }
  return rest;
}

TEST_F(CampaignsIntegrationTest, TheRecurringActionMonthHasOneInstanceAYear) {
  v1::ListCampaignsRequest request;
  request.set_series("action-month");
  v1::ListCampaignsResponse response;
  ASSERT_TRUE(stub_->ListCampaigns(Call().get(), request, &response).ok());
  std::vector<std::string> names;
  for (const v1::Campaign& c : response.campaigns()) {
    names.push_back(c.name());
    SCOPED_TRACE(c.name());
    EXPECT_EQ(c.start_date().month(), 11);
    EXPECT_EQ(c.start_date().day(), 15);
    EXPECT_EQ(c.start_date().year(), c.year());
    EXPECT_EQ(c.end_date().month(), 12);
    EXPECT_EQ(c.end_date().day(), 15);
    EXPECT_EQ(c.end_date().year(), c.year());
  }
  EXPECT_THAT(names, ElementsAre("campaigns/action-month-2019", "campaigns/action-month-2020",
                                 "campaigns/action-month-2021", "campaigns/action-month-2022",
                                 "campaigns/action-month-2023", "campaigns/action-month-2024",
                                 "campaigns/action-month-2025"));
  // Plan tasks of the seed plans were checked and kept.
  v1::GetCampaignRequest get;
  get.set_name("campaigns/action-month-2020");
  v1::Campaign am2020;
  ASSERT_TRUE(stub_->GetCampaign(Call().get(), get, &am2020).ok());
  ASSERT_EQ(am2020.plan_tasks_size(), 2);
  EXPECT_EQ(am2020.plan_tasks(1).plan(), "plans/dak-lak-2020");
  EXPECT_EQ(am2020.plan_tasks(1).task(), "II.3.(2)");

  testing::CommandResult listed = Run({"campaigns", "list", "--kind", "action-month"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  for (int year = 2019; year <= 2025; ++year) {
    EXPECT_THAT(listed.output, HasSubstr(absl::StrCat("action-month-", year))) << year;
  }
  testing::CommandResult one_year = Run({"campaigns", "list", "--year", "2024"});
  ASSERT_EQ(one_year.exit_code, 0) << one_year.output;
  EXPECT_THAT(one_year.output, HasSubstr("action-month-2024"));
  EXPECT_THAT(one_year.output, Not(HasSubstr("action-month-2023")));

  // The sample file again (its lines carry request ids): the same
  // campaigns, nothing new.
  testing::CommandResult again = Run({"campaigns", "create", SampleCampaigns()});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(again.output, created_samples_->output);
  // Another 2024 instance under another id and request id: refused,
  // naming campaign.year.
  v1::CreateCampaignRequest second = testing::ActionMonthRequest(2024);
  second.set_campaign_id("action-month-2024-bis");
  second.set_request_id("it-second-2024");
  v1::Campaign* c = second.mutable_campaign();
  c->set_display_name("Tháng hành động năm 2024 (lần hai)");
  testing::CommandResult refused =
      Run({"campaigns", "create", WriteFile("second_2024.jsonl", {JsonLine(second)})});
  EXPECT_EQ(refused.exit_code, 6) << refused.output;  // invalid
  EXPECT_THAT(refused.output, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(refused.output, HasSubstr("campaign.year"));
  // MOLISA for the 2026 instance: it ceased on 2025-02-28, so it is
  // refused naming campaign.organiser, with its successor.
  second.set_campaign_id("action-month-2026");
  second.set_request_id("it-molisa-2026");
  c->set_year(2026);
  testing::CommandResult ceased =
      Run({"campaigns", "create", WriteFile("molisa_2026.jsonl", {JsonLine(second)})});
  EXPECT_EQ(ceased.exit_code, 6) << ceased.output;
  EXPECT_THAT(ceased.output, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(ceased.output, HasSubstr("campaign.organiser"));
  EXPECT_THAT(ceased.output, HasSubstr("agencies/moha"));
  v1::ListCampaignsResponse after;
  ASSERT_TRUE(stub_->ListCampaigns(Call().get(), request, &after).ok());
  EXPECT_EQ(after.campaigns_size(), 7);
}

TEST_F(CampaignsIntegrationTest, AProvinceBesideThePreviousYear) {
  testing::CommandResult shown =
      Run({"campaigns", "summary", "--kind", "action-month", "--year", "2024", "--unit", "51"});
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  // 2024 in Quảng Ngãi: female 120+25+40+0+12 = 197, male 80+15+35+0+3 =
  // 133, unspecified 10+5 = 15, total 215+40+80+0+15 = 350; reached
  // 3000+40+600+25000+15 = 28655; media 4+1+12 = 17; spend 15 + 8 + 12.5
  // + 3 + 4.5 = 43 million.
  EXPECT_THAT(shown.output, HasSubstr("Tỉnh Quảng Ngãi\n"
                                      "this year: campaigns/action-month-2024 (2024)\n" +
                                      FiguresLine(5, 350, 197, 133, 15, 28655, 17, 43000000)));
  EXPECT_THAT(shown.output, HasSubstr("  units with no activity: 11 of 13\n"
                                      "previous year: campaigns/action-month-2023 (2023)\n" +
                                      FiguresLine(2, 80, 40, 30, 5, 600, 2, 12000000)));
  EXPECT_THAT(shown.output, HasSubstr("524 Huyện Bình Sơn"));
  EXPECT_THAT(shown.output, HasSubstr("528 Huyện Tư Nghĩa"));

  const v1::CampaignSummary summary = Summarize(2024, "units/51");
  const v1::CampaignFigures& f = summary.current();
  EXPECT_EQ(f.campaign(), "campaigns/action-month-2024");
  EXPECT_THAT(ByType(f), ElementsAre("FORUM 1", "TRAINING 1", "MEDIA_ITEM 1", "GRASSROOTS_EVENT 1",
                                     "HOME_VISIT 1"));
  EXPECT_EQ(f.child_units(), 13);
  EXPECT_THAT(f.units_without_activity(),
              UnorderedElementsAreArray(Except(kQuangNgaiDistricts, {"524", "528"})));
  EXPECT_EQ(Children(f), (std::map<std::string, std::string>{
                             {"units/524", "Huyện Bình Sơn: 2 145/95/10/255 3040 23000000"},
                             {"units/528", "Huyện Tư Nghĩa: 2 40/35/5/80 25600 15500000"}}));
  ASSERT_TRUE(summary.has_previous());
  const v1::CampaignFigures& p = summary.previous();
  EXPECT_EQ(p.campaign(), "campaigns/action-month-2023");
  EXPECT_THAT(ByType(p), ElementsAre("FORUM 1", "TRAINING 1"));
  EXPECT_THAT(p.units_without_activity(),
              UnorderedElementsAreArray(Except(kQuangNgaiDistricts, {"522", "524"})));
  EXPECT_EQ(Children(p), (std::map<std::string, std::string>{
                             {"units/522", "Thành phố Quảng Ngãi: 1 30/20/5/60 500 10000000"},
                             {"units/524", "Huyện Bình Sơn: 1 10/10/0/20 100 2000000"}}));
}

TEST_F(CampaignsIntegrationTest, CommunesOfLaiChauWithNothingTheYearBefore) {
  testing::CommandResult shown =
      Run({"campaigns", "summary", "--kind", "action-month", "--year", "2024", "--unit", "12"});
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  // female 45+6+80 = 131, male 30+2+60 = 92, unspecified 12, total
  // 75+8+160 = 243; reached 400+8+900 = 1308; media 1+3 = 4; spend 6 + 1.5
  // + 10 = 17.5 million.
  EXPECT_THAT(shown.output, HasSubstr(FiguresLine(3, 243, 131, 92, 12, 1308, 4, 17500000)));
  EXPECT_THAT(shown.output, HasSubstr("  units with no activity: 6 of 8\n"
                                      "previous year: campaigns/action-month-2023 (2023)\n" +
                                      FiguresLine(0, 0, 0, 0, 0, 0, 0, 0) +
                                      "  units with no activity: 8 of 8\n"));
  const v1::CampaignSummary summary = Summarize(2024, "units/12");
  EXPECT_EQ(summary.unit_display_name(), "Tỉnh Lai Châu");
  EXPECT_THAT(ByType(summary.current()), ElementsAre("FORUM 1", "CONTEST 1", "HOME_VISIT 1"));
  EXPECT_THAT(summary.current().units_without_activity(),
              UnorderedElementsAreArray(Except(kLaiChauDistricts, {"105", "107"})));
  EXPECT_EQ(Children(summary.current()),
            (std::map<std::string, std::string>{
                {"units/105", "Thành phố Lai Châu: 2 51/32/0/83 408 7500000"},
                {"units/107", "Huyện Mường Tè: 1 80/60/12/160 900 10000000"}}));
  EXPECT_THAT(summary.previous().units_without_activity(),
              UnorderedElementsAreArray(Except(kLaiChauDistricts, {})));
  // Down to the city of Lai Châu: its wards.
  const v1::CampaignSummary city = Summarize(2024, "units/105");
  EXPECT_EQ(city.current().activities(), 2);
  EXPECT_EQ(city.current().child_units(), 7);
  EXPECT_EQ(city.current().units_without_activity_size(), 5);
  EXPECT_EQ(Children(city.current()),
            (std::map<std::string, std::string>{
                {"units/03386", "Phường Quyết Thắng: 1 45/30/0/75 400 6000000"},
                {"units/03388", "Phường Quyết Tiến: 1 6/2/0/8 8 1500000"}}));
}

TEST_F(CampaignsIntegrationTest, TheNation) {
  testing::CommandResult shown =
      Run({"campaigns", "summary", "--kind", "action-month", "--year", "2024"});
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  // Quảng Ngãi + Lai Châu + Đồng Nai: 5 + 3 + 1 activities; female 197 +
  // 131 + 50 = 378, male 133 + 92 + 50 = 275, unspecified 15 + 12 = 27,
  // total 350 + 243 + 100 = 693; reached 28655 + 1308 + 1000 = 30963;
  // media 17 + 4 = 21; spend 43 + 17.5 + 9 = 69.5 million.
  EXPECT_THAT(shown.output, HasSubstr("Việt Nam\nthis year: campaigns/action-month-2024 (2024)\n" +
                                      FiguresLine(9, 693, 378, 275, 27, 30963, 21, 69500000)));
  EXPECT_THAT(shown.output, HasSubstr("  units with no activity: 60 of 63\n"
                                      "previous year: campaigns/action-month-2023 (2023)\n"));
  EXPECT_THAT(shown.output, HasSubstr("  units with no activity: 62 of 63\n"));
  const v1::CampaignSummary nation = Summarize(2024, "");
  EXPECT_THAT(ByType(nation.current()),
              ElementsAre("FORUM 3", "TRAINING 1", "CONTEST 1", "MEDIA_ITEM 1",
                          "GRASSROOTS_EVENT 1", "HOME_VISIT 2"));
  EXPECT_EQ(Children(nation.current()),
            (std::map<std::string, std::string>{
                {"units/12", "Tỉnh Lai Châu: 3 131/92/12/243 1308 17500000"},
                {"units/51", "Tỉnh Quảng Ngãi: 5 197/133/15/350 28655 43000000"},
                {"units/75", "Tỉnh Đồng Nai: 1 50/50/0/100 1000 9000000"}}));
  EXPECT_EQ(nation.previous().activities(), 2);
}

TEST_F(CampaignsIntegrationTest, AcrossThe2025Reform) {
  testing::CommandResult shown =
      Run({"campaigns", "summary", "--kind", "action-month", "--year", "2025", "--unit", "51"});
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  // The new Quảng Ngãi and its 96 communes: female 200+30+15 = 245, male
  // 150+30+10 = 190, unspecified 5, total 350+60+30 = 440; reached
  // 5000+300+30+40000 = 45330; media 2+20 = 22; spend 20 + 6 + 5 + 2.5 =
  // 33.5 million. Beside it, 2024 over the old province and its districts.
  EXPECT_THAT(shown.output, HasSubstr("this year: campaigns/action-month-2025 (2025)\n" +
                                      FiguresLine(4, 440, 245, 190, 5, 45330, 22, 33500000)));
  EXPECT_THAT(shown.output, HasSubstr("  units with no activity: 93 of 96\n"
                                      "previous year: campaigns/action-month-2024 (2024)\n" +
                                      FiguresLine(5, 350, 197, 133, 15, 28655, 17, 43000000)));
  EXPECT_THAT(shown.output, HasSubstr("  units with no activity: 11 of 13\n"));
  EXPECT_THAT(shown.output, HasSubstr("23293 Phường Kon Tum"));

  const v1::CampaignSummary summary = Summarize(2025, "units/51");
  EXPECT_EQ(Children(summary.current()),
            (std::map<std::string, std::string>{
                {"units/21028", "Phường Nghĩa Lộ: 1 15/10/5/30 30 5000000"},
                {"units/21040", "Xã Bình Sơn: 1 200/150/0/350 5000 20000000"},
                {"units/23293", "Phường Kon Tum: 1 30/30/0/60 300 6000000"}}));
  EXPECT_EQ(summary.previous().child_units(), 13);
  EXPECT_EQ(summary.previous().activities(), 5);
  // Bình Sơn district did not exist in 2025.
  testing::CommandResult district =
      Run({"campaigns", "summary", "--kind", "action-month", "--year", "2025", "--unit", "524"});
  EXPECT_EQ(district.exit_code, 6) << district.output;
  EXPECT_THAT(district.output, HasSubstr("INVALID_ARGUMENT"));
  // The nation in 2025: 34 provinces.
  const v1::CampaignSummary nation = Summarize(2025, "");
  EXPECT_EQ(nation.current().child_units(), 34);
  EXPECT_EQ(nation.current().units_without_activity_size(), 33);
  EXPECT_EQ(nation.previous().child_units(), 63);
}

TEST_F(CampaignsIntegrationTest, ActivitiesListedByUnitSubtree) {
  testing::CommandResult listed =
      Run({"activities", "list", "--campaign", "action-month-2024", "--unit", "524"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_THAT(listed.output, HasSubstr("Mít tinh tại thị trấn Châu Ổ 2024"));
  EXPECT_THAT(listed.output, HasSubstr("Tập huấn cán bộ huyện Bình Sơn 2024"));
  EXPECT_THAT(listed.output, Not(HasSubstr("Tư Nghĩa")));
  EXPECT_EQ(ActivityNames(2024, "units/524").size(), 2u);
  EXPECT_EQ(ActivityNames(2024, "units/21040").size(), 1u);
  EXPECT_EQ(ActivityNames(2024, "units/51").size(), 5u);
  EXPECT_EQ(ActivityNames(2024, "units/12").size(), 3u);
  EXPECT_EQ(ActivityNames(2024, "units/731").size(), 1u);
  EXPECT_EQ(ActivityNames(2024).size(), 9u);
  EXPECT_EQ(ActivityNames(2025, "units/51").size(), 4u);
}

TEST_F(CampaignsIntegrationTest, TheSameFileRecordedAgainRecordsOnce) {
  for (int year : {2023, 2024, 2025}) {
    SCOPED_TRACE(year);
    const std::vector<std::string> before = ActivityNames(year);
    testing::CommandResult again = Run({"activities", "record", ActivityFile(year)});
    ASSERT_EQ(again.exit_code, 0) << again.output;
    // The same activities, version 1, in the same order.
    EXPECT_EQ(again.output, recorded_->at(year).output);
    EXPECT_THAT(again.output, HasSubstr("version 1"));
    EXPECT_EQ(ActivityNames(year), before);
  }
  EXPECT_EQ(ActivityNames(2023).size(), 2u);
  EXPECT_EQ(ActivityNames(2024).size(), 9u);
  EXPECT_EQ(ActivityNames(2025).size(), 4u);
  EXPECT_EQ(Summarize(2024, "units/51").current().activities(), 5);
  EXPECT_EQ(Summarize(2024, "units/51").current().spend_vnd(), 43000000);
}

TEST_F(CampaignsIntegrationTest, ABadLineStopsTheFileAndIsNamed) {
  // A Lai Châu forum dated after the month, then a valid line.
  Spec late = {"it-bad-1",
               2024,
               "agencies/lai-chau-bvstbpn",
               "units/03390",
               v1::ACTIVITY_TYPE_FORUM,
               absl::CivilDay(2024, 12, 20),
               10,
               10,
               0,
               20,
               20,
               0,
               1000000,
               "Diễn đàn muộn tại Tam Đường"};
  Spec more = {"it-bad-2",
               2024,
               "agencies/lai-chau-bvstbpn",
               "units/03390",
               v1::ACTIVITY_TYPE_FORUM,
               absl::CivilDay(2024, 12, 1),
               10,
               10,
               0,
               15,
               20,
               0,
               1000000,
               "Diễn đàn tại Tam Đường, quá số người"};
  testing::CommandResult refused =
      Run({"activities", "record",
           WriteFile("bad.jsonl", {JsonLine(RequestOf(late)), JsonLine(RequestOf(more))})});
  EXPECT_EQ(refused.exit_code, 6) << refused.output;  // invalid
  EXPECT_THAT(refused.output, HasSubstr("activity.start_date"));
  EXPECT_THAT(refused.output, HasSubstr("activity.end_date"));
  testing::CommandResult too_many =
      Run({"activities", "record", WriteFile("bad2.jsonl", {JsonLine(RequestOf(more))})});
  EXPECT_EQ(too_many.exit_code, 6) << too_many.output;
  EXPECT_THAT(too_many.output, HasSubstr("activity.participants.total"));
  EXPECT_TRUE(ActivityNames(2024, "units/106").empty());
  EXPECT_EQ(ActivityNames(2024).size(), 9u);
}

// What `make run` loads: the sample campaigns and activities, in a
// campaigns service of their own, against the sums of the sample file.
TEST_F(CampaignsIntegrationTest, TheSampleActivities) {
  absl::StatusOr<std::unique_ptr<ServiceProcess>> samples = StartCampaigns();
  ASSERT_TRUE(samples.ok()) << samples.status();
  auto stub = v1::CampaignService::NewStub((*samples)->NewChannel());
  const std::string activities = testing::SourcePath("data/samples/campaigns/activities.jsonl");
  ASSERT_EQ(Run({"campaigns", "create", SampleCampaigns()}, samples->get()).exit_code, 0);
  testing::CommandResult recorded = Run({"activities", "record", activities}, samples->get());
  ASSERT_EQ(recorded.exit_code, 0) << recorded.output;
  testing::CommandResult again = Run({"activities", "record", activities}, samples->get());
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(again.output, recorded.output);
  size_t total = 0;
  for (int year = 2019; year <= 2024; ++year) total += ActivityNames(year, "", stub.get()).size();
  EXPECT_EQ(total, 75u);

  // Lai Châu in 2022, its first year: three activities (female 415, male
  // 673, unspecified 34 of 1,150; reached 3,709; 4 media items; 113
  // million VND), every district without activity, none the year before.
  testing::CommandResult lai_chau =
      Run({"campaigns", "summary", "--kind", "action-month", "--year", "2022", "--unit", "12"},
          samples->get());
  ASSERT_EQ(lai_chau.exit_code, 0) << lai_chau.output;
  EXPECT_THAT(lai_chau.output,
              HasSubstr(FiguresLine(3, 1150, 415, 673, 34, 3709, 4, 113000000) + "  forum "));
  EXPECT_THAT(lai_chau.output, HasSubstr("  units with no activity: 8 of 8\n"
                                         "previous year: campaigns/action-month-2021 (2021)\n" +
                                         FiguresLine(0, 0, 0, 0, 0, 0, 0, 0)));
  // The nation in 2021: 11 activities in Quảng Ngãi, Đắk Lắk, Đồng Nai and
  // Hồ Chí Minh City (Gò Vấp): 59 of 63 provinces without activity.
  const v1::CampaignSummary nation = Summarize(2021, "", stub.get());
  EXPECT_EQ(nation.current().activities(), 11);
  EXPECT_EQ(nation.current().units_without_activity_size(), 59);
  std::set<std::string> with;
  for (const auto& c : nation.current().children()) with.insert(c.unit());
  EXPECT_EQ(with, (std::set<std::string>{"units/51", "units/66", "units/75", "units/79"}));
  // 2024 beside 2023, Lai Châu: 3 activities each.
  const v1::CampaignSummary lc2024 = Summarize(2024, "units/12", stub.get());
  EXPECT_EQ(lc2024.current().participants().total(), 1770);
  EXPECT_EQ(lc2024.current().people_reached(), 15315);
  EXPECT_EQ(lc2024.previous().participants().total(), 1607);
  EXPECT_EQ(lc2024.previous().spend_vnd(), 136000000);
  ASSERT_TRUE((*samples)->Stop().ok());
}

}  // namespace
}  // namespace interplan
