// The CallGuard that authenticates every call a service's gate runs:
//
//   1. Calls to an exempt method pass untouched (health, reflection).
//      CredentialService/Authenticate is not exempt: the services calling
//      it present their own SERVICE key, and its handler refuses other
//      roles; interplan-agencies authenticates its own callers in process
//      (services/agencies/local_authenticator.h), so nothing recurses.
//   2. The credential is `authorization: Bearer <api key>` metadata or,
//      when client certificates are trusted, the verified TLS peer
//      certificate's common name (the key wins when both are present).
//      None, or a malformed header: UNAUTHENTICATED.
//   3. The authenticator (a CredentialCache) says who it is; a refusal is
//      UNAUTHENTICATED, an authenticator that cannot answer UNAVAILABLE.
//   4. A SERVICE principal may relay a caller with
//      `x-interplan-relayed-api-key` (that caller's own API key; see
//      common/auth/forward_caller.h): the key is authenticated here like
//      any other, its principal becomes CallContext::principal and the
//      service CallContext::via. From any other role the header is
//      PERMISSION_DENIED; a relayed key that is refused is UNAUTHENTICATED;
//      SERVICE keys are not relayed. On the methods of
//      `not_relayed_methods` (key management) a relayed caller is
//      PERMISSION_DENIED. The old `x-interplan-on-behalf-of-bin` (a
//      principal the sender wrote itself) is refused from anyone.
//   5. The rate limiter admits the call for the effective principal's
//      credential (RESOURCE_EXHAUSTED with RetryInfo when over). Not
//      limited: services calling for themselves, and OPERATOR principals,
//      whose work is bulk by nature (the reference import, creating the
//      suite's keys) and who could mint fresh keys, each with a fresh
//      budget, anyway.
//
// Authorization (what the principal may do) is the handlers' business.
#ifndef INTERPLAN_COMMON_AUTH_AUTH_GUARD_H_
#define INTERPLAN_COMMON_AUTH_AUTH_GUARD_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/auth/authenticator.h"
#include "common/auth/rate_limiter.h"
#include "common/call/call_guard.h"

namespace interplan::auth {

// "/grpc.health.v1.Health/*", "/grpc.reflection.v1alpha.ServerReflection/*",
// "/grpc.reflection.v1.ServerReflection/*".
std::vector<std::string> DefaultExemptMethods();

// CredentialService's CreateApiKey, RevokeApiKey, CreateCertificateBinding,
// DeleteCertificateBinding and Authenticate.
std::vector<std::string> NeverRelayedMethods();

// The API key of an "authorization: Bearer <key>" value (gRPC metadata or
// HTTP header); INVALID_ARGUMENT saying what is wrong with it otherwise.
absl::StatusOr<std::string> ApiKeyFromAuthorization(absl::string_view value);

struct AuthGuardOptions {
  // Full method names, or "/package.Service/*" for all of a service's.
  std::vector<std::string> exempt_methods = DefaultExemptMethods();
  // Methods no one may call on another's behalf: those that make, revoke
  // or bind credentials.
  std::vector<std::string> not_relayed_methods = NeverRelayedMethods();
  // Whether a verified client certificate's common name is a credential:
  // on when the server verifies client certificates (--tls_client_ca_file).
  bool trust_client_certificates = false;
  // The clock; injectable for tests.
  std::function<absl::Time()> now;
};

class AuthGuard : public CallGuard {
 public:
  // `authenticator` and `limiter` are not owned; `limiter` may be null
  // (no rate limit).
  AuthGuard(Authenticator* authenticator, RateLimiter* limiter, AuthGuardOptions options = {});

  absl::Status Check(CallContext& call) override;

  bool IsExempt(absl::string_view method) const;
  bool IsNeverRelayed(absl::string_view method) const;

 private:
  // The credential the call presents, nullopt when none; INVALID_ARGUMENT
  // for a malformed authorization header.
  absl::StatusOr<std::optional<Credential>> CredentialOf(const CallContext& call) const;
  // Authenticates the relayed caller, if the call carries one.
  absl::Status ApplyRelayedCaller(CallContext& call) const;
  absl::Time Now() const;

  Authenticator* const authenticator_;
  RateLimiter* const limiter_;
  const AuthGuardOptions options_;
};

}  // namespace interplan::auth

#endif  // INTERPLAN_COMMON_AUTH_AUTH_GUARD_H_
