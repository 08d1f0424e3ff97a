// What the other services ask of interplan-agencies: agencies by name, one
// unit or several as of a day, and unit lists (a unit's children, the
// provinces in force); and what the gateway asks for a view, started in the
// background (AsyncCall). GrpcAgenciesClient asks the service; the logic
// tests answer from agencies' own registries in process. A failure is the status
// the service answered, or UNAVAILABLE / DEADLINE_EXCEEDED when it could
// not be reached (IsUnreachable in call_deadline.h).
#ifndef INTERPLAN_COMMON_CLIENTS_AGENCIES_CLIENT_H_
#define INTERPLAN_COMMON_CLIENTS_AGENCIES_CLIENT_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clients/async_call.h"
#include "interplan/agencies/v1/agencies.pb.h"
#include "interplan/agencies/v1/units.pb.h"

namespace interplan {

class AgenciesClient {
 public:
  virtual ~AgenciesClient() = default;

  // The agencies named ("agencies/<id>"), and the names nobody holds.
  virtual absl::StatusOr<agencies::v1::BatchGetAgenciesResponse> BatchGetAgencies(
      const agencies::v1::BatchGetAgenciesRequest& request, absl::Time deadline) = 0;

  // One unit as of a day, with its predecessors and successors; NOT_FOUND
  // when there is none.
  virtual absl::StatusOr<agencies::v1::Unit> GetUnit(const agencies::v1::GetUnitRequest& request,
                                                     absl::Time deadline) = 0;

  // Units by name as of a day, and the names that do not exist then.
  virtual absl::StatusOr<agencies::v1::BatchGetUnitsResponse> BatchGetUnits(
      const agencies::v1::BatchGetUnitsRequest& request, absl::Time deadline) = 0;

  // One page of units (a parent's children, or a level) as of a day.
  virtual absl::StatusOr<agencies::v1::ListUnitsResponse> ListUnits(
      const agencies::v1::ListUnitsRequest& request, absl::Time deadline) = 0;

  // One agency; NOT_FOUND when there is none.
  virtual absl::StatusOr<agencies::v1::Agency> GetAgency(
      const agencies::v1::GetAgencyRequest& request, absl::Time deadline) = 0;

  // One page of agencies (a unit's, of a kind and unit level) as of a day.
  virtual absl::StatusOr<agencies::v1::ListAgenciesResponse> ListAgencies(
      const agencies::v1::ListAgenciesRequest& request, absl::Time deadline) = 0;

  // The calls of a view, each started and left running: `done` runs when
  // `call` ends, and `*response` holds the answer when it is OK.
  virtual void StartGetAgency(const agencies::v1::GetAgencyRequest* request,
                              agencies::v1::Agency* response, AsyncCall* call, CallDone done) = 0;
  virtual void StartGetUnit(const agencies::v1::GetUnitRequest* request,
                            agencies::v1::Unit* response, AsyncCall* call, CallDone done) = 0;
  virtual void StartBatchGetUnits(const agencies::v1::BatchGetUnitsRequest* request,
                                  agencies::v1::BatchGetUnitsResponse* response, AsyncCall* call,
                                  CallDone done) = 0;
  virtual void StartListUnits(const agencies::v1::ListUnitsRequest* request,
                              agencies::v1::ListUnitsResponse* response, AsyncCall* call,
                              CallDone done) = 0;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CLIENTS_AGENCIES_CLIENT_H_
