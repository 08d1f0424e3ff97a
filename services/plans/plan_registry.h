// The plans logic: validation (content, then references through
// interplan-agencies as of the plan's reference date), the status machine
// draft -> issued -> amended -> withdrawn / closed, revisions, etags,
// idempotent writes, listings and each agency's assignments, each call
// authorized for its caller (plan_access.h). Plain C++ over the store and
// the agency directory; the gRPC handler only forwards.
//
// Reads take the call for its principal; a default CallContext has none
// and so reads everything (a trusted caller, as with --auth=off).
#ifndef INTERPLAN_SERVICES_PLANS_PLAN_REGISTRY_H_
#define INTERPLAN_SERVICES_PLANS_PLAN_REGISTRY_H_

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/api/list_window.h"
#include "common/call/call_context.h"
#include "common/errors/errors.h"
#include "common/storage/database.h"
#include "interplan/plans/v1/plans.pb.h"
#include "services/plans/agency_directory.h"
#include "services/plans/indicator_catalogue.h"
#include "services/plans/plan_access.h"
#include "services/plans/plan_store.h"

namespace interplan::plans {

class PlanRegistry {
 public:
  using Clock = std::function<absl::CivilDay()>;

  // `indicators`: the catalogue's "indicators/<code>" names and measures.
  PlanRegistry(storage::Database& db, AgencyDirectory& directory, IndicatorMeasures indicators,
               Clock today = nullptr);

  absl::StatusOr<v1::Plan> CreatePlan(const v1::CreatePlanRequest& request,
                                      const CallContext& call);
  absl::StatusOr<v1::Plan> GetPlan(const v1::GetPlanRequest& request, const CallContext& call = {});
  absl::StatusOr<v1::ListPlansResponse> ListPlans(const v1::ListPlansRequest& request,
                                                  const CallContext& call);
  absl::StatusOr<v1::Plan> UpdatePlan(const v1::UpdatePlanRequest& request,
                                      const CallContext& call);
  absl::StatusOr<v1::Plan> IssuePlan(const v1::IssuePlanRequest& request, const CallContext& call);
  absl::StatusOr<v1::Plan> AmendPlan(const v1::AmendPlanRequest& request, const CallContext& call);
  absl::StatusOr<v1::Plan> WithdrawPlan(const v1::WithdrawPlanRequest& request,
                                        const CallContext& call);
  absl::StatusOr<v1::Plan> ClosePlan(const v1::ClosePlanRequest& request, const CallContext& call);
  absl::StatusOr<v1::ListPlanRevisionsResponse> ListPlanRevisions(
      const v1::ListPlanRevisionsRequest& request, const CallContext& call = {});
  absl::StatusOr<v1::ValidatePlanResponse> ValidatePlan(const v1::ValidatePlanRequest& request,
                                                        const CallContext& call);
  // Only the assignments in plans the caller may read.
  absl::StatusOr<v1::ListAssignmentsResponse> ListAssignments(
      const v1::ListAssignmentsRequest& request, const CallContext& call = {});
  // The change feed and the digests are read whole, by other services and
  // the gateway: for the feed the caller's role is checked, not what each
  // item is. ListPlanDigests' answers are memoized by request
  // (the handler's ReadMemo), which stays right because nothing in them
  // depends on who asks.
  // `all` (ListPlanDigests' answer, computed for everyone) with only the
  // digests the caller may read: a digest is read as its plan would be
  // (unit path as of its reference date, the agencies it names). The
  // gateway asks on behalf of coordinators and agencies for their
  // province's views.
  absl::StatusOr<v1::ListPlanDigestsResponse> NarrowDigests(const CallContext& call,
                                                            v1::ListPlanDigestsResponse all);
  // Only for callers whose role reads feeds (PlanAccess::CheckFeed).
  absl::StatusOr<v1::ListPlanChangesResponse> ListPlanChanges(
      const v1::ListPlanChangesRequest& request, const CallContext& call);
  absl::StatusOr<v1::ListPlanDigestsResponse> ListPlanDigests(
      const v1::ListPlanDigestsRequest& request);

