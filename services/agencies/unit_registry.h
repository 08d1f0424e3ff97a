// The read side of the unit registry: resolving a code against a date,
// listings as of a date, ancestors, successors, predecessors and a code's
// whole history. Plain C++
// over the store; the gRPC handler only forwards to it.
#ifndef INTERPLAN_SERVICES_AGENCIES_UNIT_REGISTRY_H_
#define INTERPLAN_SERVICES_AGENCIES_UNIT_REGISTRY_H_

#include <functional>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/storage/database.h"
#include "interplan/agencies/v1/units.pb.h"
#include "services/agencies/unit_store.h"

namespace interplan::agencies {

class UnitRegistry {
 public:
  using Clock = std::function<absl::CivilDay()>;

  // `today` gives the default as_of date (Vietnam's date by default).
  explicit UnitRegistry(storage::Database& db, Clock today = nullptr);

  absl::StatusOr<v1::Unit> GetUnit(const v1::GetUnitRequest& request);
  absl::StatusOr<v1::ListUnitsResponse> ListUnits(const v1::ListUnitsRequest& request);
  absl::StatusOr<v1::ListAncestorsResponse> ListAncestors(const v1::ListAncestorsRequest& request);
  absl::StatusOr<v1::ListSuccessorsResponse> ListSuccessors(
      const v1::ListSuccessorsRequest& request);
  absl::StatusOr<v1::ListPredecessorsResponse> ListPredecessors(
      const v1::ListPredecessorsRequest& request);
  absl::StatusOr<v1::BatchGetUnitsResponse> BatchGetUnits(const v1::BatchGetUnitsRequest& request);
  // Every version of a code, oldest first, with its links.
  absl::StatusOr<v1::ListUnitHistoryResponse> ListUnitHistory(
      const v1::ListUnitHistoryRequest& request);

  // The version of `code` in force on `as_of`; without a date, today's, or
  // for a unit that has ceased, its last. NOT_FOUND names `field`'s value.
  absl::StatusOr<UnitRecord> Resolve(storage::Transaction& txn, absl::string_view code,
                                     std::optional<absl::CivilDay> as_of);

  absl::CivilDay Today() const { return today_(); }

 private:
  absl::Status AddLinks(storage::Transaction& txn, const UnitRecord& unit, v1::Unit* out);

  storage::Database& db_;
  UnitStore store_;
  Clock today_;
};

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_UNIT_REGISTRY_H_
