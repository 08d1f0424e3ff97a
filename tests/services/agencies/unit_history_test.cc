// Unit history over three small dated lists, on SQLite and PostgreSQL: the
// lists laid end to end (reference data), versions that continue, change
// or end, a code's whole history, and the operator's corrections (a
// succession with its legal basis, a version's start moved back).
#include "common/reference/unit_history.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/agencies/unit_corrections.h"
#include "services/agencies/unit_importer.h"
#include "services/agencies/unit_registry.h"
#include "tests/services/agencies/agencies_test_support.h"
#include "tests/support/database_fixture.h"

namespace interplan::agencies {
namespace {

using test::AddUnit;
using test::Day;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// One dated list: a province 79 with districts 762, 763, 769 and a ward
// under each, as Hồ Chí Minh City stood before and after Thủ Đức city.
v1::UnitSnapshot List(int year, int month, int day, bool thu_duc_city) {
  v1::UnitSnapshot snapshot;
  snapshot.set_snapshot_id(absl::StrCat(year, "-", month, "-", day));
  *snapshot.mutable_valid_from() = Day(year, month, day);
  AddUnit(&snapshot, "79", "Thành phố Hồ Chí Minh", "Thành phố Trung ương");
  AddUnit(&snapshot, "764", "Quận Gò Vấp", "Quận", "79");
  AddUnit(&snapshot, "26882", "Phường 14", "Phường", "764");
  if (thu_duc_city) {
    AddUnit(&snapshot, "769", "Thành phố Thủ Đức", "Thành phố", "79");
    AddUnit(&snapshot, "26830", "Phường Long Bình", "Phường", "769");
    AddUnit(&snapshot, "26800", "Phường Linh Xuân", "Phường", "769");
  } else {
    AddUnit(&snapshot, "769", "Quận 2", "Quận", "79");
    AddUnit(&snapshot, "763", "Quận 9", "Quận", "79");
    AddUnit(&snapshot, "762", "Quận Thủ Đức", "Quận", "79");
    AddUnit(&snapshot, "26830", "Phường Long Bình", "Phường", "763");
    AddUnit(&snapshot, "26800", "Phường Linh Xuân", "Phường", "762");
  }
  return snapshot;
}

class UnitHistoryTest : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void SetUp() override {
    db_ = test::OpenMigratedDatabase(GetParam());
    ASSERT_NE(db_, nullptr);
    registry_ = std::make_unique<UnitRegistry>(*db_, [] { return absl::CivilDay(2026, 1, 1); });
    corrections_ = std::make_unique<UnitCorrections>(*db_, *registry_);
    absl::StatusOr<std::vector<v1::UnitSnapshot>> chained =
        ChainSnapshots({List(2020, 11, 1, false), List(2019, 9, 11, false), List(2021, 2, 1, true)},
                       absl::CivilDay(2025, 6, 30));
    ASSERT_TRUE(chained.ok()) << chained.status();
    for (const v1::UnitSnapshot& snapshot : *chained) {
      v1::ImportUnitsRequest request;
      *request.add_snapshots() = snapshot;
      absl::StatusOr<v1::ImportUnitsResponse> imported = UnitImporter(*db_).Import(request);
      ASSERT_TRUE(imported.ok()) << imported.status();
      responses_.push_back(*imported);
    }
  }

  v1::Unit Get(const std::string& name, google::type::Date as_of) {
    v1::GetUnitRequest request;
    request.set_name(name);
    *request.mutable_as_of() = as_of;
    absl::StatusOr<v1::Unit> unit = registry_->GetUnit(request);
    EXPECT_TRUE(unit.ok()) << name << ": " << unit.status();
    return unit.ok() ? *unit : v1::Unit();
  }

  v1::ListUnitHistoryResponse History(const std::string& name) {
    v1::ListUnitHistoryRequest request;
    request.set_name(name);
    absl::StatusOr<v1::ListUnitHistoryResponse> history = registry_->ListUnitHistory(request);
    EXPECT_TRUE(history.ok()) << history.status();
    return history.ok() ? *history : v1::ListUnitHistoryResponse();
  }

