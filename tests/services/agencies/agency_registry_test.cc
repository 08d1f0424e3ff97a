// The agency registry on top of the synthetic merger's units, on SQLite and
// PostgreSQL: creates (idempotent by request_id), validation naming each
// field and writing nothing, etag-guarded updates, retirement, and
// listings by unit subtree, kind, accent-insensitive search, date and page.
#include "services/agencies/agency_registry.h"

#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/api/enum_names.h"
#include "common/api/resource_name.h"
#include "common/errors/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/agencies/agency_record.h"
#include "services/agencies/unit_importer.h"
#include "services/agencies/unit_registry.h"
#include "tests/services/agencies/agencies_test_support.h"
#include "tests/support/database_fixture.h"

namespace interplan::agencies {
namespace {

using test::Day;
using test::FieldsOf;
using test::Partial;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::UnorderedElementsAre;
using ::testing::UnorderedElementsAreArray;

v1::CreateAgencyRequest NewAgency(const std::string& id, const std::string& display_name,
                                  v1::AgencyKind kind, const std::string& unit = "",
                                  const std::string& parent = "") {
  v1::CreateAgencyRequest request;
  request.set_agency_id(id);
  v1::Agency* agency = request.mutable_agency();
  agency->set_display_name(display_name);
  agency->set_kind(kind);
  agency->set_unit(unit);
  agency->set_parent(parent);
  return request;
}

class AgencyRegistryTest : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void SetUp() override {
    db_ = test::OpenMigratedDatabase(GetParam());
    ASSERT_NE(db_, nullptr);
    absl::StatusOr<v1::ImportUnitsResponse> imported =
        UnitImporter(*db_).Import(test::MergerRequest());
    ASSERT_TRUE(imported.ok()) << imported.status();
    units_ = std::make_unique<UnitRegistry>(*db_, [this] { return today_; });
    registry_ = std::make_unique<AgencyRegistry>(*db_, *units_);
  }

  // Creates `request`; the test fails if that does not work.
  v1::Agency Create(const v1::CreateAgencyRequest& request) {
    absl::StatusOr<v1::Agency> agency = registry_->CreateAgency(request);
    EXPECT_TRUE(agency.ok()) << agency.status() << "\n" << request.DebugString();
    return agency.ok() ? *agency : v1::Agency();
  }

  absl::StatusOr<v1::Agency> Get(const std::string& name) {
    v1::GetAgencyRequest request;
    request.set_name(name);
    return registry_->GetAgency(request);
  }

  // Every agency a listing returns, following page tokens; fails the test
  // on an error or when an agency comes back twice.
  std::vector<std::string> ListAll(v1::ListAgenciesRequest request) {
    std::vector<std::string> names;
    std::set<std::string> seen;
    for (int page = 0; page < 100; ++page) {
      absl::StatusOr<v1::ListAgenciesResponse> response = registry_->ListAgencies(request);
      EXPECT_TRUE(response.ok()) << response.status();
      if (!response.ok()) break;
      for (const v1::Agency& a : response->agencies()) {
        EXPECT_TRUE(seen.insert(a.name()).second) << a.name() << " returned twice";
        names.push_back(a.name());
      }
      if (response->next_page_token().empty()) break;
      request.set_page_token(response->next_page_token());
    }
    return names;
  }

  std::vector<std::string> ListUnder(const std::string& unit,
                                     std::optional<google::type::Date> as_of) {
    v1::ListAgenciesRequest request;
    request.set_unit(unit);
    if (as_of) *request.mutable_as_of() = *as_of;
    return ListAll(request);
  }

  std::vector<std::string> Search(const std::string& query) {
    v1::ListAgenciesRequest request;
    request.set_query(query);
    return ListAll(request);
  }

  int64_t CountAgencies() { return test::CountRows(*db_, "agencies"); }

  // The usual setting of the listing tests: a national body, the province
  // of Đồng Nai with a department that merged into another on 2025-03-01,
  // a district and a ward that ended with the reform, the old province of
  // Bình Phước and its district, and a ward of the new list.
  void CreateLandscape() {
    Create(NewAgency("moha", "Bộ Nội vụ", v1::AGENCY_KIND_MINISTRY));
    Create(NewAgency("dong-nai-ubnd", "Ủy ban nhân dân tỉnh Đồng Nai",
                     v1::AGENCY_KIND_PEOPLES_COMMITTEE, "units/75"));
    Create(NewAgency("dong-nai-so-noi-vu", "Sở Nội vụ tỉnh Đồng Nai", v1::AGENCY_KIND_DEPARTMENT,
                     "units/75", "agencies/dong-nai-ubnd"));
    v1::CreateAgencyRequest labour =
        NewAgency("dong-nai-so-ldtbxh", "Sở Lao động - Thương binh và Xã hội tỉnh Đồng Nai",
                  v1::AGENCY_KIND_DEPARTMENT, "units/75", "agencies/dong-nai-ubnd");
    labour.mutable_agency()->set_short_name("Sở LĐTBXH Đồng Nai");
    *labour.mutable_agency()->mutable_valid_to() = Day(2025, 2, 28);
    labour.mutable_agency()->set_successor("agencies/dong-nai-so-noi-vu");
    Create(labour);
    v1::CreateAgencyRequest bien_hoa =
        NewAgency("bien-hoa-ubnd", "Ủy ban nhân dân thành phố Biên Hòa",
                  v1::AGENCY_KIND_PEOPLES_COMMITTEE, "units/731", "agencies/dong-nai-ubnd");
    *bien_hoa.mutable_agency()->mutable_valid_to() = Day(2025, 6, 30);
    Create(bien_hoa);
    v1::CreateAgencyRequest ward =
        NewAgency("phuong-12-ubnd", "Ủy ban nhân dân Phường 12", v1::AGENCY_KIND_PEOPLES_COMMITTEE,
                  "units/26881", "agencies/bien-hoa-ubnd");
    *ward.mutable_agency()->mutable_valid_to() = Day(2025, 6, 30);
    Create(ward);
    v1::CreateAgencyRequest binh_phuoc =
        NewAgency("binh-phuoc-ubnd", "Ủy ban nhân dân tỉnh Bình Phước",
                  v1::AGENCY_KIND_PEOPLES_COMMITTEE, "units/70");
    *binh_phuoc.mutable_agency()->mutable_valid_to() = Day(2025, 6, 30);
    Create(binh_phuoc);
    v1::CreateAgencyRequest dong_xoai =
        NewAgency("dong-xoai-hoi-lhpn", "Hội Liên hiệp Phụ nữ thành phố Đồng Xoài",
                  v1::AGENCY_KIND_WOMENS_UNION, "units/689");
    *dong_xoai.mutable_agency()->mutable_valid_to() = Day(2025, 6, 30);
    Create(dong_xoai);
    v1::CreateAgencyRequest an_hoi_tay =
        NewAgency("an-hoi-tay-ubnd", "Ủy ban nhân dân Phường An Hội Tây",
                  v1::AGENCY_KIND_PEOPLES_COMMITTEE, "units/26882", "agencies/dong-nai-ubnd");
    *an_hoi_tay.mutable_agency()->mutable_valid_from() = Day(2025, 7, 1);
    Create(an_hoi_tay);
  }

