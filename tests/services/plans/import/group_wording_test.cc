// People's Committees named as a group, as plans write them.
#include "services/plans/import/group_wording.h"

#include "gtest/gtest.h"

namespace interplan::plans::import {
namespace {

namespace av1 = ::interplan::agencies::v1;

TEST(GroupWordingTest, TheLevelOfTheUnitsNamed) {
  struct Case {
    const char* words;
    av1::UnitLevel level;
  };
  for (const Case& c : {
           Case{"UBND các huyện, thị xã, thành phố", av1::UNIT_LEVEL_DISTRICT},
           Case{"Ủy ban nhân dân các xã, phường, thị trấn", av1::UNIT_LEVEL_COMMUNE},
           Case{"Ủy ban nhân dân 16 phường", av1::UNIT_LEVEL_COMMUNE},
           Case{"UBND các quận, huyện", av1::UNIT_LEVEL_DISTRICT},
           Case{"UBND các xã trên địa bàn", av1::UNIT_LEVEL_COMMUNE},
       }) {
    std::optional<v1::AgencyGroup> group = PeoplesCommitteeGroup(c.words);
    ASSERT_TRUE(group.has_value()) << c.words;
    EXPECT_EQ(group->kind(), av1::AGENCY_KIND_PEOPLES_COMMITTEE) << c.words;
    EXPECT_EQ(group->level(), c.level) << c.words;
    EXPECT_EQ(group->text(), c.words);
  }
}

TEST(GroupWordingTest, OtherGroupsAndMixedLevelsAreNotOne) {
  for (const char* words :
       {"các sở, ban, ngành tỉnh", "UBND các huyện và các xã", "Ủy ban nhân dân tỉnh",
        "UBND huyện Bình Sơn", "các đơn vị liên quan", "UBND các cấp", ""}) {
    EXPECT_FALSE(PeoplesCommitteeGroup(words).has_value()) << words;
  }
}

}  // namespace
}  // namespace interplan::plans::import
