// Creating campaigns, on SQLite and PostgreSQL: the yearly instances of the
// recurring Action Month (dates from the recurrence 15/11-15/12, one
// instance a year), one-off campaigns, the plan tasks a campaign carries out
// (checked against the real interplan-plans holding the seed plans), and the
// organiser (known, inside the campaign's scope). Every rejection is
// INVALID_ARGUMENT naming the field, with nothing stored.
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/services/campaigns/campaigns_test_support.h"
#include "tests/support/database_fixture.h"
#include "tests/support/subprocess.h"

namespace interplan::campaigns::test {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class CampaignCreationTest : public CampaignRegistryTest {
 protected:
  // The request must fail with INVALID_ARGUMENT naming exactly `fields`,
  // and leave the store as it was.
  void ExpectRejected(const v1::CreateCampaignRequest& request,
                      const std::vector<std::string>& fields) {
    const std::string before = DumpStore();
    absl::StatusOr<v1::Campaign> created = registry_->CreateCampaign(request, Call());
    ASSERT_FALSE(created.ok()) << created->DebugString();
    EXPECT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument)
        << DescribeStatus(created.status());
    EXPECT_EQ(FieldsOf(created.status()), fields) << DescribeStatus(created.status());
    EXPECT_EQ(DumpStore(), before);
  }

  std::vector<std::string> ListNames(v1::ListCampaignsRequest request) {
    std::vector<std::string> names;
    for (int page = 0; page < 100; ++page) {
      absl::StatusOr<v1::ListCampaignsResponse> response = registry_->ListCampaigns(request);
      EXPECT_TRUE(response.ok()) << DescribeStatus(response.status());
      if (!response.ok()) break;
      if (request.page_size() > 0) {
        EXPECT_LE(response->campaigns_size(), request.page_size());
      }
      for (const v1::Campaign& c : response->campaigns()) names.push_back(c.name());
      if (response->next_page_token().empty()) break;
      request.set_page_token(response->next_page_token());
    }
    return names;
  }

  // A provincial campaign of 2024 scoped to Quảng Ngãi (units/51).
  static v1::CreateCampaignRequest Provincial(const std::string& organiser) {
    v1::CreateCampaignRequest request;
    request.set_request_id("create-provincial");
    v1::Campaign* c = request.mutable_campaign();
    c->set_display_name(
        "Tháng hành động quốc gia về phòng, chống bạo lực gia đình 2024 (Quảng Ngãi)");
    c->set_kind(v1::CAMPAIGN_KIND_ACTION_MONTH_DOMESTIC_VIOLENCE);
    *c->mutable_start_date() = Day(2024, 6, 1);
    *c->mutable_end_date() = Day(2024, 6, 30);
    c->set_scope("units/51");
    c->set_organiser(organiser);
    return request;
  }
};