  static v1::LegalBasis Basis(const std::string& number, google::type::Date effective) {
    v1::LegalBasis basis;
    basis.set_document_number(number);
    *basis.mutable_effective_date() = effective;
    return basis;
  }

  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<UnitRegistry> registry_;
  std::unique_ptr<UnitCorrections> corrections_;
  std::vector<v1::ImportUnitsResponse> responses_;
};

TEST_P(UnitHistoryTest, ListsAreLaidEndToEndAndUnchangedUnitsKeepTheirVersion) {
  ASSERT_EQ(responses_.size(), 3u);
  EXPECT_EQ(responses_[0].snapshots(0).inserted(), 8);
  // The list of 2020-11-01 repeats the first: all eight carry on.
  EXPECT_EQ(responses_[1].snapshots(0).continued(), 8);
  EXPECT_EQ(responses_[1].snapshots(0).inserted(), 0);
  // 2021-02-01: 79, 764, 26882 carry on; 769 renamed, two wards moved.
  EXPECT_EQ(responses_[2].snapshots(0).continued(), 3);
  EXPECT_EQ(responses_[2].snapshots(0).changed(), 3);
  EXPECT_EQ(test::CountRows(*db_, "units"), 8 + 3);

  const v1::Unit go_vap = Get("units/764", Day(2019, 1, 1));
  EXPECT_FALSE(go_vap.has_valid_from());  // the first list: an open start
  EXPECT_EQ(go_vap.valid_to().DebugString(), Day(2025, 6, 30).DebugString());
  EXPECT_EQ(Get("units/769", Day(2021, 1, 31)).display_name(), "Quận 2");
  EXPECT_EQ(Get("units/769", Day(2021, 2, 1)).display_name(), "Thành phố Thủ Đức");
  EXPECT_EQ(Get("units/26830", Day(2021, 2, 1)).parent(), "units/769");
  EXPECT_EQ(Get("units/763", Day(2021, 1, 31)).valid_to().DebugString(),
            Day(2021, 1, 31).DebugString());
}

TEST_P(UnitHistoryTest, HistoryListsEveryVersionWithItsLinks) {
  const v1::ListUnitHistoryResponse history = History("units/769");
  ASSERT_EQ(history.versions_size(), 2);
  EXPECT_EQ(history.versions(0).display_name(), "Quận 2");
  EXPECT_EQ(history.versions(0).valid_to().DebugString(), Day(2021, 1, 31).DebugString());
  ASSERT_EQ(history.versions(0).successors_size(), 1);
  EXPECT_EQ(history.versions(0).successors(0).unit(), "units/769");
  EXPECT_EQ(history.versions(0).successors(0).kind(), v1::SUCCESSION_KIND_SAME_CODE);
  EXPECT_EQ(history.versions(1).display_name(), "Thành phố Thủ Đức");
  EXPECT_EQ(history.versions(1).valid_from().DebugString(), Day(2021, 2, 1).DebugString());
  ASSERT_EQ(history.versions(1).predecessors_size(), 1);
  EXPECT_EQ(history.versions(1).predecessors(0).display_name(), "Quận 2");

  v1::ListUnitHistoryRequest unknown;
  unknown.set_name("units/999");
  EXPECT_EQ(registry_->ListUnitHistory(unknown).status().code(), absl::StatusCode::kNotFound);
}

TEST_P(UnitHistoryTest, AnOperatorLinksACeasedUnitToItsSuccessorWithItsBasis) {
  v1::AddUnitSuccessionRequest request;
  request.set_old_unit("units/763");
  request.set_new_unit("units/769");
  *request.mutable_legal_basis() = Basis("1111/NQ-UBTVQH14", Day(2021, 2, 1));
  absl::StatusOr<v1::UnitRef> linked = corrections_->AddSuccession(request);
  ASSERT_TRUE(linked.ok()) << linked.status();
  EXPECT_EQ(linked->display_name(), "Thành phố Thủ Đức");
  EXPECT_EQ(linked->kind(), v1::SUCCESSION_KIND_OPERATOR);
  // Again: nothing new.
  const int64_t links = test::CountRows(*db_, "unit_links");
  ASSERT_TRUE(corrections_->AddSuccession(request).ok());
  EXPECT_EQ(test::CountRows(*db_, "unit_links"), links);

  const v1::ListUnitHistoryResponse history = History("units/763");
  ASSERT_EQ(history.versions_size(), 1);
  ASSERT_EQ(history.versions(0).successors_size(), 1);
  const v1::UnitRef& successor = history.versions(0).successors(0);
  EXPECT_EQ(successor.unit(), "units/769");
  EXPECT_EQ(successor.legal_basis().document_number(), "1111/NQ-UBTVQH14");
  EXPECT_EQ(successor.legal_basis().effective_date().DebugString(), Day(2021, 2, 1).DebugString());
}

TEST_P(UnitHistoryTest, ALinkNeedsASuccessorInForceTheDayAfterTheUnitEnded) {
  // Gò Vấp ends with the old era (2025-06-30); Thủ Đức city does too.
  v1::AddUnitSuccessionRequest after_the_era;
  after_the_era.set_old_unit("units/764");
  after_the_era.set_new_unit("units/769");
  *after_the_era.mutable_legal_basis() = Basis("1/NQ", Day(2021, 2, 1));
  absl::Status status = corrections_->AddSuccession(after_the_era).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("is not in force on 2025-07-01, the day after units/764"));

