// Follows interplan-plans' change feed: each plan issued, amended,
// withdrawn or closed since the last look updates the obligations it
// makes (new ones added, dropped ones cancelled, reports kept), with each
// reporting agency's unit on the due date from interplan-agencies (and
// whether that unit had ceased by then; whether the agency itself had is
// judged when obligations are read, see agency_validity.h). The
// feed position is stored with the obligations, in one transaction, so a
// restart (or another replica) carries on where the last sync committed.
#ifndef INTERPLAN_SERVICES_REPORTING_PLAN_FEED_H_
#define INTERPLAN_SERVICES_REPORTING_PLAN_FEED_H_

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clients/plans_client.h"
#include "common/clients/remembering_agencies_client.h"
#include "common/storage/database.h"
#include "interplan/plans/v1/plans.pb.h"
#include "services/reporting/obligation_store.h"

namespace interplan::reporting {

class PlanFeed {
 public:
  PlanFeed(storage::Database& db, PlansClient& plans, RememberingAgenciesClient& registry,
           int lock_after_days);

  // Reads every change since the last sync. Returns how many plans were
  // applied. UNAVAILABLE when plans or agencies cannot be reached (nothing
  // is half-applied; the next sync retries).
  absl::StatusOr<int> Sync(absl::Time deadline);

  // Sync, skipped (0) when the version the probe reads (SetChangeProbe) is
  // the one it read before the last sync that reached the end of the
  // feed: no plan changed since. Without a probe, or while it fails, the
  // same as Sync. For the calls that sync before they answer; the
  // background sync calls Sync, which always asks, so a plan change that
  // moved no version is still followed within its interval.
  absl::StatusOr<int> SyncIfChanged(absl::Time deadline);

  // `probe` reads a version interplan-plans moves with every plan change
  // before it answers the call that made it (its counter in Redis).
  void SetChangeProbe(std::function<absl::StatusOr<std::string>()> probe) {
    probe_ = std::move(probe);
  }

  // Called after a sync that changed obligations (to tell caches).
  void SetChangeListener(std::function<void()> listener) { on_change_ = std::move(listener); }

  // The plan as last seen (latest revision), from this service's copy.
  absl::StatusOr<std::optional<plans::v1::Plan>> FollowedPlan(storage::Transaction& txn,
                                                              const std::string& plan_id);
  // FollowedPlan's statement, to send with others (Transaction::QueryAll),
  // and the plan its rows hold.
  static storage::Statement FollowedPlanStatement(const std::string& plan_id);
  static absl::StatusOr<std::optional<plans::v1::Plan>> FollowedPlanIn(
      const std::vector<storage::Row>& rows);

 private:
  // Sync's work, under sync_mu_; `version` is what the probe read before
  // it, remembered once the feed is read to its end.
  absl::StatusOr<int> SyncLocked(absl::Time deadline, std::optional<std::string> version)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(sync_mu_);
  // What the probe reads; nullopt without a probe or when it fails.
  std::optional<std::string> ProbeVersion();
  absl::Status Apply(const plans::v1::Plan& plan, int64_t sequence, absl::Time deadline)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(sync_mu_);
  // In one transaction: the plan as followed, its obligations `rows`
  // (others of the plan cancelled) and the feed position `sequence`;
  // nothing when this change of the plan, or a later one, is stored.
  absl::Status Store(const plans::v1::Plan& plan, int64_t sequence,
                     const std::vector<ObligationRow>& rows);

  storage::Database& db_;
  PlansClient& plans_;
  RememberingAgenciesClient& registry_;
  const int lock_after_days_;
  ObligationStore obligations_;
  std::mutex sync_mu_;  // one sync at a time in this process
  // The probe's version before the last sync that read the feed to its end.
  std::optional<std::string> synced_version_ ABSL_GUARDED_BY(sync_mu_);
  std::function<void()> on_change_;
  std::function<absl::StatusOr<std::string>()> probe_;
};

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_PLAN_FEED_H_
