#include "common/auth/principal_proto.h"

#include "common/time/timestamp.h"

namespace interplan::auth {

namespace v1 = ::interplan::agencies::v1;

Principal PrincipalFromProto(const v1::Principal& proto) {
  Principal principal;
  principal.credential = proto.credential();
  principal.agency = proto.agency();
  principal.role =
      v1::Role_IsValid(proto.role()) ? static_cast<Role>(proto.role()) : Role::kUnspecified;
  principal.unit = proto.unit();
  if (proto.has_valid_until()) {
    principal.valid_until = time::FromTimestamp(proto.valid_until());
  }
  return principal;
}

v1::Principal PrincipalToProto(const Principal& principal) {
  v1::Principal proto;
  proto.set_credential(principal.credential);
  proto.set_agency(principal.agency);
  proto.set_role(static_cast<v1::Role>(principal.role));
  proto.set_unit(principal.unit);
  if (principal.valid_until != absl::InfiniteFuture()) {
    *proto.mutable_valid_until() = time::ToTimestamp(principal.valid_until);
  }
  return proto;
}

}  // namespace interplan::auth
