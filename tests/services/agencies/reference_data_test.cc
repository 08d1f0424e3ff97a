// The project's own reference data (data/reference/), imported through the
// logic classes on SQLite and PostgreSQL: the official counts of the 2025
// reform, Hồ Chí Minh city on both sides of it, reused codes (26882, 15),
// and the shipped agencies, which must all be creatable in file order.
//
// The import takes a few seconds, so each engine imports once and every
// test of the suite reads that database (only the agencies test writes,
// and it adds agencies, which no other test here looks at).
#include "common/reference/reference_data.h"

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/agencies/agency_registry.h"
#include "services/agencies/unit_importer.h"
#include "services/agencies/unit_registry.h"
#include "tests/services/agencies/agencies_test_support.h"
#include "tests/support/database_fixture.h"

namespace interplan::agencies {
namespace {

using test::Day;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

// Verified once against the files (python, json module): wards of the
// 2025-07 list whose province_code is 79.
constexpr int kHoChiMinhCityWards = 168;

// One engine's database with the reference units imported.
struct ImportedReference {
  std::unique_ptr<storage::Database> db;
  absl::Status status;
  v1::ImportUnitsResponse response;
};

class ReferenceDataTest : public ::testing::TestWithParam<storage::Engine> {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<ReferenceData> data = LoadReferenceFiles(DefaultReferenceFiles());
    data_ = new absl::StatusOr<ReferenceData>(std::move(data));
    imported_ = new std::map<storage::Engine, ImportedReference>;
  }

  static void TearDownTestSuite() {
    delete imported_;
    imported_ = nullptr;
    delete data_;
    data_ = nullptr;
  }

  // The import happens for an engine when its first test runs, so a
  // filtered run on one engine does not pay for the other.
  void SetUp() override {
    ASSERT_TRUE(data_->ok()) << data_->status();
    auto [it, first] = imported_->try_emplace(GetParam());
    ImportedReference& imported = it->second;
    if (first) {
      imported.db = test::OpenMigratedDatabase(GetParam());
      if (imported.db == nullptr) {
        imported.status = absl::InternalError("no database");
      } else {
        absl::StatusOr<v1::ImportUnitsResponse> response = ImportAll(*imported.db);
        imported.status = response.status();
        if (response.ok()) imported.response = *response;
      }
    }
    ASSERT_TRUE(imported.status.ok()) << DescribeStatus(imported.status);
    db_ = imported.db.get();
    units_ = std::make_unique<UnitRegistry>(*db_, [] { return absl::CivilDay(2026, 1, 1); });
  }

  const ReferenceData& data() const { return **data_; }
  // The requests in order, their answers as one (the client does the same).
  static absl::StatusOr<v1::ImportUnitsResponse> ImportAll(storage::Database& db) {
    v1::ImportUnitsResponse all;
    for (const v1::ImportUnitsRequest& request : (*data_)->unit_imports) {
      absl::StatusOr<v1::ImportUnitsResponse> response = UnitImporter(db).Import(request);
      if (!response.ok()) return response.status();
      AddImportResponse(request, std::move(*response), &all);
    }
    return all;
  }

  const v1::ImportUnitsResponse& response() const { return imported_->at(GetParam()).response; }

