// Campaign summaries, on SQLite and PostgreSQL, against sums worked out by
// hand: activities by type, participants by sex, people reached, media
// items, spend, each child unit's figures, and the children with no
// activity at all, counted from the shipped reference unit lists as of the
// campaign's dates (the 2025-03 list for the Action Months before 2025, the
// 2025-07 list for 2025, when communes are the provinces' children); the
// previous year's instance beside them, across the 2025 reform.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/api/enum_names.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/services/campaigns/campaigns_test_support.h"
#include "tests/support/database_fixture.h"

namespace interplan::campaigns::test {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

constexpr char kActionMonth2023[] = "campaigns/action-month-2023";
constexpr char kActionMonth2024[] = "campaigns/action-month-2024";
constexpr char kActionMonth2025[] = "campaigns/action-month-2025";

// The reference list minus some units.
std::vector<std::string> Without(std::vector<std::string> all, const std::set<std::string>& done) {
  std::vector<std::string> rest;
  for (std::string& name : all) {
    if (done.count(name) == 0) rest.push_back(std::move(name));
  }
  return rest;
}

// "TYPE count" for each type, as the summary lists them.
std::vector<std::string> ByType(const v1::CampaignFigures& figures) {
  std::vector<std::string> out;
  for (const auto& t : figures.by_type()) {
    out.push_back(absl::StrCat(api::ShortEnumName(t.type()), " ", t.activities()));
  }
  return out;
}

// "activities female/male/unspecified/total reached spend" of a child.
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

std::string Participants(const v1::CampaignFigures& figures) {
  const v1::Participants& p = figures.participants();
  return absl::StrCat(p.female(), "/", p.male(), "/", p.unspecified(), "/", p.total());
}

class CampaignSummaryTest : public CampaignRegistryTest {
 protected:
  // 2023, Quảng Ngãi: a forum in the city of Quảng Ngãi (district 522) and
  // a training in Châu Ổ (commune 21040 of Bình Sơn, district 524).
  void Record2023() {
    CreateActionMonth(2023);
    Record(kActionMonth2023, ActivityOf({.organiser = "agencies/quang-ngai-tp-quang-ngai-ubnd",
                                         .unit = "units/522",
                                         .type = v1::ACTIVITY_TYPE_FORUM,
                                         .day = absl::CivilDay(2023, 11, 20),
                                         .female = 30,
                                         .male = 20,
                                         .unspecified = 5,
                                         .total = 60,
                                         .reached = 500,
                                         .media = 2,
                                         .spend = 10000000}));
    Record(kActionMonth2023, ActivityOf({.organiser = "agencies/quang-ngai-binh-son-ubnd",
                                         .unit = "units/21040",
                                         .type = v1::ACTIVITY_TYPE_TRAINING,
                                         .day = absl::CivilDay(2023, 12, 1),
                                         .female = 10,
                                         .male = 10,
                                         .total = 20,
                                         .reached = 100,
                                         .spend = 2000000}));
  }

