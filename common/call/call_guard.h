// The slot in every server's CallGate where a check of each call plugs in
// before its handler runs (authentication: common/auth's AuthGuard).
#ifndef INTERPLAN_COMMON_CALL_CALL_GUARD_H_
#define INTERPLAN_COMMON_CALL_CALL_GUARD_H_

#include "absl/status/status.h"
#include "common/call/call_context.h"

namespace interplan {

// Checks a call before its handler runs, filling in what it learns (the
// principal). A non-OK status refuses the call with that status.
class CallGuard {
 public:
  virtual ~CallGuard() = default;
  virtual absl::Status Check(CallContext& call) = 0;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CALL_CALL_GUARD_H_