TEST_P(CampaignCreationTest, ActionMonthInstancesTakeTheirDatesFromTheRecurrence) {
  for (int year : {2019, 2022, 2024, 2025}) {
    SCOPED_TRACE(year);
    const v1::Campaign campaign = CreateActionMonth(year);
    EXPECT_EQ(campaign.name(), absl::StrCat("campaigns/action-month-", year));
    EXPECT_EQ(campaign.series(), "action-month");
    EXPECT_EQ(campaign.year(), year);
    EXPECT_EQ(campaign.kind(), v1::CAMPAIGN_KIND_ACTION_MONTH_GENDER_EQUALITY);
    EXPECT_EQ(campaign.theme(), absl::StrCat("Chủ đề thử nghiệm ", year));
    EXPECT_TRUE(MessageDifferencer::Equals(campaign.start_date(), Day(year, 11, 15)))
        << campaign.start_date().DebugString();
    EXPECT_TRUE(MessageDifferencer::Equals(campaign.end_date(), Day(year, 12, 15)))
        << campaign.end_date().DebugString();
    EXPECT_TRUE(campaign.has_create_time());
    v1::GetCampaignRequest get;
    get.set_name(campaign.name());
    absl::StatusOr<v1::Campaign> read = registry_->GetCampaign(get);
    ASSERT_TRUE(read.ok()) << DescribeStatus(read.status());
    EXPECT_TRUE(MessageDifferencer::Equals(*read, campaign)) << read->DebugString();
  }
  // The given dates may be sent too, when they agree with the recurrence.
  v1::CreateCampaignRequest with_dates = ActionMonthRequest(2023);
  *with_dates.mutable_campaign()->mutable_start_date() = Day(2023, 11, 15);
  *with_dates.mutable_campaign()->mutable_end_date() = Day(2023, 12, 15);
  EXPECT_EQ(Create(with_dates).name(), "campaigns/action-month-2023");
  EXPECT_EQ(CountRows("campaigns"), 5);

  // Listings: by series, by year, by kind, page by page, in name order.
  v1::ListCampaignsRequest series;
  series.set_series("action-month");
  const std::vector<std::string> all = {
      "campaigns/action-month-2019", "campaigns/action-month-2022", "campaigns/action-month-2023",
      "campaigns/action-month-2024", "campaigns/action-month-2025"};
  EXPECT_EQ(ListNames(series), all);
  series.set_page_size(2);
  EXPECT_EQ(ListNames(series), all);
  v1::ListCampaignsRequest year;
  year.set_year(2024);
  EXPECT_THAT(ListNames(year), ElementsAre("campaigns/action-month-2024"));
  v1::ListCampaignsRequest other_kind;
  other_kind.set_kind(v1::CAMPAIGN_KIND_COMMEMORATIVE_DAY);
  EXPECT_TRUE(ListNames(other_kind).empty());
}

TEST_P(CampaignCreationTest, ASecondInstanceForTheSameYearIsRejected) {
  CreateActionMonth(2024);
  // Another id, another request id, another theme: still the 2024 instance.
  v1::CreateCampaignRequest again = ActionMonthRequest(2024);
  again.set_campaign_id("action-month-2024-bis");
  again.set_request_id("create-am-2024-bis");
  again.mutable_campaign()->set_theme("Một chủ đề khác");
  ExpectRejected(again, {"campaign.year"});
  // Without a campaign id either.
  again.clear_campaign_id();
  again.set_request_id("create-am-2024-ter");
  ExpectRejected(again, {"campaign.year"});
  absl::StatusOr<v1::Campaign> failed = registry_->CreateCampaign(again, Call());
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(std::string(failed.status().message()), HasSubstr("action-month-2024"));
  EXPECT_EQ(CountRows("campaigns"), 1);
  // The next year is a new instance.
  EXPECT_EQ(CreateActionMonth(2025).name(), "campaigns/action-month-2025");
}

// Several operators creating the 2024 instance at once, each with its own
// request id: one instance, the others told which field is wrong.
TEST_P(CampaignCreationTest, ConcurrentInstancesOfTheSameYearMakeOne) {
  constexpr int kCallers = 6;
  std::vector<absl::StatusOr<v1::Campaign>> results(kCallers, absl::UnknownError("not run"));
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      v1::CreateCampaignRequest request = ActionMonthRequest(2024);
      request.clear_campaign_id();
      request.set_request_id(absl::StrCat("racing-", i));
      results[i] = registry_->CreateCampaign(request, Call());
    });
  }
  for (std::thread& t : callers) t.join();
  int created = 0;
  for (const auto& result : results) {
    if (result.ok()) {
      ++created;
      continue;
    }
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument)
        << DescribeStatus(result.status());
    EXPECT_EQ(FieldsOf(result.status()), std::vector<std::string>{"campaign.year"});
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(CountRows("campaigns"), 1);
  EXPECT_EQ(CountRows("request_log"), 1);
}

