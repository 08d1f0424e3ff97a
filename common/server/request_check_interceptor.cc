#include "common/server/request_check_interceptor.h"

#include <grpcpp/server_context.h>

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/api/known_enums.h"
#include "common/api/request_id.h"
#include "common/errors/grpc_status.h"
#include "common/server/call_log_interceptor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace interplan {
namespace {

using grpc::experimental::InterceptionHookPoints;

// The checks of a parsed request: its request_id field, its enums.
absl::Status CheckRequest(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* request_id =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (request_id != nullptr && !request_id->is_repeated() &&
      request_id->type() == google::protobuf::FieldDescriptor::TYPE_STRING) {
    const std::string& id = request.GetReflection()->GetString(request, request_id);
    if (!id.empty()) {
      if (absl::Status valid = api::CheckRequestId(id, "request_id"); !valid.ok()) return valid;
    }
  }
  return api::CheckKnownEnums(request);
}

class RequestCheckInterceptor : public grpc::experimental::Interceptor {
 public:
  RequestCheckInterceptor(grpc::experimental::ServerRpcInfo* info, CallGate* gate)
      : info_(info), gate_(gate) {}

  ~RequestCheckInterceptor() override {
    if (refused_.has_value()) gate_->ForgetCall(info_->server_context());
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      CheckMetadata(*methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      CheckMessage(methods->GetRecvMessage());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      if (refused_.has_value()) {
        methods->ModifySendStatus(ToGrpcStatus(*refused_));
      } else if (unparsed_ && methods->GetSendStatus().error_code() == grpc::StatusCode::INTERNAL) {
        methods->ModifySendStatus(grpc::Status(
            grpc::StatusCode::INVALID_ARGUMENT,
            absl::StrCat("the request body is not a valid message for ", info_->method(),
                         ": it does not parse (invalid UTF-8 in a string field, nesting deeper "
                         "than 100, or not protobuf)")));
      }
    }
    methods->Proceed();
  }

 private:
  void CheckMetadata(const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
    auto found = metadata.find(kRequestIdMetadata);
    if (found == metadata.end()) return;
    Refuse(api::CheckRequestId(absl::string_view(found->second.data(), found->second.size()),
                               kRequestIdMetadata));
  }

  void CheckMessage(void* message) {
    if (message == nullptr) {
      // gRPC could not parse the body; the handler is not run, and gRPC
      // answers INTERNAL, replaced at PRE_SEND_STATUS.
      unparsed_ = true;
      return;
    }
    // gRPC's protobuf codegen hands over the request as a Message.
    Refuse(CheckRequest(*static_cast<const google::protobuf::Message*>(message)));
  }

  void Refuse(absl::Status status) {
    if (status.ok() || refused_.has_value()) return;
    refused_ = status;
    gate_->RefuseCall(info_->server_context(), std::move(status));
  }

  grpc::experimental::ServerRpcInfo* const info_;
  CallGate* const gate_;
  std::optional<absl::Status> refused_;
  bool unparsed_ = false;
};

}  // namespace

grpc::experimental::Interceptor* RequestCheckInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new RequestCheckInterceptor(info, gate_);
}

}  // namespace interplan
