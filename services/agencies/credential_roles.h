// Which role a credential may carry, decided from the agency it is issued
// to: its kind, the level of its unit and its name.
//
// - MINISTRY: a ministry or national committee (Bộ LĐTBXH, Bộ Nội vụ, the
//   National Committee for the Advancement of Women), or a key with no
//   agency at all (a ministry analyst's tool).
// - PROVINCIAL_COORDINATOR: a province-level department for Labour
//   (Sở LĐTBXH) or Home Affairs (Sở Nội vụ, which took over Labour's
//   gender-equality work in 2025), or a province's committee for the
//   advancement of women (Ban VSTBPN tỉnh).
// - AGENCY: any agency; the default for those above neither.
// - OPERATOR and SERVICE: never tied to an agency.
#ifndef INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_ROLES_H_
#define INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_ROLES_H_

#include <optional>

#include "absl/status/statusor.h"
#include "interplan/agencies/v1/credentials.pb.h"
#include "interplan/agencies/v1/units.pb.h"
#include "services/agencies/agency_record.h"

namespace interplan::agencies {

// What decides an agency's roles: the record, and the level of its unit
// today (UNIT_LEVEL_UNSPECIFIED for a national body).
struct CredentialHolder {
  const AgencyRecord* agency = nullptr;  // nullptr: no agency
  v1::UnitLevel unit_level = v1::UNIT_LEVEL_UNSPECIFIED;
};

bool IsMinistryAgency(const AgencyRecord& agency);
bool IsProvincialCoordinator(const AgencyRecord& agency, v1::UnitLevel unit_level);

// The role for `requested` (ROLE_UNSPECIFIED: the holder's default), or
// INVALID_ARGUMENT naming `role_field` or `agency_field` when the holder
// may not carry it.
absl::StatusOr<v1::Role> ResolveRole(v1::Role requested, const CredentialHolder& holder,
                                     absl::string_view role_field, absl::string_view agency_field);

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_ROLES_H_
