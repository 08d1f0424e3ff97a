// The pure checks of agency_validator.h, without a database: an agency's
// fields, the create, update, retire and batch-get requests, the merge of
// an update mask, and whether a unit's versions and a successor fit an
// agency's validity.
#include "services/agencies/agency_validator.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/agencies/agencies_test_support.h"

namespace interplan::agencies {
namespace {

using test::Day;
using test::FieldsOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

v1::Agency Department(const std::string& display_name) {
  v1::Agency agency;
  agency.set_display_name(display_name);
  agency.set_kind(v1::AGENCY_KIND_DEPARTMENT);
  agency.set_unit("units/75");
  agency.set_parent("agencies/ubnd-dong-nai");
  return agency;
}

UnitRecord Version(const std::string& name, std::optional<absl::CivilDay> from,
                   std::optional<absl::CivilDay> to) {
  UnitRecord unit;
  unit.code = "75";
  unit.display_name = name;
  unit.validity.from = from;
  unit.validity.to = to;
  return unit;
}

TEST(AgencyValidatorTest, OnlyPartyBoardsAndMassOrganisationsAreNotAssignableByDefault) {
  EXPECT_FALSE(AssignableByDefault(v1::AGENCY_KIND_PARTY_BOARD));
  EXPECT_FALSE(AssignableByDefault(v1::AGENCY_KIND_FATHERLAND_FRONT));
  EXPECT_TRUE(AssignableByDefault(v1::AGENCY_KIND_MINISTRY));
  EXPECT_TRUE(AssignableByDefault(v1::AGENCY_KIND_DEPARTMENT));
}

TEST(AgencyValidatorTest, FieldsComeBackParsedAndCleaned) {
  absl::StatusOr<AgencyRecord> record = AgencyFields(Department("  Sở Lao động  "), "agency.");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->display_name, "Sở Lao động");
  EXPECT_EQ(record->unit_code, "75");
  EXPECT_EQ(record->parent_id, "ubnd-dong-nai");
  EXPECT_TRUE(record->assignable);
  EXPECT_TRUE(record->id.empty());
}

TEST(AgencyValidatorTest, EachBadFieldIsNamedUnderThePrefix) {
  v1::Agency agency;
  agency.set_unit("provinces/75");
  agency.set_successor("agencies/next");
  EXPECT_THAT(FieldsOf(AgencyFields(agency, "agency.").status()),
              UnorderedElementsAre("agency.display_name", "agency.kind", "agency.unit",
                                   "agency.successor"));
  EXPECT_THAT(FieldsOf(AgencyFields(agency, "").status()),
              UnorderedElementsAre("display_name", "kind", "unit", "successor"));
}

TEST(AgencyValidatorTest, CreateKeepsTheIdAskedForAndChecksIt) {
  v1::CreateAgencyRequest request;
  *request.mutable_agency() = Department("Sở Lao động");
  request.set_agency_id("so-ldtbxh");
  absl::StatusOr<AgencyRecord> record = ValidateCreateAgency(request);
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->id, "so-ldtbxh");

  request.set_agency_id("Sở");
  request.mutable_agency()->clear_display_name();
  EXPECT_THAT(FieldsOf(ValidateCreateAgency(request).status()),
              UnorderedElementsAre("agency.display_name", "agency_id"));
}

TEST(AgencyValidatorTest, UpdateNeedsAMaskOfUpdatableFields) {
  v1::UpdateAgencyRequest request;
  request.mutable_agency()->set_name("agencies/so-ldtbxh");
  EXPECT_THAT(FieldsOf(ValidateUpdateAgency(request).status()), ElementsAre("update_mask"));
  request.mutable_update_mask()->add_paths("valid_to");
  EXPECT_THAT(FieldsOf(ValidateUpdateAgency(request).status()), ElementsAre("update_mask"));
  request.mutable_update_mask()->set_paths(0, "display_name");
  absl::StatusOr<std::string> id = ValidateUpdateAgency(request);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "so-ldtbxh");
}

