// The agencies logic: validation of every field, references checked against
// the unit registry and other agencies, idempotent creates, etag-guarded
// updates and retirement. Plain C++ over the stores.
#ifndef INTERPLAN_SERVICES_AGENCIES_AGENCY_REGISTRY_H_
#define INTERPLAN_SERVICES_AGENCIES_AGENCY_REGISTRY_H_

#include "absl/status/statusor.h"
#include "common/call/call_context.h"
#include "common/storage/audit_log.h"
#include "common/storage/database.h"
#include "interplan/agencies/v1/agencies.pb.h"
#include "services/agencies/agency_store.h"
#include "services/agencies/unit_registry.h"
#include "services/agencies/unit_store.h"

namespace interplan::agencies {

class AgencyRegistry {
 public:
  AgencyRegistry(storage::Database& db, UnitRegistry& units);

  absl::StatusOr<v1::Agency> GetAgency(const v1::GetAgencyRequest& request);
  absl::StatusOr<v1::ListAgenciesResponse> ListAgencies(const v1::ListAgenciesRequest& request);
  absl::StatusOr<v1::BatchGetAgenciesResponse> BatchGetAgencies(
      const v1::BatchGetAgenciesRequest& request);
  absl::StatusOr<v1::Agency> CreateAgency(const v1::CreateAgencyRequest& request,
                                          const CallContext& call = CallContext());
  // All or none, in one transaction (at most 1000).
  absl::StatusOr<v1::BatchCreateAgenciesResponse> BatchCreateAgencies(
      const v1::BatchCreateAgenciesRequest& request, const CallContext& call = CallContext());
  absl::StatusOr<v1::Agency> UpdateAgency(const v1::UpdateAgencyRequest& request,
                                          const CallContext& call = CallContext());
  absl::StatusOr<v1::Agency> RetireAgency(const v1::RetireAgencyRequest& request,
                                          const CallContext& call = CallContext());

 private:
  // Checks what needs the database: the unit exists over the whole
  // validity, the parent and successor exist and are not the agency itself.
  // Field paths in errors start with `prefix` ("agency." or "").
  absl::Status CheckReferences(storage::Transaction& txn, const AgencyRecord& agency,
                               const std::string& prefix);
  // Stores a new agency after CheckReferences; ALREADY_EXISTS when its id
  // is taken. Writes what was stored to `out`.
  absl::Status InsertNew(storage::Transaction& txn, AgencyRecord record, const std::string& prefix,
                         v1::Agency* out);
  absl::StatusOr<AgencyRecord> Load(storage::Transaction& txn, absl::string_view id);

  storage::Database& db_;
  UnitRegistry& units_;
  AgencyStore store_;
  UnitStore unit_store_;
};

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_AGENCY_REGISTRY_H_