  v1::ListUnitsResponse ListUnits(const v1::ListUnitsRequest& request) {
    absl::StatusOr<v1::ListUnitsResponse> response = units_->ListUnits(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? *response : v1::ListUnitsResponse();
  }

  // Every unit of a listing, following page tokens.
  std::vector<v1::Unit> ListAllUnits(v1::ListUnitsRequest request) {
    std::vector<v1::Unit> units;
    for (int page = 0; page < 100; ++page) {
      v1::ListUnitsResponse response = ListUnits(request);
      for (const v1::Unit& u : response.units()) units.push_back(u);
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return units;
  }

  int32_t TotalSize(v1::UnitLevel level, google::type::Date as_of) {
    v1::ListUnitsRequest request;
    request.set_level(level);
    *request.mutable_as_of() = as_of;
    request.set_page_size(1);
    return ListUnits(request).total_size();
  }

  v1::Unit GetUnit(const std::string& name, google::type::Date as_of) {
    v1::GetUnitRequest request;
    request.set_name(name);
    *request.mutable_as_of() = as_of;
    absl::StatusOr<v1::Unit> unit = units_->GetUnit(request);
    EXPECT_TRUE(unit.ok()) << unit.status();
    return unit.ok() ? *unit : v1::Unit();
  }

  static absl::StatusOr<ReferenceData>* data_;
  static std::map<storage::Engine, ImportedReference>* imported_;
  storage::Database* db_ = nullptr;
  std::unique_ptr<UnitRegistry> units_;
};

absl::StatusOr<ReferenceData>* ReferenceDataTest::data_ = nullptr;
std::map<storage::Engine, ImportedReference>* ReferenceDataTest::imported_ = nullptr;

std::vector<std::string> NamesOf(const google::protobuf::RepeatedPtrField<v1::Unit>& units) {
  std::vector<std::string> names;
  for (const v1::Unit& u : units) names.push_back(u.name());
  return names;
}

TEST_P(ReferenceDataTest, ImportReportsTheOfficialCounts) {
  const v1::ImportUnitsResponse& r = response();
  // 17 dated lists, the 2025-03 list (the same units as the dated list of
  // 2025-03-01, which is left out), the 2025-07 list. Counts verified once
  // against the files (python, gzip and json modules).
  ASSERT_EQ(r.snapshots_size(), 19);
  EXPECT_EQ(r.snapshots(0).snapshot_id(), "2019-09-11");
  EXPECT_EQ(r.snapshots(0).provinces(), 63);
  EXPECT_EQ(r.snapshots(0).districts(), 713);
  EXPECT_EQ(r.snapshots(0).communes(), 11161);
  EXPECT_EQ(r.snapshots(0).inserted(), 63 + 713 + 11161);
  EXPECT_EQ(r.snapshots(16).snapshot_id(), "2025-01-01");
  // Renames, moves and mergers of 2025-01-01 (not the ward numbers the
  // older lists zero-pad: "Phường 03" is read as "Phường 3").
  EXPECT_EQ(r.snapshots(16).inserted(), 454);
  EXPECT_EQ(r.snapshots(16).continued(), 10362);
  EXPECT_EQ(r.snapshots(16).changed(), 439);
  EXPECT_EQ(r.snapshots(17).snapshot_id(), "2025-03");
  EXPECT_EQ(r.snapshots(17).provinces(), 63);
  EXPECT_EQ(r.snapshots(17).districts(), 696);
  EXPECT_EQ(r.snapshots(17).communes(), 10047);
  EXPECT_EQ(r.snapshots(17).inserted(), 31);
  EXPECT_EQ(r.snapshots(17).continued(), 10775);
  EXPECT_EQ(r.snapshots(17).changed(), 20);
  EXPECT_EQ(r.snapshots(18).snapshot_id(), "2025-07");
  EXPECT_EQ(r.snapshots(18).provinces(), 34);
  EXPECT_EQ(r.snapshots(18).districts(), 0);
  EXPECT_EQ(r.snapshots(18).communes(), 3321);
  EXPECT_EQ(r.snapshots(18).inserted(), 34 + 3321);

  EXPECT_EQ(r.mappings_total(), data().unit_imports.back().mappings_size());
  EXPECT_EQ(r.mappings_total(), 10977);
  EXPECT_EQ(r.commune_links(), 10034);
  // Every old province and (but 5) every old district has a successor.
  EXPECT_EQ(r.province_links(), 63);
  EXPECT_EQ(r.district_links(), 691);
  ASSERT_EQ(r.skipped_size(), 1) << r.DebugString();
  EXPECT_EQ(r.skipped(0).reason(), "no old code");
  EXPECT_EQ(r.skipped(0).count(), 943);
  EXPECT_EQ(r.unmapped_old_units(), 13);
  EXPECT_EQ(r.unmapped_old_examples_size(), 13);

  // Every version of 2019-09-11 to 2025-06-30, then the 2025-07 list.
  EXPECT_EQ(test::CountRows(*db_, "units"), 13177 + 34 + 3321);
}

// The dated lists, 2019-2025: each figure below was read off the files
// (python, gzip and json modules).
TEST_P(ReferenceDataTest, GoVapHasTheWardsOfTheDate) {
  v1::ListUnitsRequest request;
  request.set_parent("units/764");
  request.set_page_size(100);
  *request.mutable_as_of() = Day(2019, 6, 1);  // before the first list: its open start
  EXPECT_EQ(ListUnits(request).total_size(), 16);
  *request.mutable_as_of() = Day(2024, 12, 31);
  EXPECT_EQ(ListUnits(request).total_size(), 16);
  *request.mutable_as_of() = Day(2025, 1, 1);
  EXPECT_EQ(ListUnits(request).total_size(), 12);
  // An unchanged district is one version from the open start to the reform.
  const v1::Unit go_vap = GetUnit("units/764", Day(2019, 6, 1));
  EXPECT_FALSE(go_vap.has_valid_from());
  EXPECT_EQ(go_vap.valid_to().DebugString(), Day(2025, 6, 30).DebugString());
}

TEST_P(ReferenceDataTest, ThuaThienHueContinuesAsHueCity) {
  const v1::Unit province = GetUnit("units/46", Day(2024, 12, 31));
  EXPECT_EQ(province.display_name(), "Tỉnh Thừa Thiên Huế");
  EXPECT_EQ(province.type(), v1::UNIT_TYPE_PROVINCE);
  EXPECT_EQ(province.valid_to().DebugString(), Day(2024, 12, 31).DebugString());
  const v1::Unit city = GetUnit("units/46", Day(2025, 1, 1));
  EXPECT_EQ(city.display_name(), "Thành phố Huế");
  EXPECT_EQ(city.type(), v1::UNIT_TYPE_CENTRAL_CITY);
  EXPECT_EQ(city.valid_from().DebugString(), Day(2025, 1, 1).DebugString());
  // The new version succeeds the old one: what was recorded against the
  // province rolls up into the city.
  v1::ListPredecessorsRequest predecessors;
  predecessors.set_name("units/46");
  *predecessors.mutable_as_of() = Day(2025, 1, 1);
  absl::StatusOr<v1::ListPredecessorsResponse> before = units_->ListPredecessors(predecessors);
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_THAT(NamesOf(before->units()), ElementsAre("units/46"));
  EXPECT_EQ(before->units(0).display_name(), "Tỉnh Thừa Thiên Huế");

  v1::ListUnitsRequest districts;
  districts.set_parent("units/46");
  districts.set_query("thuan hoa");
  *districts.mutable_as_of() = Day(2021, 6, 1);
  EXPECT_EQ(ListUnits(districts).total_size(), 0);
  *districts.mutable_as_of() = Day(2025, 1, 1);
  EXPECT_EQ(ListUnits(districts).total_size(), 1);
}

TEST_P(ReferenceDataTest, ThuDucCityTakesOverTheWardsOfDistricts2And9AndThuDuc) {
  EXPECT_EQ(GetUnit("units/769", Day(2021, 1, 31)).display_name(), "Quận 2");
  EXPECT_EQ(GetUnit("units/769", Day(2021, 2, 1)).display_name(), "Thành phố Thủ Đức");
  for (const char* ended : {"units/763", "units/762"}) {
    v1::GetUnitRequest request;
    request.set_name(ended);
    *request.mutable_as_of() = Day(2021, 2, 1);
    EXPECT_EQ(units_->GetUnit(request).status().code(), absl::StatusCode::kNotFound) << ended;
    EXPECT_EQ(GetUnit(ended, Day(2021, 1, 31)).valid_to().DebugString(),
              Day(2021, 1, 31).DebugString());
  }
  v1::ListUnitsRequest wards_of_9;
  wards_of_9.set_parent("units/763");
  wards_of_9.set_page_size(100);
  *wards_of_9.mutable_as_of() = Day(2021, 1, 31);
  const v1::ListUnitsResponse before = ListUnits(wards_of_9);
  ASSERT_EQ(before.units_size(), 13);
  for (const v1::Unit& ward : before.units()) {
    const v1::Unit after = GetUnit(ward.name(), Day(2021, 2, 1));
    EXPECT_EQ(after.parent(), "units/769") << ward.name();
    EXPECT_EQ(after.display_name(), ward.display_name()) << ward.name();
  }
  v1::ListUnitsRequest wards_of_thu_duc_city;
  wards_of_thu_duc_city.set_parent("units/769");
  *wards_of_thu_duc_city.mutable_as_of() = Day(2021, 2, 1);
  EXPECT_EQ(ListUnits(wards_of_thu_duc_city).total_size(), 34);
}

TEST_P(ReferenceDataTest, LevelsOnBothSidesOfTheReform) {
  EXPECT_EQ(TotalSize(v1::UNIT_LEVEL_PROVINCE, Day(2024, 1, 1)), 63);
  EXPECT_EQ(TotalSize(v1::UNIT_LEVEL_DISTRICT, Day(2025, 6, 30)), 696);
  EXPECT_EQ(TotalSize(v1::UNIT_LEVEL_COMMUNE, Day(2025, 6, 30)), 10047);
  EXPECT_EQ(TotalSize(v1::UNIT_LEVEL_PROVINCE, Day(2025, 7, 1)), 34);
  EXPECT_EQ(TotalSize(v1::UNIT_LEVEL_DISTRICT, Day(2025, 7, 1)), 0);
  EXPECT_EQ(TotalSize(v1::UNIT_LEVEL_COMMUNE, Day(2026, 1, 1)), 3321);

  v1::ListUnitsRequest provinces;  // no parent: the provinces
  *provinces.mutable_as_of() = Day(2026, 1, 1);
  EXPECT_EQ(ListUnits(provinces).total_size(), 34);
}

TEST_P(ReferenceDataTest, HoChiMinhCityBeforeAndAfter) {
  v1::ListUnitsRequest request;
  request.set_parent("units/79");
  *request.mutable_as_of() = Day(2024, 1, 1);
  std::vector<v1::Unit> districts = ListAllUnits(request);
  EXPECT_EQ(districts.size(), 22u);
  for (const v1::Unit& d : districts) {
    EXPECT_EQ(d.level(), v1::UNIT_LEVEL_DISTRICT) << d.name();
    EXPECT_EQ(d.parent(), "units/79");
  }
  std::map<std::string, std::string> by_name;
  for (const v1::Unit& d : districts) by_name[d.name()] = d.display_name();
  EXPECT_EQ(by_name["units/764"], "Quận Gò Vấp");

  // The wards after the reform: as many as the file lists under 79.
  std::set<std::string> expected;
  for (const v1::UnitSnapshot& s : data().unit_imports.back().snapshots()) {
    if (s.snapshot_id() != "2025-07") continue;
    for (const v1::SnapshotUnit& u : s.units()) {
      if (u.parent_code() == "79") expected.insert("units/" + u.code());
    }
  }
  EXPECT_EQ(expected.size(), static_cast<size_t>(kHoChiMinhCityWards));
  *request.mutable_as_of() = Day(2026, 1, 1);
  EXPECT_EQ(ListUnits(request).total_size(), kHoChiMinhCityWards);
  std::vector<v1::Unit> wards = ListAllUnits(request);  // two pages of 100
  std::set<std::string> listed;
  for (const v1::Unit& w : wards) {
    EXPECT_EQ(w.level(), v1::UNIT_LEVEL_COMMUNE) << w.name();
    listed.insert(w.name());
  }
  EXPECT_EQ(wards.size(), listed.size());
  EXPECT_EQ(listed, expected);
}

TEST_P(ReferenceDataTest, Ward26882ReusedForTheMergedWard) {
  EXPECT_EQ(GetUnit("units/26882", Day(2025, 6, 30)).display_name(), "Phường 14");
  EXPECT_EQ(GetUnit("units/26882", Day(2025, 7, 1)).display_name(), "Phường An Hội Tây");

  v1::ListSuccessorsRequest successors;
  successors.set_name("units/26881");
  absl::StatusOr<v1::ListSuccessorsResponse> of_26881 = units_->ListSuccessors(successors);
  ASSERT_TRUE(of_26881.ok()) << of_26881.status();
  EXPECT_EQ(of_26881->unit().display_name(), "Phường 12");
  EXPECT_THAT(NamesOf(of_26881->units()), ElementsAre("units/26882"));
  EXPECT_EQ(of_26881->units(0).display_name(), "Phường An Hội Tây");
  EXPECT_EQ(of_26881->units(0).valid_from().DebugString(), Day(2025, 7, 1).DebugString());

  v1::ListPredecessorsRequest predecessors;
  predecessors.set_name("units/26882");
  *predecessors.mutable_as_of() = Day(2025, 7, 1);
  absl::StatusOr<v1::ListPredecessorsResponse> into_26882 = units_->ListPredecessors(predecessors);
  ASSERT_TRUE(into_26882.ok()) << into_26882.status();
  EXPECT_THAT(NamesOf(into_26882->units()), ElementsAre("units/26881", "units/26882"));
  EXPECT_EQ(into_26882->units(0).display_name(), "Phường 12");
  EXPECT_EQ(into_26882->units(1).display_name(), "Phường 14");

  v1::ListAncestorsRequest ancestors;
  ancestors.set_name("units/26882");
  *ancestors.mutable_as_of() = Day(2024, 1, 1);
  absl::StatusOr<v1::ListAncestorsResponse> chain = units_->ListAncestors(ancestors);
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_THAT(NamesOf(chain->units()), ElementsAre("units/764", "units/79"));
  *ancestors.mutable_as_of() = Day(2026, 1, 1);
  chain = units_->ListAncestors(ancestors);
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_THAT(NamesOf(chain->units()), ElementsAre("units/79"));

  // The district of Gò Vấp went to the city.
  successors.set_name("units/764");
  absl::StatusOr<v1::ListSuccessorsResponse> of_764 = units_->ListSuccessors(successors);
  ASSERT_TRUE(of_764.ok()) << of_764.status();
  EXPECT_THAT(NamesOf(of_764->units()), ElementsAre("units/79"));
}

TEST_P(ReferenceDataTest, Province15IsYenBaiThenLaoCai) {
  const v1::Unit yen_bai = GetUnit("units/15", Day(2025, 6, 30));
  EXPECT_EQ(yen_bai.display_name(), "Tỉnh Yên Bái");
  EXPECT_EQ(yen_bai.valid_to().DebugString(), Day(2025, 6, 30).DebugString());
  const v1::Unit lao_cai = GetUnit("units/15", Day(2025, 7, 1));
  EXPECT_EQ(lao_cai.display_name(), "Tỉnh Lào Cai");
  EXPECT_EQ(lao_cai.valid_from().DebugString(), Day(2025, 7, 1).DebugString());

  for (const char* old_code : {"units/15", "units/10"}) {
    SCOPED_TRACE(old_code);
    v1::ListSuccessorsRequest request;
    request.set_name(old_code);
    *request.mutable_as_of() = Day(2025, 6, 30);
    absl::StatusOr<v1::ListSuccessorsResponse> successors = units_->ListSuccessors(request);
    ASSERT_TRUE(successors.ok()) << successors.status();
    ASSERT_THAT(NamesOf(successors->units()), ElementsAre("units/15"));
    EXPECT_EQ(successors->units(0).display_name(), "Tỉnh Lào Cai");
    EXPECT_EQ(successors->units(0).valid_from().DebugString(), Day(2025, 7, 1).DebugString());
  }
  EXPECT_EQ(GetUnit("units/10", Day(2025, 6, 30)).display_name(), "Tỉnh Lào Cai");

  v1::ListPredecessorsRequest request;
  request.set_name("units/15");
  *request.mutable_as_of() = Day(2026, 1, 1);
  absl::StatusOr<v1::ListPredecessorsResponse> predecessors = units_->ListPredecessors(request);
  ASSERT_TRUE(predecessors.ok()) << predecessors.status();
  std::vector<std::string> provinces;
  for (const v1::Unit& u : predecessors->units()) {
    if (u.level() == v1::UNIT_LEVEL_PROVINCE) provinces.push_back(u.display_name());
  }
  EXPECT_THAT(provinces, ElementsAre("Tỉnh Lào Cai", "Tỉnh Yên Bái"));
  // Its districts came along too: Yên Bái's 9 and Lào Cai's 9.
  EXPECT_EQ(predecessors->units_size(), 2 + 9 + 9);
}

TEST_P(ReferenceDataTest, ReimportChangesNothing) {
  const int64_t units = test::CountRows(*db_, "units");
  const int64_t links = test::CountRows(*db_, "unit_links");
  absl::StatusOr<v1::ImportUnitsResponse> again = ImportAll(*db_);
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->snapshots_size(), 19);
  for (const auto& counts : again->snapshots()) {
    EXPECT_EQ(counts.inserted(), 0) << counts.snapshot_id();
    EXPECT_EQ(counts.continued(), 0) << counts.snapshot_id();
  }
  EXPECT_EQ(again->snapshots(17).unchanged(), 63 + 696 + 10047);
  EXPECT_EQ(again->snapshots(18).unchanged(), 34 + 3321);
  EXPECT_EQ(again->commune_links(), 10034);
  EXPECT_EQ(test::CountRows(*db_, "units"), units);
  EXPECT_EQ(test::CountRows(*db_, "unit_links"), links);
}

// Every unit in force has a People's Committee: Gò Vấp's wards of the day,
// the wards of Thủ Đức with their names of Quận 2, today's wards.
void CheckPeoplesCommittees(AgencyRegistry& registry) {
  auto committees_of = [&](const std::string& unit, google::type::Date as_of) {
    v1::ListAgenciesRequest request;
    request.set_unit(unit);
    request.set_kind(v1::AGENCY_KIND_PEOPLES_COMMITTEE);
    request.set_unit_level(v1::UNIT_LEVEL_COMMUNE);
    *request.mutable_as_of() = as_of;
    request.set_page_size(1000);
    absl::StatusOr<v1::ListAgenciesResponse> response = registry.ListAgencies(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() ? response->agencies_size() : -1;
  };
  EXPECT_EQ(committees_of("units/764", Day(2019, 6, 1)), 16);
  EXPECT_EQ(committees_of("units/764", Day(2024, 12, 31)), 16);
  EXPECT_EQ(committees_of("units/764", Day(2025, 1, 1)), 12);
  // Quận 2 had 11 wards in 2020; Thủ Đức 34 from 2021-02-01 (counted from
  // the 2020-11-01 and 2021-02-01 lists).
  EXPECT_EQ(committees_of("units/769", Day(2020, 12, 1)), 11);
  EXPECT_EQ(committees_of("units/769", Day(2021, 3, 1)), 34);

  auto get = [&](const std::string& name, google::type::Date as_of) {
    v1::GetAgencyRequest request;
    request.set_name(name);
    *request.mutable_as_of() = as_of;
    absl::StatusOr<v1::Agency> agency = registry.GetAgency(request);
    EXPECT_TRUE(agency.ok()) << name << ": " << agency.status();
    return agency.ok() ? *agency : v1::Agency();
  };
  // Thảo Điền: one committee from 2019 to the reform, renamed with its
  // district in 2021.
  const std::string thao_dien = "agencies/ubnd-27088-until-20250630";
  EXPECT_EQ(get(thao_dien, Day(2020, 1, 1)).display_name(),
            "Ủy ban nhân dân phường Thảo Điền, quận 2, thành phố Hồ Chí Minh");
  const v1::Agency later = get(thao_dien, Day(2022, 1, 1));
  EXPECT_EQ(later.display_name(),
            "Ủy ban nhân dân phường Thảo Điền, thành phố Thủ Đức, thành phố Hồ Chí Minh");
  EXPECT_EQ(later.short_name(), "UBND phường Thảo Điền, thành phố Thủ Đức");
  EXPECT_EQ(later.kind(), v1::AGENCY_KIND_PEOPLES_COMMITTEE);
  EXPECT_TRUE(later.assignable());
  EXPECT_EQ(later.unit(), "units/27088");
  ASSERT_EQ(later.names_size(), 1);
  EXPECT_EQ(later.names(0).valid_to().year(), 2021);
  EXPECT_EQ(later.names(0).valid_to().month(), 1);
  EXPECT_EQ(later.names(0).valid_to().day(), 31);
  // Code 26882 after the reform: Phường An Hội Tây, a committee of its own
  // (the file names the one of Phường 14 before it).
  const v1::Agency an_hoi_tay = get("agencies/ubnd-26882", Day(2025, 8, 1));
  EXPECT_EQ(an_hoi_tay.display_name(), "Ủy ban nhân dân phường An Hội Tây, thành phố Hồ Chí Minh");
  EXPECT_EQ(an_hoi_tay.valid_from().year(), 2025);
  EXPECT_EQ(an_hoi_tay.valid_from().month(), 7);
  EXPECT_FALSE(an_hoi_tay.has_valid_to());
  // Search finds a committee by the words a plan writes.
  v1::ListAgenciesRequest search;
  search.set_query("ubnd phuong thao dien");
  absl::StatusOr<v1::ListAgenciesResponse> found = registry.ListAgencies(search);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->agencies_size(), 1);
  EXPECT_EQ(found->agencies(0).name(), thao_dien);
}

// Guards data/reference/agencies.jsonl: every line is a valid create on top
// of the real units, in file order (parents and successors come first).
TEST_P(ReferenceDataTest, EveryReferenceAgencyCanBeCreated) {
  // One request per non-empty line of the file: none dropped on reading.
  size_t lines = 0;
  for (const std::string& path : DefaultReferenceFiles()) {
    if (!absl::EndsWith(path, "agencies.jsonl")) continue;
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    for (std::string text; std::getline(in, text);) {
      if (!absl::StripAsciiWhitespace(text).empty()) ++lines;
    }
  }
  ASSERT_GT(lines, 100u);
  // The file's agencies first, then a People's Committee for every run of a
  // unit the file does not name one for (peoples_committees.h).
  size_t committees = 0;
  for (size_t i = 0; i < data().agencies.size(); ++i) {
    const bool generated = absl::StartsWith(data().agencies[i].agency_id(), "ubnd-");
    if (generated) ++committees;
    EXPECT_EQ(generated, i >= lines) << data().agencies[i].agency_id();
  }
  ASSERT_EQ(data().agencies.size(), lines + committees);
  // Runs of codes through the lists, counted once from the files (python):
  // 12,067 in the lists of 2019-2025 and 3,355 in the 2025-07 list, less
  // the units the file names a committee for.
  EXPECT_GT(committees, 15000u);
  AgencyRegistry registry(*db_, *units_);
  std::set<std::string> ids;
  // In the calls the client sends; each answer in request order.
  for (const v1::BatchCreateAgenciesRequest& batch : AgencyBatches(data().agencies)) {
    absl::StatusOr<v1::BatchCreateAgenciesResponse> created = registry.BatchCreateAgencies(batch);
    ASSERT_TRUE(created.ok()) << "agencies from " << batch.requests(0).agency_id() << ": "
                              << DescribeStatus(created.status());
    ASSERT_EQ(created->agencies_size(), batch.requests_size());
    for (int i = 0; i < batch.requests_size(); ++i) {
      const v1::CreateAgencyRequest& request = batch.requests(i);
      EXPECT_EQ(created->agencies(i).name(), "agencies/" + request.agency_id());
      if (request.agency().has_assignable()) {
        EXPECT_EQ(created->agencies(i).assignable(), request.agency().assignable())
            << request.agency_id();
      }
      ids.insert(created->agencies(i).name());
    }
  }
  EXPECT_EQ(ids.size(), data().agencies.size());
  EXPECT_EQ(test::CountRows(*db_, "agencies"), static_cast<int64_t>(ids.size()));

  // A few listings over them.
  auto list = [&](v1::ListAgenciesRequest request) {
    std::vector<std::string> names;
    request.set_page_size(1000);
    absl::StatusOr<v1::ListAgenciesResponse> response = registry.ListAgencies(request);
    EXPECT_TRUE(response.ok()) << response.status();
    if (response.ok()) {
      EXPECT_EQ(response->next_page_token(), "");
      for (const v1::Agency& a : response->agencies()) names.push_back(a.name());
    }
    return names;
  };
  v1::ListAgenciesRequest search;
  search.set_query("so lao dong dong nai");
  EXPECT_THAT(list(search), ElementsAre("agencies/dong-nai-so-ldtbxh"));

  v1::ListAgenciesRequest hcm;
  hcm.set_unit("units/79");
  *hcm.mutable_as_of() = Day(2024, 1, 1);
  const std::vector<std::string> before = list(hcm);
  EXPECT_THAT(before, Contains("agencies/hcm-ubnd"));
  EXPECT_THAT(before, Contains("agencies/go-vap-ubnd"));
  EXPECT_THAT(before, Contains("agencies/go-vap-phuong-14-ubnd"));
  EXPECT_THAT(before, Not(Contains("agencies/go-vap-hdnd")));  // ended 2021-06-30
  *hcm.mutable_as_of() = Day(2026, 1, 1);
  const std::vector<std::string> after = list(hcm);
  EXPECT_THAT(after, Contains("agencies/hcm-ubnd"));
  EXPECT_THAT(after, Not(Contains("agencies/go-vap-ubnd")));

  v1::ListAgenciesRequest unions;
  unions.set_kind(v1::AGENCY_KIND_WOMENS_UNION);
  std::vector<std::string> union_names = list(unions);
  EXPECT_FALSE(union_names.empty());
  for (const std::string& name : union_names) {
    v1::GetAgencyRequest get;
    get.set_name(name);
    absl::StatusOr<v1::Agency> agency = registry.GetAgency(get);
    ASSERT_TRUE(agency.ok());
    EXPECT_FALSE(agency->assignable()) << name;
  }
  CheckPeoplesCommittees(registry);
}

INSTANTIATE_TEST_SUITE_P(Engines, ReferenceDataTest,
                         ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgres),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace interplan::agencies
