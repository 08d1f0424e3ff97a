// The unit registry over a small synthetic merger, on SQLite and PostgreSQL:
// what an import reports and stores, how codes resolve on either side of
// 2025-07-01 (including a code reused for a new unit), succession in both
// directions, ancestors, and idempotent re-import.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/agencies/unit_importer.h"
#include "services/agencies/unit_registry.h"
#include "tests/services/agencies/agencies_test_support.h"
#include "tests/support/database_fixture.h"

namespace interplan::agencies {
namespace {

using test::Day;
using test::FieldsOf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> NamesOf(const google::protobuf::RepeatedPtrField<v1::Unit>& units) {
  std::vector<std::string> names;
  for (const v1::Unit& u : units) names.push_back(u.name());
  return names;
}

std::vector<std::string> RefNamesOf(const google::protobuf::RepeatedPtrField<v1::UnitRef>& refs) {
  std::vector<std::string> names;
  for (const v1::UnitRef& r : refs) names.push_back(r.unit());
  return names;
}

std::map<std::string, int> SkippedByReason(const v1::ImportUnitsResponse& response) {
  std::map<std::string, int> out;
  for (const auto& s : response.skipped()) out[s.reason()] = s.count();
  return out;
}

class UnitImportTest : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void SetUp() override {
    db_ = test::OpenMigratedDatabase(GetParam());
    ASSERT_NE(db_, nullptr);
    importer_ = std::make_unique<UnitImporter>(*db_);
    registry_ = std::make_unique<UnitRegistry>(*db_, [this] { return today_; });
  }

  // Imports the synthetic merger; the test fails if that does not work.
  v1::ImportUnitsResponse ImportMerger() {
    absl::StatusOr<v1::ImportUnitsResponse> response = importer_->Import(test::MergerRequest());
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : v1::ImportUnitsResponse();
  }

  absl::StatusOr<v1::Unit> Get(const std::string& name,
                               std::optional<google::type::Date> as_of = {}) {
    v1::GetUnitRequest request;
    request.set_name(name);
    if (as_of) *request.mutable_as_of() = *as_of;
    return registry_->GetUnit(request);
  }

  absl::StatusOr<v1::ListUnitsResponse> List(const std::string& parent, google::type::Date as_of,
                                             bool descendants = false) {
    v1::ListUnitsRequest request;
    request.set_parent(parent);
    *request.mutable_as_of() = as_of;
    request.set_descendants(descendants);
    return registry_->ListUnits(request);
  }