  absl::CivilDay today_{2026, 1, 1};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<UnitRegistry> units_;
  std::unique_ptr<AgencyRegistry> registry_;
};

TEST_P(AgencyRegistryTest, CreatesWithAGivenId) {
  v1::CreateAgencyRequest request = NewAgency("dong-nai-ubnd", "Ủy ban nhân dân tỉnh Đồng Nai",
                                              v1::AGENCY_KIND_PEOPLES_COMMITTEE, "units/75");
  request.mutable_agency()->set_short_name("UBND tỉnh Đồng Nai");
  const v1::Agency created = Create(request);
  EXPECT_EQ(created.name(), "agencies/dong-nai-ubnd");
  EXPECT_EQ(created.display_name(), "Ủy ban nhân dân tỉnh Đồng Nai");
  EXPECT_EQ(created.short_name(), "UBND tỉnh Đồng Nai");
  EXPECT_EQ(created.kind(), v1::AGENCY_KIND_PEOPLES_COMMITTEE);
  EXPECT_EQ(created.unit(), "units/75");
  EXPECT_FALSE(created.has_valid_from());
  EXPECT_FALSE(created.has_valid_to());
  EXPECT_TRUE(created.has_assignable());
  EXPECT_TRUE(created.assignable());
  EXPECT_EQ(created.revision(), 1);
  EXPECT_FALSE(created.etag().empty());
  EXPECT_GT(created.create_time().seconds(), 0);

  absl::StatusOr<v1::Agency> read = Get("agencies/dong-nai-ubnd");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->DebugString(), created.DebugString());
  EXPECT_EQ(CountAgencies(), 1);
}

TEST_P(AgencyRegistryTest, CreatesWithoutAnIdFromTheShortName) {
  v1::CreateAgencyRequest request =
      NewAgency("", "Ủy ban nhân dân tỉnh Đồng Nai", v1::AGENCY_KIND_PEOPLES_COMMITTEE, "units/75");
  request.mutable_agency()->set_short_name("UBND tỉnh Đồng Nai");
  const v1::Agency created = Create(request);
  EXPECT_THAT(created.name(), MatchesRegex("agencies/ubnd-tinh-dong-nai-[a-z2-9]{6}"));
  EXPECT_TRUE(IsValidResourceId(created.name().substr(strlen("agencies/"))));
  absl::StatusOr<v1::Agency> read = Get(created.name());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->display_name(), "Ủy ban nhân dân tỉnh Đồng Nai");

  // Two such creates are two agencies.
  const v1::Agency second = Create(request);
  EXPECT_NE(second.name(), created.name());
  EXPECT_EQ(CountAgencies(), 2);
}

TEST_P(AgencyRegistryTest, RetryWithTheSameRequestIdReturnsTheFirstResult) {
  v1::CreateAgencyRequest request =
      NewAgency("", "Sở Y tế tỉnh Đồng Nai", v1::AGENCY_KIND_DEPARTMENT, "units/75");
  request.set_request_id("create-so-y-te-1");
  const v1::Agency first = Create(request);
  const v1::Agency retry = Create(request);
  EXPECT_EQ(retry.DebugString(), first.DebugString());
  EXPECT_EQ(CountAgencies(), 1);
  EXPECT_EQ(ListAll(v1::ListAgenciesRequest()), std::vector<std::string>{first.name()});

  // The same id for another request is the client's mistake.
  request.mutable_agency()->set_display_name("Sở Y tế tỉnh Bình Phước");
  absl::StatusOr<v1::Agency> reused = registry_->CreateAgency(request);
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kInvalidArgument) << reused.status();
  EXPECT_THAT(FieldsOf(reused.status()), ElementsAre("request_id"));
  EXPECT_EQ(CountAgencies(), 1);
}

TEST_P(AgencyRegistryTest, DuplicateAgencyIdIsAlreadyExists) {
  Create(NewAgency("dong-nai-ubnd", "Ủy ban nhân dân tỉnh Đồng Nai",
                   v1::AGENCY_KIND_PEOPLES_COMMITTEE, "units/75"));
  for (const std::string request_id : {"", "another-request"}) {
    v1::CreateAgencyRequest again =
        NewAgency("dong-nai-ubnd", "Ủy ban nhân dân khác", v1::AGENCY_KIND_OTHER);
    again.set_request_id(request_id);
    absl::StatusOr<v1::Agency> duplicate = registry_->CreateAgency(again);
    EXPECT_EQ(duplicate.status().code(), absl::StatusCode::kAlreadyExists) << duplicate.status();
  }
  EXPECT_EQ(CountAgencies(), 1);
  EXPECT_EQ(Get("agencies/dong-nai-ubnd")->display_name(), "Ủy ban nhân dân tỉnh Đồng Nai");
}

