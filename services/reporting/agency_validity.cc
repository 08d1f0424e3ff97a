#include "services/reporting/agency_validity.h"

#include <algorithm>
#include <utility>

#include "absl/time/clock.h"
#include "common/logging/log.h"
#include "common/time/date.h"
#include "common/time/validity.h"

namespace interplan::reporting {

bool AgencyCeasedBefore(const agencies::v1::Agency& agency, absl::CivilDay day) {
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(agency.valid_from(), agency.valid_to(), "", "");
  return validity.ok() && validity->to.has_value() && *validity->to < day;
}

AgencyCache::AgencyCache(RememberingAgenciesClient& registry, Clock now)
    : registry_(registry), now_(now ? std::move(now) : Clock(&absl::Now)) {}

namespace {

std::shared_ptr<const KnownAgency> Known(agencies::v1::Agency agency) {
  auto known = std::make_shared<KnownAgency>();
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromProto(agency.valid_from(), agency.valid_to(), "", "");
  if (validity.ok() && validity->to.has_value()) known->last_day = time::FormatDate(*validity->to);
  known->agency = std::move(agency);
  return known;
}

}  // namespace

absl::StatusOr<KnownAgencies> AgencyCache::Get(const std::set<std::string>& ids,
                                               absl::Duration max_age, absl::Time deadline) {
  KnownAgencies found;
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
  absl::StatusOr<KnownAgencies> asked = Ask(to_ask, deadline);
  if (!asked.ok()) return asked.status();
  found.merge(*asked);
  return found;
}

absl::StatusOr<KnownAgencies> AgencyCache::Ask(const std::set<std::string>& ids,
                                               absl::Time deadline) {
  KnownAgencies found;
  // interplan-agencies answers at most 1000 names per call.
  constexpr size_t kBatch = 1000;
  for (auto it = ids.begin(); it != ids.end();) {
    std::set<std::string> batch_ids;
    while (it != ids.end() && batch_ids.size() < kBatch) batch_ids.insert(*it++);
    const absl::Time asked = now_();
    absl::StatusOr<std::map<std::string, agencies::v1::Agency>> batch =
        registry_.Agencies(batch_ids, deadline);
    if (!batch.ok()) return batch.status();
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [id, agency] : *batch) {
      std::shared_ptr<const KnownAgency> known = Known(std::move(agency));
      Entry& entry = entries_[id];
      // A concurrent call may have stored a record asked for later.
      if (entry.agency == nullptr || entry.asked <= asked) entry = Entry{known, asked};
      found.emplace(id, std::move(known));
    }
  }
  return found;
}

AgencyCache::~AgencyCache() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (refresher_.joinable()) refresher_.join();
}

void AgencyCache::StartRefreshing(absl::Duration every) {
  if (refresher_.joinable() || every <= absl::ZeroDuration()) return;
  refresher_ = std::thread([this, every] { RefreshLoop(every); });
}

void AgencyCache::SetChangeProbe(std::function<absl::StatusOr<std::string>()> probe) {
  std::lock_guard<std::mutex> lock(mu_);
  probe_ = std::move(probe);
}

void AgencyCache::RefreshLoop(absl::Duration every) {
  std::unique_lock<std::mutex> lock(mu_);
  while (
      !stop_cv_.wait_for(lock, absl::ToChronoMilliseconds(every), [this] { return stopping_; })) {
    if (entries_.empty()) continue;
    std::function<absl::StatusOr<std::string>()> probe = probe_;
    lock.unlock();
    // Read before anything is asked: a write acknowledged later moves it.
    const absl::Time probed = now_();
    absl::StatusOr<std::string> token =
        probe ? probe() : absl::StatusOr<std::string>(absl::UnavailableError("no probe"));
    lock.lock();
    if (token.ok() && !refreshed_at_token_.empty() && *token == refreshed_at_token_) {
      for (auto& [id, entry] : entries_) entry.asked = std::max(entry.asked, probed);
      continue;
    }
    std::set<std::string> held;
    for (const auto& [id, entry] : entries_) held.insert(id);
    lock.unlock();
    absl::StatusOr<KnownAgencies> asked =
        Ask(held, absl::Now() + std::min(every, absl::Seconds(10)));
    lock.lock();
    if (!asked.ok()) {
      refreshed_at_token_.clear();
      LogWarning("agency records not refreshed; reads will ask themselves",
                 {{"error", asked.status().ToString()}});
    } else {
      refreshed_at_token_ = token.ok() ? *token : "";
    }
  }
}

std::shared_ptr<const KnownAgency> AgencyCache::Fresh(absl::string_view id, absl::Duration max_age,
                                                      absl::Time now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end() || now - it->second.asked >= max_age) return nullptr;
  return it->second.agency;
}

absl::Status ApplyAgencyValidity(AgencyCache& cache, absl::Duration max_age, absl::Time deadline,
                                 std::vector<ObligationRow>& rows, KnownAgencies* found_out) {
  // Each row's record: from memory when fresh (a national count names
  // thousands of agencies, so no set or map of them is built for that),
  // the others asked for together.
  std::vector<std::shared_ptr<const KnownAgency>> records(rows.size());
  std::set<std::string> missing;
  const absl::Time now = cache.Now();
  for (size_t i = 0; i < rows.size(); ++i) {
    records[i] = cache.Fresh(rows[i].agency_id, max_age, now);
    if (records[i] == nullptr) missing.insert(rows[i].agency_id);
  }
  if (!missing.empty()) {
    absl::StatusOr<KnownAgencies> fetched = cache.Get(missing, max_age, deadline);
    if (!fetched.ok()) return fetched.status();
    for (size_t i = 0; i < rows.size(); ++i) {
      if (records[i] != nullptr) continue;
      auto it = fetched->find(rows[i].agency_id);
      if (it != fetched->end()) records[i] = it->second;
    }
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    ObligationRow& row = rows[i];
    if (row.ceased) continue;
    if (records[i] == nullptr) {
      row.ceased = true;  // nobody left to expect it from
      continue;
    }
    const std::string& last_day = records[i]->last_day;
    if (!last_day.empty() && last_day < row.due_date) row.ceased = true;
  }
  if (found_out != nullptr) {
    found_out->clear();
    for (size_t i = 0; i < rows.size(); ++i) {
      if (records[i] != nullptr) found_out->emplace(rows[i].agency_id, records[i]);
    }
  }
  return absl::OkStatus();
}

}  // namespace interplan::reporting
