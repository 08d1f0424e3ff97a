#include "gateway/ministry_service_handler.h"

#include <grpcpp/impl/rpc_service_method.h>
#include <grpcpp/support/method_handler.h>
#include <grpcpp/support/slice.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace interplan::gateway {
namespace {

constexpr char kService[] = "/interplan.gateway.v1.MinistryService/";

// A view's bytes as a reply, without copying them: the slice holds a
// reference to the bytes until gRPC has sent them.
absl::Status DeliverBytes(absl::StatusOr<MinistryViews::Bytes> result, grpc::ByteBuffer* response) {
  if (!result.ok()) return result.status();
  auto* held = new MinistryViews::Bytes(std::move(*result));
  const std::string& bytes = (*held)->bytes;
  grpc::Slice slice(
      const_cast<char*>(bytes.data()), bytes.size(),
      [](void* user_data) { delete static_cast<MinistryViews::Bytes*>(user_data); }, held);
  grpc::ByteBuffer buffer(&slice, 1);
  response->Swap(&buffer);
  return absl::OkStatus();
}

// Registers `method` of the service with a handler of `Request` and
// `Response` (a generated message, or grpc::ByteBuffer for bytes sent as
// they are).
template <typename Request, typename Response>
grpc::internal::RpcServiceMethod* Method(const char* method, MinistryServiceHandler* handler,
                                         grpc::Status (MinistryServiceHandler::*function)(
                                             grpc::ServerContext*, const Request*, Response*)) {
  using BaseResponse = std::conditional_t<std::is_same_v<Response, grpc::ByteBuffer>,
                                          grpc::ByteBuffer, grpc::protobuf::MessageLite>;
  return new grpc::internal::RpcServiceMethod(
      method, grpc::internal::RpcMethod::NORMAL_RPC,
      new grpc::internal::RpcMethodHandler<MinistryServiceHandler, Request, Response,
                                           grpc::protobuf::MessageLite, BaseResponse>(
          [function](MinistryServiceHandler* service, grpc::ServerContext* context,
                     const Request* request, Response* response) {
            return (service->*function)(context, request, response);
          },
          handler));
}

}  // namespace

MinistryServiceHandler::MinistryServiceHandler(CallGate& gate, MinistryViews& views,
                                               ViewAccess& access, absl::Duration max_view_time)
    : gate_(gate), views_(views), access_(access), max_view_time_(max_view_time) {
  // In the order of the service in gateway.proto.
  static const std::string* names = new std::string[4]{
      std::string(kService) + "GetNationalOverview", std::string(kService) + "GetProvinceOverview",
      std::string(kService) + "GetIndicatorProgress", std::string(kService) + "GetAgencyWorkload"};
  AddMethod(Method(names[0].c_str(), this, &MinistryServiceHandler::GetNationalOverview));
  AddMethod(Method(names[1].c_str(), this, &MinistryServiceHandler::GetProvinceOverview));
  AddMethod(Method(names[2].c_str(), this, &MinistryServiceHandler::GetIndicatorProgress));
  AddMethod(Method(names[3].c_str(), this, &MinistryServiceHandler::GetAgencyWorkload));
}

absl::Time MinistryServiceHandler::Deadline(const CallContext& call) const {
  // A little before the caller gives up, so that the view can still be
  // put together and reach it: a tenth of the time left, 20 to 100 ms.
  const absl::Time now = absl::Now();
  const absl::Duration margin =
      std::clamp((call.deadline - now) / 10, absl::Milliseconds(20), absl::Milliseconds(100));
  return std::min(call.deadline - margin, now + max_view_time_);
}

grpc::Status MinistryServiceHandler::GetNationalOverview(
    grpc::ServerContext* context, const v1::GetNationalOverviewRequest* request,
    grpc::ByteBuffer* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) -> absl::Status {
    absl::Status allowed = access_.MayRead(call, *request);
    if (!allowed.ok()) return allowed;
    return DeliverBytes(views_.NationalOverviewBytes(*request, Deadline(call), call.principal),
                        response);
  });
}

grpc::Status MinistryServiceHandler::GetProvinceOverview(
    grpc::ServerContext* context, const v1::GetProvinceOverviewRequest* request,
    grpc::ByteBuffer* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) -> absl::Status {
    absl::Status allowed = access_.MayRead(call, *request);
    if (!allowed.ok()) return allowed;
    return DeliverBytes(views_.ProvinceOverviewBytes(*request, Deadline(call), call.principal),
                        response);
  });
}

grpc::Status MinistryServiceHandler::GetIndicatorProgress(
    grpc::ServerContext* context, const v1::GetIndicatorProgressRequest* request,
    grpc::ByteBuffer* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) -> absl::Status {
    absl::Status allowed = access_.MayRead(call, *request);
    if (!allowed.ok()) return allowed;
    return DeliverBytes(views_.IndicatorProgressBytes(*request, Deadline(call), call.principal),
                        response);
  });
}

grpc::Status MinistryServiceHandler::GetAgencyWorkload(grpc::ServerContext* context,
                                                       const v1::GetAgencyWorkloadRequest* request,
                                                       grpc::ByteBuffer* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) -> absl::Status {
    absl::Status allowed = access_.MayRead(call, *request);
    if (!allowed.ok()) return allowed;
    return DeliverBytes(views_.AgencyWorkloadBytes(*request, Deadline(call), call.principal),
                        response);
  });
}

}  // namespace interplan::gateway
