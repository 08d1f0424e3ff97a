// Who a call comes from, as every service sees it after authentication: a
// plain copy of interplan.agencies.v1.Principal (see credentials.proto),
// so the server runtime and the services' logic need no proto to use it.
#ifndef INTERPLAN_COMMON_CALL_PRINCIPAL_H_
#define INTERPLAN_COMMON_CALL_PRINCIPAL_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace interplan::auth {

// Mirrors interplan.agencies.v1.Role, value for value.
enum class Role {
  kUnspecified = 0,
  // Writes as itself and for units in its jurisdiction; reads its own.
  kAgency = 1,
  // Also reads the province's whole subtree.
  kProvincialCoordinator = 2,
  // Reads everything.
  kMinistry = 3,
  // Manages units, agencies and credentials.
  kOperator = 4,
  // A service of the suite calling another.
  kService = 5,
};

// "AGENCY", "SERVICE", ... as the proto spells the value.
absl::string_view RoleName(Role role);

struct Principal {
  // The key or certificate binding name, for audit:
  // "agencies/{agency}/apiKeys/{key}", "certificateBindings/{id}".
  std::string credential;
  // "agencies/{agency}"; empty for operator and service credentials.
  std::string agency;
  Role role = Role::kUnspecified;
  // The unit the agency belongs to ("units/51"), the root of its
  // jurisdiction.
  std::string unit;
  // When this answer stops being good (the key's expiry); never cached past.
  absl::Time valid_until = absl::InfiniteFuture();
  // The API key the caller presented to this process, kept in memory only
  // (never serialized or logged) so that a service relaying the call lets
  // the next service authenticate the caller itself
  // (common/auth/forward_caller.h). Empty for a caller known by its client
  // certificate, and for principals that did not come from AuthGuard.
  std::string presented_api_key;
};

}  // namespace interplan::auth

#endif  // INTERPLAN_COMMON_CALL_PRINCIPAL_H_