TEST_P(CampaignCreationTest, DatesDisagreeingWithTheRecurrenceAreRejected) {
  v1::CreateCampaignRequest request = ActionMonthRequest(2024);
  *request.mutable_campaign()->mutable_start_date() = Day(2024, 11, 16);
  ExpectRejected(request, {"campaign.start_date"});

  request = ActionMonthRequest(2024);
  *request.mutable_campaign()->mutable_end_date() = Day(2024, 12, 31);
  ExpectRejected(request, {"campaign.end_date"});

  // Another year's dates.
  request = ActionMonthRequest(2024);
  *request.mutable_campaign()->mutable_start_date() = Day(2023, 11, 15);
  *request.mutable_campaign()->mutable_end_date() = Day(2023, 12, 15);
  ExpectRejected(request, {"campaign.start_date", "campaign.end_date"});

  // An instance needs its year, a series and days that exist.
  request = ActionMonthRequest(2024);
  request.mutable_campaign()->clear_year();
  ExpectRejected(request, {"campaign.year"});
  request = ActionMonthRequest(2024);
  request.mutable_campaign()->clear_series();
  ExpectRejected(request, {"campaign.series"});
  request = ActionMonthRequest(2024);
  request.mutable_campaign()->mutable_recurrence()->set_start_day(31);  // 31 November
  ExpectRejected(request, {"campaign.recurrence.start_month"});
  EXPECT_EQ(CountRows("campaigns"), 0);
  EXPECT_EQ(CountRows("request_log"), 0);
}

TEST_P(CampaignCreationTest, AOneOffCampaignKeepsItsDates) {
  v1::CreateCampaignRequest request;
  request.set_request_id("create-women-day-2023");
  v1::Campaign* c = request.mutable_campaign();
  c->set_display_name("Ngày Phụ nữ Việt Nam 20/10/2023");
  c->set_kind(v1::CAMPAIGN_KIND_COMMEMORATIVE_DAY);
  c->set_organiser("agencies/molisa");
  *c->mutable_start_date() = Day(2023, 10, 20);
  *c->mutable_end_date() = Day(2023, 10, 20);
  const v1::Campaign created = Create(request);
  EXPECT_THAT(created.name(), StartsWith("campaigns/ngay-phu-nu-viet-nam"));
  EXPECT_EQ(created.year(), 2023);  // from its start
  EXPECT_TRUE(created.series().empty());
  EXPECT_TRUE(MessageDifferencer::Equals(created.start_date(), Day(2023, 10, 20)));
  EXPECT_TRUE(MessageDifferencer::Equals(created.end_date(), Day(2023, 10, 20)));
  // One-off campaigns are not instances: the same kind and year again is
  // fine, the year given when it agrees.
  request.set_request_id("create-women-day-2023-hanoi");
  c->set_display_name("Ngày Phụ nữ Việt Nam 20/10/2023 (một hoạt động khác)");
  c->set_year(2023);
  EXPECT_EQ(Create(request).year(), 2023);
  c->clear_year();
  EXPECT_EQ(CountRows("campaigns"), 2);
  // Over the new year: filed under the year it starts or ends in, not
  // another.
  v1::CreateCampaignRequest tet;
  tet.set_request_id("create-tet-2024");
  v1::Campaign* t = tet.mutable_campaign();
  t->set_display_name("Tết vì phụ nữ và trẻ em gái 2024");
  t->set_kind(v1::CAMPAIGN_KIND_OTHER);
  t->set_organiser("agencies/molisa");
  *t->mutable_start_date() = Day(2023, 12, 15);
  *t->mutable_end_date() = Day(2024, 1, 31);
  t->set_year(2025);
  ExpectRejected(tet, {"campaign.year"});
  t->set_year(2022);
  ExpectRejected(tet, {"campaign.year"});
  t->set_year(2024);
  EXPECT_EQ(Create(tet).year(), 2024);
  EXPECT_EQ(CountRows("campaigns"), 3);

  // End before start, and a missing end.
  request.set_request_id("create-backwards");
  *c->mutable_start_date() = Day(2023, 10, 20);
  *c->mutable_end_date() = Day(2023, 10, 19);
  ExpectRejected(request, {"campaign.end_date"});
  c->clear_end_date();
  ExpectRejected(request, {"campaign.end_date"});
  c->clear_start_date();
  ExpectRejected(request, {"campaign.start_date"});
  // A date without its day is not a campaign date.
  *c->mutable_start_date() = Day(2023, 10, 0);
  *c->mutable_end_date() = Day(2023, 10, 20);
  ExpectRejected(request, {"campaign.start_date"});
  // A year given must be that of its dates.
  *c->mutable_start_date() = Day(2023, 10, 20);
  c->set_year(2022);
  ExpectRejected(request, {"campaign.year"});
  c->set_year(2024);
  ExpectRejected(request, {"campaign.year"});
  c->set_year(-2023);
  ExpectRejected(request, {"campaign.year"});
  c->clear_year();
  // Kind and name are required.
  *c->mutable_start_date() = Day(2023, 10, 20);
  c->clear_kind();
  c->clear_display_name();
  ExpectRejected(request, {"campaign.display_name", "campaign.kind"});
  EXPECT_EQ(CountRows("campaigns"), 3);
}

