// Which unit takes over a ceased unit's figures. Inside its own era: the
// unit an operator linked it to (AddUnitSuccession, SUCCESSION_KIND_OPERATOR:
// the official lists do not say which unit absorbed a code that
// disappears, e.g. Phường 08 of Quận 3, units/27121, merged into Phường Võ
// Thị Sáu, units/27139, by 1111/NQ-UBTVQH14); without such a link nobody,
// and the unit's figures stay under its own path, so its nearest ancestor
// that continues counts them. In a later hierarchy: the most detailed
// successor of the unit (or of the unit that took it over in its era);
// and for a unit the new list maps to nothing (Lý Sơn district, units/536,
// whose communes became Đặc khu Lý Sơn, which the 2025-07 list gives
// without old codes), the successor of its nearest ancestor that has one
// (the new Quảng Ngãi, units/51). So what a vanished unit owed or reported
// still counts in its province and in the nation.
#ifndef INTERPLAN_SERVICES_REPORTING_UNIT_SUCCESSION_H_
#define INTERPLAN_SERVICES_REPORTING_UNIT_SUCCESSION_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/clients/remembering_agencies_client.h"
#include "interplan/agencies/v1/units.pb.h"

namespace interplan::reporting {

// The era (common/time/unit_era.h) a version belongs to, by its first day,
// in stored form: "0001-01-01" before the 2025 reform, "2025-07-01" from it.
std::string EraOf(const google::type::Date& valid_from);

// Where a unit version's figures are inside its own era.
struct HolderInEra {
  // The version that holds them: the unit itself, a later version of its
  // code (a new name, type or parent: Quận 2 -> Thành phố Thủ Đức), or a
  // version of the unit that took it over.
  agencies::v1::Unit holder;
  // The versions of other codes that took it over on the way, in link
  // order, each as the link names it (in force the day after the unit it
  // took over ceased). Empty when no operator linked the unit.
  std::vector<agencies::v1::Unit> takers;
};

// Follows `unit`'s successions inside its era: the code's own next
// versions, and once a version has ceased, the link to another code's
// version in the same era (only an operator adds such links; of several,
// the most detailed unit's, then the first). With `on`, stops at the
// version in force on that day (or the last one reached before it); else
// goes to the era's end. Each ceased version's links are read afresh from
// interplan-agencies once per process (FreshUnitAt): a link is added
// after the unit was first looked up.
absl::StatusOr<HolderInEra> FollowInEra(RememberingAgenciesClient& registry,
                                        const agencies::v1::Unit& unit,
                                        std::optional<absl::CivilDay> on, absl::Time deadline);

// The unit that takes over `unit` (one version, as interplan-agencies
// describes it) in the hierarchy of `era` (stored form; empty: any era
// but the unit's own). Inside its era the code's renames and moves and an
// operator's links are followed first (FollowInEra). nullopt when the
// unit is still in force, or when neither it nor any ancestor has a
// successor there. Ancestors are those of the last version reached in its
// era, asked of `registry` on its last day.
absl::StatusOr<std::optional<agencies::v1::UnitRef>> SuccessorOf(
    RememberingAgenciesClient& registry, const agencies::v1::Unit& unit, absl::string_view era,
    absl::Time deadline);

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_UNIT_SUCCESSION_H_
