#include "gateway/bench_service_handler.h"

namespace interplan::gateway {

grpc::Status BenchServiceHandler::Echo(grpc::ServerContext* context, const v1::EchoRequest* request,
                                       v1::EchoResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext&) {
    response->set_text(request->text());
    return absl::OkStatus();
  });
}

}  // namespace interplan::gateway