 private:
  // A plan that passed every check, with what the store needs.
  struct CheckedPlan {
    v1::Plan plan;  // cleaned text
    std::string unit_path;
    std::string reference_date;
    int first_year = 0;
    int last_year = 0;
    std::string search_text;
    std::string unit_display_name;
  };

  // Whether the caller may write `checked` (its issuer, its unit on its
  // reference date) as `resource`: PlanAccess::CheckContentWrite.
  absl::Status CheckContentWriteOf(const CallContext& call, const std::string& resource,
                                   const CheckedPlan& checked);
  // Content and references; violations are INVALID_ARGUMENT, an
  // unreachable agencies service UNAVAILABLE.
  absl::StatusOr<CheckedPlan> Check(const v1::Plan& plan, const std::string& path,
                                    const CallContext& call);
  // The same, collecting violations (and blanks) instead of failing: for
  // ValidatePlan. Returns non-OK only when the check itself could not run.
  absl::Status CheckInto(const v1::Plan& plan, const std::string& path, const CallContext& call,
                         FieldViolations& violations, std::vector<std::string>* missing,
                         CheckedPlan* checked);

  // Applies a status change without a new revision (issue, withdraw, close).
  absl::StatusOr<v1::Plan> Transition(const std::string& method, const std::string& name,
                                      const std::string& etag, const std::string& request_id,
                                      const google::protobuf::Message& request,
                                      const std::string& reason,
                                      const std::set<v1::PlanStatus>& from, v1::PlanStatus to,
                                      const CallContext& call);

  // Stores `checked` as revision `revision` of plan `id` and makes it current.
  absl::Status StoreRevision(storage::Transaction& txn, const std::string& id,
                             const CheckedPlan& checked, int64_t revision, v1::PlanStatus status,
                             const PlanRow* current, const std::string& reason,
                             const CallContext& call, v1::Plan* out);

  // The stored plan `id` (named `name` in errors) with its current
  // revision, once the caller may write it: read before the request log is
  // looked at, so a refused caller is never answered from it.
  absl::Status ReadWritable(const std::string& id, const std::string& name, const CallContext& call,
                            PlanRow* row, v1::Plan* latest);

  // The unit scopes a ListPlans unit filter accepts.
  absl::StatusOr<std::vector<UnitScope>> UnitScopes(const std::string& unit, absl::CivilDay as_of,
                                                    const CallContext& call,
                                                    std::vector<std::string>* warnings);

  // The plans of `query` the caller may read, a page and one more (to
  // tell whether there is more) at most.
  absl::StatusOr<std::vector<std::pair<PlanRow, v1::Plan>>> ReadablePlans(PlanQuery query,
                                                                          const ListWindow& window,
                                                                          const CallContext& call);

  // Where ListAssignments continues: after this duty of this plan.
  struct DutyCursor {
    std::string plan_id;
    int seq = -1;
  };
  // A duty with its plan as it is now (null when the plan is gone).
  struct ListedDuty {
    DutyRow duty;
    std::shared_ptr<const std::pair<PlanRow, v1::Plan>> plan;
  };
  // One read of at most `limit` duties of `agency_id` after `after`, in
  // issued or amended plans of `year`; `fetched` is how many were read.
  absl::StatusOr<std::vector<ListedDuty>> ReadDutyBatch(const std::string& agency_id, int year,
                                                        const DutyCursor& after, int limit,
                                                        int* fetched);
  // The duties in plans the caller may read, a page and one more at most.
  absl::StatusOr<std::vector<ListedDuty>> ReadableDuties(const std::string& agency_id, int year,
                                                         DutyCursor after, const ListWindow& window,
                                                         const CallContext& call);

  storage::Database& db_;
  AgencyDirectory& directory_;
  IndicatorMeasures indicators_;
  PlanStore store_;
  PlanAccess access_;
  Clock today_;
  // The last answer for each unit filter, used while interplan-agencies
  // is unreachable.
  std::mutex scopes_mu_;
  std::map<std::string, std::vector<UnitScope>> scope_cache_ ABSL_GUARDED_BY(scopes_mu_);
};

}  // namespace interplan::plans

#endif  // INTERPLAN_SERVICES_PLANS_PLAN_REGISTRY_H_