  // 2024: in Quảng Ngãi, Châu Ổ and Bình Sơn district (524), Tư Nghĩa
  // district (528) and its commune Thị trấn La Hà (21235), the province
  // itself; one forum in Biên Hòa (Đồng Nai, 731), outside Quảng Ngãi.
  void Record2024() {
    CreateActionMonth(2024);
    Record(kActionMonth2024, ActivityOf({.organiser = "agencies/quang-ngai-binh-son-ubnd",
                                         .unit = "units/21040",
                                         .type = v1::ACTIVITY_TYPE_GRASSROOTS_EVENT,
                                         .day = absl::CivilDay(2024, 11, 22),
                                         .female = 120,
                                         .male = 80,
                                         .unspecified = 10,
                                         .total = 215,
                                         .reached = 3000,
                                         .media = 4,
                                         .spend = 15000000}));
    Record(kActionMonth2024, ActivityOf({.organiser = "agencies/quang-ngai-binh-son-ubnd",
                                         .unit = "units/524",
                                         .type = v1::ACTIVITY_TYPE_TRAINING,
                                         .day = absl::CivilDay(2024, 11, 26),
                                         .female = 25,
                                         .male = 15,
                                         .total = 40,
                                         .reached = 40,
                                         .spend = 8000000}));
    Record(kActionMonth2024, ActivityOf({.organiser = "agencies/quang-ngai-tu-nghia-ubnd",
                                         .unit = "units/528",
                                         .type = v1::ACTIVITY_TYPE_FORUM,
                                         .day = absl::CivilDay(2024, 12, 2),
                                         .female = 40,
                                         .male = 35,
                                         .unspecified = 5,
                                         .total = 80,
                                         .reached = 600,
                                         .media = 1,
                                         .spend = 12500000}));
    Record(kActionMonth2024, ActivityOf({.organiser = "agencies/quang-ngai-tu-nghia-ubnd",
                                         .unit = "units/21235",
                                         .type = v1::ACTIVITY_TYPE_MEDIA_ITEM,
                                         .day = absl::CivilDay(2024, 12, 10),
                                         .reached = 25000,
                                         .media = 12,
                                         .spend = 3000000}));
    Record(kActionMonth2024, ActivityOf({.organiser = "agencies/quang-ngai-so-ldtbxh",
                                         .unit = "units/51",
                                         .type = v1::ACTIVITY_TYPE_HOME_VISIT,
                                         .day = absl::CivilDay(2024, 12, 15),
                                         .female = 12,
                                         .male = 3,
                                         .total = 15,
                                         .reached = 15,
                                         .spend = 4500000}));
    Record(kActionMonth2024, ActivityOf({.organiser = "agencies/bien-hoa-ubnd",
                                         .unit = "units/731",
                                         .type = v1::ACTIVITY_TYPE_FORUM,
                                         .day = absl::CivilDay(2024, 11, 15),
                                         .female = 50,
                                         .male = 50,
                                         .total = 100,
                                         .reached = 1000,
                                         .spend = 9000000}));
  }

  // 2025, the new Quảng Ngãi: Xã Bình Sơn (21040), Phường Kon Tum (23293,
  // from the former Kon Tum province), Phường Nghĩa Lộ (21028), the
  // province itself.
  void Record2025() {
    CreateActionMonth(2025);
    Record(kActionMonth2025, ActivityOf({.organiser = "agencies/quang-ngai-so-noi-vu",
                                         .unit = "units/21040",
                                         .type = v1::ACTIVITY_TYPE_GRASSROOTS_EVENT,
                                         .day = absl::CivilDay(2025, 11, 18),
                                         .female = 200,
                                         .male = 150,
                                         .total = 350,
                                         .reached = 5000,
                                         .media = 2,
                                         .spend = 20000000}));
    Record(kActionMonth2025, ActivityOf({.organiser = "agencies/quang-ngai-so-noi-vu",
                                         .unit = "units/23293",
                                         .type = v1::ACTIVITY_TYPE_FORUM,
                                         .day = absl::CivilDay(2025, 11, 25),
                                         .female = 30,
                                         .male = 30,
                                         .total = 60,
                                         .reached = 300,
                                         .spend = 6000000}));
    Record(kActionMonth2025, ActivityOf({.organiser = "agencies/quang-ngai-ubnd",
                                         .unit = "units/21028",
                                         .type = v1::ACTIVITY_TYPE_TRAINING,
                                         .day = absl::CivilDay(2025, 12, 3),
                                         .female = 15,
                                         .male = 10,
                                         .unspecified = 5,
                                         .total = 30,
                                         .reached = 30,
                                         .spend = 5000000}));
    Record(kActionMonth2025, ActivityOf({.organiser = "agencies/quang-ngai-so-noi-vu",
                                         .unit = "units/51",
                                         .type = v1::ACTIVITY_TYPE_MEDIA_ITEM,
                                         .day = absl::CivilDay(2025, 12, 12),
                                         .reached = 40000,
                                         .media = 20,
                                         .spend = 2500000}));
  }

