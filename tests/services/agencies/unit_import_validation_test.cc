// Bad input to ImportUnits, on SQLite and PostgreSQL: INVALID_ARGUMENT
// whose BadRequest names the offending field, and nothing written.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/agencies/unit_importer.h"
#include "tests/services/agencies/agencies_test_support.h"
#include "tests/support/database_fixture.h"

namespace interplan::agencies {
namespace {

using test::Day;
using test::FieldsOf;
using test::Partial;
using ::testing::Contains;
using ::testing::ElementsAre;

// Units of test::BeforeSnapshot() by index.
constexpr int kProvince75 = 0;
constexpr int kDistrict731 = 2;
constexpr int kDistrict732 = 3;
constexpr int kWard26881 = 5;
constexpr int kWard26882 = 6;
constexpr int kTown25001 = 9;

class UnitImportValidationTest : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void SetUp() override {
    db_ = test::OpenMigratedDatabase(GetParam());
    ASSERT_NE(db_, nullptr);
    importer_ = std::make_unique<UnitImporter>(*db_);
  }

  // One snapshot: the "before" list as given.
  static v1::ImportUnitsRequest BeforeOnly() {
    v1::ImportUnitsRequest request;
    *request.add_snapshots() = test::BeforeSnapshot();
    return request;
  }

  // Imports `request`, expects INVALID_ARGUMENT naming `field`, and that the
  // stored rows are still `units`, `snapshots` and `links`.
  void ExpectRejected(const v1::ImportUnitsRequest& request, const std::string& field,
                      int64_t units = 0, int64_t snapshots = 0, int64_t links = 0) {
    absl::StatusOr<v1::ImportUnitsResponse> response = importer_->Import(request);
    ASSERT_FALSE(response.ok()) << "accepted: " << response->DebugString();
    EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument) << response.status();
    EXPECT_THAT(FieldsOf(response.status()), Contains(field)) << response.status();
    EXPECT_EQ(test::CountRows(*db_, "units"), units);
    EXPECT_EQ(test::CountRows(*db_, "unit_snapshots"), snapshots);
    EXPECT_EQ(test::CountRows(*db_, "unit_links"), links);
  }

  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<UnitImporter> importer_;
};

TEST_P(UnitImportValidationTest, TheValidBaseIsAccepted) {
  // The cases below each change one thing of this request.
  absl::StatusOr<v1::ImportUnitsResponse> response = importer_->Import(BeforeOnly());
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(test::CountRows(*db_, "units"), test::kBeforeUnits);
}

TEST_P(UnitImportValidationTest, UnknownParent) {
  v1::ImportUnitsRequest request = BeforeOnly();
  request.mutable_snapshots(0)->mutable_units(kWard26881)->set_parent_code("999");
  ExpectRejected(request, "snapshots[0].units[5].parent_code");
}

TEST_P(UnitImportValidationTest, CommuneUnderACommune) {
  v1::ImportUnitsRequest request = BeforeOnly();
  request.mutable_snapshots(0)->mutable_units(kWard26882)->set_parent_code("26881");
  ExpectRejected(request, "snapshots[0].units[6].parent_code");
  absl::StatusOr<v1::ImportUnitsResponse> response = importer_->Import(request);
  EXPECT_THAT(FieldsOf(response.status()), ElementsAre("snapshots[0].units[6].parent_code"));
}

TEST_P(UnitImportValidationTest, DistrictUnderADistrict) {
  v1::ImportUnitsRequest request = BeforeOnly();
  request.mutable_snapshots(0)->mutable_units(kDistrict732)->set_parent_code("731");
  ExpectRejected(request, "snapshots[0].units[3].parent_code");
}

TEST_P(UnitImportValidationTest, DistrictUnderACommune) {
  v1::ImportUnitsRequest request = BeforeOnly();
  request.mutable_snapshots(0)->mutable_units(kDistrict732)->set_parent_code("26881");
  ExpectRejected(request, "snapshots[0].units[3].parent_code");
}

TEST_P(UnitImportValidationTest, ProvinceWithAParent) {
  v1::ImportUnitsRequest request = BeforeOnly();
  request.mutable_snapshots(0)->mutable_units(kProvince75)->set_parent_code("70");
  ExpectRejected(request, "snapshots[0].units[0].parent_code");
}

TEST_P(UnitImportValidationTest, CommuneWithoutAParent) {
  v1::ImportUnitsRequest request = BeforeOnly();
  request.mutable_snapshots(0)->mutable_units(kTown25001)->clear_parent_code();
  ExpectRejected(request, "snapshots[0].units[9].parent_code");
}

