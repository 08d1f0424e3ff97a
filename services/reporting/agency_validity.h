// Whether an obligation is still owed is judged when it is read, against
// the agencies as interplan-agencies describes them then: an agency retired
// after its plan was followed (RetireAgency) owes nothing due after its
// last day, and an agency no longer known owes nothing. What the plan feed
// stores with an obligation is only the part that does not depend on the
// agency's record: its unit ceased before the due date.
//
// "Then" has a freshness bound: reads that judge thousands of obligations
// (a national GetCompliance names about 3,400 agencies) may use agency
// records learnt at most `max_age` ago (AgencyCache), so a retirement is
// honoured at most `max_age` after RetireAgency answers.
#ifndef INTERPLAN_SERVICES_REPORTING_AGENCY_VALIDITY_H_
#define INTERPLAN_SERVICES_REPORTING_AGENCY_VALIDITY_H_

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/registry/registry_client.h"
#include "interplan/agencies/v1/agencies.pb.h"
#include "services/reporting/obligation_store.h"

namespace interplan::reporting {

// Whether `agency` had ceased before `day`.
bool AgencyCeasedBefore(const agencies::v1::Agency& agency, absl::CivilDay day);

// Agency records as interplan-agencies gave them, kept in memory with the
// time they were asked for, so that reads within a freshness bound do not
// ask again. Thread-safe.
class AgencyCache {
 public:
  using Clock = std::function<absl::Time()>;

  // `now` measures the age of records (absl::Now when null).
  explicit AgencyCache(RegistryClient& registry, Clock now = nullptr);

  // The agencies named by id; unknown ones are left out. Records asked for
  // less than `max_age` ago are answered from memory (a zero `max_age`
  // always asks); the rest are asked of `registry`, at most 1000 per call
  // (interplan-agencies' limit). Unknown ids are asked every time.
  absl::StatusOr<std::map<std::string, agencies::v1::Agency>> Get(const std::set<std::string>& ids,
                                                                  absl::Duration max_age,
                                                                  absl::Time deadline);

 private:
  struct Entry {
    agencies::v1::Agency agency;
    absl::Time asked;  // when the request that returned it was sent
  };

  RegistryClient& registry_;
  Clock now_;
  std::mutex mu_;
  std::map<std::string, Entry> entries_;
};

// Marks the rows whose agency has ceased before their due date, or is
// unknown, as ceased (not expected). Asks `cache` with `max_age` (see
// AgencyCache::Get); the registry answers from what it remembers when
// interplan-agencies cannot be reached; when it cannot answer at all the
// rows are left as stored and the error is returned. The agencies learnt go
// to `found` when it is not null.
absl::Status ApplyAgencyValidity(AgencyCache& cache, absl::Duration max_age, absl::Time deadline,
                                 std::vector<ObligationRow>& rows,
                                 std::map<std::string, agencies::v1::Agency>* found = nullptr);

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_AGENCY_VALIDITY_H_
