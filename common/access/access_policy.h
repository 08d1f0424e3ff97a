// Who may write and read what, the same in every service (README.md,
// "Identity and access"). A caller's jurisdiction is the subtree of the
// unit its agency belongs to, as of the date of what it writes or reads.
//
// - AGENCY and PROVINCIAL_COORDINATOR write plans, reports and activities
//   only inside their jurisdiction: what they create, issue, amend,
//   submit, accept, return or record lands in a unit of it, whether in
//   their own name or another's; their own name never carries them into
//   another unit (a department's activity held elsewhere is recorded in
//   its own unit, the place being data). An agency reads what it wrote or
//   was named in, and its jurisdiction; a provincial coordinator reads the
//   whole province its unit is in.
// - A national body (an agency with no unit) writes in its own name
//   anywhere. MINISTRY reads everything, and writes as itself and
//   national records (no unit) of any national body: the ministry in
//   charge carries its predecessors' (MOHA, MOLISA's).
// - OPERATOR manages units, agencies and credentials, and reads
//   everything; it writes no plans, reports or activities.
// - SERVICE (another service of the suite) reads everything and writes
//   nothing of another service; when it calls on someone's behalf the
//   principal is that someone (CallContext::principal).
//
// Without a principal (the server runs with --auth=off) everything is
// allowed: authentication off means a trusted network.
//
// A refusal is PERMISSION_DENIED naming the resource, with an ErrorInfo
// (reason OUTSIDE_JURISDICTION, ROLE_NOT_ALLOWED) and a ResourceInfo.
#ifndef INTERPLAN_COMMON_ACCESS_ACCESS_POLICY_H_
#define INTERPLAN_COMMON_ACCESS_ACCESS_POLICY_H_

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/call/call_context.h"
#include "common/call/principal.h"
#include "common/clients/unit_lookup.h"

namespace interplan::access {

// PERMISSION_DENIED naming `resource`: "<resource>: <why>".
absl::Status PermissionDeniedError(absl::string_view resource, absl::string_view reason,
                                   absl::string_view why);

// OK when the call has no principal or its role is one of `roles`.
absl::Status RequireRole(const CallContext& call, std::initializer_list<auth::Role> roles,
                         absl::string_view resource);

// Whether unit path `path` ("79/764") is `root` or below it.
bool InSubtree(absl::string_view root, absl::string_view path);

// What a write or a read is about.
struct Target {
  // Named in a refusal: "plans/qn-2022", "obligations/x", or the
  // collection written to ("plans") for a create.
  std::string resource;
  // The agency the resource belongs to: a plan's issuer, a report's
  // agency, an activity's organiser ("dong-nai-so-ldtbxh", no prefix).
  std::string agency;
  // Further agencies that may read it (a plan's assignees, a report's
  // recipient); reads only.
  std::vector<std::string> readers;
  // The unit it is for, as a path in the hierarchy of `day` ("" for
  // national resources).
  std::string unit_path;
  absl::CivilDay day;
};

// What a caller may read, to narrow listings: `everything`, or what
// belongs to `agency`, or lies in one of `roots`.
struct ReadScope {
  bool everything = false;
  std::string agency;
  std::vector<std::string> roots;

  bool Allows(const Target& target) const;
  // A unit path in the scope (for a listing with no unit: the caller's
  // own subtree); "" when everything or nothing.
  std::string DefaultRoot() const { return roots.empty() ? "" : roots.front(); }
};

class AccessPolicy {
 public:
  // `units` resolves the caller's unit into its paths (a RememberingAgenciesClient
  // in the services); not owned.
  explicit AccessPolicy(UnitLookup& units);

  // OK, or PERMISSION_DENIED naming target.resource.
  absl::Status CheckWrite(const CallContext& call, const Target& target);
  absl::Status CheckRead(const CallContext& call, const Target& target);

  // What the caller may read as of `day`.
  absl::StatusOr<ReadScope> ScopeOf(const CallContext& call, absl::CivilDay day);

 private:
  // The caller's jurisdiction as of `day`: the path of its unit then, and
  // of the units it succeeded that were in force then (a merged
  // province's key still covers the old provinces' records). Empty for
  // national bodies.
  absl::StatusOr<std::vector<std::string>> Jurisdiction(const auth::Principal& principal,
                                                        absl::CivilDay day, absl::Time deadline);

  UnitLookup& units_;
};

}  // namespace interplan::access

#endif  // INTERPLAN_COMMON_ACCESS_ACCESS_POLICY_H_