TEST_P(CampaignCreationTest, PlanTaskLinksAreCheckedAgainstThePlans) {
  v1::CreateCampaignRequest request = ActionMonthRequest(2022);
  v1::PlanTaskLink* quang_ngai = request.mutable_campaign()->add_plan_tasks();
  quang_ngai->set_plan("plans/quang-ngai-2022");
  quang_ngai->set_task("II.2.e");
  v1::PlanTaskLink* go_vap = request.mutable_campaign()->add_plan_tasks();
  go_vap->set_plan("plans/go-vap-2019-2020");
  go_vap->set_task("II.1.1.2.a.(4)");

  // An unknown plan, and a known plan without that task: both named.
  v1::CreateCampaignRequest broken = request;
  broken.mutable_campaign()->mutable_plan_tasks(0)->set_plan("plans/no-such-plan");
  broken.mutable_campaign()->mutable_plan_tasks(1)->set_plan("plans/quang-ngai-2022");
  ExpectRejected(broken, {"campaign.plan_tasks[0].plan", "campaign.plan_tasks[1].task"});
  // A task code of another plan.
  broken = request;
  broken.mutable_campaign()->mutable_plan_tasks(1)->set_task("II.3.(2)");
  ExpectRejected(broken, {"campaign.plan_tasks[1].task"});
  // Not a plan name; no task code.
  broken = request;
  broken.mutable_campaign()->mutable_plan_tasks(0)->set_plan("quang-ngai-2022");
  broken.mutable_campaign()->mutable_plan_tasks(1)->clear_task();
  ExpectRejected(broken, {"campaign.plan_tasks[0].plan", "campaign.plan_tasks[1].task"});

  const v1::Campaign created = Create(request);
  ASSERT_EQ(created.plan_tasks_size(), 2);
  EXPECT_EQ(created.plan_tasks(0).plan(), "plans/quang-ngai-2022");
  EXPECT_EQ(created.plan_tasks(0).task(), "II.2.e");
  EXPECT_EQ(created.plan_tasks(1).task(), "II.1.1.2.a.(4)");
  EXPECT_EQ(CountRows("campaigns"), 1);
}

