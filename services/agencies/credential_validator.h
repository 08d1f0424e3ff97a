// Pure checks of the credentials requests before anything is read or
// stored: agency and key names, roles, display names, certificate
// subjects, expiry and request ids. What passes comes back ready to use.
// No I/O.
#ifndef INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_VALIDATOR_H_
#define INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_VALIDATOR_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/errors/errors.h"
#include "interplan/agencies/v1/credentials.pb.h"

namespace interplan::agencies {

// The agency id of an optional "agencies/{id}" field (`field` in the
// violations); "" when the field is empty or malformed.
std::string OptionalAgencyId(absl::string_view name, const std::string& field,
                             FieldViolations& violations);

// The key id of "agencies/{agency}/apiKeys/{key}" or "apiKeys/{key}";
// INVALID_ARGUMENT naming "name" otherwise.
absl::StatusOr<std::string> ParseApiKeyName(absl::string_view name);

// A CreateApiKeyRequest that passed its checks.
struct CheckedApiKey {
  std::string agency_id;                  // "" without an agency
  std::string display_name;               // cleaned
  std::optional<absl::Time> expire_time;  // nullopt: never
};

// INVALID_ARGUMENT naming each bad field (agency, role, display_name,
// expire_time, which must be after `now`, and request_id).
absl::StatusOr<CheckedApiKey> ValidateCreateApiKey(const v1::CreateApiKeyRequest& request,
                                                   absl::Time now);

// The id of the key a RevokeApiKeyRequest names; INVALID_ARGUMENT naming
// name and request_id when they are malformed.
absl::StatusOr<std::string> ValidateRevokeApiKey(const v1::RevokeApiKeyRequest& request);

// A CreateCertificateBindingRequest that passed its checks.
struct CheckedBinding {
  std::string subject;    // cleaned, not empty
  std::string agency_id;  // "" without an agency
};

// INVALID_ARGUMENT naming each bad field (binding.subject, binding.agency,
// binding.role, request_id).
absl::StatusOr<CheckedBinding> ValidateCreateCertificateBinding(
    const v1::CreateCertificateBindingRequest& request);

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_CREDENTIAL_VALIDATOR_H_
