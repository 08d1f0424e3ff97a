// Who may create campaigns, record and correct activities, and read
// activities and summaries: the suite's access rules (access_policy.h) in
// campaigns' terms. Campaign records are public to every authenticated
// caller; activities and summaries follow the caller's jurisdiction.
//
// - A national campaign (no scope) is created by the ministry only, as its
//   organiser; a scoped one by its organiser, or by a caller whose
//   jurisdiction holds the scope on the campaign's first day.
// - An activity is recorded or corrected by a caller whose jurisdiction
//   holds the activity's unit on the activity's first day, in its own
//   name or another's (a national body: in its own name anywhere); a
//   correction must pass for the stored activity and for the new content
//   alike, so nobody moves another's activity into their own. Where it was
//   held (its venue) is data, and plays no part here.
// - Activities and summaries are read within the caller's ReadScope on the
//   campaign's first day: naming a unit outside it is PERMISSION_DENIED
//   naming the unit; a summary naming none is narrowed to the caller's
//   jurisdiction.
//
// Without a principal (--auth=off) everything is allowed.
#ifndef INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_ACCESS_H_
#define INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_ACCESS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/access/access_policy.h"
#include "common/call/call_context.h"
#include "common/clients/unit_lookup.h"
#include "interplan/campaigns/v1/campaigns.pb.h"

namespace interplan::campaigns {

class CampaignAccess {
 public:
  // `units` answers unit paths (the service's RememberingAgenciesClient); not owned.
  explicit CampaignAccess(UnitLookup& units);

  // CreateCampaign of `campaign` (organiser and scope already well formed),
  // whose scope has path `scope_path` on its first day `start` ("" for a
  // national campaign). `resource` is named in a refusal.
  absl::Status MayCreate(const CallContext& call, const std::string& resource,
                         const v1::Campaign& campaign, const std::string& scope_path,
                         absl::CivilDay start);

  // RecordActivity or CorrectActivity writing `activity` (as requested, or
  // as stored). Its unit is placed on its first day, or on `fallback_day`
  // when it has none; a unit that cannot be placed leaves only its
  // organiser allowed.
  absl::Status MayWrite(const CallContext& call, const std::string& resource,
                        const v1::Activity& activity, absl::CivilDay fallback_day);

  // CorrectActivity of `stored` into `corrected`: the caller must be
  // allowed the activity as it is and as it will be (MayWrite of each), so
  // nobody takes another's activity over by rewriting its organiser.
  absl::Status MayCorrect(const CallContext& call, const std::string& resource,
                          const v1::Activity& stored, const v1::Activity& corrected,
                          absl::CivilDay fallback_day);

  // RecordActivity or CorrectActivity of `activity` as sent, before it is
  // checked: as MayWrite, except that an activity whose unit cannot be
  // placed yet (none, malformed, unknown) passes, for validation to refuse
  // it; the checked activity then goes through MayWrite.
  absl::Status MayWriteAsSent(const CallContext& call, const std::string& resource,
                              const v1::Activity& activity, absl::CivilDay fallback_day);

  // GetActivity of `activity` (named `resource`).
  absl::Status MayRead(const CallContext& call, const std::string& resource,
                       const v1::Activity& activity, absl::CivilDay fallback_day);

  // What the caller may read of a campaign starting on `day`.
  absl::StatusOr<access::ReadScope> ScopeOf(const CallContext& call, absl::CivilDay day);

  // OK when `scope` holds the whole subtree of `unit` ("units/51", path
  // `unit_path`), else PERMISSION_DENIED naming `unit`.
  static absl::Status CheckUnitInScope(const access::ReadScope& scope, const CallContext& call,
                                       const std::string& unit, const std::string& unit_path);

  // The unit a summary naming none may cover for a caller with `scope`,
  // of a campaign whose own scope is `campaign_scope` (path
  // `campaign_scope_path`; both "" for a national campaign): nullopt when
  // the caller may read the whole campaign, else "units/<code>" of the
  // first root of the caller's jurisdiction inside it; PERMISSION_DENIED
  // naming the campaign's scope (or the campaign) when there is none.
  static absl::StatusOr<std::optional<std::string>> SummaryUnit(
      const access::ReadScope& scope, const CallContext& call, const v1::Campaign& campaign,
      const std::string& campaign_scope_path);

 private:
  // The activity as an access::Target: its organiser, and its unit's path
  // on its first day ("" when it cannot be placed).
  absl::StatusOr<access::Target> TargetOf(const CallContext& call, const std::string& resource,
                                          const v1::Activity& activity,
                                          absl::CivilDay fallback_day);

  UnitLookup& units_;
  access::AccessPolicy policy_;
};

}  // namespace interplan::campaigns

#endif  // INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_ACCESS_H_
