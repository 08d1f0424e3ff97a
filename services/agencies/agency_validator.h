// Pure checks of the agencies requests before anything is read or stored:
// names, kind, the unit, parent and successor names, validity, update
// masks, retirement dates, and whether the versions of an agency's unit
// cover its validity. What passes comes back ready to store. No I/O.
#ifndef INTERPLAN_SERVICES_AGENCIES_AGENCY_VALIDATOR_H_
#define INTERPLAN_SERVICES_AGENCIES_AGENCY_VALIDATOR_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/errors/errors.h"
#include "interplan/agencies/v1/agencies.pb.h"
#include "services/agencies/agency_record.h"
#include "services/agencies/unit_record.h"

namespace interplan::agencies {

// Party boards and mass organisations can only be requested ("đề nghị").
bool AssignableByDefault(v1::AgencyKind kind);

// The fields of an Agency message a client may set, as a record (id,
// revision and times left unset); INVALID_ARGUMENT naming each bad field,
// its path starting with `prefix` ("agency.").
absl::StatusOr<AgencyRecord> AgencyFields(const v1::Agency& agency, const std::string& prefix);

// The agency a CreateAgencyRequest asks for: its fields, with the id it
// asks for ("" when the service is to make one up); INVALID_ARGUMENT naming
// each bad field, agency_id and request_id.
absl::StatusOr<AgencyRecord> ValidateCreateAgency(const v1::CreateAgencyRequest& request);

// Each request as in ValidateCreateAgency, fields named "requests[i]....";
// at most 1000, no agency_id twice.
absl::StatusOr<std::vector<AgencyRecord>> ValidateBatchCreateAgencies(
    const v1::BatchCreateAgenciesRequest& request);

// The id of the agency an UpdateAgencyRequest names; INVALID_ARGUMENT when
// the name is malformed, the update mask is empty or names a field that
// cannot be updated, or the request_id is malformed.
absl::StatusOr<std::string> ValidateUpdateAgency(const v1::UpdateAgencyRequest& request);

// `current` with the fields the request's update mask names taken from
// the request.
v1::Agency MergeUpdate(const v1::Agency& current, const v1::UpdateAgencyRequest& request);

// A RetireAgencyRequest that passed its checks.
struct CheckedRetirement {
  std::string id;
  absl::CivilDay valid_to;   // the agency's last day
  std::string successor_id;  // "" without a successor
};

// INVALID_ARGUMENT naming name, valid_to (required), successor and
// request_id when they are malformed.
absl::StatusOr<CheckedRetirement> ValidateRetireAgency(const v1::RetireAgencyRequest& request);

// Whether `current` can be retired with last day `valid_to`:
// FAILED_PRECONDITION when it already is, INVALID_ARGUMENT when
// `valid_to` is before its first day.
absl::Status CheckRetirable(const AgencyRecord& current, absl::CivilDay valid_to);

// The ids a BatchGetAgenciesRequest names (at most 1000), in its order.
absl::StatusOr<std::vector<std::string>> ValidateBatchGetAgencies(
    const v1::BatchGetAgenciesRequest& request);

// Whether the versions of the agency's unit (`versions`, oldest first) make
// one span covering every day of the agency; a violation of `prefix` +
// "unit" when not (or when there are none).
void CheckUnitCoverage(const AgencyRecord& agency, const std::vector<UnitRecord>& versions,
                       const std::string& prefix, FieldViolations& violations);

// Whether `successor` (the agency agency.successor_id names) is active the
// day after `agency` ends; a violation of `field` when not.
void CheckSuccessorActive(const AgencyRecord& agency, const AgencyRecord& successor,
                          const std::string& field, FieldViolations& violations);

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_AGENCY_VALIDATOR_H_
