// Logs one structured line per call: method, peer, status code, duration
// and request id. The request id is the caller's x-request-id metadata, or
// else the request message's request_id field, or else a new one; it is
// echoed back in the x-request-id response header (in the trailers of an
// error answered without a response, which then stays Trailers-Only so
// that gRPC's retry policy can retry it). Only a valid request id
// (common/api/request_id.h) is echoed or logged; a call with another is
// refused by the RequestCheckInterceptor and logged under a new id.
#ifndef INTERPLAN_COMMON_SERVER_CALL_LOG_INTERCEPTOR_H_
#define INTERPLAN_COMMON_SERVER_CALL_LOG_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

#include <string>

namespace interplan {

class CallLogInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallLogInterceptorFactory(std::string service) : service_(std::move(service)) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  std::string service_;
};

// The metadata key carrying the request id, both ways.
inline constexpr char kRequestIdMetadata[] = "x-request-id";

}  // namespace interplan

#endif  // INTERPLAN_COMMON_SERVER_CALL_LOG_INTERCEPTOR_H_