TEST_P(AgencyRegistryTest, BadCreateRequestsNameTheFieldAndWriteNothing) {
  Create(NewAgency("dong-nai-ubnd", "Ủy ban nhân dân tỉnh Đồng Nai",
                   v1::AGENCY_KIND_PEOPLES_COMMITTEE, "units/75"));
  v1::CreateAgencyRequest later =
      NewAgency("dong-nai-so-moi", "Sở Mới tỉnh Đồng Nai", v1::AGENCY_KIND_DEPARTMENT, "units/75");
  *later.mutable_agency()->mutable_valid_from() = Day(2025, 6, 1);
  Create(later);
  const int64_t before = CountAgencies();
  const int64_t logged = test::CountRows(*db_, "request_log");

  struct Case {
    std::string what;
    std::string field;
    std::function<void(v1::CreateAgencyRequest&)> change;
  };
  const std::vector<Case> cases = {
      {"empty display_name", "agency.display_name",
       [](auto& r) { r.mutable_agency()->set_display_name(""); }},
      {"blank display_name", "agency.display_name",
       [](auto& r) { r.mutable_agency()->set_display_name(" \t "); }},
      {"invalid UTF-8 display_name", "agency.display_name",
       [](auto& r) { r.mutable_agency()->set_display_name("S\xE1\xBB"); }},
      {"invalid UTF-8 short_name", "agency.short_name",
       [](auto& r) { r.mutable_agency()->set_short_name("\xFF"); }},
      {"control character", "agency.display_name",
       [](auto& r) { r.mutable_agency()->set_display_name("Sở\x01Y tế"); }},
      {"missing kind", "agency.kind", [](auto& r) { r.mutable_agency()->clear_kind(); }},
      {"unknown kind value", "agency.kind",
       [](auto& r) { r.mutable_agency()->set_kind(static_cast<v1::AgencyKind>(99)); }},
      {"unit without collection", "agency.unit",
       [](auto& r) { r.mutable_agency()->set_unit("75"); }},
      {"unit of another collection", "agency.unit",
       [](auto& r) { r.mutable_agency()->set_unit("provinces/75"); }},
      {"unit with empty id", "agency.unit",
       [](auto& r) { r.mutable_agency()->set_unit("units/"); }},
      {"unknown unit", "agency.unit", [](auto& r) { r.mutable_agency()->set_unit("units/99999"); }},
      {"district unit, open-ended past the reform", "agency.unit",
       [](auto& r) { r.mutable_agency()->set_unit("units/731"); }},
      {"district unit, ending after the reform", "agency.unit",
       [](auto& r) {
         r.mutable_agency()->set_unit("units/731");
         *r.mutable_agency()->mutable_valid_from() = Day(2025, 1, 1);
         *r.mutable_agency()->mutable_valid_to() = Day(2025, 7, 1);
       }},
      {"new ward, from an open start", "agency.unit",
       [](auto& r) { r.mutable_agency()->set_unit("units/26110"); }},
      {"unknown parent", "agency.parent",
       [](auto& r) { r.mutable_agency()->set_parent("agencies/no-such-agency"); }},
      {"malformed parent", "agency.parent",
       [](auto& r) { r.mutable_agency()->set_parent("units/75"); }},
      {"itself as parent", "agency.parent",
       [](auto& r) { r.mutable_agency()->set_parent("agencies/dong-nai-so-test"); }},
      {"successor without valid_to", "agency.successor",
       [](auto& r) { r.mutable_agency()->set_successor("agencies/dong-nai-ubnd"); }},
      {"successor not active the day after", "agency.successor",
       [](auto& r) {
         *r.mutable_agency()->mutable_valid_to() = Day(2025, 2, 28);
         r.mutable_agency()->set_successor("agencies/dong-nai-so-moi");
       }},
      {"unknown successor", "agency.successor",
       [](auto& r) {
         *r.mutable_agency()->mutable_valid_to() = Day(2025, 2, 28);
         r.mutable_agency()->set_successor("agencies/no-such-agency");
       }},
      {"valid_to before valid_from", "agency.valid_to",
       [](auto& r) {
         *r.mutable_agency()->mutable_valid_from() = Day(2025, 3, 1);
         *r.mutable_agency()->mutable_valid_to() = Day(2025, 2, 28);
       }},
      {"partial valid_from", "agency.valid_from",
       [](auto& r) { *r.mutable_agency()->mutable_valid_from() = Partial(2025, 3); }},
      {"agency_id with capitals", "agency_id", [](auto& r) { r.set_agency_id("Bad_Id"); }},
      {"agency_id of one character", "agency_id", [](auto& r) { r.set_agency_id("a"); }},
      {"agency_id starting with a digit", "agency_id", [](auto& r) { r.set_agency_id("1-so"); }},
      {"agency_id ending with '-'", "agency_id", [](auto& r) { r.set_agency_id("so-"); }},
      {"agency_id too long", "agency_id", [](auto& r) { r.set_agency_id(std::string(64, 'a')); }},
      {"request_id with a space", "request_id", [](auto& r) { r.set_request_id("has space"); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    v1::CreateAgencyRequest request =
        NewAgency("dong-nai-so-test", "Sở Thử tỉnh Đồng Nai", v1::AGENCY_KIND_DEPARTMENT,
                  "units/75", "agencies/dong-nai-ubnd");
    request.set_request_id(absl::StrCat("bad-", &c - cases.data()));
    c.change(request);
    absl::StatusOr<v1::Agency> created = registry_->CreateAgency(request);
    EXPECT_EQ(created.status().code(), absl::StatusCode::kInvalidArgument) << created.status();
    EXPECT_THAT(FieldsOf(created.status()), Contains(c.field)) << created.status();
    EXPECT_EQ(CountAgencies(), before);
    EXPECT_EQ(test::CountRows(*db_, "request_log"), logged);
  }
  // The unchanged base request is fine.
  Create(NewAgency("dong-nai-so-test", "Sở Thử tỉnh Đồng Nai", v1::AGENCY_KIND_DEPARTMENT,
                   "units/75", "agencies/dong-nai-ubnd"));
}

TEST_P(AgencyRegistryTest, UnitsThatCoverTheValidity) {
  // A province that continues under its name and code across the reform is
  // one span: its agencies may run on.
  Create(NewAgency("dong-nai-ubnd", "Ủy ban nhân dân tỉnh Đồng Nai",
                   v1::AGENCY_KIND_PEOPLES_COMMITTEE, "units/75"));
  // A reused code that names another unit afterwards is not: Phường 14
  // (26882) ends on 2025-06-30 and 26882 is then Phường An Hội Tây.
  v1::CreateAgencyRequest open_ward = NewAgency("phuong-14-ubnd", "Ủy ban nhân dân Phường 14",
                                                v1::AGENCY_KIND_PEOPLES_COMMITTEE, "units/26882");
  absl::StatusOr<v1::Agency> refused = registry_->CreateAgency(open_ward);
  ASSERT_TRUE(absl::IsInvalidArgument(refused.status())) << refused.status();
  EXPECT_THAT(FieldsOf(refused.status()), ElementsAre("agency.unit"));
  *open_ward.mutable_agency()->mutable_valid_to() = Day(2025, 6, 30);
  Create(open_ward);
  // A district agency ending with its district.
  v1::CreateAgencyRequest district =
      NewAgency("bien-hoa-ubnd", "Ủy ban nhân dân thành phố Biên Hòa",
                v1::AGENCY_KIND_PEOPLES_COMMITTEE, "units/731");
  *district.mutable_agency()->mutable_valid_to() = Day(2025, 6, 30);
  Create(district);
  // A new ward's agency from the reform on.
  v1::CreateAgencyRequest ward = NewAgency("bao-vinh-ubnd", "Ủy ban nhân dân xã Bảo Vinh",
                                           v1::AGENCY_KIND_PEOPLES_COMMITTEE, "units/26110");
  *ward.mutable_agency()->mutable_valid_from() = Day(2025, 7, 1);
  Create(ward);
  EXPECT_EQ(CountAgencies(), 4);
}

TEST_P(AgencyRegistryTest, AssignableDefaultsFromKind) {
  struct Case {
    v1::AgencyKind kind;
    bool assignable;
  };
  int n = 0;
  for (const Case& c :
       {Case{v1::AGENCY_KIND_WOMENS_UNION, false}, Case{v1::AGENCY_KIND_PARTY_BOARD, false},
        Case{v1::AGENCY_KIND_FATHERLAND_FRONT, false},
        Case{v1::AGENCY_KIND_LABOUR_FEDERATION, false}, Case{v1::AGENCY_KIND_YOUTH_UNION, false},
        Case{v1::AGENCY_KIND_DEPARTMENT, true}, Case{v1::AGENCY_KIND_PEOPLES_COMMITTEE, true},
        Case{v1::AGENCY_KIND_POLICE, true}, Case{v1::AGENCY_KIND_OTHER, true}}) {
    SCOPED_TRACE(api::ShortEnumName(c.kind));
    const v1::Agency agency =
        Create(NewAgency(absl::StrCat("agency-", ++n), "Cơ quan", c.kind, "units/75"));
    EXPECT_EQ(agency.assignable(), c.assignable);
    EXPECT_EQ(Get(agency.name())->assignable(), c.assignable);
  }
  // An explicit value wins.
  v1::CreateAgencyRequest requested = NewAgency("hoi-lhpn", "Hội Liên hiệp Phụ nữ tỉnh Đồng Nai",
                                                v1::AGENCY_KIND_WOMENS_UNION, "units/75");
  requested.mutable_agency()->set_assignable(true);
  EXPECT_TRUE(Create(requested).assignable());
  v1::CreateAgencyRequest council =
      NewAgency("hdnd", "Hội đồng nhân dân tỉnh Đồng Nai", v1::AGENCY_KIND_OTHER, "units/75");
  council.mutable_agency()->set_assignable(false);
  EXPECT_FALSE(Create(council).assignable());
  EXPECT_FALSE(Get("agencies/hdnd")->assignable());
}

TEST_P(AgencyRegistryTest, GetAgencyErrors) {
  EXPECT_EQ(Get("agencies/no-such-agency").status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<v1::Agency> malformed = Get("dong-nai-ubnd");
  EXPECT_EQ(malformed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(malformed.status()), ElementsAre("name"));
}

TEST_P(AgencyRegistryTest, UpdateWithFieldMaskAndEtag) {
  v1::CreateAgencyRequest request = NewAgency("dong-nai-so-ldtbxh", "Sở Lao động tỉnh Đồng Nai",
                                              v1::AGENCY_KIND_DEPARTMENT, "units/75");
  request.mutable_agency()->set_short_name("Sở LĐ");
  const v1::Agency created = Create(request);

  v1::UpdateAgencyRequest update;
  update.mutable_agency()->set_name(created.name());
  update.mutable_agency()->set_etag(created.etag());
  update.mutable_agency()->set_display_name("Sở Lao động - Thương binh và Xã hội tỉnh Đồng Nai");
  update.mutable_agency()->set_short_name("Sở LĐTBXH Đồng Nai");
  update.mutable_agency()->set_kind(v1::AGENCY_KIND_POLICE);  // not in the mask: ignored
  update.mutable_update_mask()->add_paths("display_name");
  update.mutable_update_mask()->add_paths("short_name");
  absl::StatusOr<v1::Agency> updated = registry_->UpdateAgency(update);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->display_name(), "Sở Lao động - Thương binh và Xã hội tỉnh Đồng Nai");
  EXPECT_EQ(updated->short_name(), "Sở LĐTBXH Đồng Nai");
  EXPECT_EQ(updated->kind(), v1::AGENCY_KIND_DEPARTMENT);
  EXPECT_EQ(updated->unit(), "units/75");
  EXPECT_EQ(updated->revision(), 2);
  EXPECT_NE(updated->etag(), created.etag());
  EXPECT_EQ(updated->create_time().DebugString(), created.create_time().DebugString());
  EXPECT_EQ(Get(created.name())->DebugString(), updated->DebugString());
  // The search follows the new name.
  EXPECT_THAT(Search("thuong binh"), ElementsAre(created.name()));

  // The etag read before the update is stale now.
  update.mutable_agency()->set_display_name("Sở Khác");
  update.mutable_agency()->set_etag(created.etag());
  absl::StatusOr<v1::Agency> stale = registry_->UpdateAgency(update);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted) << stale.status();
  EXPECT_EQ(Get(created.name())->DebugString(), updated->DebugString());

  // Fields outside the updatable set, and an empty mask.
  for (const char* path : {"valid_to", "successor", "name", "etag", "no_such_field"}) {
    SCOPED_TRACE(path);
    v1::UpdateAgencyRequest bad;
    bad.mutable_agency()->set_name(created.name());
    bad.mutable_agency()->set_display_name("Sở Khác");
    bad.mutable_update_mask()->add_paths("display_name");
    bad.mutable_update_mask()->add_paths(path);
    absl::StatusOr<v1::Agency> refused = registry_->UpdateAgency(bad);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(FieldsOf(refused.status()), ElementsAre("update_mask"));
  }
  v1::UpdateAgencyRequest no_mask;
  no_mask.mutable_agency()->set_name(created.name());
  no_mask.mutable_agency()->set_display_name("Sở Khác");
  EXPECT_THAT(FieldsOf(registry_->UpdateAgency(no_mask).status()), ElementsAre("update_mask"));

  // Masked fields are validated like on create.
  v1::UpdateAgencyRequest empty_name;
  empty_name.mutable_agency()->set_name(created.name());
  empty_name.mutable_update_mask()->add_paths("display_name");
  EXPECT_THAT(FieldsOf(registry_->UpdateAgency(empty_name).status()),
              ElementsAre("agency.display_name"));
  v1::UpdateAgencyRequest district;
  district.mutable_agency()->set_name(created.name());
  district.mutable_agency()->set_unit("units/731");  // ends 2025-06-30
  district.mutable_update_mask()->add_paths("unit");
  EXPECT_THAT(FieldsOf(registry_->UpdateAgency(district).status()), ElementsAre("agency.unit"));
  EXPECT_EQ(Get(created.name())->DebugString(), updated->DebugString());

  // Unknown agency.
  v1::UpdateAgencyRequest unknown = update;
  unknown.mutable_agency()->set_name("agencies/no-such-agency");
  unknown.mutable_agency()->clear_etag();
  EXPECT_EQ(registry_->UpdateAgency(unknown).status().code(), absl::StatusCode::kNotFound);
}

TEST_P(AgencyRegistryTest, UpdateRetryWithTheSameRequestIdAppliesOnce) {
  const v1::Agency created =
      Create(NewAgency("so-y-te", "Sở Y tế", v1::AGENCY_KIND_DEPARTMENT, "units/75"));
  v1::UpdateAgencyRequest update;
  update.mutable_agency()->set_name(created.name());
  update.mutable_agency()->set_etag(created.etag());
  update.mutable_agency()->set_display_name("Sở Y tế tỉnh Đồng Nai");
  update.mutable_update_mask()->add_paths("display_name");
  update.set_request_id("rename-so-y-te");
  absl::StatusOr<v1::Agency> first = registry_->UpdateAgency(update);
  ASSERT_TRUE(first.ok()) << first.status();
  // The retry carries the etag that was current before the first attempt.
  absl::StatusOr<v1::Agency> retry = registry_->UpdateAgency(update);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->DebugString(), first->DebugString());
  EXPECT_EQ(Get(created.name())->revision(), 2);
}

