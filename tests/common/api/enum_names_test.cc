// Enum values as people read and type them: the API's prefixed names
// (AIP-126) shortened for tables and sentences, and a command line's "issued"
// read back as PLAN_STATUS_ISSUED.
#include "common/api/enum_names.h"

#include "gtest/gtest.h"
#include "interplan/agencies/v1/units.pb.h"
#include "interplan/plans/v1/plans.pb.h"

namespace interplan::api {
namespace {

namespace av1 = ::interplan::agencies::v1;
namespace pv1 = ::interplan::plans::v1;

TEST(EnumNamesTest, PrefixIsTheEnumNameInUpperSnakeCase) {
  EXPECT_EQ(EnumValuePrefix(*pv1::PlanStatus_descriptor()), "PLAN_STATUS_");
  EXPECT_EQ(EnumValuePrefix(*pv1::ImportFinding::Kind_descriptor()), "KIND_");
  EXPECT_EQ(EnumValuePrefix(*av1::UnitLevel_descriptor()), "UNIT_LEVEL_");
}

TEST(EnumNamesTest, ShortNameDropsThePrefix) {
  EXPECT_EQ(ShortEnumName(pv1::PLAN_STATUS_ISSUED), "ISSUED");
  EXPECT_EQ(ShortEnumName(av1::UNIT_LEVEL_COMMUNE), "COMMUNE");
  EXPECT_EQ(ShortEnumName(pv1::ImportFinding::KIND_GUESSED), "GUESSED");
  EXPECT_EQ(ShortEnumName(pv1::PLAN_STATUS_UNSPECIFIED), "UNSPECIFIED");
  // A number the schema does not declare (proto3 enums are open).
  EXPECT_EQ(ShortEnumName(static_cast<pv1::PlanStatus>(42)), "42");
}

TEST(EnumNamesTest, ParsesFullAndShortNamesInAnyCase) {
  for (const char* text : {"issued", "ISSUED", "Issued", "plan_status_issued", "PLAN_STATUS_ISSUED",
                           "plan-status-issued"}) {
    pv1::PlanStatus status = pv1::PLAN_STATUS_UNSPECIFIED;
    EXPECT_TRUE(ParseEnumName(text, &status)) << text;
    EXPECT_EQ(status, pv1::PLAN_STATUS_ISSUED) << text;
  }
  av1::UnitLevel level = av1::UNIT_LEVEL_UNSPECIFIED;
  EXPECT_TRUE(ParseEnumName("province", &level));
  EXPECT_EQ(level, av1::UNIT_LEVEL_PROVINCE);
}

TEST(EnumNamesTest, RefusesWhatNoValueIsNamed) {
  pv1::PlanStatus status = pv1::PLAN_STATUS_DRAFT;
  EXPECT_FALSE(ParseEnumName("isued", &status));
  EXPECT_FALSE(ParseEnumName("", &status));
  // Another enum's prefix does not make a value of this one.
  EXPECT_FALSE(ParseEnumName("REPORT_STATUS_DRAFT", &status));
  EXPECT_EQ(status, pv1::PLAN_STATUS_DRAFT);
}

}  // namespace
}  // namespace interplan::api
