#include "services/reporting/plan_feed.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/clients/call_deadline.h"
#include "common/errors/errors.h"
#include "common/time/date.h"
#include "common/time/validity.h"

namespace interplan::reporting {
namespace {

namespace pv1 = ::interplan::plans::v1;
namespace av1 = ::interplan::agencies::v1;

}  // namespace

PlanFeed::PlanFeed(storage::Database& db, PlansClient& plans, RememberingAgenciesClient& registry,
                   int lock_after_days)
    : db_(db), plans_(plans), registry_(registry), lock_after_days_(lock_after_days) {}

absl::StatusOr<std::optional<pv1::Plan>> PlanFeed::FollowedPlan(storage::Transaction& txn,
                                                                const std::string& plan_id) {
  const storage::Statement statement = FollowedPlanStatement(plan_id);
  absl::StatusOr<std::vector<storage::Row>> rows = txn.Query(statement.sql, statement.params);
  if (!rows.ok()) return rows.status();
  return FollowedPlanIn(*rows);
}

storage::Statement PlanFeed::FollowedPlanStatement(const std::string& plan_id) {
  return {"SELECT data FROM followed_plans WHERE plan_id = $1", {plan_id}};
}

absl::StatusOr<std::optional<pv1::Plan>> PlanFeed::FollowedPlanIn(
    const std::vector<storage::Row>& rows) {
  if (rows.empty()) return std::optional<pv1::Plan>();
  pv1::Plan plan;
  if (!plan.ParseFromString(rows[0][0].AsBytes())) {
    return absl::DataLossError("followed plan does not parse");
  }
  return std::optional<pv1::Plan>(std::move(plan));
}

absl::StatusOr<int> PlanFeed::Sync(absl::Time deadline) {
  std::lock_guard<std::mutex> lock(sync_mu_);
  return SyncLocked(deadline, ProbeVersion());
}

absl::StatusOr<int> PlanFeed::SyncIfChanged(absl::Time deadline) {
  std::lock_guard<std::mutex> lock(sync_mu_);
  std::optional<std::string> version = ProbeVersion();
  if (version.has_value() && version == synced_version_) return 0;
  return SyncLocked(deadline, std::move(version));
}

std::optional<std::string> PlanFeed::ProbeVersion() {
  if (!probe_) return std::nullopt;
  absl::StatusOr<std::string> version = probe_();
  if (!version.ok()) return std::nullopt;
  return *std::move(version);
}

absl::StatusOr<int> PlanFeed::SyncLocked(absl::Time deadline, std::optional<std::string> version) {
  int applied = 0;
  while (true) {
    int64_t cursor = 0;
    absl::Status read = db_.Read([&](storage::Transaction& txn) -> absl::Status {
      absl::StatusOr<storage::Row> row = txn.QueryRow("SELECT cursor FROM plan_feed WHERE id = 1");
      if (!row.ok()) return row.status();
      cursor = (*row)[0].AsInt();
      return absl::OkStatus();
    });
    if (!read.ok()) return read;
    pv1::ListPlanChangesRequest request;
    request.set_after_sequence(cursor);
    request.set_page_size(100);
    absl::StatusOr<pv1::ListPlanChangesResponse> response =
        plans_.ListPlanChanges(request, deadline);
    if (!response.ok()) {
      if (IsUnreachable(response.status())) {
        return UnavailableError(
            absl::StrCat("interplan-plans is unavailable: ", response.status().message()),
            absl::Seconds(2));
      }
      return response.status();
    }
    if (response->plans().empty()) {
      synced_version_ = std::move(version);
      return applied;
    }
    for (const pv1::Plan& plan : response->plans()) {
      absl::Status done = Apply(plan, plan.change_sequence(), deadline);
      if (!done.ok()) return done;
      ++applied;
      if (on_change_) on_change_();
    }
  }
}

absl::Status PlanFeed::Apply(const pv1::Plan& plan, int64_t sequence, absl::Time deadline) {
  const std::string plan_id = plan.name().substr(6);
  std::vector<ObligationSpec> specs = ObligationsOf(plan, lock_after_days_);
  std::set<std::string> agency_ids;
  for (const ObligationSpec& spec : specs) agency_ids.insert(spec.agency_id);
  absl::StatusOr<std::map<std::string, av1::Agency>> agencies =
      registry_.Agencies(agency_ids, deadline);
  if (!agencies.ok()) return agencies.status();

  std::vector<ObligationRow> rows;
  for (const ObligationSpec& spec : specs) {
    ObligationRow row;
    row.id = spec.id;
    row.plan_id = spec.plan_id;
    row.plan_revision = spec.plan_revision;
    row.agency_id = spec.agency_id;
    row.recipient_id = spec.recipient_id;
    row.kind = spec.kind;
    row.period = spec.period;
    row.period_first = time::FormatDate(spec.period_first);
    row.period_last = time::FormatDate(spec.period_last);
    row.due_date = time::FormatDate(spec.due);
    row.lock_date = time::FormatDate(spec.lock);
    row.due_text = spec.due_text;
    auto agency = agencies->find(spec.agency_id);
    if (agency == agencies->end()) {
      row.ceased = true;  // not in the registry: nobody to expect it from
    } else {
      // Whether the agency itself has ceased is judged when the obligation
      // is read (agency_validity.h): it may be retired after this sync.
      const std::string& unit = agency->second.unit();
      if (!unit.empty()) {
        row.unit_code = unit.substr(6);
        // The unit on the due date, or its last day for an agency that ended
        // before: where the agency sat.
        absl::CivilDay on = spec.due;
        absl::StatusOr<time::Validity> validity = time::Validity::FromProto(
            agency->second.valid_from(), agency->second.valid_to(), "", "");
        if (validity.ok() && validity->to.has_value() && *validity->to < on) on = *validity->to;
        absl::StatusOr<std::optional<av1::Unit>> found =
            registry_.UnitAt(row.unit_code, on, deadline);
        if (!found.ok()) return found.status();
        if (found->has_value()) {
          absl::StatusOr<time::Validity> unit_validity =
              time::Validity::FromProto((*found)->valid_from(), (*found)->valid_to(), "", "");
          row.unit_valid_from = unit_validity.ok() ? unit_validity->StoredFrom() : "";
          row.unit_path = (*found)->path();
          if (unit_validity.ok() && unit_validity->to.has_value() &&
              *unit_validity->to < spec.due) {
            row.ceased = true;
          }
        } else {
          row.ceased = true;
        }
      }
    }
    rows.push_back(std::move(row));
  }
  return Store(plan, sequence, rows);
}

absl::Status PlanFeed::Store(const pv1::Plan& plan, int64_t sequence,
                             const std::vector<ObligationRow>& rows) {
  const std::string plan_id = plan.name().substr(6);
  return db_.WriteReadCommitted([&](storage::Transaction& txn) -> absl::Status {
    // The feed's row lock: replicas apply plan changes one at a time, and
    // a plan's obligations only move forward. A replica that read this
    // change before another applied a later one of the same plan (or this
    // very one) finds it applied and writes nothing, rather than putting
    // back an older revision's obligations. Obligation rows are then
    // locked by the upserts below, each waiting for a submission or review
    // holding it (they change none of the report's columns).
    if (txn.engine() == storage::Engine::kPostgres) {
      absl::Status locked =
          txn.Query("SELECT cursor FROM plan_feed WHERE id = 1 FOR UPDATE").status();
      if (!locked.ok()) return locked;
    }
    absl::StatusOr<std::vector<storage::Row>> applied =
        txn.Query("SELECT change_seq FROM followed_plans WHERE plan_id = $1", {plan_id});
    if (!applied.ok()) return applied.status();
    if (!applied->empty() && (*applied)[0][0].AsInt() >= sequence) return absl::OkStatus();
    absl::Status status =
        txn.Execute(
               "INSERT INTO followed_plans (plan_id, revision, status, change_seq, data)"
               " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (plan_id) DO UPDATE SET revision = $2,"
               " status = $3, change_seq = $4, data = $5",
               {plan_id, plan.revision(), static_cast<int64_t>(plan.status()), sequence,
                storage::Blob{plan.SerializeAsString()}})
            .status();
    if (!status.ok()) return status;
    std::vector<std::string> keep;
    for (const ObligationRow& row : rows) {
      status = obligations_.Upsert(txn, row);
      if (!status.ok()) return status;
      keep.push_back(row.id);
    }
    status = obligations_.CancelOthers(txn, plan_id, keep);
    if (!status.ok()) return status;
    return txn.Execute("UPDATE plan_feed SET cursor = $1 WHERE id = 1 AND cursor < $1", {sequence})
        .status();
  });
}

}  // namespace interplan::reporting
