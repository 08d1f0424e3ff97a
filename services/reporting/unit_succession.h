// Which unit takes over a ceased unit's figures in a later hierarchy: its
// most detailed successor; and for a unit the new list maps to nothing
// (Lý Sơn district, units/536, whose communes became Đặc khu Lý Sơn, which
// the 2025-07 list gives without old codes), the successor of its nearest
// ancestor that has one (the new Quảng Ngãi, units/51). So what a vanished
// unit owed or reported still counts in its province and in the nation.
#ifndef INTERPLAN_SERVICES_REPORTING_UNIT_SUCCESSION_H_
#define INTERPLAN_SERVICES_REPORTING_UNIT_SUCCESSION_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/clients/remembering_agencies_client.h"
#include "interplan/agencies/v1/units.pb.h"

namespace interplan::reporting {

// The era (common/time/unit_era.h) a version belongs to, by its first day,
// in stored form: "0001-01-01" before the 2025 reform, "2025-07-01" from it.
std::string EraOf(const type::v1::PartialDate& valid_from);

// The unit that takes over `unit` (one version, as interplan-agencies
// describes it) in the hierarchy of `era` (stored form; empty: any era
// but the unit's own). Inside its era the code's renames and moves are
// followed first (Quận 2 -> Thành phố Thủ Đức, one code). nullopt when
// the unit is still in force, or when neither it nor any ancestor has a
// successor there. Ancestors are those of the code's last version in its
// era, asked of `registry` on its last day.
absl::StatusOr<std::optional<agencies::v1::UnitRef>> SuccessorOf(
    RememberingAgenciesClient& registry, const agencies::v1::Unit& unit, absl::string_view era,
    absl::Time deadline);

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_UNIT_SUCCESSION_H_