TEST_P(AgencyRegistryTest, UpdateToleratesOmittedAssignableAndKindChange) {
  const v1::Agency created =
      Create(NewAgency("hoi-lhpn", "Hội Liên hiệp Phụ nữ", v1::AGENCY_KIND_OTHER, "units/75"));
  EXPECT_TRUE(created.assignable());
  // Changing the kind keeps the stored assignable ...
  v1::UpdateAgencyRequest kind;
  kind.mutable_agency()->set_name(created.name());
  kind.mutable_agency()->set_kind(v1::AGENCY_KIND_WOMENS_UNION);
  kind.mutable_update_mask()->add_paths("kind");
  absl::StatusOr<v1::Agency> changed = registry_->UpdateAgency(kind);
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(changed->kind(), v1::AGENCY_KIND_WOMENS_UNION);
  EXPECT_TRUE(changed->assignable());
  // ... and clearing assignable through the mask returns it to the default.
  v1::UpdateAgencyRequest reset;
  reset.mutable_agency()->set_name(created.name());
  reset.mutable_update_mask()->add_paths("assignable");
  absl::StatusOr<v1::Agency> defaulted = registry_->UpdateAgency(reset);
  ASSERT_TRUE(defaulted.ok()) << defaulted.status();
  EXPECT_FALSE(defaulted->assignable());
}