  v1::AddUnitSuccessionRequest not_yet;
  not_yet.set_old_unit("units/763");
  not_yet.set_new_unit("units/769");
  *not_yet.mutable_new_as_of() = Day(2020, 1, 1);  // Quận 2, which ended too
  *not_yet.mutable_legal_basis() = Basis("1/NQ", Day(2021, 2, 1));
  status = corrections_->AddSuccession(not_yet).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()), HasSubstr("is not in force on 2021-02-01"));

  v1::AddUnitSuccessionRequest no_basis;
  no_basis.set_old_unit("units/763");
  no_basis.set_new_unit("units/769");
  status = corrections_->AddSuccession(no_basis).status();
  EXPECT_THAT(test::FieldsOf(status),
              ElementsAre("legal_basis.document_number", "legal_basis.effective_date"));
  EXPECT_EQ(test::CountRows(*db_, "unit_links"), 3);  // the import's only
}

TEST_P(UnitHistoryTest, AnOperatorMovesAVersionStartBackToItsResolution) {
  v1::CorrectUnitVersionStartRequest request;
  request.set_name("units/769");
  *request.mutable_as_of() = Day(2021, 6, 1);
  *request.mutable_legal_basis() = Basis("1111/NQ-UBTVQH14", Day(2021, 1, 1));
  absl::StatusOr<v1::Unit> moved = corrections_->CorrectVersionStart(request);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->valid_from().DebugString(), Day(2021, 1, 1).DebugString());
  EXPECT_EQ(moved->start_basis().document_number(), "1111/NQ-UBTVQH14");
  // The version before ends the day before; the link follows the version.
  EXPECT_EQ(Get("units/769", Day(2020, 12, 31)).display_name(), "Quận 2");
  EXPECT_EQ(Get("units/769", Day(2020, 12, 31)).valid_to().DebugString(),
            Day(2020, 12, 31).DebugString());
  EXPECT_EQ(Get("units/769", Day(2021, 1, 1)).display_name(), "Thành phố Thủ Đức");
  ASSERT_EQ(moved->predecessors_size(), 1);
  EXPECT_EQ(moved->predecessors(0).display_name(), "Quận 2");
  // The same again changes nothing.
  ASSERT_TRUE(corrections_->CorrectVersionStart(request).ok());
  EXPECT_EQ(History("units/769").versions_size(), 2);
}

TEST_P(UnitHistoryTest, AStartMovesOnlyBackFromADatedFirstDay) {
  v1::CorrectUnitVersionStartRequest later;
  later.set_name("units/769");
  *later.mutable_as_of() = Day(2021, 6, 1);
  *later.mutable_legal_basis() = Basis("1/NQ", Day(2021, 3, 1));
  EXPECT_THAT(test::FieldsOf(corrections_->CorrectVersionStart(later).status()),
              ElementsAre("legal_basis.effective_date"));

  v1::CorrectUnitVersionStartRequest open_start;
  open_start.set_name("units/764");
  *open_start.mutable_legal_basis() = Basis("1/NQ", Day(2019, 1, 1));
  EXPECT_EQ(corrections_->CorrectVersionStart(open_start).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Get("units/769", Day(2021, 1, 31)).display_name(), "Quận 2");
}

INSTANTIATE_TEST_SUITE_P(Engines, UnitHistoryTest,
                         ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgres),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace interplan::agencies