  absl::CivilDay today_{2026, 1, 1};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<UnitImporter> importer_;
  std::unique_ptr<UnitRegistry> registry_;
};

TEST_P(UnitImportTest, ReportsCountsLinksSkippedRowsAndUnmappedCommunes) {
  const v1::ImportUnitsResponse response = ImportMerger();

  ASSERT_EQ(response.snapshots_size(), 2);
  const auto& before = response.snapshots(0);
  EXPECT_EQ(before.snapshot_id(), "test-before");
  EXPECT_EQ(before.provinces(), 2);
  EXPECT_EQ(before.districts(), 3);
  EXPECT_EQ(before.communes(), 5);
  EXPECT_EQ(before.inserted(), test::kBeforeUnits);
  EXPECT_EQ(before.unchanged(), 0);
  const auto& after = response.snapshots(1);
  EXPECT_EQ(after.snapshot_id(), "test-after");
  EXPECT_EQ(after.provinces(), 1);
  EXPECT_EQ(after.districts(), 0);
  EXPECT_EQ(after.communes(), 3);
  EXPECT_EQ(after.inserted(), test::kAfterUnits);
  EXPECT_EQ(after.unchanged(), 0);

  EXPECT_EQ(response.mappings_total(), 8);
  EXPECT_EQ(response.commune_links(), 4);
  EXPECT_EQ(response.province_links(), 2);  // 75 -> 75, 70 -> 75
  EXPECT_EQ(response.district_links(), 3);  // 731, 732, 689 -> 75

  EXPECT_EQ(SkippedByReason(response), (std::map<std::string, int>{
                                           {"no old code", 1},
                                           {"old code not in force on 2025-06-30", 1},
                                           {"new code not in force on 2025-07-01", 1},
                                           {"not a commune-level mapping", 1},
                                       }));
  for (const auto& s : response.skipped()) {
    EXPECT_EQ(s.examples_size(), 1) << s.reason();
  }
  EXPECT_EQ(response.unmapped_old_units(), 1);
  EXPECT_THAT(response.unmapped_old_examples(), ElementsAre("25001 Thị trấn Tiến Hưng"));

  EXPECT_EQ(test::CountRows(*db_, "units"), test::kBeforeUnits + test::kAfterUnits);
  EXPECT_EQ(test::CountRows(*db_, "unit_links"), test::kMergerLinks);
  EXPECT_EQ(test::CountRows(*db_, "unit_snapshots"), 2);
}

TEST_P(UnitImportTest, GetUnitResolvesAReusedCodeByDate) {
  ImportMerger();

  absl::StatusOr<v1::Unit> old_ward = Get("units/26882", Day(2025, 6, 30));
  ASSERT_TRUE(old_ward.ok()) << old_ward.status();
  EXPECT_EQ(old_ward->name(), "units/26882");
  EXPECT_EQ(old_ward->code(), "26882");
  EXPECT_EQ(old_ward->display_name(), "Phường 14");
  EXPECT_EQ(old_ward->type(), v1::UNIT_TYPE_WARD);
  EXPECT_EQ(old_ward->level(), v1::UNIT_LEVEL_COMMUNE);
  EXPECT_EQ(old_ward->type_label(), "Phường");
  EXPECT_EQ(old_ward->parent(), "units/731");
  EXPECT_FALSE(old_ward->has_valid_from());
  EXPECT_EQ(old_ward->valid_to().DebugString(), Day(2025, 6, 30).DebugString());
  EXPECT_THAT(old_ward->predecessors(), IsEmpty());
  ASSERT_EQ(old_ward->successors_size(), 1);
  EXPECT_EQ(old_ward->successors(0).unit(), "units/26882");
  EXPECT_EQ(old_ward->successors(0).display_name(), "Phường An Hội Tây");
  EXPECT_EQ(old_ward->successors(0).valid_from().DebugString(), Day(2025, 7, 1).DebugString());

  absl::StatusOr<v1::Unit> new_ward = Get("units/26882", Day(2025, 7, 1));
  ASSERT_TRUE(new_ward.ok()) << new_ward.status();
  EXPECT_EQ(new_ward->display_name(), "Phường An Hội Tây");
  EXPECT_EQ(new_ward->parent(), "units/75");
  EXPECT_EQ(new_ward->valid_from().DebugString(), Day(2025, 7, 1).DebugString());
  EXPECT_FALSE(new_ward->has_valid_to());
  EXPECT_THAT(RefNamesOf(new_ward->predecessors()), ElementsAre("units/26881", "units/26882"));
  EXPECT_EQ(new_ward->predecessors(1).display_name(), "Phường 14");
  EXPECT_THAT(new_ward->successors(), IsEmpty());

  // A commune kept out of the new list resolves only before the reform.
  absl::StatusOr<v1::Unit> gone = Get("units/26881", Day(2025, 7, 1));
  EXPECT_EQ(gone.status().code(), absl::StatusCode::kNotFound) << gone.status();
  // A province merged away likewise.
  absl::StatusOr<v1::Unit> binh_phuoc = Get("units/70", Day(2025, 7, 1));
  EXPECT_EQ(binh_phuoc.status().code(), absl::StatusCode::kNotFound);
  // A code not known at all.
  EXPECT_EQ(Get("units/12345", Day(2024, 1, 1)).status().code(), absl::StatusCode::kNotFound);
  // A name of another collection is the caller's mistake.
  absl::StatusOr<v1::Unit> malformed = Get("provinces/75");
  EXPECT_EQ(malformed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(malformed.status()), ElementsAre("name"));
}

TEST_P(UnitImportTest, GetUnitWithoutDateUsesTodayOrTheLastVersion) {
  ImportMerger();

  today_ = absl::CivilDay(2026, 1, 1);
  absl::StatusOr<v1::Unit> now = Get("units/26882");
  ASSERT_TRUE(now.ok()) << now.status();
  EXPECT_EQ(now->display_name(), "Phường An Hội Tây");

  // A unit that has ceased: its last version.
  absl::StatusOr<v1::Unit> ceased = Get("units/70");
  ASSERT_TRUE(ceased.ok()) << ceased.status();
  EXPECT_EQ(ceased->display_name(), "Tỉnh Bình Phước");
  EXPECT_EQ(ceased->valid_to().DebugString(), Day(2025, 6, 30).DebugString());
  EXPECT_THAT(RefNamesOf(ceased->successors()), ElementsAre("units/75"));

  today_ = absl::CivilDay(2024, 6, 1);
  absl::StatusOr<v1::Unit> then = Get("units/26882");
  ASSERT_TRUE(then.ok()) << then.status();
  EXPECT_EQ(then->display_name(), "Phường 14");
}

TEST_P(UnitImportTest, DatesMustBeComplete) {
  ImportMerger();
  absl::StatusOr<v1::Unit> partial = Get("units/75", test::Partial(2025, 7));
  EXPECT_EQ(partial.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(partial.status()), ElementsAre("as_of"));
  absl::StatusOr<v1::ListUnitsResponse> listed = List("", test::Partial(2025));
  EXPECT_EQ(listed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(listed.status()), ElementsAre("as_of"));
  v1::ListUnitsRequest negative;
  negative.set_page_size(-1);
  EXPECT_THAT(FieldsOf(registry_->ListUnits(negative).status()), ElementsAre("page_size"));
  v1::ListUnitsRequest orphan;
  orphan.set_descendants(true);
  EXPECT_THAT(FieldsOf(registry_->ListUnits(orphan).status()), ElementsAre("descendants"));
}

TEST_P(UnitImportTest, ListUnitsWithoutDateUsesToday) {
  ImportMerger();
  v1::ListUnitsRequest request;
  request.set_parent("units/75");
  today_ = absl::CivilDay(2024, 6, 1);
  absl::StatusOr<v1::ListUnitsResponse> then = registry_->ListUnits(request);
  ASSERT_TRUE(then.ok()) << then.status();
  EXPECT_THAT(NamesOf(then->units()), ElementsAre("units/731", "units/732"));
  today_ = absl::CivilDay(2026, 1, 1);
  absl::StatusOr<v1::ListUnitsResponse> now = registry_->ListUnits(request);
  ASSERT_TRUE(now.ok()) << now.status();
  EXPECT_THAT(NamesOf(now->units()), ElementsAre("units/25010", "units/26110", "units/26882"));
}

// Names are "units/<code>" (AIP-122); a bare code is refused, naming the
// field, rather than guessed at.
TEST_P(UnitImportTest, GetUnitRefusesABareCode) {
  ImportMerger();
  absl::StatusOr<v1::Unit> bare = Get("26882", Day(2025, 7, 1));
  ASSERT_TRUE(absl::IsInvalidArgument(bare.status())) << bare.status();
  EXPECT_THAT(FieldsOf(bare.status()), ElementsAre("name"));
  absl::StatusOr<v1::Unit> named = Get("units/26882", Day(2025, 7, 1));
  ASSERT_TRUE(named.ok()) << named.status();
  EXPECT_EQ(named->display_name(), "Phường An Hội Tây");
}

TEST_P(UnitImportTest, ListUnitsAsOfDatesOnBothSides) {
  ImportMerger();

  absl::StatusOr<v1::ListUnitsResponse> provinces_before = List("", Day(2024, 1, 1));
  ASSERT_TRUE(provinces_before.ok()) << provinces_before.status();
  EXPECT_THAT(NamesOf(provinces_before->units()), ElementsAre("units/70", "units/75"));
  EXPECT_EQ(provinces_before->total_size(), 2);
  EXPECT_EQ(provinces_before->next_page_token(), "");

  absl::StatusOr<v1::ListUnitsResponse> provinces_after = List("", Day(2025, 7, 1));
  ASSERT_TRUE(provinces_after.ok()) << provinces_after.status();
  EXPECT_THAT(NamesOf(provinces_after->units()), ElementsAre("units/75"));
  EXPECT_EQ(provinces_after->units(0).valid_from().DebugString(), Day(2025, 7, 1).DebugString());

  absl::StatusOr<v1::ListUnitsResponse> districts = List("units/75", Day(2025, 6, 30));
  ASSERT_TRUE(districts.ok()) << districts.status();
  EXPECT_THAT(NamesOf(districts->units()), ElementsAre("units/731", "units/732"));

  absl::StatusOr<v1::ListUnitsResponse> wards = List("units/75", Day(2026, 1, 1));
  ASSERT_TRUE(wards.ok()) << wards.status();
  EXPECT_THAT(NamesOf(wards->units()), ElementsAre("units/25010", "units/26110", "units/26882"));
  EXPECT_EQ(wards->total_size(), 3);

  absl::StatusOr<v1::ListUnitsResponse> subtree =
      List("units/75", Day(2024, 1, 1), /*descendants=*/true);
  ASSERT_TRUE(subtree.ok()) << subtree.status();
  EXPECT_THAT(NamesOf(subtree->units()),
              ElementsAre("units/26100", "units/26881", "units/26882", "units/731", "units/732"));

  // A district no longer exists after the reform: listing its children then
  // is NOT_FOUND, not an empty list.
  EXPECT_EQ(List("units/731", Day(2026, 1, 1)).status().code(), absl::StatusCode::kNotFound);

  // Accent-insensitive search across levels.
  v1::ListUnitsRequest search;
  search.set_query("an hoi");
  *search.mutable_as_of() = Day(2026, 1, 1);
  absl::StatusOr<v1::ListUnitsResponse> found = registry_->ListUnits(search);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(NamesOf(found->units()), ElementsAre("units/26882"));
  search.set_query("PHUONG");
  *search.mutable_as_of() = Day(2024, 1, 1);
  found = registry_->ListUnits(search);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(NamesOf(found->units()), ElementsAre("units/25000", "units/26881", "units/26882"));
}

TEST_P(UnitImportTest, ListUnitsPagesWithTokens) {
  ImportMerger();
  v1::ListUnitsRequest request;
  request.set_parent("units/75");
  request.set_descendants(true);
  *request.mutable_as_of() = Day(2024, 1, 1);
  request.set_page_size(2);
  std::vector<std::string> seen;
  for (int page = 0; page < 10; ++page) {
    absl::StatusOr<v1::ListUnitsResponse> response = registry_->ListUnits(request);
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_EQ(response->total_size(), 5);
    for (const v1::Unit& u : response->units()) seen.push_back(u.name());
    if (response->next_page_token().empty()) break;
    request.set_page_token(response->next_page_token());
  }
  EXPECT_THAT(seen,
              ElementsAre("units/26100", "units/26881", "units/26882", "units/731", "units/732"));

  // A token from one listing is refused by another.
  v1::ListUnitsRequest other;
  other.set_parent("units/70");
  *other.mutable_as_of() = Day(2024, 1, 1);
  request.clear_page_token();
  absl::StatusOr<v1::ListUnitsResponse> first = registry_->ListUnits(request);
  ASSERT_TRUE(first.ok());
  other.set_page_token(first->next_page_token());
  absl::StatusOr<v1::ListUnitsResponse> refused = registry_->ListUnits(other);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(refused.status()), ElementsAre("page_token"));
}

