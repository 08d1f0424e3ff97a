#include "tests/support/in_process_agencies.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/agencies/reference_data.h"
#include "services/agencies/schema.h"
#include "services/agencies/unit_importer.h"
#include "tests/support/database_fixture.h"

namespace interplan::testing {
namespace {

namespace av1 = ::interplan::agencies::v1;

absl::Status Unreachable() {
  return absl::UnavailableError(
      "failed to connect to all addresses (interplan-agencies is down in this test)");
}

}  // namespace

absl::StatusOr<std::unique_ptr<InProcessAgencies>> InProcessAgencies::StartWithReference() {
  absl::StatusOr<std::unique_ptr<storage::Database>> db =
      OpenFreshDatabase(storage::Engine::kSqlite);
  if (!db.ok()) return db.status();
  if (absl::Status migrated = (*db)->Migrate(agencies::AgenciesMigrations()); !migrated.ok()) {
    return migrated;
  }
  std::unique_ptr<InProcessAgencies> started(new InProcessAgencies(std::move(*db)));
  if (absl::Status imported = started->ImportReference(); !imported.ok()) return imported;
  return started;
}

InProcessAgencies::InProcessAgencies(std::unique_ptr<storage::Database> db)
    : db_(std::move(db)), units_(*db_), agencies_(*db_, units_) {}

absl::Status InProcessAgencies::ImportReference() {
  absl::StatusOr<agencies::ReferenceData> reference =
      agencies::LoadReferenceFiles(agencies::DefaultReferenceFiles());
  if (!reference.ok()) return reference.status();
  agencies::UnitImporter importer(*db_);
  absl::StatusOr<av1::ImportUnitsResponse> imported = importer.Import(reference->units);
  if (!imported.ok()) return imported.status();
  for (const av1::CreateAgencyRequest& request : reference->agencies) {
    absl::StatusOr<av1::Agency> created = agencies_.CreateAgency(request);
    if (!created.ok()) {
      return absl::Status(created.status().code(), absl::StrCat("agency ", request.agency_id(),
                                                                ": ", created.status().message()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<av1::BatchGetAgenciesResponse> InProcessAgencies::BatchGetAgencies(
    const av1::BatchGetAgenciesRequest& request, absl::Time) {
  return agencies_.BatchGetAgencies(request);
}

absl::StatusOr<av1::Unit> InProcessAgencies::GetUnit(const av1::GetUnitRequest& request,
                                                     absl::Time) {
  return units_.GetUnit(request);
}

absl::StatusOr<av1::BatchGetUnitsResponse> InProcessAgencies::BatchGetUnits(
    const av1::BatchGetUnitsRequest& request, absl::Time) {
  return units_.BatchGetUnits(request);
}

absl::StatusOr<av1::ListUnitsResponse> InProcessAgencies::ListUnits(
    const av1::ListUnitsRequest& request, absl::Time) {
  return units_.ListUnits(request);
}

absl::StatusOr<av1::BatchGetAgenciesResponse> UnreachableAgencies::BatchGetAgencies(
    const av1::BatchGetAgenciesRequest&, absl::Time) {
  return Unreachable();
}

absl::StatusOr<av1::Unit> UnreachableAgencies::GetUnit(const av1::GetUnitRequest&, absl::Time) {
  return Unreachable();
}

absl::StatusOr<av1::BatchGetUnitsResponse> UnreachableAgencies::BatchGetUnits(
    const av1::BatchGetUnitsRequest&, absl::Time) {
  return Unreachable();
}

absl::StatusOr<av1::ListUnitsResponse> UnreachableAgencies::ListUnits(const av1::ListUnitsRequest&,
                                                                      absl::Time) {
  return Unreachable();
}

}  // namespace interplan::testing
