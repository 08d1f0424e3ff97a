#include "tests/support/in_process_agencies.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/reference/reference_data.h"
#include "services/agencies/schema.h"
#include "services/agencies/unit_corrections.h"
#include "services/agencies/unit_importer.h"
#include "tests/support/database_fixture.h"

namespace interplan::testing {
namespace {

namespace av1 = ::interplan::agencies::v1;

absl::Status Unreachable() {
  return absl::UnavailableError(
      "failed to connect to all addresses (interplan-agencies is down in this test)");
}

// An answer given in the background: `done` runs at once.
template <typename Response>
void Deliver(absl::StatusOr<Response> answer, Response* response, const CallDone& done) {
  if (answer.ok()) *response = *std::move(answer);
  done(answer.status());
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
  for (const av1::ImportUnitsRequest& request : reference->unit_imports) {
    absl::StatusOr<av1::ImportUnitsResponse> imported = importer.Import(request);
    if (!imported.ok()) return imported.status();
  }
  // In the calls the client's `reference import` sends.
  size_t first = 0;
  for (const av1::BatchCreateAgenciesRequest& batch :
       agencies::AgencyBatches(reference->agencies)) {
    absl::StatusOr<av1::BatchCreateAgenciesResponse> created = agencies_.BatchCreateAgencies(batch);
    if (!created.ok()) {
      return absl::Status(
          created.status().code(),
          absl::StrCat("reference agencies ", first, " to ", first + batch.requests_size() - 1,
                       ": ", created.status().message()));
    }
    first += batch.requests_size();
  }
  return absl::OkStatus();
}

absl::StatusOr<av1::UnitRef> InProcessAgencies::AddUnitSuccession(
    const av1::AddUnitSuccessionRequest& request) {
  return agencies::UnitCorrections(*db_, units_).AddSuccession(request);
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

absl::StatusOr<av1::Agency> InProcessAgencies::GetAgency(const av1::GetAgencyRequest& request,
                                                         absl::Time) {
  return agencies_.GetAgency(request);
}

absl::StatusOr<av1::ListAgenciesResponse> InProcessAgencies::ListAgencies(
    const av1::ListAgenciesRequest& request, absl::Time) {
  return agencies_.ListAgencies(request);
}

void InProcessAgencies::StartGetAgency(const av1::GetAgencyRequest* request, av1::Agency* response,
                                       AsyncCall*, CallDone done) {
  Deliver(agencies_.GetAgency(*request), response, done);
}

void InProcessAgencies::StartGetUnit(const av1::GetUnitRequest* request, av1::Unit* response,
                                     AsyncCall*, CallDone done) {
  Deliver(units_.GetUnit(*request), response, done);
}

void InProcessAgencies::StartBatchGetUnits(const av1::BatchGetUnitsRequest* request,
                                           av1::BatchGetUnitsResponse* response, AsyncCall*,
                                           CallDone done) {
  Deliver(units_.BatchGetUnits(*request), response, done);
}

void InProcessAgencies::StartListUnits(const av1::ListUnitsRequest* request,
                                       av1::ListUnitsResponse* response, AsyncCall*,
                                       CallDone done) {
  Deliver(units_.ListUnits(*request), response, done);
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

absl::StatusOr<av1::Agency> UnreachableAgencies::GetAgency(const av1::GetAgencyRequest&,
                                                           absl::Time) {
  return Unreachable();
}

absl::StatusOr<av1::ListAgenciesResponse> UnreachableAgencies::ListAgencies(
    const av1::ListAgenciesRequest&, absl::Time) {
  return Unreachable();
}

void UnreachableAgencies::StartGetAgency(const av1::GetAgencyRequest*, av1::Agency*, AsyncCall*,
                                         CallDone done) {
  done(Unreachable());
}

void UnreachableAgencies::StartGetUnit(const av1::GetUnitRequest*, av1::Unit*, AsyncCall*,
                                       CallDone done) {
  done(Unreachable());
}

void UnreachableAgencies::StartBatchGetUnits(const av1::BatchGetUnitsRequest*,
                                             av1::BatchGetUnitsResponse*, AsyncCall*,
                                             CallDone done) {
  done(Unreachable());
}

void UnreachableAgencies::StartListUnits(const av1::ListUnitsRequest*, av1::ListUnitsResponse*,
                                         AsyncCall*, CallDone done) {
  done(Unreachable());
}

}  // namespace interplan::testing
