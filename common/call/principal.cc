#include "common/call/principal.h"

namespace interplan::auth {

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kUnspecified:
      return "ROLE_UNSPECIFIED";
    case Role::kAgency:
      return "AGENCY";
    case Role::kProvincialCoordinator:
      return "PROVINCIAL_COORDINATOR";
    case Role::kMinistry:
      return "MINISTRY";
    case Role::kOperator:
      return "OPERATOR";
    case Role::kService:
      return "SERVICE";
  }
  return "ROLE_UNSPECIFIED";
}

}  // namespace interplan::auth
