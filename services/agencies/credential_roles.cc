#include "services/agencies/credential_roles.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "common/text/search_fold.h"

namespace interplan::agencies {
namespace {

// Whether the accent-folded words of the agency's names contain `phrase`.
bool NamesContain(const AgencyRecord& agency, absl::string_view phrase) {
  const std::string words = absl::StrCat(" ", text::FoldForSearch(agency.display_name), " ",
                                         text::FoldForSearch(agency.short_name), " ");
  return absl::StrContains(words, absl::StrCat(" ", phrase, " "));
}

}  // namespace

bool IsMinistryAgency(const AgencyRecord& agency) {
  return agency.kind == v1::AGENCY_KIND_MINISTRY ||
         agency.kind == v1::AGENCY_KIND_NATIONAL_COMMITTEE;
}

bool IsProvincialCoordinator(const AgencyRecord& agency, v1::UnitLevel unit_level) {
  if (unit_level != v1::UNIT_LEVEL_PROVINCE) return false;
  if (agency.kind == v1::AGENCY_KIND_WOMEN_ADVANCEMENT_COMMITTEE) return true;
  if (agency.kind != v1::AGENCY_KIND_DEPARTMENT) return false;
  // "Sở Lao động - Thương binh và Xã hội", "Sở LĐTBXH", "Sở Nội vụ".
  return NamesContain(agency, "lao dong") || NamesContain(agency, "ldtbxh") ||
         NamesContain(agency, "noi vu");
}

absl::StatusOr<v1::Role> ResolveRole(v1::Role requested, const CredentialHolder& holder,
                                     absl::string_view role_field, absl::string_view agency_field) {
  const std::string role(role_field);
  if (holder.agency == nullptr) {
    switch (requested) {
      case v1::ROLE_MINISTRY:
      case v1::ROLE_OPERATOR:
      case v1::ROLE_SERVICE:
        return requested;
      case v1::ROLE_UNSPECIFIED:
        return InvalidFieldError(role,
                                 "is required without an agency (MINISTRY, OPERATOR or SERVICE)");
      default:
        return InvalidFieldError(
            role, absl::StrCat(v1::Role_Name(requested), " needs an agency: set ", agency_field));
    }
  }
  const AgencyRecord& agency = *holder.agency;
  const bool ministry = IsMinistryAgency(agency);
  const bool coordinator = IsProvincialCoordinator(agency, holder.unit_level);
  switch (requested) {
    case v1::ROLE_UNSPECIFIED:
      if (ministry) return v1::ROLE_MINISTRY;
      return coordinator ? v1::ROLE_PROVINCIAL_COORDINATOR : v1::ROLE_AGENCY;
    case v1::ROLE_AGENCY:
      return v1::ROLE_AGENCY;
    case v1::ROLE_PROVINCIAL_COORDINATOR:
      if (coordinator) return requested;
      return InvalidFieldError(
          role, absl::StrCat(AgencyName(agency.id),
                             " is not a province's Labour or Home Affairs department or its "
                             "committee for the advancement of women"));
    case v1::ROLE_MINISTRY:
      if (ministry) return requested;
      return InvalidFieldError(
          role, absl::StrCat(AgencyName(agency.id), " is not a ministry or national committee"));
    case v1::ROLE_OPERATOR:
    case v1::ROLE_SERVICE:
      return InvalidFieldError(std::string(agency_field),
                               absl::StrCat(v1::Role_Name(requested),
                                            " credentials belong to no agency: leave it empty"));
    default:
      return InvalidFieldError(role, "unknown role");
  }
}

}  // namespace interplan::agencies