TEST_P(UnitImportTest, SuccessorsAndPredecessors) {
  ImportMerger();

  v1::ListSuccessorsRequest successors;
  successors.set_name("units/26881");
  *successors.mutable_as_of() = Day(2025, 6, 30);
  absl::StatusOr<v1::ListSuccessorsResponse> of_26881 = registry_->ListSuccessors(successors);
  ASSERT_TRUE(of_26881.ok()) << of_26881.status();
  EXPECT_EQ(of_26881->unit().display_name(), "Phường 12");
  EXPECT_THAT(NamesOf(of_26881->units()), ElementsAre("units/26882"));
  EXPECT_EQ(of_26881->units(0).display_name(), "Phường An Hội Tây");

  // Without a date, a code still in force that was also an older unit
  // means the older one (the one with successors).
  successors.set_name("units/26882");
  successors.clear_as_of();
  absl::StatusOr<v1::ListSuccessorsResponse> of_26882 = registry_->ListSuccessors(successors);
  ASSERT_TRUE(of_26882.ok()) << of_26882.status();
  EXPECT_EQ(of_26882->unit().display_name(), "Phường 14");
  EXPECT_THAT(NamesOf(of_26882->units()), ElementsAre("units/26882"));
  EXPECT_EQ(of_26882->units(0).display_name(), "Phường An Hội Tây");

  // Derived: a merged province and a district go to the new province.
  successors.set_name("units/70");
  *successors.mutable_as_of() = Day(2025, 6, 30);
  absl::StatusOr<v1::ListSuccessorsResponse> of_70 = registry_->ListSuccessors(successors);
  ASSERT_TRUE(of_70.ok()) << of_70.status();
  EXPECT_THAT(NamesOf(of_70->units()), ElementsAre("units/75"));
  EXPECT_EQ(of_70->units(0).valid_from().DebugString(), Day(2025, 7, 1).DebugString());
  successors.set_name("units/731");
  absl::StatusOr<v1::ListSuccessorsResponse> of_731 = registry_->ListSuccessors(successors);
  ASSERT_TRUE(of_731.ok()) << of_731.status();
  EXPECT_THAT(NamesOf(of_731->units()), ElementsAre("units/75"));
  // The unmapped commune has none.
  successors.set_name("units/25001");
  absl::StatusOr<v1::ListSuccessorsResponse> of_25001 = registry_->ListSuccessors(successors);
  ASSERT_TRUE(of_25001.ok()) << of_25001.status();
  EXPECT_THAT(of_25001->units(), IsEmpty());

  v1::ListPredecessorsRequest predecessors;
  predecessors.set_name("units/26882");
  *predecessors.mutable_as_of() = Day(2025, 7, 1);
  absl::StatusOr<v1::ListPredecessorsResponse> into_26882 =
      registry_->ListPredecessors(predecessors);
  ASSERT_TRUE(into_26882.ok()) << into_26882.status();
  EXPECT_EQ(into_26882->unit().display_name(), "Phường An Hội Tây");
  EXPECT_THAT(NamesOf(into_26882->units()), ElementsAre("units/26881", "units/26882"));
  EXPECT_EQ(into_26882->units(1).display_name(), "Phường 14");

  predecessors.set_name("units/75");
  *predecessors.mutable_as_of() = Day(2026, 1, 1);
  absl::StatusOr<v1::ListPredecessorsResponse> into_75 = registry_->ListPredecessors(predecessors);
  ASSERT_TRUE(into_75.ok()) << into_75.status();
  // Provinces first, then districts, by code.
  EXPECT_THAT(NamesOf(into_75->units()),
              ElementsAre("units/70", "units/75", "units/689", "units/731", "units/732"));

  // The old version of 75 has no predecessors.
  *predecessors.mutable_as_of() = Day(2024, 1, 1);
  absl::StatusOr<v1::ListPredecessorsResponse> into_old_75 =
      registry_->ListPredecessors(predecessors);
  ASSERT_TRUE(into_old_75.ok()) << into_old_75.status();
  EXPECT_THAT(into_old_75->units(), IsEmpty());
}

