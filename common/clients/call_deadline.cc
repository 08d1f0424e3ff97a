#include "common/clients/call_deadline.h"

#include <algorithm>

#include "absl/time/clock.h"

namespace interplan {

std::unique_ptr<grpc::ClientContext> ContextWithDeadline(absl::Time deadline) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(std::min(deadline, absl::Now() + kClientCallTimeout)));
  return context;
}

bool IsUnreachable(const absl::Status& status) {
  return absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status);
}

}  // namespace interplan
