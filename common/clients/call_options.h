// How one call to another service is made on a request's behalf: the
// moment it must have answered by, and the caller it is made for, whose
// identity goes along (common/auth/forward_caller.h) so that the service
// answers what that caller may read.
#ifndef INTERPLAN_COMMON_CLIENTS_CALL_OPTIONS_H_
#define INTERPLAN_COMMON_CLIENTS_CALL_OPTIONS_H_

#include <optional>

#include "absl/time/time.h"
#include "common/call/principal.h"

namespace interplan {

struct CallOptions {
  // Taken exactly as given (not capped at kClientCallTimeout): the caller
  // already bounds the whole request.
  absl::Time deadline = absl::InfiniteFuture();
  // Unset: the call goes as this service itself.
  std::optional<auth::Principal> forwarded_caller;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CLIENTS_CALL_OPTIONS_H_