TEST_P(CampaignCreationTest, TheOrganiserIsKnownAndInsideTheScope) {
  // The provincial Labour department, and a district People's Committee
  // of the province: inside.
  const v1::Campaign provincial = Create(Provincial("agencies/quang-ngai-so-ldtbxh"));
  EXPECT_EQ(provincial.scope(), "units/51");
  EXPECT_EQ(provincial.year(), 2024);
  v1::CreateCampaignRequest district = Provincial("agencies/quang-ngai-binh-son-ubnd");
  district.set_request_id("create-provincial-binh-son");
  district.mutable_campaign()->set_display_name("Tháng hành động 2024 (Bình Sơn)");
  Create(district);
  // A ministry without a unit organises anywhere.
  v1::CreateCampaignRequest ministry = Provincial("agencies/molisa");
  ministry.set_request_id("create-provincial-molisa");
  ministry.mutable_campaign()->set_display_name("Tháng hành động 2024 (Bộ, tại Quảng Ngãi)");
  Create(ministry);
  ASSERT_EQ(CountRows("campaigns"), 3);

  // Đồng Nai's Labour department is outside units/51.
  v1::CreateCampaignRequest outside = Provincial("agencies/dong-nai-so-ldtbxh");
  outside.set_request_id("create-outside");
  ExpectRejected(outside, {"campaign.organiser"});
  // Unknown, and not an agency name.
  v1::CreateCampaignRequest unknown = Provincial("agencies/no-such-agency");
  unknown.set_request_id("create-unknown");
  ExpectRejected(unknown, {"campaign.organiser"});
  unknown.mutable_campaign()->set_organiser("quang-ngai-so-ldtbxh");
  ExpectRejected(unknown, {"campaign.organiser"});
  unknown.mutable_campaign()->clear_organiser();
  ExpectRejected(unknown, {"campaign.organiser"});
  // A scope that did not exist on the first day.
  v1::CreateCampaignRequest no_scope = Provincial("agencies/quang-ngai-so-ldtbxh");
  no_scope.set_request_id("create-no-scope");
  no_scope.mutable_campaign()->set_scope("units/99999");
  ExpectRejected(no_scope, {"campaign.scope"});
  // After the reform Bình Sơn district no longer exists: its People's
  // Committee cannot organise the 2025 instance.
  v1::CreateCampaignRequest after_reform = ActionMonthRequest(2025);
  after_reform.mutable_campaign()->set_organiser("agencies/quang-ngai-binh-son-ubnd");
  ExpectRejected(after_reform, {"campaign.organiser"});
  EXPECT_EQ(CountRows("campaigns"), 3);
}

// The agencies registry gives every agency a validity; plans reject an
// agency outside it as of their reference date. A campaign's organiser
// must be in force on the campaign's first day, an activity's on the day
// it started; each is named once, even when its unit is gone too.
TEST_P(CampaignCreationTest, AnOrganiserThatHadCeasedIsRejected) {
  // MOLISA (to 2025-02-28) for the 2025 Action Month (15/11/2025).
  v1::CreateCampaignRequest request = ActionMonthRequest(2025);
  request.mutable_campaign()->set_organiser("agencies/molisa");
  ExpectRejected(request, {"campaign.organiser"});
  absl::StatusOr<v1::Campaign> refused = registry_->CreateCampaign(request, Call());
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("agencies/moha"));
  // The Ministry of Home Affairs' department from March 2025, for 2024.
  v1::CreateCampaignRequest too_early = ActionMonthRequest(2024);
  too_early.mutable_campaign()->set_organiser("agencies/moha-vu-cttn-bdg");
  ExpectRejected(too_early, {"campaign.organiser"});
  // A provincial department (to 2025-02-28) for a one-off campaign of
  // July 2025 in its province.
  v1::CreateCampaignRequest provincial = Provincial("agencies/quang-ngai-so-ldtbxh");
  *provincial.mutable_campaign()->mutable_start_date() = Day(2025, 7, 1);
  *provincial.mutable_campaign()->mutable_end_date() = Day(2025, 7, 31);
  ExpectRejected(provincial, {"campaign.organiser"});
  EXPECT_EQ(CountRows("campaigns"), 0);

  CreateActionMonth(2025);
  const std::string before = DumpStore();
  absl::StatusOr<v1::Activity> activity =
      TryRecord("campaigns/action-month-2025",
                ActivityOf({.organiser = "agencies/dong-nai-so-ldtbxh",  // to 2025-02-28
                            .unit = "units/75",
                            .day = absl::CivilDay(2025, 11, 20),
                            .female = 1,
                            .total = 1}));
  EXPECT_EQ(activity.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldsOf(activity.status()), std::vector<std::string>{"activity.organiser"});
  EXPECT_EQ(DumpStore(), before);
}