TEST_P(UnitImportValidationTest, ParentCycle) {
  v1::ImportUnitsRequest request = BeforeOnly();
  request.mutable_snapshots(0)->mutable_units(kDistrict731)->set_parent_code("732");
  request.mutable_snapshots(0)->mutable_units(kDistrict732)->set_parent_code("731");
  ExpectRejected(request, "snapshots[0].units[2].parent_code");
  absl::StatusOr<v1::ImportUnitsResponse> response = importer_->Import(request);
  EXPECT_THAT(FieldsOf(response.status()), Contains("snapshots[0].units[3].parent_code"));
}

TEST_P(UnitImportValidationTest, DuplicateCodeInOneSnapshot) {
  v1::ImportUnitsRequest request = BeforeOnly();
  request.mutable_snapshots(0)->mutable_units(kTown25001)->set_code("25000");
  ExpectRejected(request, "snapshots[0].units[9].code");
}

TEST_P(UnitImportValidationTest, MalformedCode) {
  for (const char* code : {"7a5", "", "12345678901", "-1", "26 881"}) {
    SCOPED_TRACE(code);
    v1::ImportUnitsRequest request = BeforeOnly();
    request.mutable_snapshots(0)->mutable_units(kTown25001)->set_code(code);
    ExpectRejected(request, "snapshots[0].units[9].code");
  }
}

TEST_P(UnitImportValidationTest, InvalidUtf8Name) {
  v1::ImportUnitsRequest request = BeforeOnly();
  request.mutable_snapshots(0)
      ->mutable_units(kWard26881)
      ->set_display_name("Ph\xC6\xB0\xE1\xBB");  // "Phư" then a truncated 3-byte sequence
  ExpectRejected(request, "snapshots[0].units[5].display_name");
}

TEST_P(UnitImportValidationTest, EmptyName) {
  for (const char* name : {"", "   "}) {
    v1::ImportUnitsRequest request = BeforeOnly();
    request.mutable_snapshots(0)->mutable_units(kWard26881)->set_display_name(name);
    ExpectRejected(request, "snapshots[0].units[5].display_name");
  }
}

TEST_P(UnitImportValidationTest, UnknownTypeLabel) {
  v1::ImportUnitsRequest request = BeforeOnly();
  request.mutable_snapshots(0)->mutable_units(kWard26881)->set_type_label("Khu phố");
  ExpectRejected(request, "snapshots[0].units[5].type_label");
}

TEST_P(UnitImportValidationTest, MalformedSnapshotId) {
  v1::ImportUnitsRequest request = BeforeOnly();
  request.mutable_snapshots(0)->set_snapshot_id("2025 03");
  ExpectRejected(request, "snapshots[0].snapshot_id");
}

TEST_P(UnitImportValidationTest, ValidToBeforeValidFrom) {
  v1::ImportUnitsRequest request = BeforeOnly();
  *request.mutable_snapshots(0)->mutable_valid_from() = Day(2025, 7, 1);
  *request.mutable_snapshots(0)->mutable_valid_to() = Day(2025, 6, 30);
  ExpectRejected(request, "snapshots[0].valid_to");
}

TEST_P(UnitImportValidationTest, PartialValidity) {
  v1::ImportUnitsRequest to = BeforeOnly();
  *to.mutable_snapshots(0)->mutable_valid_to() = Partial(2025, 6);
  ExpectRejected(to, "snapshots[0].valid_to");

  v1::ImportUnitsRequest from = BeforeOnly();
  *from.mutable_snapshots(0)->mutable_valid_from() = Partial(2020);
  ExpectRejected(from, "snapshots[0].valid_from");

  v1::ImportUnitsRequest impossible = BeforeOnly();
  *impossible.mutable_snapshots(0)->mutable_valid_to() = Day(2025, 2, 30);
  ExpectRejected(impossible, "snapshots[0].valid_to");
}

TEST_P(UnitImportValidationTest, MappingsNeedAFullEffectiveDate) {
  v1::ImportUnitsRequest missing = test::MergerRequest();
  missing.clear_mappings_effective();
  ExpectRejected(missing, "mappings_effective");

  v1::ImportUnitsRequest partial = test::MergerRequest();
  *partial.mutable_mappings_effective() = Partial(2025, 7);
  ExpectRejected(partial, "mappings_effective");
}

