// An agency's earlier names (UBND tỉnh Thừa Thiên Huế until 2024-12-31, now
// UBND thành phố Huế), on SQLite and PostgreSQL: stored and returned, the
// name as of a date in Get, BatchGet and List, search by an earlier name,
// bad names refused naming the field with nothing written, names set by an
// update. The synthetic units have no code 46, so the agency here has no
// unit; the reference agency with units/46 is tested through the binary.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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
using test::FieldsOf;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kOldName[] = "Ủy ban nhân dân tỉnh Thừa Thiên Huế";
constexpr char kOldShort[] = "UBND tỉnh Thừa Thiên Huế";
constexpr char kNewName[] = "Ủy ban nhân dân thành phố Huế";
constexpr char kNewShort[] = "UBND thành phố Huế";

// The renamed People's Committee: current name thành phố Huế, earlier name
// tỉnh Thừa Thiên Huế until 2024-12-31.
v1::CreateAgencyRequest HueRequest() {
  v1::CreateAgencyRequest request;
  request.set_agency_id("hue-ubnd");
  v1::Agency* agency = request.mutable_agency();
  agency->set_display_name(kNewName);
  agency->set_short_name(kNewShort);
  agency->set_kind(v1::AGENCY_KIND_PEOPLES_COMMITTEE);
  v1::DatedName* old = agency->add_names();
  old->set_display_name(kOldName);
  old->set_short_name(kOldShort);
  *old->mutable_valid_to() = Day(2024, 12, 31);
  return request;
}

class AgencyNamesTest : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void SetUp() override {
    db_ = test::OpenMigratedDatabase(GetParam());
    ASSERT_NE(db_, nullptr);
    absl::StatusOr<v1::ImportUnitsResponse> imported =
        UnitImporter(*db_).Import(test::MergerRequest());
    ASSERT_TRUE(imported.ok()) << imported.status();
    units_ = std::make_unique<UnitRegistry>(*db_, [] { return absl::CivilDay(2025, 3, 1); });
    registry_ = std::make_unique<AgencyRegistry>(*db_, *units_);
  }

  v1::Agency Create(const v1::CreateAgencyRequest& request) {
    absl::StatusOr<v1::Agency> agency = registry_->CreateAgency(request);
    EXPECT_TRUE(agency.ok()) << agency.status();
    return agency.ok() ? *agency : v1::Agency();
  }

  // The display name GetAgency gives as of `as_of` (unset: none).
  std::string NameAsOf(std::optional<google::type::Date> as_of) {
    v1::GetAgencyRequest request;
    request.set_name("agencies/hue-ubnd");
    if (as_of) *request.mutable_as_of() = *as_of;
    absl::StatusOr<v1::Agency> agency = registry_->GetAgency(request);
    EXPECT_TRUE(agency.ok()) << agency.status();
    return agency.ok() ? agency->display_name() : "";
  }

  std::vector<std::string> Search(const std::string& query) {
    v1::ListAgenciesRequest request;
    request.set_query(query);
    absl::StatusOr<v1::ListAgenciesResponse> response = registry_->ListAgencies(request);
    EXPECT_TRUE(response.ok()) << response.status();
    std::vector<std::string> names;
    if (response.ok()) {
      for (const v1::Agency& a : response->agencies()) names.push_back(a.name());
    }
    return names;
  }

  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<UnitRegistry> units_;
  std::unique_ptr<AgencyRegistry> registry_;
};

TEST_P(AgencyNamesTest, EarlierNamesAreStoredAndReturned) {
  const v1::Agency created = Create(HueRequest());
  EXPECT_EQ(created.display_name(), kNewName);
  ASSERT_EQ(created.names_size(), 1);
  EXPECT_EQ(test::CountRows(*db_, "agency_names"), 1);

  v1::GetAgencyRequest get;
  get.set_name("agencies/hue-ubnd");
  absl::StatusOr<v1::Agency> read = registry_->GetAgency(get);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->display_name(), kNewName);
  EXPECT_EQ(read->short_name(), kNewShort);
  ASSERT_EQ(read->names_size(), 1);
  EXPECT_EQ(read->names(0).display_name(), kOldName);
  EXPECT_EQ(read->names(0).short_name(), kOldShort);
  EXPECT_FALSE(read->names(0).has_valid_from());
  EXPECT_EQ(read->names(0).valid_to().year(), 2024);
  EXPECT_EQ(read->names(0).valid_to().month(), 12);
  EXPECT_EQ(read->names(0).valid_to().day(), 31);
}

