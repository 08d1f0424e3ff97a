// What the access rules need of the unit hierarchy: the version of a unit
// in force on a day. RememberingAgenciesClient answers it
// from interplan-agencies with a database-backed memory; the gateway, which
// keeps no database, from a memo of its own.
#ifndef INTERPLAN_COMMON_CLIENTS_UNIT_LOOKUP_H_
#define INTERPLAN_COMMON_CLIENTS_UNIT_LOOKUP_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "interplan/agencies/v1/units.pb.h"

namespace interplan {

class UnitLookup {
 public:
  virtual ~UnitLookup() = default;
  // The version of unit `code` in force on `day` (with its predecessors
  // and successors); nullopt when there is none.
  virtual absl::StatusOr<std::optional<agencies::v1::Unit>> UnitAt(const std::string& code,
                                                                   absl::CivilDay day,
                                                                   absl::Time deadline) = 0;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CLIENTS_UNIT_LOOKUP_H_