TEST_P(UnitImportTest, AncestorsAsOfADate) {
  ImportMerger();
  v1::ListAncestorsRequest request;
  request.set_name("units/26882");
  *request.mutable_as_of() = Day(2025, 6, 30);
  absl::StatusOr<v1::ListAncestorsResponse> before = registry_->ListAncestors(request);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_THAT(NamesOf(before->units()), ElementsAre("units/731", "units/75"));
  EXPECT_EQ(before->units(1).valid_to().DebugString(), Day(2025, 6, 30).DebugString());

  *request.mutable_as_of() = Day(2026, 1, 1);
  absl::StatusOr<v1::ListAncestorsResponse> after = registry_->ListAncestors(request);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_THAT(NamesOf(after->units()), ElementsAre("units/75"));
  EXPECT_EQ(after->units(0).valid_from().DebugString(), Day(2025, 7, 1).DebugString());

  // A ceased commune without a date: its chain on its last day.
  request.set_name("units/25001");
  request.clear_as_of();
  absl::StatusOr<v1::ListAncestorsResponse> ceased = registry_->ListAncestors(request);
  ASSERT_TRUE(ceased.ok()) << ceased.status();
  EXPECT_THAT(NamesOf(ceased->units()), ElementsAre("units/689", "units/70"));

  // A province has none.
  request.set_name("units/75");
  absl::StatusOr<v1::ListAncestorsResponse> province = registry_->ListAncestors(request);
  ASSERT_TRUE(province.ok()) << province.status();
  EXPECT_THAT(province->units(), IsEmpty());
}