TEST_P(AgencyNamesTest, ReadsAsOfADateGiveTheNameOfThatDate) {
  Create(HueRequest());
  EXPECT_EQ(NameAsOf(Day(2024, 6, 1)), kOldName);
  EXPECT_EQ(NameAsOf(Day(2024, 12, 31)), kOldName);
  EXPECT_EQ(NameAsOf(Day(2025, 1, 1)), kNewName);
  EXPECT_EQ(NameAsOf(Day(2025, 3, 1)), kNewName);
  EXPECT_EQ(NameAsOf(std::nullopt), kNewName);

  v1::BatchGetAgenciesRequest batch;
  batch.add_names("agencies/hue-ubnd");
  *batch.mutable_as_of() = Day(2024, 6, 1);
  absl::StatusOr<v1::BatchGetAgenciesResponse> got = registry_->BatchGetAgencies(batch);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->agencies_size(), 1);
  EXPECT_EQ(got->agencies(0).display_name(), kOldName);
  EXPECT_EQ(got->agencies(0).short_name(), kOldShort);
  batch.clear_as_of();
  got = registry_->BatchGetAgencies(batch);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->agencies(0).display_name(), kNewName);

  v1::ListAgenciesRequest list;
  *list.mutable_as_of() = Day(2024, 6, 1);
  absl::StatusOr<v1::ListAgenciesResponse> listed = registry_->ListAgencies(list);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->agencies_size(), 1);
  EXPECT_EQ(listed->agencies(0).display_name(), kOldName);
  *list.mutable_as_of() = Day(2025, 3, 1);
  listed = registry_->ListAgencies(list);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->agencies(0).display_name(), kNewName);

  v1::GetAgencyRequest bad;
  bad.set_name("agencies/hue-ubnd");
  bad.mutable_as_of()->set_year(2024);
  EXPECT_THAT(FieldsOf(registry_->GetAgency(bad).status()), ElementsAre("as_of"));
}

TEST_P(AgencyNamesTest, SearchFindsAnAgencyByAnyOfItsNames) {
  Create(HueRequest());
  v1::CreateAgencyRequest other;
  other.set_agency_id("moha");
  other.mutable_agency()->set_display_name("Bộ Nội vụ");
  other.mutable_agency()->set_kind(v1::AGENCY_KIND_MINISTRY);
  Create(other);
  EXPECT_THAT(Search("thua thien hue"), ElementsAre("agencies/hue-ubnd"));
  EXPECT_THAT(Search("ubnd tinh thua thien"), ElementsAre("agencies/hue-ubnd"));
  EXPECT_THAT(Search("thanh pho hue"), ElementsAre("agencies/hue-ubnd"));
  // The words must be in one name: "thừa" is only in the old one, "phố"
  // only in the current one.
  EXPECT_THAT(Search("thua pho"), IsEmpty());
}

