// Whether an obligation is still owed is judged when it is read, against
// the agencies as interplan-agencies describes them then: an agency retired
// after its plan was followed (RetireAgency) owes nothing due after its
// last day, and an agency no longer known owes nothing. What the plan feed
// stores with an obligation is only the part that does not depend on the
// agency's record: its unit ceased before the due date.
#ifndef INTERPLAN_SERVICES_REPORTING_AGENCY_VALIDITY_H_
#define INTERPLAN_SERVICES_REPORTING_AGENCY_VALIDITY_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/registry/registry_client.h"
#include "interplan/agencies/v1/agencies.pb.h"
#include "services/reporting/obligation_store.h"

namespace interplan::reporting {

// Whether `agency` had ceased before `day`.
bool AgencyCeasedBefore(const agencies::v1::Agency& agency, absl::CivilDay day);

// Marks the rows whose agency has ceased before their due date, or is
// unknown, as ceased (not expected). Asks `registry`, which answers from
// what it remembers when interplan-agencies cannot be reached; when it
// cannot answer at all the rows are left as stored and the error is
// returned. The agencies learnt go to `agencies` when it is not null.
absl::Status ApplyAgencyValidity(RegistryClient& registry, absl::Time deadline,
                                 std::vector<ObligationRow>& rows,
                                 std::map<std::string, agencies::v1::Agency>* agencies = nullptr);

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_AGENCY_VALIDITY_H_
