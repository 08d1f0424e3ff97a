// Conversion between auth::Principal and interplan.agencies.v1.Principal,
// the form it has on the wire (Authenticate's answer, and the identity the
// gateway forwards).
#ifndef INTERPLAN_COMMON_AUTH_PRINCIPAL_PROTO_H_
#define INTERPLAN_COMMON_AUTH_PRINCIPAL_PROTO_H_

#include "common/call/principal.h"
#include "interplan/agencies/v1/credentials.pb.h"

namespace interplan::auth {

// An unset valid_until becomes absl::InfiniteFuture(), and back.
Principal PrincipalFromProto(const interplan::agencies::v1::Principal& proto);
interplan::agencies::v1::Principal PrincipalToProto(const Principal& principal);

}  // namespace interplan::auth

#endif  // INTERPLAN_COMMON_AUTH_PRINCIPAL_PROTO_H_