  v1::CampaignSummary MustSummarize(const std::string& campaign, const std::string& unit) {
    absl::StatusOr<v1::CampaignSummary> summary = Summarize(campaign, unit);
    EXPECT_TRUE(summary.ok()) << DescribeStatus(summary.status());
    return summary.ok() ? *summary : v1::CampaignSummary();
  }

  // The 2024 figures over the old Quảng Ngãi (units/51 with its 13
  // districts), worked out by hand from Record2024().
  void Expect2024QuangNgai(const v1::CampaignFigures& f) {
    EXPECT_EQ(f.campaign(), kActionMonth2024);
    EXPECT_EQ(f.year(), 2024);
    EXPECT_EQ(f.activities(), 5);
    EXPECT_THAT(ByType(f), ElementsAre("FORUM 1", "TRAINING 1", "MEDIA_ITEM 1",
                                       "GRASSROOTS_EVENT 1", "HOME_VISIT 1"));
    // female 120+25+40+0+12, male 80+15+35+0+3, unspecified 10+5,
    // total 215+40+80+0+15.
    EXPECT_EQ(Participants(f), "197/133/15/350");
    EXPECT_EQ(f.people_reached(), 3000 + 40 + 600 + 25000 + 15);
    EXPECT_EQ(f.people_reached(), 28655);
    EXPECT_EQ(f.media_items(), 17);
    EXPECT_EQ(f.spend_vnd(), 43000000);
    EXPECT_EQ(f.child_units(), 13);
    EXPECT_EQ(f.child_units(), static_cast<int>(ReferenceChildren2025_03("51").size()));
    EXPECT_THAT(f.units_without_activity(),
                UnorderedElementsAreArray(
                    Without(ReferenceChildren2025_03("51"), {"units/524", "units/528"})));
    EXPECT_EQ(f.units_without_activity_size(), 11);
    EXPECT_EQ(Children(f), (std::map<std::string, std::string>{
                               {"units/524", "Huyện Bình Sơn: 2 145/95/10/255 3040 23000000"},
                               {"units/528", "Huyện Tư Nghĩa: 2 40/35/5/80 25600 15500000"}}));
  }
};

TEST_P(CampaignSummaryTest, AProvinceBeforeTheReformBesideThePreviousYear) {
  Record2023();
  Record2024();
  const v1::CampaignSummary summary = MustSummarize(kActionMonth2024, "units/51");
  EXPECT_EQ(summary.unit(), "units/51");
  EXPECT_EQ(summary.unit_display_name(), "Tỉnh Quảng Ngãi");
  Expect2024QuangNgai(summary.current());

  ASSERT_TRUE(summary.has_previous());
  const v1::CampaignFigures& previous = summary.previous();
  EXPECT_EQ(previous.campaign(), kActionMonth2023);
  EXPECT_EQ(previous.year(), 2023);
  EXPECT_EQ(previous.activities(), 2);
  EXPECT_THAT(ByType(previous), ElementsAre("FORUM 1", "TRAINING 1"));
  EXPECT_EQ(Participants(previous), "40/30/5/80");
  EXPECT_EQ(previous.people_reached(), 600);
  EXPECT_EQ(previous.media_items(), 2);
  EXPECT_EQ(previous.spend_vnd(), 12000000);
  EXPECT_EQ(previous.child_units(), 13);
  EXPECT_THAT(previous.units_without_activity(),
              UnorderedElementsAreArray(
                  Without(ReferenceChildren2025_03("51"), {"units/522", "units/524"})));
  EXPECT_EQ(Children(previous),
            (std::map<std::string, std::string>{
                {"units/522", "Thành phố Quảng Ngãi: 1 30/20/5/60 500 10000000"},
                {"units/524", "Huyện Bình Sơn: 1 10/10/0/20 100 2000000"}}));

  // The same by kind and year.
  v1::SummarizeCampaignRequest by_year;
  by_year.set_kind(v1::CAMPAIGN_KIND_ACTION_MONTH_GENDER_EQUALITY);
  by_year.set_year(2024);
  by_year.set_unit("units/51");
  absl::StatusOr<v1::CampaignSummary> same = registry_->SummarizeCampaign(by_year, Call());
  ASSERT_TRUE(same.ok()) << DescribeStatus(same.status());
  EXPECT_TRUE(MessageDifferencer::Equals(*same, summary)) << same->DebugString();
}

TEST_P(CampaignSummaryTest, ADistrictAndTheNation) {
  Record2023();
  Record2024();
  // Tư Nghĩa (528): its communes are the children; only La Hà did
  // something, the district's own forum counts in the totals only.
  const v1::CampaignSummary district = MustSummarize(kActionMonth2024, "units/528");
  EXPECT_EQ(district.unit_display_name(), "Huyện Tư Nghĩa");
  const v1::CampaignFigures& f = district.current();
  EXPECT_EQ(f.activities(), 2);
  EXPECT_THAT(ByType(f), ElementsAre("FORUM 1", "MEDIA_ITEM 1"));
  EXPECT_EQ(Participants(f), "40/35/5/80");
  EXPECT_EQ(f.people_reached(), 25600);
  EXPECT_EQ(f.media_items(), 13);
  EXPECT_EQ(f.spend_vnd(), 15500000);
  // Tư Nghĩa's 14 communes of 2024 (13 from 2025-01-01): the dated list
  // in force during the Action Months of 2023 and 2024 shows the same 14.
  const std::vector<std::string> communes = ReferenceChildrenOn("528", "2024-11-01");
  ASSERT_EQ(communes, ReferenceChildrenOn("528", "2023-04-10"));
  ASSERT_EQ(communes.size(), 14u);
  EXPECT_EQ(f.child_units(), static_cast<int>(communes.size()));
  EXPECT_THAT(f.units_without_activity(),
              UnorderedElementsAreArray(Without(communes, {"units/21235"})));
  EXPECT_EQ(Children(f), (std::map<std::string, std::string>{
                             {"units/21235", "Thị trấn La Hà: 1 0/0/0/0 25000 3000000"}}));
  // Nothing in Tư Nghĩa in 2023: every commune without activity.
  ASSERT_TRUE(district.has_previous());
  EXPECT_EQ(district.previous().activities(), 0);
  EXPECT_THAT(district.previous().by_type(), IsEmpty());
  EXPECT_EQ(district.previous().spend_vnd(), 0);
  EXPECT_THAT(district.previous().units_without_activity(), UnorderedElementsAreArray(communes));

  // The nation (the campaign's scope): the 63 provinces of 2024.
  const v1::CampaignSummary nation = MustSummarize(kActionMonth2024, "");
  EXPECT_EQ(nation.unit(), "");
  const v1::CampaignFigures& n = nation.current();
  EXPECT_EQ(n.activities(), 6);
  EXPECT_THAT(ByType(n), ElementsAre("FORUM 2", "TRAINING 1", "MEDIA_ITEM 1", "GRASSROOTS_EVENT 1",
                                     "HOME_VISIT 1"));
  EXPECT_EQ(Participants(n), "247/183/15/450");
  EXPECT_EQ(n.people_reached(), 29655);
  EXPECT_EQ(n.spend_vnd(), 52000000);
  const std::vector<std::string> provinces = ReferenceChildren2025_03("");
  ASSERT_EQ(provinces.size(), 63u);
  EXPECT_EQ(n.child_units(), 63);
  EXPECT_THAT(n.units_without_activity(),
              UnorderedElementsAreArray(Without(provinces, {"units/51", "units/75"})));
  EXPECT_EQ(Children(n), (std::map<std::string, std::string>{
                             {"units/51", "Tỉnh Quảng Ngãi: 5 197/133/15/350 28655 43000000"},
                             {"units/75", "Tỉnh Đồng Nai: 1 50/50/0/100 1000 9000000"}}));
  ASSERT_TRUE(nation.has_previous());
  EXPECT_EQ(nation.previous().activities(), 2);
  EXPECT_EQ(nation.previous().units_without_activity_size(), 62);
}

TEST_P(CampaignSummaryTest, NoPreviousInstanceNoPreviousFigures) {
  Record2024();
  // 2023 was never created.
  const v1::CampaignSummary summary = MustSummarize(kActionMonth2024, "units/51");
  EXPECT_FALSE(summary.has_previous());
  Expect2024QuangNgai(summary.current());
  // A one-off campaign has no previous year either; without a unit, its
  // scope is summarized.
  v1::CreateCampaignRequest request;
  request.set_campaign_id("dong-nai-june-2024");
  request.set_request_id("create-dong-nai-june-2024");
  v1::Campaign* c = request.mutable_campaign();
  c->set_display_name("Tháng hành động quốc gia về phòng, chống bạo lực gia đình 2024 (Đồng Nai)");
  c->set_kind(v1::CAMPAIGN_KIND_ACTION_MONTH_DOMESTIC_VIOLENCE);
  *c->mutable_start_date() = Day(2024, 6, 1);
  *c->mutable_end_date() = Day(2024, 6, 30);
  c->set_scope("units/75");
  c->set_organiser("agencies/dong-nai-so-ldtbxh");
  Create(request);
  Record("campaigns/dong-nai-june-2024", ActivityOf({.organiser = "agencies/long-khanh-ubnd",
                                                     .unit = "units/732",
                                                     .type = v1::ACTIVITY_TYPE_HOME_VISIT,
                                                     .day = absl::CivilDay(2024, 6, 28),
                                                     .female = 7,
                                                     .male = 2,
                                                     .total = 9,
                                                     .reached = 9,
                                                     .spend = 1200000}));
  const v1::CampaignSummary june = MustSummarize("campaigns/dong-nai-june-2024", "");
  EXPECT_EQ(june.unit(), "units/75");
  EXPECT_EQ(june.unit_display_name(), "Tỉnh Đồng Nai");
  EXPECT_FALSE(june.has_previous());
  EXPECT_EQ(june.current().activities(), 1);
  EXPECT_EQ(june.current().child_units(), 11);
  EXPECT_THAT(june.current().units_without_activity(),
              UnorderedElementsAreArray(Without(ReferenceChildren2025_03("75"), {"units/732"})));
  // By kind and year: the June campaign is the only one of its kind.
  v1::SummarizeCampaignRequest by_year;
  by_year.set_kind(v1::CAMPAIGN_KIND_ACTION_MONTH_DOMESTIC_VIOLENCE);
  by_year.set_year(2024);
  absl::StatusOr<v1::CampaignSummary> same = registry_->SummarizeCampaign(by_year, Call());
  ASSERT_TRUE(same.ok()) << DescribeStatus(same.status());
  EXPECT_EQ(same->current().campaign(), "campaigns/dong-nai-june-2024");
}

TEST_P(CampaignSummaryTest, AcrossThe2025Reform) {
  Record2024();
  Record2025();
  const v1::CampaignSummary summary = MustSummarize(kActionMonth2025, "units/51");
  EXPECT_EQ(summary.unit(), "units/51");
  EXPECT_EQ(summary.unit_display_name(), "Tỉnh Quảng Ngãi");
  const v1::CampaignFigures& f = summary.current();
  EXPECT_EQ(f.campaign(), kActionMonth2025);
  EXPECT_EQ(f.year(), 2025);
  EXPECT_EQ(f.activities(), 4);
  EXPECT_THAT(ByType(f),
              ElementsAre("FORUM 1", "TRAINING 1", "MEDIA_ITEM 1", "GRASSROOTS_EVENT 1"));
  // female 200+30+15, male 150+30+10, unspecified 5, total 350+60+30.
  EXPECT_EQ(Participants(f), "245/190/5/440");
  EXPECT_EQ(f.people_reached(), 45330);
  EXPECT_EQ(f.media_items(), 22);
  EXPECT_EQ(f.spend_vnd(), 33500000);
  // Its children are the communes of the new province: old Quảng Ngãi's
  // and old Kon Tum's.
  const std::vector<std::string> communes = ReferenceChildren2025_07("51");
  ASSERT_EQ(communes.size(), 96u);
  EXPECT_EQ(f.child_units(), 96);
  EXPECT_THAT(
      f.units_without_activity(),
      UnorderedElementsAreArray(Without(communes, {"units/21040", "units/21028", "units/23293"})));
  EXPECT_EQ(f.units_without_activity_size(), 93);
  EXPECT_EQ(Children(f), (std::map<std::string, std::string>{
                             {"units/21028", "Phường Nghĩa Lộ: 1 15/10/5/30 30 5000000"},
                             {"units/21040", "Xã Bình Sơn: 1 200/150/0/350 5000 20000000"},
                             {"units/23293", "Phường Kon Tum: 1 30/30/0/60 300 6000000"}}));
  // Beside it, 2024 over units/51 as it was then: the old province and its
  // districts.
  ASSERT_TRUE(summary.has_previous());
  Expect2024QuangNgai(summary.previous());

  // The nation in 2025: 34 provinces.
  const v1::CampaignSummary nation = MustSummarize(kActionMonth2025, "");
  const std::vector<std::string> provinces = ReferenceChildren2025_07("");
  ASSERT_EQ(provinces.size(), 34u);
  EXPECT_EQ(nation.current().child_units(), 34);
  EXPECT_THAT(nation.current().units_without_activity(),
              UnorderedElementsAreArray(Without(provinces, {"units/51"})));
  ASSERT_TRUE(nation.has_previous());
  EXPECT_EQ(nation.previous().child_units(), 63);
  EXPECT_EQ(nation.previous().units_without_activity_size(), 61);

  // A commune of 2025 whose code was another commune's in 2024: each year
  // its own unit (Xã Bình Sơn now, Thị trấn Châu Ổ then).
  const v1::CampaignSummary commune = MustSummarize(kActionMonth2025, "units/21040");
  EXPECT_EQ(commune.unit_display_name(), "Xã Bình Sơn");
  EXPECT_EQ(commune.current().activities(), 1);
  EXPECT_EQ(commune.current().child_units(), 0);
  ASSERT_TRUE(commune.has_previous());
  EXPECT_EQ(commune.previous().activities(), 1);
  EXPECT_EQ(commune.previous().people_reached(), 3000);

  // Districts and the old Kon Tum province are gone in 2025.
  for (const char* gone : {"units/524", "units/62"}) {
    SCOPED_TRACE(gone);
    absl::StatusOr<v1::CampaignSummary> failed = Summarize(kActionMonth2025, gone);
    EXPECT_EQ(failed.status().code(), absl::StatusCode::kInvalidArgument)
        << DescribeStatus(failed.status());
    EXPECT_EQ(FieldsOf(failed.status()), std::vector<std::string>{"unit"});
  }
  // Đặc khu Lý Sơn only exists from 2025: no previous figures for it.
  const v1::CampaignSummary ly_son = MustSummarize(kActionMonth2025, "units/21548");
  EXPECT_EQ(ly_son.current().activities(), 0);
  EXPECT_FALSE(ly_son.has_previous());
}

TEST_P(CampaignSummaryTest, BadRequests) {
  Record2024();
  v1::SummarizeCampaignRequest request;
  absl::StatusOr<v1::CampaignSummary> nothing = registry_->SummarizeCampaign(request, Call());
  EXPECT_EQ(nothing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldsOf(nothing.status()), std::vector<std::string>{"campaign"});
  request.set_kind(v1::CAMPAIGN_KIND_ACTION_MONTH_GENDER_EQUALITY);
  EXPECT_EQ(FieldsOf(registry_->SummarizeCampaign(request, Call()).status()),
            std::vector<std::string>{"campaign"});
  request.set_year(2030);
  EXPECT_EQ(registry_->SummarizeCampaign(request, Call()).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(Summarize("campaigns/no-such-campaign", "").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(FieldsOf(Summarize(kActionMonth2024, "51").status()), std::vector<std::string>{"unit"});
  // A unit that did not exist on the campaign's dates.
  EXPECT_EQ(FieldsOf(Summarize(kActionMonth2024, "units/21548").status()),
            std::vector<std::string>{"unit"});
}

// A campaign scoped to a province has no figures elsewhere: a unit outside
// its scope is refused naming unit, not summarized as zeros; the scope and
// units inside it are summarized.
TEST_P(CampaignSummaryTest, AUnitOutsideAScopedCampaign) {
  v1::CreateCampaignRequest request;
  request.set_campaign_id("binh-son-june-2024");
  request.set_request_id("create-binh-son-june-2024");
  v1::Campaign* c = request.mutable_campaign();
  c->set_display_name("Tháng hành động phòng, chống bạo lực gia đình 2024 (Bình Sơn)");
  c->set_kind(v1::CAMPAIGN_KIND_ACTION_MONTH_DOMESTIC_VIOLENCE);
  *c->mutable_start_date() = Day(2024, 6, 1);
  *c->mutable_end_date() = Day(2024, 6, 30);
  c->set_scope("units/524");
  c->set_organiser("agencies/quang-ngai-binh-son-ubnd");
  Create(request);
  constexpr char kBinhSon[] = "campaigns/binh-son-june-2024";
  Record(kBinhSon, ActivityOf({.organiser = "agencies/quang-ngai-binh-son-ubnd",
                               .unit = "units/21040",
                               .type = v1::ACTIVITY_TYPE_TRAINING,
                               .day = absl::CivilDay(2024, 6, 12),
                               .female = 9,
                               .male = 6,
                               .total = 15,
                               .reached = 15,
                               .spend = 3000000}));
  // Inside: the scope itself, and a commune of it.
  const v1::CampaignSummary scope = MustSummarize(kBinhSon, "units/524");
  EXPECT_EQ(scope.current().activities(), 1);
  EXPECT_TRUE(MessageDifferencer::Equals(scope, MustSummarize(kBinhSon, "")));
  EXPECT_EQ(MustSummarize(kBinhSon, "units/21040").current().activities(), 1);
  // Outside: another district, another province, the province above it.
  for (const char* outside : {"units/528", "units/75", "units/731", "units/51"}) {
    SCOPED_TRACE(outside);
    absl::StatusOr<v1::CampaignSummary> refused = Summarize(kBinhSon, outside);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument)
        << DescribeStatus(refused.status());
    EXPECT_EQ(FieldsOf(refused.status()), std::vector<std::string>{"unit"});
  }
  // By kind and year too.
  v1::SummarizeCampaignRequest by_year;
  by_year.set_kind(v1::CAMPAIGN_KIND_ACTION_MONTH_DOMESTIC_VIOLENCE);
  by_year.set_year(2024);
  by_year.set_unit("units/75");
  absl::StatusOr<v1::CampaignSummary> refused = registry_->SummarizeCampaign(by_year, Call());
  EXPECT_EQ(FieldsOf(refused.status()), std::vector<std::string>{"unit"});
  by_year.set_unit("units/21040");
  absl::StatusOr<v1::CampaignSummary> inside = registry_->SummarizeCampaign(by_year, Call());
  ASSERT_TRUE(inside.ok()) << DescribeStatus(inside.status());
  EXPECT_EQ(inside->current().spend_vnd(), 3000000);
  // A national campaign still summarizes any unit.
  Record2024();
  EXPECT_EQ(MustSummarize(kActionMonth2024, "units/75").current().activities(), 1);
}

INSTANTIATE_CAMPAIGNS_ON_BOTH_ENGINES(CampaignSummaryTest);

}  // namespace
}  // namespace interplan::campaigns::test
