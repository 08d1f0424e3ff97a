// SQL access to plans, their revisions and the duties index. Every call
// runs inside the caller's transaction.
#ifndef INTERPLAN_SERVICES_PLANS_PLAN_STORE_H_
#define INTERPLAN_SERVICES_PLANS_PLAN_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/storage/database.h"
#include "interplan/plans/v1/plans.pb.h"

namespace interplan::plans {

// The current state of a plan (the plans row).
struct PlanRow {
  std::string id;
  int64_t revision = 0;
  int64_t generation = 0;
  v1::PlanStatus status = v1::PLAN_STATUS_UNSPECIFIED;
  std::string issuer_id;
  std::string unit_code;
  std::string unit_path;
  std::string reference_date;  // YYYY-MM-DD
  int first_year = 0;
  int last_year = 0;
  std::string search_text;
  absl::Time create_time;
  absl::Time update_time;
  int64_t change_seq = 0;
  std::string digest;  // serialized PlanDigest
  // PLAN_CONTENT_FULL or PLAN_CONTENT_HEADER_ONLY, never unspecified.
  v1::PlanContent content = v1::PLAN_CONTENT_FULL;
};

// One duty an agency has in a plan's current revision.
struct Duty {
  std::string agency_id;
  v1::AssignmentKind kind;
  std::string code;
};

struct DutyRow {
  std::string plan_id;
  int seq;
  Duty duty;
};

// One (path, validity) a unit filter accepts: plans whose unit is the unit
// with this path or below it, and whose reference date is in [from, to].
struct UnitScope {
  std::string path;
  std::string from;  // YYYY-MM-DD, inclusive
  std::string to;
};

struct PlanQuery {
  std::vector<UnitScope> scopes;  // any of them; empty: no unit filter
  int year = 0;
  v1::PlanStatus status = v1::PLAN_STATUS_UNSPECIFIED;
  // Unspecified: any.
  v1::PlanContent content = v1::PLAN_CONTENT_UNSPECIFIED;
  std::string issuer_id;
  std::vector<std::string> words;
  std::string after_id;
  int limit = 50;
};

class PlanStore {
 public:
  absl::StatusOr<std::optional<PlanRow>> Find(storage::Transaction& txn, const std::string& id);
  absl::StatusOr<std::vector<PlanRow>> List(storage::Transaction& txn, const PlanQuery& query);
  absl::Status Insert(storage::Transaction& txn, const PlanRow& row);
  // Writes `row` if the stored generation is still `expected_generation`.
  absl::StatusOr<bool> UpdateIfGeneration(storage::Transaction& txn, const PlanRow& row,
                                          int64_t expected_generation);

  absl::StatusOr<std::optional<v1::Plan>> FindRevision(storage::Transaction& txn,
                                                       const std::string& id, int64_t revision);
  // Revisions after `after` (oldest first), at most `limit`.
  absl::StatusOr<std::vector<v1::Plan>> ListRevisions(storage::Transaction& txn,
                                                      const std::string& id, int64_t after,
                                                      int limit);
  // Inserts or replaces a revision's content.
  absl::Status PutRevision(storage::Transaction& txn, const std::string& id, int64_t revision,
                           const v1::Plan& plan);

  // The next number of the change feed (call inside the writing transaction).
  absl::StatusOr<int64_t> NextChangeSequence(storage::Transaction& txn);
  // Digests of plans whose period includes `year` (0: all), by id after
  // `after_id`.
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ListDigests(
      storage::Transaction& txn, int year, const std::string& after_id, int limit);
  // Plans changed after `after`, in change order.
  absl::StatusOr<std::vector<PlanRow>> ListChanges(storage::Transaction& txn, int64_t after,
                                                   int limit);

  // Replaces the duties of a plan.
  absl::Status ReplaceDuties(storage::Transaction& txn, const std::string& id,
                             const std::vector<Duty>& duties);
  // An agency's duties in plans of the given statuses, ordered by
  // (plan_id, seq), after (after_plan, after_seq).
  absl::StatusOr<std::vector<DutyRow>> ListDuties(storage::Transaction& txn,
                                                  const std::string& agency_id,
                                                  const std::vector<v1::PlanStatus>& statuses,
                                                  int year, const std::string& after_plan,
                                                  int after_seq, int limit);
};

}  // namespace interplan::plans

#endif  // INTERPLAN_SERVICES_PLANS_PLAN_STORE_H_
