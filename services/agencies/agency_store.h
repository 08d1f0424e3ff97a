// SQL access to agencies. Every call runs inside the caller's transaction.
#ifndef INTERPLAN_SERVICES_AGENCIES_AGENCY_STORE_H_
#define INTERPLAN_SERVICES_AGENCIES_AGENCY_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/storage/database.h"
#include "interplan/agencies/v1/units.pb.h"
#include "services/agencies/agency_record.h"

namespace interplan::agencies {

struct AgencyQuery {
  // Only agencies active on this day (and, with unit_path, whose unit is
  // in that subtree on this day).
  std::optional<absl::CivilDay> active_on;
  std::optional<std::string> unit_path;
  // With active_on: only agencies of units of this level on that day.
  v1::UnitLevel unit_level = v1::UNIT_LEVEL_UNSPECIFIED;
  // Only agencies of no unit (national bodies).
  bool national_only = false;
  v1::AgencyKind kind = v1::AGENCY_KIND_UNSPECIFIED;
  std::vector<std::string> words;  // accent-folded word prefixes
  // ASCII symbols of a query without words ("%"), which folding drops:
  // each must appear in the display name as itself.
  std::vector<std::string> symbols;
  std::string after_id;
  int limit = 50;
};

class AgencyStore {
 public:
  absl::StatusOr<std::optional<AgencyRecord>> Find(storage::Transaction& txn, absl::string_view id);
  absl::StatusOr<std::vector<AgencyRecord>> List(storage::Transaction& txn,
                                                 const AgencyQuery& query);
  absl::Status Insert(storage::Transaction& txn, const AgencyRecord& agency);
  // Writes `agency` if the stored revision is still `expected_revision`;
  // returns false when it is not (someone else wrote first).
  absl::StatusOr<bool> UpdateIfRevision(storage::Transaction& txn, const AgencyRecord& agency,
                                        int64_t expected_revision);
};

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_AGENCY_STORE_H_