// Without a date, a unit that has not started yet is resolved to its
// first version, and its ancestors are those of its first day.
TEST_P(UnitImportTest, AncestorsWithoutDateOfAUnitNotYetInForce) {
  ImportMerger();
  today_ = absl::CivilDay(2024, 6, 1);
  v1::ListAncestorsRequest request;
  request.set_name("units/26110");  // only from 2025-07-01, open-ended
  absl::StatusOr<v1::ListAncestorsResponse> response = registry_->ListAncestors(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_THAT(NamesOf(response->units()), ElementsAre("units/75"));
}

TEST_P(UnitImportTest, NamesAndLabelsAreStoredInNfc) {
  v1::ImportUnitsRequest request;
  v1::UnitSnapshot* s = request.add_snapshots();
  s->set_snapshot_id("nfd");
  // "Tỉnh Đồng Nai" / "Phường An Hội Tây", decomposed, with stray spaces.
  test::AddUnit(s, "75", " Ti\u0309nh \u0110o\u0302\u0300ng Nai ", "Ti\u0309nh");
  test::AddUnit(s, "26882", "Phu\u031Bo\u031B\u0300ng An Ho\u0323\u0302i Ta\u0302y",
                "Phu\u031Bo\u031B\u0300ng", "75");
  absl::StatusOr<v1::ImportUnitsResponse> response = importer_->Import(request);
  ASSERT_TRUE(response.ok()) << response.status();
  absl::StatusOr<v1::Unit> province = Get("units/75", Day(2024, 1, 1));
  ASSERT_TRUE(province.ok()) << province.status();
  EXPECT_EQ(province->display_name(), "Tỉnh Đồng Nai");
  EXPECT_EQ(province->type_label(), "Tỉnh");
  EXPECT_EQ(province->type(), v1::UNIT_TYPE_PROVINCE);
  absl::StatusOr<v1::Unit> ward = Get("units/26882", Day(2024, 1, 1));
  ASSERT_TRUE(ward.ok()) << ward.status();
  EXPECT_EQ(ward->display_name(), "Phường An Hội Tây");
  EXPECT_EQ(ward->type_label(), "Phường");
  EXPECT_EQ(ward->type(), v1::UNIT_TYPE_WARD);
  v1::ListUnitsRequest search;
  search.set_query("Phường An Hội");
  *search.mutable_as_of() = Day(2024, 1, 1);
  absl::StatusOr<v1::ListUnitsResponse> found = registry_->ListUnits(search);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_THAT(NamesOf(found->units()), ElementsAre("units/26882"));
}

TEST_P(UnitImportTest, ReimportIsIdempotent) {
  ImportMerger();
  const int64_t links = test::CountRows(*db_, "unit_links");

  absl::StatusOr<v1::ImportUnitsResponse> again = importer_->Import(test::MergerRequest());
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->snapshots_size(), 2);
  EXPECT_EQ(again->snapshots(0).inserted(), 0);
  EXPECT_EQ(again->snapshots(0).unchanged(), test::kBeforeUnits);
  EXPECT_EQ(again->snapshots(1).inserted(), 0);
  EXPECT_EQ(again->snapshots(1).unchanged(), test::kAfterUnits);
  EXPECT_EQ(again->commune_links(), 4);
  EXPECT_EQ(again->unmapped_old_units(), 1);

  EXPECT_EQ(test::CountRows(*db_, "units"), test::kBeforeUnits + test::kAfterUnits);
  EXPECT_EQ(test::CountRows(*db_, "unit_snapshots"), 2);
  EXPECT_EQ(links, test::kMergerLinks);
  EXPECT_EQ(test::CountRows(*db_, "unit_links"), links);
  absl::StatusOr<v1::Unit> ward = Get("units/26882", Day(2025, 7, 1));
  ASSERT_TRUE(ward.ok());
  EXPECT_THAT(RefNamesOf(ward->predecessors()), ElementsAre("units/26881", "units/26882"));
}

