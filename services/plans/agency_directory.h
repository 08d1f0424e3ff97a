// What the plans service asks interplan-agencies: the agencies and units a
// plan names, as of its reference date, and a unit's place in the
// hierarchy. Calls carry a deadline; an unreachable agencies service is
// UNAVAILABLE (retry later), never a guess.
#ifndef INTERPLAN_SERVICES_PLANS_AGENCY_DIRECTORY_H_
#define INTERPLAN_SERVICES_PLANS_AGENCY_DIRECTORY_H_

#include <grpcpp/channel.h>

#include <memory>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "interplan/agencies/v1/agencies.grpc.pb.h"
#include "interplan/agencies/v1/units.grpc.pb.h"
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
};

// The real one, over gRPC.
class GrpcAgencyDirectory : public AgencyDirectory {
 public:
  explicit GrpcAgencyDirectory(std::shared_ptr<grpc::Channel> channel);

  absl::Status Resolve(const std::set<std::string>& agency_names,
                       const std::set<std::string>& unit_names, absl::CivilDay as_of,
                       absl::Time deadline, ResolvedReferences* resolved) override;
  absl::StatusOr<agencies::v1::Unit> GetUnit(const std::string& name, absl::CivilDay as_of,
                                             absl::Time deadline) override;

 private:
  std::unique_ptr<agencies::v1::AgencyService::Stub> agencies_;
  std::unique_ptr<agencies::v1::UnitService::Stub> units_;
};

// The longest a call to interplan-agencies may take, even when the caller
// allows more.
inline constexpr absl::Duration kDirectoryCallTimeout = absl::Seconds(10);

}  // namespace interplan::plans

#endif  // INTERPLAN_SERVICES_PLANS_AGENCY_DIRECTORY_H_
