// Checks every request a server receives before any handler sees it, the
// same way for every method of every service:
//
//   - a body that does not parse (invalid UTF-8 in a string, nesting past
//     protobuf's limit, garbage) is INVALID_ARGUMENT saying so, where gRPC
//     alone answers INTERNAL with no message;
//   - the x-request-id metadata and a request_id field must be request ids
//     (common/api/request_id.h);
//   - every enum value, at any depth, must be one its enum declares
//     (common/api/known_enums.h).
//
// A refused request is answered by the CallGate (CallGate::RefuseCall)
// instead of its handler, and the status sent is set here too, so that a
// service not using the gate answers the same.
#ifndef INTERPLAN_COMMON_SERVER_REQUEST_CHECK_INTERCEPTOR_H_
#define INTERPLAN_COMMON_SERVER_REQUEST_CHECK_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

#include "common/server/call_gate.h"

namespace interplan {

class RequestCheckInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `gate` is not owned and outlives the server.
  explicit RequestCheckInterceptorFactory(CallGate* gate) : gate_(gate) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  CallGate* const gate_;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_SERVER_REQUEST_CHECK_INTERCEPTOR_H_
