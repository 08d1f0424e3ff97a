#include "common/auth/auth_guard.h"

#include <grpc/grpc_security_constants.h>
#include <grpcpp/security/auth_context.h>
#include <grpcpp/server_context.h>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/auth/outgoing_credentials.h"
#include "common/auth/principal_proto.h"
#include "common/errors/errors.h"

namespace interplan::auth {
namespace {

absl::Status Unauthenticated(absl::string_view message, absl::string_view reason) {
  return WithErrorInfo(absl::UnauthenticatedError(message), reason);
}

// The value of `key` in the call's metadata, if present.
std::optional<std::string> MetadataValue(const CallContext& call, absl::string_view key) {
  if (call.server_context == nullptr) return std::nullopt;
  const auto& metadata = call.server_context->client_metadata();
  auto found = metadata.find(grpc::string_ref(key.data(), key.size()));
  if (found == metadata.end()) return std::nullopt;
  return std::string(found->second.data(), found->second.size());
}

}  // namespace

std::vector<std::string> DefaultExemptMethods() {
  return {"/grpc.health.v1.Health/*", "/grpc.reflection.v1alpha.ServerReflection/*",
          "/grpc.reflection.v1.ServerReflection/*"};
}

std::vector<std::string> NeverRelayedMethods() {
  std::vector<std::string> methods;
  for (const char* method : {"CreateApiKey", "RevokeApiKey", "CreateCertificateBinding",
                             "DeleteCertificateBinding", "Authenticate"}) {
    methods.push_back(absl::StrCat("/interplan.agencies.v1.CredentialService/", method));
  }
  return methods;
}

absl::StatusOr<std::string> ApiKeyFromAuthorization(absl::string_view value) {
  value = absl::StripAsciiWhitespace(value);
  constexpr absl::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() ||
      !absl::EqualsIgnoreCase(value.substr(0, kScheme.size()), kScheme)) {
    return absl::InvalidArgumentError("the authorization metadata is not \"Bearer <api key>\"");
  }
  absl::string_view key = absl::StripAsciiWhitespace(value.substr(kScheme.size()));
  if (key.empty() || absl::StrContains(key, ' ')) {
    return absl::InvalidArgumentError("the bearer API key is empty or contains spaces");
  }
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) {
      return absl::InvalidArgumentError("the bearer API key is not printable ASCII");
    }
  }
  return std::string(key);
}

AuthGuard::AuthGuard(Authenticator* authenticator, RateLimiter* limiter, AuthGuardOptions options)
    : authenticator_(authenticator), limiter_(limiter), options_(std::move(options)) {}

absl::Time AuthGuard::Now() const { return options_.now ? options_.now() : absl::Now(); }

