#include "services/reporting/agency_validity.h"

#include <set>

#include "common/time/date.h"
#include "common/time/validity.h"

namespace interplan::reporting {

bool AgencyCeasedBefore(const agencies::v1::Agency& agency, absl::CivilDay day) {
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(agency.valid_from(), agency.valid_to(), "", "");
  return validity.ok() && validity->to.has_value() && *validity->to < day;
}

absl::Status ApplyAgencyValidity(RegistryClient& registry, absl::Time deadline,
                                 std::vector<ObligationRow>& rows,
                                 std::map<std::string, agencies::v1::Agency>* agencies) {
  std::set<std::string> all;
  for (const ObligationRow& row : rows) all.insert(row.agency_id);
  // interplan-agencies answers at most 1000 names per call.
  constexpr size_t kBatch = 1000;
  std::map<std::string, agencies::v1::Agency> found;
  for (auto it = all.begin(); it != all.end();) {
    std::set<std::string> ids;
    while (it != all.end() && ids.size() < kBatch) ids.insert(*it++);
    absl::StatusOr<std::map<std::string, agencies::v1::Agency>> batch =
        registry.Agencies(ids, deadline);
    if (!batch.ok()) return batch.status();
    found.merge(*batch);
  }
  for (ObligationRow& row : rows) {
    if (row.ceased) continue;
    auto agency = found.find(row.agency_id);
    if (agency == found.end()) {
      row.ceased = true;  // nobody left to expect it from
      continue;
    }
    absl::StatusOr<absl::CivilDay> due = time::ParseDate(row.due_date);
    if (due.ok() && AgencyCeasedBefore(agency->second, *due)) row.ceased = true;
  }
  if (agencies != nullptr) *agencies = std::move(found);
  return absl::OkStatus();
}

}  // namespace interplan::reporting