TEST_P(AgencyRegistryTest, ParentCycleThroughAnUpdateIsRefused) {
  Create(NewAgency("ubnd", "Ủy ban nhân dân tỉnh Đồng Nai", v1::AGENCY_KIND_PEOPLES_COMMITTEE,
                   "units/75"));
  Create(
      NewAgency("so-noi-vu", "Sở Nội vụ", v1::AGENCY_KIND_DEPARTMENT, "units/75", "agencies/ubnd"));
  Create(
      NewAgency("phong-1", "Phòng Một", v1::AGENCY_KIND_OTHER, "units/75", "agencies/so-noi-vu"));
  const v1::Agency top = *Get("agencies/ubnd");

  for (const char* parent : {"agencies/phong-1", "agencies/so-noi-vu", "agencies/ubnd"}) {
    SCOPED_TRACE(parent);
    v1::UpdateAgencyRequest update;
    update.mutable_agency()->set_name("agencies/ubnd");
    update.mutable_agency()->set_parent(parent);
    update.mutable_update_mask()->add_paths("parent");
    absl::StatusOr<v1::Agency> refused = registry_->UpdateAgency(update);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument) << refused.status();
    EXPECT_THAT(FieldsOf(refused.status()), ElementsAre("agency.parent"));
    EXPECT_EQ(Get("agencies/ubnd")->DebugString(), top.DebugString());
  }
  // A parent outside the chain is fine.
  Create(NewAgency("moha", "Bộ Nội vụ", v1::AGENCY_KIND_MINISTRY));
  v1::UpdateAgencyRequest fine;
  fine.mutable_agency()->set_name("agencies/so-noi-vu");
  fine.mutable_agency()->set_parent("agencies/moha");
  fine.mutable_update_mask()->add_paths("parent");
  absl::StatusOr<v1::Agency> moved = registry_->UpdateAgency(fine);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->parent(), "agencies/moha");
}