TEST(AgencyValidatorTest, MergeTakesOnlyTheMaskedFields) {
  v1::Agency current = Department("Sở Lao động");
  current.set_short_name("LĐTBXH");
  current.set_assignable(true);
  v1::UpdateAgencyRequest request;
  request.mutable_agency()->set_display_name("Sở Nội vụ");
  request.mutable_agency()->set_short_name("ignored");
  request.mutable_update_mask()->add_paths("display_name");
  request.mutable_update_mask()->add_paths("assignable");
  v1::Agency merged = MergeUpdate(current, request);
  EXPECT_EQ(merged.display_name(), "Sở Nội vụ");
  EXPECT_EQ(merged.short_name(), "LĐTBXH");
  EXPECT_FALSE(merged.has_assignable());  // masked but unset: back to the default
  EXPECT_EQ(merged.unit(), "units/75");
}

TEST(AgencyValidatorTest, RetirementNeedsALastDay) {
  v1::RetireAgencyRequest request;
  request.set_name("agencies/so-ldtbxh");
  EXPECT_THAT(FieldsOf(ValidateRetireAgency(request).status()), ElementsAre("valid_to"));
  *request.mutable_valid_to() = Day(2025, 6, 30);
  request.set_successor("agencies/so-noi-vu");
  absl::StatusOr<CheckedRetirement> checked = ValidateRetireAgency(request);
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->id, "so-ldtbxh");
  EXPECT_EQ(checked->valid_to, absl::CivilDay(2025, 6, 30));
  EXPECT_EQ(checked->successor_id, "so-noi-vu");
}

