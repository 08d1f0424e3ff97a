// Calls any gRPC method by name with a request body given as raw bytes
// (grpc::GenericStub): for tests that send what no generated stub would
// (bodies that do not parse, unknown enum values, mutated messages).
#ifndef INTERPLAN_TESTS_SUPPORT_RAW_CALL_H_
#define INTERPLAN_TESTS_SUPPORT_RAW_CALL_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"

namespace interplan::testing {

struct RawCallOptions {
  // "authorization: Bearer <key>" when not empty.
  std::string api_key;
  // Further metadata, sent as is.
  std::vector<std::pair<std::string, std::string>> metadata;
  absl::Duration timeout = absl::Seconds(30);
};

// Sends `body` to `method` ("/interplan.plans.v1.PlanService/CreatePlan")
// and waits for the answer; `response`, when not null, receives its bytes.
grpc::Status CallRaw(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                     const std::string& body, const RawCallOptions& options = {},
                     std::string* response = nullptr);

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_RAW_CALL_H_
