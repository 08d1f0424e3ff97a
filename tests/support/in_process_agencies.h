// interplan-agencies without a process, for the other services' logic tests:
// agencies' own registries over a private SQLite database loaded with the
// shipped reference data (as `interplan reference import` loads it),
// answering AgenciesClient calls directly (a call "started in the
// background" is answered before Start* returns); and UnreachableAgencies,
// an AgenciesClient whose service is down.
#ifndef INTERPLAN_TESTS_SUPPORT_IN_PROCESS_AGENCIES_H_
#define INTERPLAN_TESTS_SUPPORT_IN_PROCESS_AGENCIES_H_

#include <memory>

#include "absl/status/statusor.h"
#include "common/clients/agencies_client.h"
#include "common/storage/database.h"
#include "services/agencies/agency_registry.h"
#include "services/agencies/unit_registry.h"

namespace interplan::testing {

class InProcessAgencies : public AgenciesClient {
 public:
  // A fresh database with the reference units and agencies imported.
  static absl::StatusOr<std::unique_ptr<InProcessAgencies>> StartWithReference();

  absl::StatusOr<agencies::v1::BatchGetAgenciesResponse> BatchGetAgencies(
      const agencies::v1::BatchGetAgenciesRequest& request, absl::Time deadline) override;
  absl::StatusOr<agencies::v1::Unit> GetUnit(const agencies::v1::GetUnitRequest& request,
                                             absl::Time deadline) override;
  absl::StatusOr<agencies::v1::BatchGetUnitsResponse> BatchGetUnits(
      const agencies::v1::BatchGetUnitsRequest& request, absl::Time deadline) override;
  absl::StatusOr<agencies::v1::ListUnitsResponse> ListUnits(
      const agencies::v1::ListUnitsRequest& request, absl::Time deadline) override;
  absl::StatusOr<agencies::v1::ListAgenciesResponse> ListAgencies(
      const agencies::v1::ListAgenciesRequest& request, absl::Time deadline) override;
  absl::StatusOr<agencies::v1::Agency> GetAgency(const agencies::v1::GetAgencyRequest& request,
                                                 absl::Time deadline) override;
  void StartGetAgency(const agencies::v1::GetAgencyRequest* request, agencies::v1::Agency* response,
                      AsyncCall* call, CallDone done) override;
  void StartGetUnit(const agencies::v1::GetUnitRequest* request, agencies::v1::Unit* response,
                    AsyncCall* call, CallDone done) override;
  void StartBatchGetUnits(const agencies::v1::BatchGetUnitsRequest* request,
                          agencies::v1::BatchGetUnitsResponse* response, AsyncCall* call,
                          CallDone done) override;
  void StartListUnits(const agencies::v1::ListUnitsRequest* request,
                      agencies::v1::ListUnitsResponse* response, AsyncCall* call,
                      CallDone done) override;

  // For tests that create or retire agencies, as an operator would.
  agencies::AgencyRegistry& agency_registry() { return agencies_; }

 private:
  explicit InProcessAgencies(std::unique_ptr<storage::Database> db);
  absl::Status ImportReference();

  std::unique_ptr<storage::Database> db_;
  agencies::UnitRegistry units_;
  agencies::AgencyRegistry agencies_;
};

// Every call is UNAVAILABLE, as a call to a port nobody listens on is.
class UnreachableAgencies : public AgenciesClient {
 public:
  absl::StatusOr<agencies::v1::BatchGetAgenciesResponse> BatchGetAgencies(
      const agencies::v1::BatchGetAgenciesRequest& request, absl::Time deadline) override;
  absl::StatusOr<agencies::v1::Unit> GetUnit(const agencies::v1::GetUnitRequest& request,
                                             absl::Time deadline) override;
  absl::StatusOr<agencies::v1::BatchGetUnitsResponse> BatchGetUnits(
      const agencies::v1::BatchGetUnitsRequest& request, absl::Time deadline) override;
  absl::StatusOr<agencies::v1::ListUnitsResponse> ListUnits(
      const agencies::v1::ListUnitsRequest& request, absl::Time deadline) override;
  absl::StatusOr<agencies::v1::ListAgenciesResponse> ListAgencies(
      const agencies::v1::ListAgenciesRequest& request, absl::Time deadline) override;
  absl::StatusOr<agencies::v1::Agency> GetAgency(const agencies::v1::GetAgencyRequest& request,
                                                 absl::Time deadline) override;
  void StartGetAgency(const agencies::v1::GetAgencyRequest* request, agencies::v1::Agency* response,
                      AsyncCall* call, CallDone done) override;
  void StartGetUnit(const agencies::v1::GetUnitRequest* request, agencies::v1::Unit* response,
                    AsyncCall* call, CallDone done) override;
  void StartBatchGetUnits(const agencies::v1::BatchGetUnitsRequest* request,
                          agencies::v1::BatchGetUnitsResponse* response, AsyncCall* call,
                          CallDone done) override;
  void StartListUnits(const agencies::v1::ListUnitsRequest* request,
                      agencies::v1::ListUnitsResponse* response, AsyncCall* call,
                      CallDone done) override;
};

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_IN_PROCESS_AGENCIES_H_