namespace {

// Whether `method` is one of `patterns` (full names, or "/pkg.Service/*").
bool MatchesAny(const std::vector<std::string>& patterns, absl::string_view method) {
  for (const std::string& listed : patterns) {
    absl::string_view pattern = listed;
    if (absl::ConsumeSuffix(&pattern, "*")) {
      if (absl::StartsWith(method, pattern)) return true;
    } else if (method == pattern) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool AuthGuard::IsExempt(absl::string_view method) const {
  return MatchesAny(options_.exempt_methods, method);
}

bool AuthGuard::IsNeverRelayed(absl::string_view method) const {
  return MatchesAny(options_.not_relayed_methods, method);
}

absl::StatusOr<std::optional<Credential>> AuthGuard::CredentialOf(const CallContext& call) const {
  if (std::optional<std::string> header = MetadataValue(call, kAuthorizationHeader)) {
    absl::StatusOr<std::string> key = ApiKeyFromAuthorization(*header);
    if (!key.ok()) return key.status();
    return Credential{Credential::Kind::kApiKey, *std::move(key)};
  }
  if (options_.trust_client_certificates && call.server_context != nullptr) {
    std::shared_ptr<const grpc::AuthContext> auth = call.server_context->auth_context();
    if (auth != nullptr && auth->IsPeerAuthenticated()) {
      for (const grpc::string_ref& name : auth->FindPropertyValues(GRPC_X509_CN_PROPERTY_NAME)) {
        if (name.size() == 0) continue;
        return Credential{Credential::Kind::kCertificateSubject,
                          std::string(name.data(), name.size())};
      }
    }
  }
  return std::optional<Credential>();
}

absl::Status AuthGuard::ApplyRelayedCaller(CallContext& call) const {
  if (MetadataValue(call, kOnBehalfOfHeader).has_value()) {
    return WithErrorInfo(absl::PermissionDeniedError(absl::StrCat(
                             kOnBehalfOfHeader,
                             " is not honoured: nothing proves the principal it names; a"
                             " service relays its caller's own key in ",
                             kRelayedApiKeyHeader)),
                         "ON_BEHALF_OF_NOT_PROVEN", {{"credential", call.principal->credential}});
  }
  std::optional<std::string> header = MetadataValue(call, kRelayedApiKeyHeader);
  if (!header.has_value()) return absl::OkStatus();
  if (call.principal->role != Role::kService) {
    return WithErrorInfo(absl::PermissionDeniedError(absl::StrCat(
                             call.principal->credential, " (role ", RoleName(call.principal->role),
                             ") may not call on another's behalf: only SERVICE credentials send ",
                             kRelayedApiKeyHeader)),
                         "ON_BEHALF_OF_NOT_ALLOWED", {{"credential", call.principal->credential}});
  }
  if (IsNeverRelayed(call.method)) {
    return WithErrorInfo(
        absl::PermissionDeniedError(absl::StrCat(
            call.method, " is never called on another's behalf: the key holder calls it itself")),
        "ON_BEHALF_OF_NOT_ALLOWED", {{"credential", call.principal->credential}});
  }
  absl::StatusOr<std::string> key = ApiKeyFromAuthorization(absl::StrCat("Bearer ", *header));
  if (!key.ok()) {
    return Unauthenticated(absl::StrCat(kRelayedApiKeyHeader, ": ", key.status().message()),
                           "CREDENTIAL_MALFORMED");
  }
  absl::StatusOr<Principal> relayed =
      authenticator_->Authenticate({Credential::Kind::kApiKey, *key});
  if (!relayed.ok()) {
    if (!absl::IsUnauthenticated(relayed.status())) return relayed.status();
    return Unauthenticated(absl::StrCat("the credential relayed by ", call.principal->credential,
                                        " is refused: ", relayed.status().message()),
                           "CREDENTIAL_REFUSED");
  }
  if (relayed->role == Role::kService) {
    return WithErrorInfo(absl::PermissionDeniedError("a SERVICE credential is not relayed"),
                         "ON_BEHALF_OF_NOT_ALLOWED", {{"credential", relayed->credential}});
  }
  relayed->presented_api_key = *std::move(key);
  call.via = std::move(call.principal);
  call.principal = *std::move(relayed);
  return absl::OkStatus();
}

absl::Status AuthGuard::Check(CallContext& call) {
  if (IsExempt(call.method)) return absl::OkStatus();
  absl::StatusOr<std::optional<Credential>> credential = CredentialOf(call);
  if (!credential.ok()) {
    return Unauthenticated(credential.status().message(), "CREDENTIAL_MALFORMED");
  }
  if (!credential->has_value()) {
    return Unauthenticated(
        "no credential: send \"authorization: Bearer <api key>\" metadata"
        " or a client certificate",
        "CREDENTIAL_MISSING");
  }
  absl::StatusOr<Principal> principal = authenticator_->Authenticate(**credential);
  if (!principal.ok()) {
    if (absl::IsUnauthenticated(principal.status())) {
      return Unauthenticated(
          absl::StrCat("the credential is refused: ", principal.status().message()),
          "CREDENTIAL_REFUSED");
    }
    return principal.status();
  }
  call.principal = *std::move(principal);
  if ((*credential)->kind == Credential::Kind::kApiKey) {
    call.principal->presented_api_key = (*credential)->value;
  }
  if (absl::Status applied = ApplyRelayedCaller(call); !applied.ok()) return applied;
  const bool service_for_itself = !call.via.has_value() && call.principal->role == Role::kService;
  const bool operator_call = call.principal->role == Role::kOperator;
  if (limiter_ != nullptr && !service_for_itself && !operator_call) {
    return limiter_->Admit(call.principal->credential);
  }
  return absl::OkStatus();
}

}  // namespace interplan::auth
