// Resolves a plan's collective references ("UBND các phường", "các sở, ban,
// ngành tỉnh") to the agencies they denote on the plan's reference date, so
// that each member has the duties and owes the reports the words give the
// group. The words stay beside the list.
#ifndef INTERPLAN_SERVICES_PLANS_GROUP_MEMBERS_H_
#define INTERPLAN_SERVICES_PLANS_GROUP_MEMBERS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/errors/errors.h"
#include "interplan/plans/v1/plans.pb.h"
#include "services/plans/agency_directory.h"

namespace interplan::plans {

// The most agencies one group may denote (the communes of a large province
// are well under it).
inline constexpr int kMaxGroupMembers = 2000;

// Sets each group's members: the agencies of its kind, active on `as_of`,
// whose units are of its level inside its `within` (the plan's unit when
// unset). A group that denotes nobody, or more than kMaxGroupMembers, is a
// violation naming the group's field; a failed call is returned as it is.
absl::Status FillGroupMembers(AgencyDirectory& directory, absl::CivilDay as_of, absl::Time deadline,
                              const std::string& path, v1::Plan* plan, FieldViolations& violations);

}  // namespace interplan::plans

#endif  // INTERPLAN_SERVICES_PLANS_GROUP_MEMBERS_H_
