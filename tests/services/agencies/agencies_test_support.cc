#include "tests/services/agencies/agencies_test_support.h"

#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "gtest/gtest.h"
#include "services/agencies/schema.h"
#include "tests/support/database_fixture.h"

namespace interplan::agencies::test {
namespace {

// ASSERT_* needs a void function.
void Open(storage::Engine engine, std::unique_ptr<storage::Database>* out) {
  absl::StatusOr<std::unique_ptr<storage::Database>> db =
      interplan::testing::OpenFreshDatabase(engine);
  ASSERT_TRUE(db.ok()) << db.status();
  absl::Status migrated = (*db)->Migrate(AgenciesMigrations());
  ASSERT_TRUE(migrated.ok()) << migrated;
  *out = std::move(*db);
}

}  // namespace

std::unique_ptr<storage::Database> OpenMigratedDatabase(storage::Engine engine) {
  std::unique_ptr<storage::Database> db;
  Open(engine, &db);
  return db;
}

google::type::Date Day(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

google::type::Date Partial(int year, int month, int day) { return Day(year, month, day); }

std::vector<std::string> FieldsOf(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

int64_t CountRows(storage::Database& db, absl::string_view table) {
  int64_t count = -1;
  absl::Status status = db.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<storage::Row> row = txn.QueryRow(absl::StrCat("SELECT COUNT(*) FROM ", table));
    if (!row.ok()) return row.status();
    count = (*row)[0].AsInt();
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  return count;
}

v1::SnapshotUnit* AddUnit(v1::UnitSnapshot* snapshot, absl::string_view code,
                          absl::string_view display_name, absl::string_view type_label,
                          absl::string_view parent_code) {
  v1::SnapshotUnit* unit = snapshot->add_units();
  unit->set_code(std::string(code));
  unit->set_display_name(std::string(display_name));
  unit->set_type_label(std::string(type_label));
  unit->set_parent_code(std::string(parent_code));
  return unit;
}

v1::SuccessionMapping Mapping(absl::string_view old_code, absl::string_view old_name,
                              absl::string_view new_code, absl::string_view new_name) {
  v1::SuccessionMapping mapping;
  mapping.set_old_code(std::string(old_code));
  mapping.set_old_name(std::string(old_name));
  mapping.set_new_code(std::string(new_code));
  mapping.set_new_name(std::string(new_name));
  return mapping;
}

v1::UnitSnapshot BeforeSnapshot() {
  v1::UnitSnapshot s;
  s.set_snapshot_id("test-before");
  *s.mutable_valid_to() = Day(2025, 6, 30);
  AddUnit(&s, "75", "Tỉnh Đồng Nai", "Tỉnh");
  AddUnit(&s, "70", "Tỉnh Bình Phước", "Tỉnh");
  AddUnit(&s, "731", "Thành phố Biên Hòa", "Thành phố", "75");
  AddUnit(&s, "732", "Thành phố Long Khánh", "Thành phố", "75");
  AddUnit(&s, "689", "Thành phố Đồng Xoài", "Thành phố", "70");
  AddUnit(&s, "26881", "Phường 12", "Phường", "731");
  AddUnit(&s, "26882", "Phường 14", "Phường", "731");
  AddUnit(&s, "26100", "Xã Bảo Quang", "Xã", "732");
  AddUnit(&s, "25000", "Phường Tân Phú", "Phường", "689");
  AddUnit(&s, "25001", "Thị trấn Tiến Hưng", "Thị trấn", "689");
  return s;
}

v1::UnitSnapshot AfterSnapshot() {
  v1::UnitSnapshot s;
  s.set_snapshot_id("test-after");
  *s.mutable_valid_from() = Day(2025, 7, 1);
  AddUnit(&s, "75", "Tỉnh Đồng Nai", "Tỉnh");
  AddUnit(&s, "26882", "Phường An Hội Tây", "Phường", "75");
  AddUnit(&s, "26110", "Xã Bảo Vinh", "Xã", "75");
  AddUnit(&s, "25010", "Phường Đồng Xoài", "Phường", "75");
  return s;
}

std::vector<v1::SuccessionMapping> MergerMappings() {
  return {
      Mapping("26881", "Phường 12", "26882", "Phường An Hội Tây"),
      Mapping("26882", "Phường 14", "26882", "Phường An Hội Tây"),
      Mapping("", "Phường 13", "26882", "Phường An Hội Tây"),
      Mapping("26100", "Xã Bảo Quang", "26110", "Xã Bảo Vinh"),
      Mapping("25000", "Phường Tân Phú", "25010", "Phường Đồng Xoài"),
      Mapping("99999", "Xã Ma", "25010", "Phường Đồng Xoài"),
      Mapping("25000", "Phường Tân Phú", "88888", "Phường Không Có"),
      Mapping("731", "Thành phố Biên Hòa", "26882", "Phường An Hội Tây"),
  };
}

v1::ImportUnitsRequest MergerRequest() {
  v1::ImportUnitsRequest request;
  *request.add_snapshots() = BeforeSnapshot();
  *request.add_snapshots() = AfterSnapshot();
  for (v1::SuccessionMapping& m : MergerMappings()) *request.add_mappings() = std::move(m);
  *request.mutable_mappings_effective() = Day(2025, 7, 1);
  return request;
}

}  // namespace interplan::agencies::test
