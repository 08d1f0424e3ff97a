// Listing a campaign's activities, on SQLite and PostgreSQL: by unit subtree
// as of the campaign's dates (a commune's activity is under its district
// and province in 2024; in 2025 communes sit directly under the province
// and the districts are gone), by organiser, page by page.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/campaigns/campaigns_test_support.h"
#include "tests/support/database_fixture.h"

namespace interplan::campaigns::test {
namespace {

using ::testing::IsEmpty;

constexpr char kActionMonth2024[] = "campaigns/action-month-2024";
constexpr char kActionMonth2025[] = "campaigns/action-month-2025";

class ActivityListingTest : public CampaignRegistryTest {
 protected:
  void SetUp() override {
    CampaignRegistryTest::SetUp();
    if (HasFatalFailure()) return;
    CreateActionMonth(2024);
    CreateActionMonth(2025);
    const absl::CivilDay day(2024, 11, 25);
    // Quảng Ngãi: a commune of Bình Sơn (Thị trấn Châu Ổ), the city of
    // Quảng Ngãi, one of its wards (Phường Lê Hồng Phong), the province.
    chau_o_ = Record(kActionMonth2024, ActivityOf({.organiser = "agencies/quang-ngai-binh-son-ubnd",
                                                   .unit = "units/21040",
                                                   .type = v1::ACTIVITY_TYPE_GRASSROOTS_EVENT,
                                                   .day = day,
                                                   .female = 10,
                                                   .total = 10}))
                  .name();
    city_ =
        Record(kActionMonth2024, ActivityOf({.organiser = "agencies/quang-ngai-tp-quang-ngai-ubnd",
                                             .unit = "units/522",
                                             .type = v1::ACTIVITY_TYPE_FORUM,
                                             .day = day,
                                             .male = 5,
                                             .total = 5}))
            .name();
    province_ = Record(kActionMonth2024, ActivityOf({.organiser = "agencies/quang-ngai-so-ldtbxh",
                                                     .unit = "units/51",
                                                     .type = v1::ACTIVITY_TYPE_MEDIA_ITEM,
                                                     .day = day,
                                                     .reached = 10000}))
                    .name();
    ward_ = Record(kActionMonth2024, ActivityOf({.organiser = "agencies/quang-ngai-so-ldtbxh",
                                                 .unit = "units/21010",
                                                 .type = v1::ACTIVITY_TYPE_HOME_VISIT,
                                                 .day = day,
                                                 .female = 2,
                                                 .total = 2}))
                .name();
    // Đồng Nai (Biên Hòa) and Hồ Chí Minh City (Phường 14, Gò Vấp).
    bien_hoa_ = Record(kActionMonth2024, ActivityOf({.organiser = "agencies/bien-hoa-ubnd",
                                                     .unit = "units/731",
                                                     .type = v1::ACTIVITY_TYPE_CONTEST,
                                                     .day = day,
                                                     .female = 30,
                                                     .total = 30}))
                    .name();
    go_vap_ = Record(kActionMonth2024, ActivityOf({.organiser = "agencies/go-vap-phuong-14-ubnd",
                                                   .unit = "units/26882",
                                                   .type = v1::ACTIVITY_TYPE_TRAINING,
                                                   .day = day,
                                                   .female = 8,
                                                   .male = 4,
                                                   .total = 12}))
                  .name();
  }

  std::vector<std::string> Under(const std::string& campaign, const std::string& unit,
                                 const std::string& organiser = "") {
    v1::ListActivitiesRequest request;
    request.set_parent(campaign);
    request.set_unit(unit);
    request.set_organiser(organiser);
    return NamesOf(ListAll(request));
  }