TEST_P(AgencyRegistryTest, RetireSetsTheEndAndTheSuccessor) {
  Create(NewAgency("so-noi-vu", "Sở Nội vụ tỉnh Đồng Nai", v1::AGENCY_KIND_DEPARTMENT, "units/75"));
  const v1::Agency labour =
      Create(NewAgency("so-ldtbxh", "Sở Lao động - Thương binh và Xã hội tỉnh Đồng Nai",
                       v1::AGENCY_KIND_DEPARTMENT, "units/75"));

  v1::RetireAgencyRequest retire;
  retire.set_name(labour.name());
  *retire.mutable_valid_to() = Day(2025, 2, 28);
  retire.set_successor("agencies/so-noi-vu");
  retire.set_etag(labour.etag());
  absl::StatusOr<v1::Agency> retired = registry_->RetireAgency(retire);
  ASSERT_TRUE(retired.ok()) << retired.status();
  EXPECT_EQ(retired->valid_to().DebugString(), Day(2025, 2, 28).DebugString());
  EXPECT_EQ(retired->successor(), "agencies/so-noi-vu");
  EXPECT_EQ(retired->revision(), 2);
  EXPECT_EQ(Get(labour.name())->DebugString(), retired->DebugString());

  // Twice is refused.
  retire.clear_etag();
  *retire.mutable_valid_to() = Day(2025, 3, 31);
  absl::StatusOr<v1::Agency> again = registry_->RetireAgency(retire);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition) << again.status();
  EXPECT_EQ(Get(labour.name())->DebugString(), retired->DebugString());
}