TEST_P(AgencyNamesTest, BadNamesAreRefusedNamingTheFieldAndWriteNothing) {
  struct Case {
    std::string what;
    std::string field;
    std::function<void(v1::Agency&)> change;
  };
  const std::vector<Case> cases = {
      {"no valid_to", "agency.names[0].valid_to",
       [](v1::Agency& a) { a.mutable_names(0)->clear_valid_to(); }},
      {"empty display_name", "agency.names[0].display_name",
       [](v1::Agency& a) { a.mutable_names(0)->set_display_name(" "); }},
      {"invalid UTF-8 short_name", "agency.names[0].short_name",
       [](v1::Agency& a) { a.mutable_names(0)->set_short_name("\xFF"); }},
      {"overlapping names", "agency.names[1].valid_from",
       [](v1::Agency& a) {
         v1::DatedName* second = a.add_names();
         second->set_display_name("Ủy ban nhân dân tạm thời");
         *second->mutable_valid_from() = Day(2024, 12, 1);
         *second->mutable_valid_to() = Day(2025, 1, 31);
       }},
      {"ends after the agency", "agency.names[0].valid_to",
       [](v1::Agency& a) { *a.mutable_valid_to() = Day(2024, 6, 30); }},
      {"ends on the agency's last day", "agency.names[0].valid_to",
       [](v1::Agency& a) { *a.mutable_valid_to() = Day(2024, 12, 31); }},
      {"starts before the agency", "agency.names[0].valid_from",
       [](v1::Agency& a) {
         *a.mutable_valid_from() = Day(2020, 1, 1);
         *a.mutable_names(0)->mutable_valid_from() = Day(2019, 1, 1);
       }},
      {"open start, ends before the agency begins", "agency.names[0].valid_to",
       [](v1::Agency& a) { *a.mutable_valid_from() = Day(2025, 1, 1); }},
      {"partial valid_to", "agency.names[0].valid_to",
       [](v1::Agency& a) { a.mutable_names(0)->mutable_valid_to()->set_day(0); }},
  };
  for (const Case& c : cases) {
    v1::CreateAgencyRequest request = HueRequest();
    c.change(*request.mutable_agency());
    absl::StatusOr<v1::Agency> created = registry_->CreateAgency(request);
    EXPECT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument) << c.what;
    EXPECT_THAT(FieldsOf(created.status()), ElementsAre(c.field)) << c.what;
  }
  EXPECT_EQ(test::CountRows(*db_, "agencies"), 0);
  EXPECT_EQ(test::CountRows(*db_, "agency_names"), 0);
}

TEST_P(AgencyNamesTest, UpdateReplacesTheEarlierNames) {
  v1::CreateAgencyRequest plain = HueRequest();
  plain.mutable_agency()->clear_names();
  const v1::Agency created = Create(plain);
  EXPECT_EQ(NameAsOf(Day(2024, 6, 1)), kNewName);

  v1::UpdateAgencyRequest update;
  update.mutable_agency()->set_name(created.name());
  update.mutable_agency()->set_etag(created.etag());
  *update.mutable_agency()->mutable_names() = HueRequest().agency().names();
  update.mutable_update_mask()->add_paths("names");
  absl::StatusOr<v1::Agency> updated = registry_->UpdateAgency(update);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->names_size(), 1);
  EXPECT_EQ(NameAsOf(Day(2024, 6, 1)), kOldName);

  // Overlapping names are refused and the stored ones stay.
  v1::DatedName* overlap = update.mutable_agency()->add_names();
  overlap->set_display_name("Ủy ban nhân dân tạm thời");
  *overlap->mutable_valid_to() = Day(2020, 1, 1);
  update.mutable_agency()->set_etag(updated->etag());
  absl::StatusOr<v1::Agency> refused = registry_->UpdateAgency(update);
  EXPECT_THAT(FieldsOf(refused.status()), ElementsAre("agency.names[1].valid_from"));
  EXPECT_EQ(test::CountRows(*db_, "agency_names"), 1);

  // Clearing them leaves the current name on every day.
  update.mutable_agency()->clear_names();
  absl::StatusOr<v1::Agency> cleared = registry_->UpdateAgency(update);
  ASSERT_TRUE(cleared.ok()) << cleared.status();
  EXPECT_EQ(NameAsOf(Day(2024, 6, 1)), kNewName);
  EXPECT_EQ(test::CountRows(*db_, "agency_names"), 0);
}

TEST_P(AgencyNamesTest, RetiringBeforeTheCurrentNameBeginsIsRefused) {
  Create(HueRequest());
  v1::RetireAgencyRequest retire;
  retire.set_name("agencies/hue-ubnd");
  *retire.mutable_valid_to() = Day(2024, 12, 31);
  absl::StatusOr<v1::Agency> refused = registry_->RetireAgency(retire);
  EXPECT_THAT(FieldsOf(refused.status()), ElementsAre("valid_to"));
  EXPECT_EQ(NameAsOf(std::nullopt), kNewName);

  *retire.mutable_valid_to() = Day(2025, 6, 30);
  absl::StatusOr<v1::Agency> retired = registry_->RetireAgency(retire);
  ASSERT_TRUE(retired.ok()) << retired.status();
  EXPECT_EQ(retired->names_size(), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, AgencyNamesTest,
                         ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgres),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace interplan::agencies