TEST(AgencyValidatorTest, OnlyAnAgencyInForceRetiresAndNotBeforeItsFirstDay) {
  AgencyRecord current;
  current.id = "so-ldtbxh";
  current.validity.from = absl::CivilDay(2020, 1, 1);
  EXPECT_TRUE(CheckRetirable(current, absl::CivilDay(2025, 6, 30)).ok());
  EXPECT_THAT(FieldsOf(CheckRetirable(current, absl::CivilDay(2019, 12, 31))),
              ElementsAre("valid_to"));
  current.validity.to = absl::CivilDay(2025, 6, 30);
  absl::Status retired = CheckRetirable(current, absl::CivilDay(2025, 7, 30));
  EXPECT_EQ(retired.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(retired.message(), HasSubstr("already retired (last day 2025-06-30)"));
}

TEST(AgencyValidatorTest, BatchGetNamesEachMalformedName) {
  v1::BatchGetAgenciesRequest request;
  request.add_names("agencies/a1");
  request.add_names("units/75");
  EXPECT_THAT(FieldsOf(ValidateBatchGetAgencies(request).status()), ElementsAre("names[1]"));
  request.set_names(1, "agencies/a2");
  absl::StatusOr<std::vector<std::string>> ids = ValidateBatchGetAgencies(request);
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_THAT(*ids, ElementsAre("a1", "a2"));
}

TEST(AgencyValidatorTest, VersionsOfOneUnitUnderOneNameMakeOneSpan) {
  AgencyRecord agency;
  agency.unit_code = "75";
  agency.validity.from = absl::CivilDay(2024, 1, 1);
  const std::vector<UnitRecord> continued = {
      Version("Tỉnh Đồng Nai", std::nullopt, absl::CivilDay(2025, 6, 30)),
      Version("Tỉnh Đồng Nai", absl::CivilDay(2025, 7, 1), std::nullopt)};
  FieldViolations covered;
  CheckUnitCoverage(agency, continued, "agency.", covered);
  EXPECT_TRUE(covered.empty());

  // A reused code naming another unit does not continue the span.
  const std::vector<UnitRecord> reused = {
      Version("Tỉnh Yên Bái", std::nullopt, absl::CivilDay(2025, 6, 30)),
      Version("Tỉnh Lào Cai", absl::CivilDay(2025, 7, 1), std::nullopt)};
  FieldViolations not_covered;
  CheckUnitCoverage(agency, reused, "agency.", not_covered);
  EXPECT_THAT(FieldsOf(not_covered.ToStatus()), ElementsAre("agency.unit"));

  // Renamed inside the era, then continuing across the reform under its
  // last name: Thừa Thiên Huế (46) became Thành phố Huế on 2025-01-01.
  const std::vector<UnitRecord> renamed_then_continued = {
      Version("Tỉnh Thừa Thiên Huế", std::nullopt, absl::CivilDay(2024, 12, 31)),
      Version("Thành phố Huế", absl::CivilDay(2025, 1, 1), absl::CivilDay(2025, 6, 30)),
      Version("Thành phố Huế", absl::CivilDay(2025, 7, 1), std::nullopt)};
  FieldViolations hue;
  CheckUnitCoverage(agency, renamed_then_continued, "agency.", hue);
  EXPECT_TRUE(hue.empty()) << hue.ToStatus();

  // Renamed at the reform itself: another unit under a reused code.
  const std::vector<UnitRecord> renamed_at_reform = {
      Version("Tỉnh Thừa Thiên Huế", std::nullopt, absl::CivilDay(2024, 12, 31)),
      Version("Thành phố Huế", absl::CivilDay(2025, 1, 1), absl::CivilDay(2025, 6, 30)),
      Version("Tỉnh Huế", absl::CivilDay(2025, 7, 1), std::nullopt)};
  FieldViolations renamed;
  CheckUnitCoverage(agency, renamed_at_reform, "agency.", renamed);
  EXPECT_THAT(FieldsOf(renamed.ToStatus()), ElementsAre("agency.unit"));

  FieldViolations unknown;
  CheckUnitCoverage(agency, {}, "", unknown);
  EXPECT_THAT(FieldsOf(unknown.ToStatus()), ElementsAre("unit"));
}

TEST(AgencyValidatorTest, AnUncoveredValidityIsSaidInASentence) {
  // Gò Vấp's district ended with the districts on 2025-06-30.
  AgencyRecord agency;
  agency.unit_code = "764";
  agency.validity.from = absl::CivilDay(2019, 1, 1);
  const std::vector<UnitRecord> ended = {
      Version("Quận Gò Vấp", std::nullopt, absl::CivilDay(2025, 6, 30))};
  FieldViolations open_ended;
  CheckUnitCoverage(agency, ended, "agency.", open_ended);
  ASSERT_EQ(open_ended.violations().size(), 1u);
  EXPECT_EQ(open_ended.violations()[0].description,
            "units/764 (Quận Gò Vấp) ended on 2025-06-30, but the agency is valid from "
            "2019-01-01 on: end the agency by then, or place it in the unit that continues");

  // A unit that begins after the agency.
  agency.unit_code = "15";
  agency.validity.to = absl::CivilDay(2025, 12, 31);
  const std::vector<UnitRecord> later = {
      Version("Tỉnh Lào Cai", absl::CivilDay(2025, 7, 1), std::nullopt)};
  FieldViolations early;
  CheckUnitCoverage(agency, later, "agency.", early);
  ASSERT_EQ(early.violations().size(), 1u);
  EXPECT_EQ(early.violations()[0].description,
            "units/15 (Tỉnh Lào Cai) begins on 2025-07-01, but the agency is valid from "
            "2019-01-01 to 2025-12-31");

  // A reused code: two units one after the other.
  const std::vector<UnitRecord> reused = {
      Version("Tỉnh Yên Bái", std::nullopt, absl::CivilDay(2025, 6, 30)),
      Version("Tỉnh Lào Cai", absl::CivilDay(2025, 7, 1), std::nullopt)};
  FieldViolations two_units;
  CheckUnitCoverage(agency, reused, "agency.", two_units);
  ASSERT_EQ(two_units.violations().size(), 1u);
  EXPECT_EQ(two_units.violations()[0].description,
            "units/15 is not one unit over the agency's whole validity (the agency is valid from "
            "2019-01-01 to 2025-12-31): it was Tỉnh Yên Bái until 2025-06-30, then Tỉnh Lào Cai "
            "from 2025-07-01 on");
}

TEST(AgencyValidatorTest, ASuccessorIsActiveTheDayAfterTheAgencyEnds) {
  AgencyRecord agency;
  agency.successor_id = "next";
  agency.validity.to = absl::CivilDay(2025, 6, 30);
  AgencyRecord successor;
  successor.id = "next";
  successor.validity.from = absl::CivilDay(2025, 7, 1);
  FieldViolations active;
  CheckSuccessorActive(agency, successor, "successor", active);
  EXPECT_TRUE(active.empty());
  successor.validity.from = absl::CivilDay(2025, 7, 2);
  FieldViolations late;
  CheckSuccessorActive(agency, successor, "successor", late);
  EXPECT_THAT(FieldsOf(late.ToStatus()), ElementsAre("successor"));
}

}  // namespace
}  // namespace interplan::agencies
