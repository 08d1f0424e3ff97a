// What the plans service asks interplan-agencies: the agencies and units a
// plan names, as of its reference date, and a unit's place in the
// hierarchy. Calls carry a deadline; an unreachable agencies service is
// UNAVAILABLE (retry later), never a guess.
#ifndef INTERPLAN_SERVICES_PLANS_AGENCY_DIRECTORY_H_
#define INTERPLAN_SERVICES_PLANS_AGENCY_DIRECTORY_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/clients/agencies_client.h"
#include "interplan/agencies/v1/units.pb.h"
#include "services/plans/plan_validator.h"

namespace interplan::plans {

class AgencyDirectory {
 public:
  virtual ~AgencyDirectory() = default;

  // Fills the agencies and units (as of `as_of`) of `resolved`.
  virtual absl::Status Resolve(const std::set<std::string>& agency_names,
                               const std::set<std::string>& unit_names, absl::CivilDay as_of,
                               absl::Time deadline, ResolvedReferences* resolved) = 0;

  // One unit as of a date, with its predecessors.
  virtual absl::StatusOr<agencies::v1::Unit> GetUnit(const std::string& name, absl::CivilDay as_of,
                                                     absl::Time deadline) = 0;

  // The agencies ("agencies/...", sorted) of `kind` active on `as_of` whose
  // units are of `level` inside `within` ("units/764") on that day; at
  // most `limit` + 1, so that a caller can tell a group is too large.
  virtual absl::StatusOr<std::vector<std::string>> GroupMembers(agencies::v1::AgencyKind kind,
                                                                agencies::v1::UnitLevel level,
                                                                const std::string& within,
                                                                absl::CivilDay as_of, int limit,
                                                                absl::Time deadline) = 0;
};

// The directory over an AgenciesClient (over gRPC in the service): a
// failure a retry can fix becomes UNAVAILABLE saying nothing was written.
class ClientAgencyDirectory : public AgencyDirectory {
 public:
  // `agencies` is not owned and outlives this.
  explicit ClientAgencyDirectory(AgenciesClient& agencies);

  absl::Status Resolve(const std::set<std::string>& agency_names,
                       const std::set<std::string>& unit_names, absl::CivilDay as_of,
                       absl::Time deadline, ResolvedReferences* resolved) override;
  absl::StatusOr<agencies::v1::Unit> GetUnit(const std::string& name, absl::CivilDay as_of,
                                             absl::Time deadline) override;
  absl::StatusOr<std::vector<std::string>> GroupMembers(agencies::v1::AgencyKind kind,
                                                        agencies::v1::UnitLevel level,
                                                        const std::string& within,
                                                        absl::CivilDay as_of, int limit,
                                                        absl::Time deadline) override;

 private:
  AgenciesClient& agencies_;
};

}  // namespace interplan::plans

#endif  // INTERPLAN_SERVICES_PLANS_AGENCY_DIRECTORY_H_
