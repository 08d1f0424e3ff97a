#include "services/agencies/credential_validator.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api/resource_name.h"
#include "common/storage/request_log.h"
#include "common/text/clean_text.h"
#include "common/time/timestamp.h"

namespace interplan::agencies {
namespace {

constexpr size_t kMaxDisplayNameBytes = 200;
constexpr size_t kMaxSubjectBytes = 256;

void CheckRoleValue(v1::Role role, const std::string& field, FieldViolations& violations) {
  if (!v1::Role_IsValid(role)) violations.Add(field, "unknown role");
}

// The display name cleaned; "" when it cannot be.
std::string CheckDisplayName(absl::string_view value, FieldViolations& violations) {
  absl::StatusOr<std::string> display_name = text::CleanText(value);
  if (!display_name.ok()) {
    violations.Add("display_name", std::string(display_name.status().message()));
    return "";
  }
  if (display_name->size() > kMaxDisplayNameBytes) {
    violations.Add("display_name",
                   absl::StrCat("must be at most ", kMaxDisplayNameBytes, " bytes"));
  }
  return *display_name;
}

// The expiry, when set: a valid timestamp after `now`.
std::optional<absl::Time> CheckExpireTime(const v1::CreateApiKeyRequest& request, absl::Time now,
                                          FieldViolations& violations) {
  if (!request.has_expire_time()) return std::nullopt;
  const google::protobuf::Timestamp& t = request.expire_time();
  if (t.nanos() < 0 || t.nanos() > 999999999) {
    violations.Add("expire_time", "nanos must be 0..999999999");
    return std::nullopt;
  }
  const absl::Time expire_time = time::FromTimestamp(t);
  if (expire_time <= now) violations.Add("expire_time", "must be in the future");
  return expire_time;
}

// The subject cleaned; "" when it cannot be.
std::string CheckSubject(absl::string_view value, FieldViolations& violations) {
  absl::StatusOr<std::string> subject = text::CleanText(value);
  if (!subject.ok()) {
    violations.Add("binding.subject", std::string(subject.status().message()));
    return "";
  }
  if (subject->empty()) {
    violations.Add("binding.subject", "must not be empty");
  } else if (subject->size() > kMaxSubjectBytes) {
    violations.Add("binding.subject", absl::StrCat("must be at most ", kMaxSubjectBytes, " bytes"));
  }
  return *subject;
}

}  // namespace

std::string OptionalAgencyId(absl::string_view name, const std::string& field,
                             FieldViolations& violations) {
  if (name.empty()) return "";
  absl::StatusOr<std::string> id = ParseResourceName(name, "agencies", field);
  violations.AddFrom("", id.status());
  return id.ok() ? *id : "";
}

absl::StatusOr<std::string> ParseApiKeyName(absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() == 4 && parts[0] == "agencies" && !parts[1].empty() && parts[2] == "apiKeys" &&
      !parts[3].empty()) {
    return std::string(parts[3]);
  }
  if (parts.size() == 2 && parts[0] == "apiKeys" && !parts[1].empty()) {
    return std::string(parts[1]);
  }
  return InvalidFieldError("name", "expected agencies/{agency}/apiKeys/{key} or apiKeys/{key}");
}

absl::StatusOr<CheckedApiKey> ValidateCreateApiKey(const v1::CreateApiKeyRequest& request,
                                                   absl::Time now) {
  FieldViolations violations;
  CheckedApiKey checked;
  checked.agency_id = OptionalAgencyId(request.agency(), "agency", violations);
  CheckRoleValue(request.role(), "role", violations);
  checked.display_name = CheckDisplayName(request.display_name(), violations);
  checked.expire_time = CheckExpireTime(request, now, violations);
  violations.AddFrom("", storage::ValidateRequestId(request.request_id()));
  if (!violations.empty()) return violations.ToStatus();
  return checked;
}

absl::StatusOr<std::string> ValidateRevokeApiKey(const v1::RevokeApiKeyRequest& request) {
  FieldViolations violations;
  absl::StatusOr<std::string> id = ParseApiKeyName(request.name());
  violations.AddFrom("", id.status());
  violations.AddFrom("", storage::ValidateRequestId(request.request_id()));
  if (!violations.empty()) return violations.ToStatus();
  return id;
}

absl::StatusOr<CheckedBinding> ValidateCreateCertificateBinding(
    const v1::CreateCertificateBindingRequest& request) {
  FieldViolations violations;
  const v1::CertificateBinding& in = request.binding();
  CheckedBinding checked;
  checked.subject = CheckSubject(in.subject(), violations);
  checked.agency_id = OptionalAgencyId(in.agency(), "binding.agency", violations);
  CheckRoleValue(in.role(), "binding.role", violations);
  violations.AddFrom("", storage::ValidateRequestId(request.request_id()));
  if (!violations.empty()) return violations.ToStatus();
  return checked;
}

}  // namespace interplan::agencies
