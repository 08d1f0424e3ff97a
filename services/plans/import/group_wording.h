// People's Committees named as a group, as plans write them: "UBND các
// huyện, thị xã, thành phố", "Ủy ban nhân dân các xã, phường, thị trấn",
// "Ủy ban nhân dân 16 phường". Every unit in force has its committee, so
// such words denote a definite list: the committees of the units of that
// level inside the plan's unit, which the plans service resolves as of the
// plan's date (plans.proto AgencyGroup).
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_GROUP_WORDING_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_GROUP_WORDING_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "interplan/plans/v1/plans.pb.h"

namespace interplan::plans::import {

// The group `words` name (text: the words; kind PEOPLES_COMMITTEE; level
// that of the units named), or nullopt: other groups ("các sở, ban, ngành")
// leave the kind of their members open, and units of two levels ("các
// huyện và các xã") are not one group.
std::optional<v1::AgencyGroup> PeoplesCommitteeGroup(absl::string_view words);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_GROUP_WORDING_H_
