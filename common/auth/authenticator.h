// The question every service asks about a caller: who presents this
// credential? Implemented over gRPC by GrpcAuthenticator (asking
// interplan-agencies), and wrapped by CredentialCache so the answer costs
// no round trip per call.
#ifndef INTERPLAN_COMMON_AUTH_AUTHENTICATOR_H_
#define INTERPLAN_COMMON_AUTH_AUTHENTICATOR_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/call/principal.h"

namespace interplan::auth {

// What a caller presented.
struct Credential {
  enum class Kind {
    // An API key secret from `authorization: Bearer <secret>`.
    kApiKey,
    // The common name of the verified TLS client certificate.
    kCertificateSubject,
  };
  Kind kind = Kind::kApiKey;
  std::string value;

  bool operator==(const Credential&) const = default;
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;

  // The principal presenting `credential`. UNAUTHENTICATED when the
  // credential is unknown, malformed, revoked or expired; UNAVAILABLE when
  // the answer cannot be had now (a retry may succeed).
  virtual absl::StatusOr<Principal> Authenticate(const Credential& credential) = 0;
};

}  // namespace interplan::auth

#endif  // INTERPLAN_COMMON_AUTH_AUTHENTICATOR_H_