// In force on the first day is enough for a campaign; an activity's
// organiser must be in force on the day it started, corrections included.
TEST_P(CampaignCreationTest, AnOrganiserCeasingDuringTheCampaign) {
  // February-March 2025, across the end of MOLISA and the provincial
  // Labour departments (2025-02-28).
  v1::CreateCampaignRequest request;
  request.set_campaign_id("spring-2025");
  request.set_request_id("create-spring-2025");
  v1::Campaign* c = request.mutable_campaign();
  c->set_display_name("Chiến dịch mùa xuân 2025");
  c->set_kind(v1::CAMPAIGN_KIND_OTHER);
  c->set_organiser("agencies/molisa");
  *c->mutable_start_date() = Day(2025, 2, 1);
  *c->mutable_end_date() = Day(2025, 3, 31);
  const v1::Campaign spring = Create(request);
  ASSERT_EQ(spring.name(), "campaigns/spring-2025");

  auto by_dong_nai = [](absl::CivilDay day) {
    return ActivityOf({.organiser = "agencies/dong-nai-so-ldtbxh",
                       .unit = "units/75",
                       .day = day,
                       .female = 4,
                       .total = 4});
  };
  // The department's last day is fine.
  const v1::Activity last_day = Record(spring.name(), by_dong_nai(absl::CivilDay(2025, 2, 28)));
  // The day after is not, even for an activity recorded before: its
  // correction to a later day is refused.
  const std::string before = DumpStore();
  absl::StatusOr<v1::Activity> after =
      TryRecord(spring.name(), by_dong_nai(absl::CivilDay(2025, 3, 1)));
  EXPECT_EQ(after.status().code(), absl::StatusCode::kInvalidArgument)
      << DescribeStatus(after.status());
  EXPECT_EQ(FieldsOf(after.status()), std::vector<std::string>{"activity.organiser"});
  v1::CorrectActivityRequest correct;
  *correct.mutable_activity() = by_dong_nai(absl::CivilDay(2025, 3, 3));
  correct.mutable_activity()->set_name(last_day.name());
  correct.set_reason("ngày tổ chức ghi nhầm");
  absl::StatusOr<v1::Activity> corrected = registry_->CorrectActivity(correct, Call());
  EXPECT_EQ(FieldsOf(corrected.status()), std::vector<std::string>{"activity.organiser"});
  EXPECT_EQ(DumpStore(), before);
  // An activity starting before the last day and ending after it is fine.
  v1::Activity across = by_dong_nai(absl::CivilDay(2025, 2, 27));
  *across.mutable_end_date() = Day(2025, 3, 2);
  Record(spring.name(), across);
  // The successor takes over from 1 March.
  v1::Activity successor = by_dong_nai(absl::CivilDay(2025, 3, 1));
  successor.set_organiser("agencies/moha");
  Record(spring.name(), successor);
  EXPECT_EQ(CountRows("activities"), 3);
}

TEST_P(CampaignCreationTest, ARetriedCreateReturnsTheFirstCampaign) {
  const v1::CreateCampaignRequest request = ActionMonthRequest(2024);
  const v1::Campaign first = Create(request);
  const v1::Campaign again = Create(request);
  EXPECT_TRUE(MessageDifferencer::Equals(first, again)) << again.DebugString();
  EXPECT_EQ(CountRows("campaigns"), 1);
  EXPECT_EQ(CountRows("request_log"), 1);
  // The same request id for another request is an error, not a replay.
  v1::CreateCampaignRequest different = ActionMonthRequest(2023);
  different.set_request_id(request.request_id());
  const std::string before = DumpStore();
  absl::StatusOr<v1::Campaign> reused = registry_->CreateCampaign(different, Call());
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldsOf(reused.status()), std::vector<std::string>{"request_id"});
  EXPECT_EQ(DumpStore(), before);
}

