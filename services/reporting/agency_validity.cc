#include "services/reporting/agency_validity.h"

#include <utility>

#include "common/time/date.h"
#include "common/time/validity.h"

namespace interplan::reporting {

bool AgencyCeasedBefore(const agencies::v1::Agency& agency, absl::CivilDay day) {
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(agency.valid_from(), agency.valid_to(), "", "");
  return validity.ok() && validity->to.has_value() && *validity->to < day;
}

AgencyCache::AgencyCache(RegistryClient& registry, Clock now)
    : registry_(registry), now_(now ? std::move(now) : Clock(&absl::Now)) {}

absl::StatusOr<std::map<std::string, agencies::v1::Agency>> AgencyCache::Get(
    const std::set<std::string>& ids, absl::Duration max_age, absl::Time deadline) {
  std::map<std::string, agencies::v1::Agency> found;
  std::set<std::string> to_ask;
  {
    const absl::Time now = now_();
    std::lock_guard<std::mutex> lock(mu_);
    for (const std::string& id : ids) {
      auto it = entries_.find(id);
      if (it != entries_.end() && now - it->second.asked < max_age) {
        found.emplace(id, it->second.agency);
      } else {
        to_ask.insert(id);
      }
    }
  }
  // interplan-agencies answers at most 1000 names per call.
  constexpr size_t kBatch = 1000;
  for (auto it = to_ask.begin(); it != to_ask.end();) {
    std::set<std::string> batch_ids;
    while (it != to_ask.end() && batch_ids.size() < kBatch) batch_ids.insert(*it++);
    const absl::Time asked = now_();
    absl::StatusOr<std::map<std::string, agencies::v1::Agency>> batch =
        registry_.Agencies(batch_ids, deadline);
    if (!batch.ok()) return batch.status();
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (const auto& [id, agency] : *batch) {
        Entry& entry = entries_[id];
        // A concurrent call may have stored a record asked for later.
        if (entry.asked <= asked) entry = Entry{agency, asked};
      }
    }
    found.merge(*batch);
  }
  return found;
}

absl::Status ApplyAgencyValidity(AgencyCache& cache, absl::Duration max_age, absl::Time deadline,
                                 std::vector<ObligationRow>& rows,
                                 std::map<std::string, agencies::v1::Agency>* found_out) {
  std::set<std::string> all;
  for (const ObligationRow& row : rows) all.insert(row.agency_id);
  absl::StatusOr<std::map<std::string, agencies::v1::Agency>> found =
      cache.Get(all, max_age, deadline);
  if (!found.ok()) return found.status();
  for (ObligationRow& row : rows) {
    if (row.ceased) continue;
    auto agency = found->find(row.agency_id);
    if (agency == found->end()) {
      row.ceased = true;  // nobody left to expect it from
      continue;
    }
    absl::StatusOr<absl::CivilDay> due = time::ParseDate(row.due_date);
    if (due.ok() && AgencyCeasedBefore(agency->second, *due)) row.ceased = true;
  }
  if (found_out != nullptr) *found_out = std::move(*found);
  return absl::OkStatus();
}

}  // namespace interplan::reporting
