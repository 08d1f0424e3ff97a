// Who may write and read which plans: the suite's access rules
// (common/access/access_policy.h) applied to plans. A plan belongs to its
// issuer and lies in its unit, placed in the hierarchy of its reference
// date (the date its references are checked on); the agencies it gives
// duties to (leads, coordinating, requested, reporting) may read it too.
//
// - Writes (create, update, issue, amend, withdraw, close): the caller
//   must be allowed to write the stored plan and, for new content, the
//   content as well. Refusals come before anything is read from the
//   request log or written, so a request someone else made is never
//   replayed to a caller who may not make it.
// - Reads of one plan: CheckRead. Listings keep only what the caller may
//   read (PlanReader). The change feed and the digests, which other
//   services and the gateway read whole, are for SERVICE, MINISTRY and
//   OPERATOR credentials only.
// - ValidatePlan answers as CreatePlan would: CheckDraftWrite, then
//   CheckContentWrite once the content is valid.
//
// Without a principal (--auth=off) everything is allowed, and nothing here
// calls interplan-agencies.
#ifndef INTERPLAN_SERVICES_PLANS_PLAN_ACCESS_H_
#define INTERPLAN_SERVICES_PLANS_PLAN_ACCESS_H_

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/access/access_policy.h"
#include "common/call/call_context.h"
#include "common/clients/unit_lookup.h"
#include "interplan/plans/v1/plans.pb.h"
#include "services/plans/agency_directory.h"
#include "services/plans/plan_store.h"

namespace interplan::plans {

// How long DirectoryUnits remembers a unit version: a change to the unit
// hierarchy reaches access decisions within this time.
inline constexpr absl::Duration kUnitMemoTtl = absl::Minutes(10);

// The unit hierarchy as the access rules ask it, answered by the agency
// directory. An answer is remembered for kUnitMemoTtl and serves every day
// of the unit version's validity, so checking many plans costs one call
// per unit version, not one per plan.
class DirectoryUnits : public UnitLookup {
 public:
  explicit DirectoryUnits(AgencyDirectory& directory);

  absl::StatusOr<std::optional<agencies::v1::Unit>> UnitAt(const std::string& code,
                                                           absl::CivilDay day,
                                                           absl::Time deadline) override;

 private:
  struct Version {
    std::string from, to;  // stored form, inclusive
    agencies::v1::Unit unit;
    absl::Time fetched;
  };

  AgencyDirectory& directory_;
  std::mutex mu_;
  std::map<std::string, std::vector<Version>> versions_ ABSL_GUARDED_BY(mu_);  // by code
};

class PlanAccess {
 public:
  // `directory` is not owned.
  explicit PlanAccess(AgencyDirectory& directory);

  // Writing `plan` as sent, before it is validated (a create, checked
  // first of all). Content that does not yet say whose it is (no valid
  // date, an unknown unit) passes: validation refuses it, and the
  // validated content is checked again with CheckContentWrite.
  absl::Status CheckDraftWrite(const CallContext& call, const std::string& resource,
                               const v1::Plan& plan);
  // Writing validated content: issuer `issuer_id` ("quang-ngai-ubnd"), for
  // the unit at `unit_path` on `reference_date` (YYYY-MM-DD).
  absl::Status CheckContentWrite(const CallContext& call, const std::string& resource,
                                 const std::string& issuer_id, const std::string& unit_path,
                                 const std::string& reference_date);
  // Writing the stored plan `row`.
  absl::Status CheckWrite(const CallContext& call, const PlanRow& row);

  // Reading the stored plan `row`, which names `readers` (agency ids).
  absl::Status CheckRead(const CallContext& call, const PlanRow& row,
                         std::vector<std::string> readers);

  // A listing filtered to the plans of `unit` ("units/79"), whose subtree
  // on `day` is `scopes`: PERMISSION_DENIED naming the unit when none of it
  // is in the caller's jurisdiction.
  absl::Status CheckUnitFilter(const CallContext& call, const std::string& unit,
                               const std::vector<UnitScope>& scopes, absl::CivilDay day);

  // The change feed and the digests (`resource` names which).
  absl::Status CheckFeed(const CallContext& call, absl::string_view resource) const;

  // Whether the caller's reads are narrowed at all (agencies and
  // coordinators); when not, callers need not work out who may read what.
  static bool Narrows(const CallContext& call);

  // Decides, plan by plan, what a listing may show the caller: its scope
  // as of each plan's reference date (as CheckRead does), asked once per
  // date. Calls interplan-agencies: not inside a transaction.
  class Reader {
   public:
    // Whether any plan can be left out; when not, MayRead is always true
    // and callers need not compute readers.
    bool narrows() const { return narrows_; }
    absl::StatusOr<bool> MayRead(const PlanRow& row, const std::vector<std::string>& readers);

   private:
    friend class PlanAccess;
    Reader(access::AccessPolicy& policy, const CallContext& call);

    access::AccessPolicy& policy_;
    const CallContext& call_;
    bool narrows_ = false;
    std::map<std::string, access::ReadScope> scopes_;  // by reference date
  };
  // For the duration of the call `call` (kept by reference).
  Reader ReaderFor(const CallContext& call);

 private:
  DirectoryUnits units_;
  access::AccessPolicy policy_;
};

}  // namespace interplan::plans

#endif  // INTERPLAN_SERVICES_PLANS_PLAN_ACCESS_H_