// A window over the new year ends the next year; one ending on 29 February
// ends on the 28th in a common year.
TEST_P(CampaignCreationTest, RecurrencesOverTheNewYearAndThe29thOfFebruary) {
  auto recurring = [](const std::string& series, int year, int start_month, int start_day,
                      int end_month, int end_day) {
    v1::CreateCampaignRequest request;
    request.set_request_id(absl::StrCat("create-", series, "-", year));
    v1::Campaign* c = request.mutable_campaign();
    c->set_display_name(absl::StrCat("Chiến dịch ", series, " ", year));
    c->set_kind(v1::CAMPAIGN_KIND_OTHER);
    c->set_organiser("agencies/molisa");
    c->set_series(series);
    c->set_year(year);
    c->mutable_recurrence()->set_start_month(start_month);
    c->mutable_recurrence()->set_start_day(start_day);
    c->mutable_recurrence()->set_end_month(end_month);
    c->mutable_recurrence()->set_end_day(end_day);
    return request;
  };
  const v1::Campaign tet = Create(recurring("tet", 2023, 12, 15, 1, 15));
  EXPECT_TRUE(MessageDifferencer::Equals(tet.start_date(), Day(2023, 12, 15)));
  EXPECT_TRUE(MessageDifferencer::Equals(tet.end_date(), Day(2024, 1, 15)))
      << tet.end_date().DebugString();
  const v1::Campaign february_2023 = Create(recurring("february", 2023, 2, 1, 2, 29));
  EXPECT_TRUE(MessageDifferencer::Equals(february_2023.end_date(), Day(2023, 2, 28)))
      << february_2023.end_date().DebugString();
  const v1::Campaign february_2024 = Create(recurring("february", 2024, 2, 1, 2, 29));
  EXPECT_TRUE(MessageDifferencer::Equals(february_2024.end_date(), Day(2024, 2, 29)));
}

// A recurrence starting on 29 February starts on the 28th in a common year,
// as one ending then ends on the 28th (absl::CivilDay would make it
// 1 March, after the end).
TEST_P(CampaignCreationTest, ARecurrenceStartingOnThe29thOfFebruaryInACommonYear) {
  auto leap_day = [](int year, int end_month, int end_day) {
    v1::CreateCampaignRequest request;
    request.set_request_id(absl::StrCat("create-leap-", year, "-", end_month));
    v1::Campaign* c = request.mutable_campaign();
    c->set_display_name(absl::StrCat("Ngày nhuận ", year));
    c->set_kind(v1::CAMPAIGN_KIND_OTHER);
    c->set_organiser("agencies/molisa");
    c->set_series(absl::StrCat("leap-day-to-", end_month));
    c->set_year(year);
    c->mutable_recurrence()->set_start_month(2);
    c->mutable_recurrence()->set_start_day(29);
    c->mutable_recurrence()->set_end_month(end_month);
    c->mutable_recurrence()->set_end_day(end_day);
    return request;
  };
  absl::StatusOr<v1::Campaign> created = registry_->CreateCampaign(leap_day(2023, 2, 29), Call());
  ASSERT_TRUE(created.ok()) << DescribeStatus(created.status());
  EXPECT_TRUE(MessageDifferencer::Equals(created->start_date(), Day(2023, 2, 28)))
      << created->start_date().DebugString();
  EXPECT_TRUE(MessageDifferencer::Equals(created->end_date(), Day(2023, 2, 28)))
      << created->end_date().DebugString();
  // An activity can be inside it.
  Record(created->name(), ActivityOf({.organiser = "agencies/dong-nai-so-ldtbxh",
                                      .unit = "units/75",
                                      .day = absl::CivilDay(2023, 2, 28),
                                      .female = 2,
                                      .total = 2}));
  // A leap year keeps the 29th.
  const v1::Campaign leap = Create(leap_day(2024, 2, 29));
  EXPECT_TRUE(MessageDifferencer::Equals(leap.start_date(), Day(2024, 2, 29)));
  EXPECT_TRUE(MessageDifferencer::Equals(leap.end_date(), Day(2024, 2, 29)));
  // 29/2 - 15/3: from the 28th in a common year.
  const v1::Campaign march = Create(leap_day(2023, 3, 15));
  EXPECT_TRUE(MessageDifferencer::Equals(march.start_date(), Day(2023, 2, 28)))
      << march.start_date().DebugString();
  EXPECT_TRUE(MessageDifferencer::Equals(march.end_date(), Day(2023, 3, 15)));
  // Given dates must agree with the clamped ones.
  v1::CreateCampaignRequest given = leap_day(2021, 3, 15);
  *given.mutable_campaign()->mutable_start_date() = Day(2021, 3, 1);
  ExpectRejected(given, {"campaign.start_date"});
  *given.mutable_campaign()->mutable_start_date() = Day(2021, 2, 28);
  EXPECT_TRUE(MessageDifferencer::Equals(Create(given).start_date(), Day(2021, 2, 28)));
  EXPECT_EQ(CountRows("campaigns"), 4);
}

