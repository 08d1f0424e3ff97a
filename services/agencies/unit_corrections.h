// What an operator may correct in the unit history the official lists
// give: a succession they know (which unit absorbed a ceased one), and a
// version's first day moved back to its resolution's effective date. Each
// rests on a legal basis, kept with the link or the version.
#ifndef INTERPLAN_SERVICES_AGENCIES_UNIT_CORRECTIONS_H_
#define INTERPLAN_SERVICES_AGENCIES_UNIT_CORRECTIONS_H_

#include "absl/status/statusor.h"
#include "common/call/call_context.h"
#include "common/storage/database.h"
#include "interplan/agencies/v1/units.pb.h"
#include "services/agencies/unit_registry.h"
#include "services/agencies/unit_store.h"
#include "services/agencies/unit_validator.h"

namespace interplan::agencies {

class UnitCorrections {
 public:
  UnitCorrections(storage::Database& db, UnitRegistry& registry) : db_(db), registry_(registry) {}

  // Links the ceased version to the one that took it over. The old version
  // must have ended and the new one be in force the day after; the same
  // link again changes nothing. Returns the new version as a successor.
  absl::StatusOr<v1::UnitRef> AddSuccession(const v1::AddUnitSuccessionRequest& request,
                                            const CallContext& call = CallContext());

  // Moves the version's first day back to the basis's effective date (a
  // list shows a change from its own date, so never forward); the code's
  // version before it keeps at least one day. Again the same changes
  // nothing. Returns the version with its links.
  absl::StatusOr<v1::Unit> CorrectVersionStart(const v1::CorrectUnitVersionStartRequest& request,
                                               const CallContext& call = CallContext());

 private:
  absl::Status CheckStartMove(storage::Transaction& txn, const UnitRecord& version,
                              const CheckedStartCorrection& correction);

  storage::Database& db_;
  UnitRegistry& registry_;
  UnitStore store_;
};

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_UNIT_CORRECTIONS_H_
