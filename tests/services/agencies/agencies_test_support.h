// Shared pieces of the agencies logic tests: a fresh, migrated database on
// either engine, dates, a small synthetic merger (two old provinces merged
// into one on 2025-07-01, with a reused commune code), and helpers that read
// what an import wrote so a test can tell that a rejected request wrote
// nothing.
#ifndef INTERPLAN_TESTS_SERVICES_AGENCIES_AGENCIES_TEST_SUPPORT_H_
#define INTERPLAN_TESTS_SERVICES_AGENCIES_AGENCIES_TEST_SUPPORT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/storage/database.h"
#include "google/type/date.pb.h"
#include "interplan/agencies/v1/units.pb.h"

namespace interplan::agencies::test {

// A fresh database on `engine` with the agencies migrations applied; the
// calling test fails (fatally) when it cannot be opened.
std::unique_ptr<storage::Database> OpenMigratedDatabase(storage::Engine engine);

// A complete date for API messages.
google::type::Date Day(int year, int month, int day);
// A date with unknown parts (0): Partial(2025, 7) is "2025-07".
google::type::Date Partial(int year, int month = 0, int day = 0);

// The field paths of an INVALID_ARGUMENT's BadRequest detail.
std::vector<std::string> FieldsOf(const absl::Status& status);

// Rows of one table (units, unit_links, unit_snapshots, agencies,
// request_log); -1 when the query fails.
int64_t CountRows(storage::Database& db, absl::string_view table);

// The synthetic merger used by the unit and agency tests.
//
// "test-before" (open start .. 2025-06-30), in this order:
//   [0] 75 Tỉnh Đồng Nai            [1] 70 Tỉnh Bình Phước
//   [2] 731 Thành phố Biên Hòa (75) [3] 732 Thành phố Long Khánh (75)
//   [4] 689 Thành phố Đồng Xoài (70)
//   [5] 26881 Phường 12 (731)       [6] 26882 Phường 14 (731)
//   [7] 26100 Xã Bảo Quang (732)    [8] 25000 Phường Tân Phú (689)
//   [9] 25001 Thị trấn Tiến Hưng (689; goes nowhere)
// "test-after" (2025-07-01 ..): the district level is gone.
//   [0] 75 Tỉnh Đồng Nai  [1] 26882 Phường An Hội Tây (75)
//   [2] 26110 Xã Bảo Vinh (75)  [3] 25010 Phường Đồng Xoài (75)
// Mappings effective 2025-07-01: 26881 -> 26882, 26882 -> 26882 (the code
// reused), (no old code) Phường 13 -> 26882, 26100 -> 26110,
// 25000 -> 25010, and three rows that do not resolve: 99999 (old code not
// in force), 25000 -> 88888 (new code not in force), 731 -> 26882 (a
// district, not a commune).
inline constexpr int kBeforeUnits = 10;
inline constexpr int kAfterUnits = 4;
// 4 commune links + 2 derived province links (75, 70 -> 75) + 3 derived
// district links (731, 732, 689 -> 75).
inline constexpr int kMergerLinks = 9;

v1::UnitSnapshot BeforeSnapshot();
v1::UnitSnapshot AfterSnapshot();
std::vector<v1::SuccessionMapping> MergerMappings();
// Both snapshots, the mappings and mappings_effective 2025-07-01.
v1::ImportUnitsRequest MergerRequest();

v1::SnapshotUnit* AddUnit(v1::UnitSnapshot* snapshot, absl::string_view code,
                          absl::string_view display_name, absl::string_view type_label,
                          absl::string_view parent_code = "");
v1::SuccessionMapping Mapping(absl::string_view old_code, absl::string_view old_name,
                              absl::string_view new_code, absl::string_view new_name);

}  // namespace interplan::agencies::test

#endif  // INTERPLAN_TESTS_SERVICES_AGENCIES_AGENCIES_TEST_SUPPORT_H_