TEST_P(CampaignCreationTest, TextIsStoredInNfc) {
  v1::CreateCampaignRequest request = ActionMonthRequest(2024);
  // "Bình đẳng giới" with a combining grave accent on the i.
  request.mutable_campaign()->set_theme("  Bi\xCC\x80nh \xC4\x91\xE1\xBA\xB3ng gi\xE1\xBB\x9Bi ");
  const v1::Campaign created = Create(request);
  EXPECT_EQ(created.theme(), "B\xC3\xACnh \xC4\x91\xE1\xBA\xB3ng gi\xE1\xBB\x9Bi");
}

// interplan-plans down: a campaign linking plan tasks cannot be checked
// (UNAVAILABLE, nothing stored); one without links, and a retry of one
// already created, still work. interplan-agencies down: what the registry
// client remembers still answers.
TEST_P(CampaignCreationTest, WhenPlansOrAgenciesAreDown) {
  ::interplan::testing::UnreachablePlans dead_plans;
  ::interplan::testing::UnreachableAgencies dead_agencies;
  v1::CreateCampaignRequest linked = ActionMonthRequest(2022);
  v1::PlanTaskLink* link = linked.mutable_campaign()->add_plan_tasks();
  link->set_plan("plans/quang-ngai-2022");
  link->set_task("II.2.e");
  const v1::Campaign first = Create(linked);

  CampaignRegistry no_plans(*db_, *units_, dead_plans);
  const std::string before = DumpStore();
  v1::CreateCampaignRequest linked_2020 = ActionMonthRequest(2020);
  *linked_2020.mutable_campaign()->add_plan_tasks() = *link;
  absl::StatusOr<v1::Campaign> unavailable = no_plans.CreateCampaign(linked_2020, Call());
  EXPECT_EQ(unavailable.status().code(), absl::StatusCode::kUnavailable)
      << DescribeStatus(unavailable.status());
  EXPECT_EQ(DumpStore(), before);
  absl::StatusOr<v1::Campaign> retried = no_plans.CreateCampaign(linked, Call());
  ASSERT_TRUE(retried.ok()) << DescribeStatus(retried.status());
  EXPECT_TRUE(MessageDifferencer::Equals(*retried, first));
  EXPECT_TRUE(no_plans.CreateCampaign(ActionMonthRequest(2021), Call()).ok());

  // Agencies down: MOLISA and Châu Ổ were seen, so a 2022 activity there
  // is recorded; a unit never asked about cannot be checked.
  const v1::Activity seen = ActivityOf({.organiser = "agencies/quang-ngai-binh-son-ubnd",
                                        .unit = "units/21040",
                                        .day = absl::CivilDay(2022, 11, 20),
                                        .female = 3,
                                        .total = 3});
  Record(first.name(), seen, "seen-live");
  RememberingAgenciesClient dead_units(*db_, dead_agencies);
  CampaignRegistry no_agencies(*db_, dead_units, *Plans());
  v1::RecordActivityRequest again;
  again.set_parent(first.name());
  *again.mutable_activity() = seen;
  again.set_request_id("seen-while-down");
  absl::StatusOr<v1::Activity> remembered = no_agencies.RecordActivity(again, Call());
  EXPECT_TRUE(remembered.ok()) << DescribeStatus(remembered.status());
  again.mutable_activity()->set_unit("units/21043");
  again.set_request_id("unseen-while-down");
  absl::StatusOr<v1::Activity> unseen = no_agencies.RecordActivity(again, Call());
  EXPECT_EQ(unseen.status().code(), absl::StatusCode::kUnavailable)
      << DescribeStatus(unseen.status());
  EXPECT_EQ(CountRows("activities"), 2);
}

INSTANTIATE_CAMPAIGNS_ON_BOTH_ENGINES(CampaignCreationTest);

}  // namespace
}  // namespace interplan::campaigns::test
