// UnitPathMemo: what compliance keeps of unit versions' paths between calls.
#include "services/reporting/unit_path_memo.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace interplan::reporting {
namespace {

std::string Key(const std::string& code) {
  std::string key;
  UnitPathMemo::AppendVersionKey(code, "2025-07-01", "51/" + code, &key);
  return key;
}

TEST(UnitPathMemoTest, ADayNeverAskedRemembersNothing) {
  UnitPathMemo memo;
  EXPECT_TRUE(memo.Snapshot("2025-07-01|2026-12-31")->empty());
}

TEST(UnitPathMemoTest, TheKeyNamesCodeFirstDayAndRecordedPath) {
  std::string key = "reused ";
  UnitPathMemo::AppendVersionKey("21364", "2025-07-01", "51/21364", &key);
  EXPECT_EQ(key, "reused 21364@2025-07-01|51/21364");
  EXPECT_NE(Key("21364"), Key("21365"));
}

TEST(UnitPathMemoTest, WhatIsRememberedAnswersLaterSnapshotsOfThatDayOnly) {
  UnitPathMemo memo;
  memo.Remember("2025-07-01|2026-12-31", {{Key("21364"), "51/21364"}});
  memo.Remember("2025-07-01|2026-12-31", {{Key("21365"), "?"}});
  std::shared_ptr<const UnitPathMemo::Paths> paths = memo.Snapshot("2025-07-01|2026-12-31");
  ASSERT_EQ(paths->size(), 2u);
  EXPECT_EQ(paths->at(Key("21364")), "51/21364");
  EXPECT_EQ(paths->at(Key("21365")), "?");
  EXPECT_TRUE(memo.Snapshot("2025-07-01|2027-01-01")->empty());
}

TEST(UnitPathMemoTest, ASnapshotDoesNotChangeUnderItsReader) {
  UnitPathMemo memo;
  memo.Remember("d", {{Key("1"), "p1"}});
  std::shared_ptr<const UnitPathMemo::Paths> before = memo.Snapshot("d");
  memo.Remember("d", {{Key("1"), "p1-again"}, {Key("2"), "p2"}});
  EXPECT_EQ(before->size(), 1u);
  EXPECT_EQ(before->at(Key("1")), "p1");
  EXPECT_EQ(memo.Snapshot("d")->at(Key("1")), "p1-again");
  EXPECT_EQ(memo.Snapshot("d")->size(), 2u);
}

TEST(UnitPathMemoTest, OnlyTheLastDaysAskedAreKept) {
  UnitPathMemo memo;
  for (size_t day = 0; day <= UnitPathMemo::kDaysKept; ++day) {
    memo.Remember(absl::StrCat("day ", day), {{Key("1"), absl::StrCat("p", day)}});
  }
  EXPECT_TRUE(memo.Snapshot("day 0")->empty());
  EXPECT_EQ(memo.Snapshot("day 1")->at(Key("1")), "p1");
  EXPECT_EQ(memo.Snapshot(absl::StrCat("day ", UnitPathMemo::kDaysKept))->at(Key("1")),
            absl::StrCat("p", UnitPathMemo::kDaysKept));
}

TEST(UnitPathMemoTest, NothingFoundAddsNoDay) {
  UnitPathMemo memo;
  for (size_t day = 0; day < UnitPathMemo::kDaysKept; ++day) {
    memo.Remember(absl::StrCat("day ", day), {{Key("1"), "p"}});
  }
  memo.Remember("d", {});
  // "d" took no place, so the oldest of the kDaysKept days is still there.
  EXPECT_EQ(memo.Snapshot("day 0")->size(), 1u);
  EXPECT_TRUE(memo.Snapshot("d")->empty());
}

}  // namespace
}  // namespace interplan::reporting