TEST_P(UnitImportTest, SnapshotsThenMappingsInSeparateImports) {
  v1::ImportUnitsRequest snapshots = test::MergerRequest();
  snapshots.clear_mappings();
  snapshots.clear_mappings_effective();
  absl::StatusOr<v1::ImportUnitsResponse> first = importer_->Import(snapshots);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->commune_links(), 0);
  EXPECT_EQ(test::CountRows(*db_, "unit_links"), 0);

  v1::ImportUnitsRequest mappings = test::MergerRequest();
  mappings.clear_snapshots();
  absl::StatusOr<v1::ImportUnitsResponse> second = importer_->Import(mappings);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->commune_links(), 4);
  EXPECT_EQ(second->unmapped_old_units(), 1);
  EXPECT_EQ(test::CountRows(*db_, "unit_links"), test::kMergerLinks);
}

TEST_P(UnitImportTest, ReimportOfASnapshotIdWithOtherContentIsRejected) {
  ImportMerger();

  v1::ImportUnitsRequest changed = test::MergerRequest();
  changed.mutable_snapshots(1)->mutable_units(1)->set_display_name("Phường Khác");
  // A brand-new unit too, so a partial write would show.
  test::AddUnit(changed.mutable_snapshots(1), "26999", "Xã Mới", "Xã", "75");
  absl::StatusOr<v1::ImportUnitsResponse> response = importer_->Import(changed);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument) << response.status();
  EXPECT_THAT(FieldsOf(response.status()), ElementsAre("snapshots[1]"));

  EXPECT_EQ(test::CountRows(*db_, "units"), test::kBeforeUnits + test::kAfterUnits);
  EXPECT_EQ(test::CountRows(*db_, "unit_snapshots"), 2);
  EXPECT_EQ(test::CountRows(*db_, "unit_links"), test::kMergerLinks);
  absl::StatusOr<v1::Unit> ward = Get("units/26882", Day(2025, 7, 1));
  ASSERT_TRUE(ward.ok());
  EXPECT_EQ(ward->display_name(), "Phường An Hội Tây");
  EXPECT_EQ(Get("units/26999", Day(2026, 1, 1)).status().code(), absl::StatusCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Engines, UnitImportTest,
                         ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgres),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace interplan::agencies