TEST_P(AgencyRegistryTest, BadRetireRequestsChangeNothing) {
  v1::CreateAgencyRequest later =
      NewAgency("so-moi", "Sở Mới", v1::AGENCY_KIND_DEPARTMENT, "units/75");
  *later.mutable_agency()->mutable_valid_from() = Day(2025, 6, 1);
  Create(later);
  v1::CreateAgencyRequest dated =
      NewAgency("so-cu", "Sở Cũ", v1::AGENCY_KIND_DEPARTMENT, "units/75");
  *dated.mutable_agency()->mutable_valid_from() = Day(2020, 1, 1);
  const v1::Agency old = Create(dated);

  struct Case {
    std::string what;
    absl::StatusCode code;
    std::string field;
    std::function<void(v1::RetireAgencyRequest&)> change;
  };
  const std::vector<Case> cases = {
      {"no valid_to", absl::StatusCode::kInvalidArgument, "valid_to",
       [](auto& r) { r.clear_valid_to(); }},
      {"partial valid_to", absl::StatusCode::kInvalidArgument, "valid_to",
       [](auto& r) { *r.mutable_valid_to() = Partial(2025, 2); }},
      {"valid_to before valid_from", absl::StatusCode::kInvalidArgument, "valid_to",
       [](auto& r) { *r.mutable_valid_to() = Day(2019, 12, 31); }},
      {"successor not active the day after", absl::StatusCode::kInvalidArgument, "successor",
       [](auto& r) { r.set_successor("agencies/so-moi"); }},
      {"unknown successor", absl::StatusCode::kInvalidArgument, "successor",
       [](auto& r) { r.set_successor("agencies/no-such-agency"); }},
      {"itself as successor", absl::StatusCode::kInvalidArgument, "successor",
       [](auto& r) { r.set_successor("agencies/so-cu"); }},
      {"malformed successor", absl::StatusCode::kInvalidArgument, "successor",
       [](auto& r) { r.set_successor("so-moi"); }},
      {"malformed name", absl::StatusCode::kInvalidArgument, "name",
       [](auto& r) { r.set_name("so-cu"); }},
      {"stale etag", absl::StatusCode::kAborted, "", [](auto& r) { r.set_etag("\"99\""); }},
      {"unknown agency", absl::StatusCode::kNotFound, "",
       [](auto& r) { r.set_name("agencies/no-such-agency"); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    v1::RetireAgencyRequest retire;
    retire.set_name(old.name());
    *retire.mutable_valid_to() = Day(2025, 2, 28);
    c.change(retire);
    absl::StatusOr<v1::Agency> refused = registry_->RetireAgency(retire);
    EXPECT_EQ(refused.status().code(), c.code) << refused.status();
    if (!c.field.empty()) {
      EXPECT_THAT(FieldsOf(refused.status()), ElementsAre(c.field));
    }
    EXPECT_EQ(Get(old.name())->DebugString(), old.DebugString());
  }
}

TEST_P(AgencyRegistryTest, ListByUnitSubtreeAsOfADate) {
  CreateLandscape();

  // Before the reform the province's subtree holds its districts and wards.
  EXPECT_THAT(ListUnder("units/75", Day(2024, 1, 1)),
              UnorderedElementsAre("agencies/dong-nai-ubnd", "agencies/dong-nai-so-noi-vu",
                                   "agencies/dong-nai-so-ldtbxh", "agencies/bien-hoa-ubnd",
                                   "agencies/phuong-12-ubnd"));
  EXPECT_THAT(ListUnder("units/731", Day(2024, 1, 1)),
              UnorderedElementsAre("agencies/bien-hoa-ubnd", "agencies/phuong-12-ubnd"));
  EXPECT_THAT(ListUnder("units/70", Day(2025, 6, 30)),
              UnorderedElementsAre("agencies/binh-phuoc-ubnd", "agencies/dong-xoai-hoi-lhpn"));
  // After it: the merged province, with the new ward.
  EXPECT_THAT(ListUnder("units/75", Day(2025, 7, 1)),
              UnorderedElementsAre("agencies/dong-nai-ubnd", "agencies/dong-nai-so-noi-vu",
                                   "agencies/an-hoi-tay-ubnd"));
  // Without a date: today (2026-01-01).
  EXPECT_THAT(ListUnder("units/75", std::nullopt),
              UnorderedElementsAre("agencies/dong-nai-ubnd", "agencies/dong-nai-so-noi-vu",
                                   "agencies/an-hoi-tay-ubnd"));
  EXPECT_THAT(ListUnder("units/26882", Day(2024, 1, 1)), IsEmpty());
  EXPECT_THAT(ListUnder("units/26882", Day(2026, 1, 1)), ElementsAre("agencies/an-hoi-tay-ubnd"));

  // A unit that does not exist on the date.
  v1::ListAgenciesRequest gone;
  gone.set_unit("units/70");
  *gone.mutable_as_of() = Day(2025, 7, 1);
  EXPECT_EQ(registry_->ListAgencies(gone).status().code(), absl::StatusCode::kNotFound);
  v1::ListAgenciesRequest malformed;
  malformed.set_unit("75");
  EXPECT_THAT(FieldsOf(registry_->ListAgencies(malformed).status()), ElementsAre("unit"));

  // No unit and no date: everything, national bodies and retired included.
  EXPECT_EQ(ListAll(v1::ListAgenciesRequest()).size(), 9u);
}

TEST_P(AgencyRegistryTest, ListByKind) {
  CreateLandscape();
  v1::ListAgenciesRequest request;
  request.set_kind(v1::AGENCY_KIND_DEPARTMENT);
  EXPECT_THAT(ListAll(request),
              UnorderedElementsAre("agencies/dong-nai-so-noi-vu", "agencies/dong-nai-so-ldtbxh"));
  request.set_unit("units/75");
  *request.mutable_as_of() = Day(2025, 3, 1);
  EXPECT_THAT(ListAll(request), ElementsAre("agencies/dong-nai-so-noi-vu"));
  request.Clear();
  request.set_kind(v1::AGENCY_KIND_WOMENS_UNION);
  EXPECT_THAT(ListAll(request), ElementsAre("agencies/dong-xoai-hoi-lhpn"));
  request.set_kind(v1::AGENCY_KIND_MINISTRY);
  EXPECT_THAT(ListAll(request), ElementsAre("agencies/moha"));
  request.set_kind(static_cast<v1::AgencyKind>(99));
  EXPECT_THAT(FieldsOf(registry_->ListAgencies(request).status()), ElementsAre("kind"));
}

TEST_P(AgencyRegistryTest, AccentInsensitiveSearch) {
  CreateLandscape();
  EXPECT_THAT(Search("so lao dong dong nai"), ElementsAre("agencies/dong-nai-so-ldtbxh"));
  EXPECT_THAT(Search("SỞ LAO ĐỘNG"), ElementsAre("agencies/dong-nai-so-ldtbxh"));
  EXPECT_THAT(Search("ldtbxh"), ElementsAre("agencies/dong-nai-so-ldtbxh"));  // short name
  EXPECT_THAT(Search("binh phuoc"), ElementsAre("agencies/binh-phuoc-ubnd"));
  EXPECT_THAT(Search("dong nai"),
              UnorderedElementsAre("agencies/dong-nai-ubnd", "agencies/dong-nai-so-noi-vu",
                                   "agencies/dong-nai-so-ldtbxh"));
  // Words are prefixes of words, not of arbitrary substrings.
  EXPECT_THAT(Search("so lao dongg"), IsEmpty());
  EXPECT_THAT(Search("ao dong"), IsEmpty());
  // With a date, the search finds only what was active.
  v1::ListAgenciesRequest active;
  active.set_query("so dong nai");
  *active.mutable_as_of() = Day(2025, 3, 1);
  EXPECT_THAT(ListAll(active), ElementsAre("agencies/dong-nai-so-noi-vu"));

  v1::ListAgenciesRequest bad;
  bad.set_query("s\xFF");
  EXPECT_THAT(FieldsOf(registry_->ListAgencies(bad).status()), ElementsAre("query"));
}

TEST_P(AgencyRegistryTest, AsOfHidesRetiredAgencies) {
  CreateLandscape();
  v1::ListAgenciesRequest request;
  request.set_query("so");
  *request.mutable_as_of() = Day(2025, 2, 28);
  EXPECT_THAT(ListAll(request),
              UnorderedElementsAre("agencies/dong-nai-so-noi-vu", "agencies/dong-nai-so-ldtbxh"));
  *request.mutable_as_of() = Day(2025, 3, 1);
  EXPECT_THAT(ListAll(request), ElementsAre("agencies/dong-nai-so-noi-vu"));
  request.clear_as_of();
  EXPECT_THAT(ListAll(request),
              UnorderedElementsAre("agencies/dong-nai-so-noi-vu", "agencies/dong-nai-so-ldtbxh"));
  // Not yet active.
  v1::ListAgenciesRequest early;
  early.set_query("an hoi tay");
  *early.mutable_as_of() = Day(2025, 6, 30);
  EXPECT_THAT(ListAll(early), IsEmpty());
  *early.mutable_as_of() = Day(2025, 7, 1);
  EXPECT_THAT(ListAll(early), ElementsAre("agencies/an-hoi-tay-ubnd"));
}

TEST_P(AgencyRegistryTest, PaginationReturnsEveryAgencyOnce) {
  std::vector<std::string> all;
  for (int i = 0; i < 13; ++i) {
    const v1::AgencyKind kind = i % 3 == 0 ? v1::AGENCY_KIND_POLICE : v1::AGENCY_KIND_DEPARTMENT;
    // Half with generated ids, so the order is not the creation order.
    const std::string id = i % 2 == 0 ? absl::StrCat("agency-", 100 - i) : "";
    all.push_back(Create(NewAgency(id, absl::StrCat("Cơ quan số ", i), kind, "units/75")).name());
  }
  v1::ListAgenciesRequest request;
  request.set_page_size(5);
  int pages = 0;
  std::vector<std::string> seen;
  for (; pages < 10; ++pages) {
    absl::StatusOr<v1::ListAgenciesResponse> response = registry_->ListAgencies(request);
    ASSERT_TRUE(response.ok()) << response.status();
    EXPECT_LE(response->agencies_size(), 5);
    for (const v1::Agency& a : response->agencies()) seen.push_back(a.name());
    if (response->next_page_token().empty()) break;
    request.set_page_token(response->next_page_token());
  }
  EXPECT_EQ(pages + 1, 3);
  EXPECT_THAT(seen, UnorderedElementsAreArray(all));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());

  // With a filter, across pages too.
  v1::ListAgenciesRequest police;
  police.set_kind(v1::AGENCY_KIND_POLICE);
  police.set_unit("units/75");
  police.set_page_size(2);
  EXPECT_EQ(ListAll(police).size(), 5u);  // i = 0, 3, 6, 9, 12

  // A token is bound to its filters.
  v1::ListAgenciesRequest first_page;
  first_page.set_page_size(5);
  const std::string token = registry_->ListAgencies(first_page)->next_page_token();
  ASSERT_FALSE(token.empty());
  police.set_page_token(token);
  absl::StatusOr<v1::ListAgenciesResponse> refused = registry_->ListAgencies(police);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(refused.status()), ElementsAre("page_token"));
  // The page size is not a filter: the token works with another one.
  first_page.set_page_token(token);
  first_page.set_page_size(100);
  absl::StatusOr<v1::ListAgenciesResponse> rest = registry_->ListAgencies(first_page);
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_EQ(rest->agencies_size(), 8);
}