  static std::vector<std::string> Sorted(std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string chau_o_, city_, province_, ward_, bien_hoa_, go_vap_;
};

TEST_P(ActivityListingTest, ByUnitSubtreeOnTheCampaignsDates) {
  EXPECT_EQ(Under(kActionMonth2024, ""),
            Sorted({chau_o_, city_, province_, ward_, bien_hoa_, go_vap_}));
  EXPECT_EQ(Under(kActionMonth2024, "units/51"), Sorted({chau_o_, city_, province_, ward_}));
  // The commune's activity is under its district and its province.
  EXPECT_EQ(Under(kActionMonth2024, "units/524"), Sorted({chau_o_}));
  EXPECT_EQ(Under(kActionMonth2024, "units/21040"), Sorted({chau_o_}));
  EXPECT_EQ(Under(kActionMonth2024, "units/522"), Sorted({city_, ward_}));
  EXPECT_EQ(Under(kActionMonth2024, "units/21010"), Sorted({ward_}));
  // Tư Nghĩa district had nothing.
  EXPECT_THAT(Under(kActionMonth2024, "units/528"), IsEmpty());
  EXPECT_EQ(Under(kActionMonth2024, "units/75"), Sorted({bien_hoa_}));
  EXPECT_EQ(Under(kActionMonth2024, "units/79"), Sorted({go_vap_}));
  EXPECT_EQ(Under(kActionMonth2024, "units/764"), Sorted({go_vap_}));
  EXPECT_THAT(Under(kActionMonth2024, "units/12"), IsEmpty());
  EXPECT_THAT(Under(kActionMonth2025, "units/51"), IsEmpty());
}

TEST_P(ActivityListingTest, AfterTheReformCommunesSitUnderTheProvince) {
  // Xã Bình Sơn (21040 since 2025-07-01, the old Châu Ổ code) and Phường
  // Kon Tum (23293, formerly in Kon Tum province) are communes of the new
  // Quảng Ngãi.
  const absl::CivilDay day(2025, 11, 20);
  const std::string binh_son =
      Record(kActionMonth2025, ActivityOf({.organiser = "agencies/quang-ngai-so-noi-vu",
                                           .unit = "units/21040",
                                           .type = v1::ACTIVITY_TYPE_GRASSROOTS_EVENT,
                                           .day = day,
                                           .female = 40,
                                           .total = 40}))
          .name();
  const std::string kon_tum =
      Record(kActionMonth2025, ActivityOf({.organiser = "agencies/quang-ngai-so-noi-vu",
                                           .unit = "units/23293",
                                           .type = v1::ACTIVITY_TYPE_FORUM,
                                           .day = day,
                                           .male = 20,
                                           .total = 20}))
          .name();
  EXPECT_EQ(Under(kActionMonth2025, "units/51"), Sorted({binh_son, kon_tum}));
  EXPECT_EQ(Under(kActionMonth2025, "units/21040"), Sorted({binh_son}));
  EXPECT_EQ(Under(kActionMonth2025, "units/23293"), Sorted({kon_tum}));
  // The 2024 lists are untouched.
  EXPECT_EQ(Under(kActionMonth2024, "units/21040"), Sorted({chau_o_}));
  // Districts did not exist on 15/11/2025.
  v1::ListActivitiesRequest request;
  request.set_parent(kActionMonth2025);
  request.set_unit("units/524");
  absl::StatusOr<v1::ListActivitiesResponse> gone = registry_->ListActivities(request, Call());
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldsOf(gone.status()), std::vector<std::string>{"unit"});
  // Nor does a 2025 commune code that is new in 2024's campaign.
  request.set_parent(kActionMonth2024);
  request.set_unit("units/21548");  // Đặc khu Lý Sơn
  EXPECT_EQ(FieldsOf(registry_->ListActivities(request, Call()).status()),
            std::vector<std::string>{"unit"});
  // The Bình Sơn district committee ceased with its district: it cannot
  // report for 2025.
  absl::StatusOr<v1::Activity> ceased = TryRecord(
      kActionMonth2025,
      ActivityOf(
          {.organiser = "agencies/quang-ngai-binh-son-ubnd", .unit = "units/21040", .day = day}));
  EXPECT_EQ(FieldsOf(ceased.status()), std::vector<std::string>{"activity.organiser"});
}

TEST_P(ActivityListingTest, ByOrganiser) {
  EXPECT_EQ(Under(kActionMonth2024, "", "agencies/quang-ngai-so-ldtbxh"),
            Sorted({province_, ward_}));
  EXPECT_EQ(Under(kActionMonth2024, "units/522", "agencies/quang-ngai-so-ldtbxh"), Sorted({ward_}));
  EXPECT_EQ(Under(kActionMonth2024, "units/524", "agencies/quang-ngai-so-ldtbxh"),
            std::vector<std::string>{});
  EXPECT_EQ(Under(kActionMonth2024, "", "agencies/bien-hoa-ubnd"), Sorted({bien_hoa_}));
  EXPECT_THAT(Under(kActionMonth2024, "", "agencies/molisa"), IsEmpty());
  v1::ListActivitiesRequest request;
  request.set_parent(kActionMonth2024);
  request.set_organiser("bien-hoa-ubnd");
  EXPECT_EQ(FieldsOf(registry_->ListActivities(request, Call()).status()),
            std::vector<std::string>{"organiser"});
}

TEST_P(ActivityListingTest, PageByPage) {
  const std::vector<std::string> all =
      Sorted({chau_o_, city_, province_, ward_, bien_hoa_, go_vap_});
  for (int page_size : {1, 2, 4, 6, 7}) {
    SCOPED_TRACE(page_size);
    v1::ListActivitiesRequest request;
    request.set_parent(kActionMonth2024);
    request.set_page_size(page_size);
    int pages = 0;
    const std::vector<v1::Activity> listed = ListAll(request, &pages);
    std::vector<std::string> in_order;
    for (const v1::Activity& a : listed) in_order.push_back(a.name());
    // In name order across pages.
    EXPECT_EQ(in_order, all);
    EXPECT_EQ(pages, (6 + page_size - 1) / page_size);
  }
  // A subtree and an organiser, one at a time.
  v1::ListActivitiesRequest request;
  request.set_parent(kActionMonth2024);
  request.set_unit("units/51");
  request.set_page_size(1);
  int pages = 0;
  EXPECT_EQ(NamesOf(ListAll(request, &pages)), Sorted({chau_o_, city_, province_, ward_}));
  EXPECT_EQ(pages, 4);
  // A page token belongs to its filter.
  absl::StatusOr<v1::ListActivitiesResponse> first = registry_->ListActivities(request, Call());
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(first->next_page_token().empty());
  v1::ListActivitiesRequest other = request;
  other.set_unit("units/75");
  other.set_page_token(first->next_page_token());
  absl::StatusOr<v1::ListActivitiesResponse> mixed = registry_->ListActivities(other, Call());
  EXPECT_EQ(mixed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldsOf(mixed.status()), std::vector<std::string>{"page_token"});
  // An unknown campaign.
  v1::ListActivitiesRequest unknown;
  unknown.set_parent("campaigns/no-such-campaign");
  EXPECT_EQ(registry_->ListActivities(unknown, Call()).status().code(),
            absl::StatusCode::kNotFound);
}

INSTANTIATE_CAMPAIGNS_ON_BOTH_ENGINES(ActivityListingTest);

}  // namespace
}  // namespace interplan::campaigns::test
