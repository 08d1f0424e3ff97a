#include "services/agencies/access_rules.h"

#include "absl/strings/str_cat.h"
#include "common/access/access_policy.h"

namespace interplan::agencies {

absl::Status RequireOperator(const CallContext& call, absl::string_view resource) {
  return access::RequireRole(call, {auth::Role::kOperator}, resource);
}

absl::Status RequireCredentialChecker(const CallContext& call, absl::string_view resource) {
  return access::RequireRole(call, {auth::Role::kService, auth::Role::kOperator}, resource);
}

std::string ApiKeysOf(absl::string_view agency) {
  if (agency.empty()) return "apiKeys";
  return absl::StrCat(agency, "/apiKeys");
}

}  // namespace interplan::agencies