TEST_P(AgencyRegistryTest, BadListRequests) {
  v1::ListAgenciesRequest negative;
  negative.set_page_size(-1);
  absl::StatusOr<v1::ListAgenciesResponse> refused = registry_->ListAgencies(negative);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(refused.status()), ElementsAre("page_size"));

  for (const char* token : {"not a token", "!!!", "djE6enp6OmFiYw"}) {
    SCOPED_TRACE(token);
    v1::ListAgenciesRequest malformed;
    malformed.set_page_token(token);
    refused = registry_->ListAgencies(malformed);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(FieldsOf(refused.status()), ElementsAre("page_token"));
  }

  v1::ListAgenciesRequest partial;
  *partial.mutable_as_of() = Partial(2025);
  EXPECT_THAT(FieldsOf(registry_->ListAgencies(partial).status()), ElementsAre("as_of"));
}

TEST_P(AgencyRegistryTest, NamesAreStoredInNfc) {
  // "Sở Y tế tỉnh Đồng Nai" decomposed (NFD), with surrounding spaces.
  const std::string decomposed =
      "  So\u031B\u0309 Y te\u0302\u0301 ti\u0309nh \u0110o\u0302\u0300ng Nai ";
  const std::string composed = "Sở Y tế tỉnh Đồng Nai";
  ASSERT_NE(decomposed, composed);
  v1::CreateAgencyRequest request =
      NewAgency("dong-nai-so-y-te", decomposed, v1::AGENCY_KIND_DEPARTMENT, "units/75");
  request.mutable_agency()->set_short_name("So\u031B\u0309 Y te\u0302\u0301");
  const v1::Agency created = Create(request);
  EXPECT_EQ(created.display_name(), composed);
  EXPECT_EQ(created.short_name(), "Sở Y tế");
  EXPECT_EQ(Get(created.name())->display_name(), composed);
  EXPECT_THAT(Search("so y te dong nai"), ElementsAre(created.name()));
  EXPECT_THAT(Search(decomposed), ElementsAre(created.name()));

  // The same on update.
  v1::UpdateAgencyRequest update;
  update.mutable_agency()->set_name(created.name());
  update.mutable_agency()->set_display_name("Sở Y te\u0302\u0301 tỉnh Đồng Nai (mới)");
  update.mutable_update_mask()->add_paths("display_name");
  absl::StatusOr<v1::Agency> updated = registry_->UpdateAgency(update);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->display_name(), "Sở Y tế tỉnh Đồng Nai (mới)");
}

INSTANTIATE_TEST_SUITE_P(Engines, AgencyRegistryTest,
                         ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgres),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace interplan::agencies