TEST_P(UnitImportValidationTest, EmptyRequestAndEmptySnapshot) {
  ExpectRejected(v1::ImportUnitsRequest(), "snapshots");
  v1::ImportUnitsRequest empty = BeforeOnly();
  empty.mutable_snapshots(0)->clear_units();
  ExpectRejected(empty, "snapshots[0].units");
}

TEST_P(UnitImportValidationTest, OverlappingSnapshotsInOneRequest) {
  v1::ImportUnitsRequest request = test::MergerRequest();
  // The new list starting a day early overlaps the old one on code 75.
  *request.mutable_snapshots(1)->mutable_valid_from() = Day(2025, 6, 30);
  ExpectRejected(request, "snapshots[1].valid_from");
}

TEST_P(UnitImportValidationTest, DuplicateSnapshotIdsInOneRequest) {
  v1::ImportUnitsRequest request = test::MergerRequest();
  request.mutable_snapshots(1)->set_snapshot_id("test-before");
  ExpectRejected(request, "snapshots[1].snapshot_id");
}

TEST_P(UnitImportValidationTest, OverlapWithAStoredSnapshot) {
  ASSERT_TRUE(importer_->Import(BeforeOnly()).ok());
  const int64_t units = test::kBeforeUnits;

  // A second list for 2025 sharing code 75 with the stored one.
  v1::ImportUnitsRequest request;
  v1::UnitSnapshot* other = request.add_snapshots();
  other->set_snapshot_id("test-2025");
  *other->mutable_valid_from() = Day(2025, 1, 1);
  *other->mutable_valid_to() = Day(2025, 12, 31);
  test::AddUnit(other, "77", "Tỉnh Bà Rịa - Vũng Tàu", "Tỉnh");
  test::AddUnit(other, "75", "Tỉnh Đồng Nai", "Tỉnh");
  ExpectRejected(request, "snapshots[0].valid_from", units, 1);

  // Together with a valid new list in the same request: neither is stored.
  v1::ImportUnitsRequest mixed;
  v1::UnitSnapshot* later = mixed.add_snapshots();
  later->set_snapshot_id("test-2030");
  *later->mutable_valid_from() = Day(2030, 1, 1);
  test::AddUnit(later, "75", "Tỉnh Đồng Nai", "Tỉnh");
  *mixed.add_snapshots() = request.snapshots(0);
  ExpectRejected(mixed, "snapshots[1].valid_from", units, 1);

  // Without the shared code the same period is fine.
  request.mutable_snapshots(0)->mutable_units()->RemoveLast();
  absl::StatusOr<v1::ImportUnitsResponse> accepted = importer_->Import(request);
  EXPECT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(test::CountRows(*db_, "units"), units + 1);
}

TEST_P(UnitImportValidationTest, EveryViolationIsNamed) {
  v1::ImportUnitsRequest request = BeforeOnly();
  request.mutable_snapshots(0)->mutable_units(kWard26881)->set_display_name("");
  request.mutable_snapshots(0)->mutable_units(kWard26882)->set_type_label("Ấp");
  request.mutable_snapshots(0)->mutable_units(kTown25001)->set_parent_code("000");
  absl::StatusOr<v1::ImportUnitsResponse> response = importer_->Import(request);
  EXPECT_THAT(FieldsOf(response.status()),
              ElementsAre("snapshots[0].units[5].display_name", "snapshots[0].units[6].type_label",
                          "snapshots[0].units[9].parent_code"));
  EXPECT_EQ(test::CountRows(*db_, "units"), 0);
}

TEST_P(UnitImportValidationTest, ViolationsAreCappedAndCounted) {
  v1::ImportUnitsRequest request;
  v1::UnitSnapshot* s = request.add_snapshots();
  s->set_snapshot_id("many");
  for (int i = 0; i < 150; ++i) {
    test::AddUnit(s, absl::StrCat(100 + i), "Ấp", "Ấp");  // not a unit type
  }
  absl::StatusOr<v1::ImportUnitsResponse> response = importer_->Import(request);
  EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
  const std::vector<std::string> fields = FieldsOf(response.status());
  ASSERT_EQ(fields.size(), 101u);
  EXPECT_EQ(fields.front(), "snapshots[0].units[0].type_label");
  EXPECT_EQ(fields[99], "snapshots[0].units[99].type_label");
  EXPECT_EQ(fields.back(), "snapshots");
  EXPECT_EQ(FieldViolationsOf(response.status()).back().description, "and 50 more violations");
  EXPECT_EQ(test::CountRows(*db_, "units"), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, UnitImportValidationTest,
                         ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgres),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace interplan::agencies
