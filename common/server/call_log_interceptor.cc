#include "common/server/call_log_interceptor.h"

#include <grpcpp/server_context.h>

#include "absl/random/random.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/api/request_id.h"
#include "common/logging/log.h"
#include "common/server/status_code_name.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace interplan {
namespace {

using grpc::experimental::InterceptionHookPoints;

std::string NewRequestId() {
  static absl::BitGen* random = new absl::BitGen;
  static std::mutex* mu = new std::mutex;
  std::lock_guard<std::mutex> lock(*mu);
  return absl::StrFormat("%016x", absl::Uniform<uint64_t>(*random));
}

// The request_id field of a protobuf request, if it has one.
std::string RequestIdField(const google::protobuf::Message& message) {
  const google::protobuf::FieldDescriptor* field =
      message.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      field->is_repeated()) {
    return "";
  }
  return message.GetReflection()->GetString(message, field);
}

class CallLogInterceptor : public grpc::experimental::Interceptor {
 public:
  CallLogInterceptor(grpc::experimental::ServerRpcInfo* info, std::string service)
      : info_(info), service_(std::move(service)), start_(absl::Now()) {}

  ~CallLogInterceptor() override {
    if (!logged_) Write("CANCELLED", "call ended without a status");
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* metadata = methods->GetRecvInitialMetadata();
      auto it = metadata->find(kRequestIdMetadata);
      if (it != metadata->end()) {
        // An id that is not one (RequestCheckInterceptor refuses the call)
        // is never echoed: gRPC aborts on a header value it cannot send.
        absl::string_view id(it->second.data(), it->second.size());
        if (api::IsValidRequestId(id)) request_id_ = std::string(id);
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        request_id_.empty()) {
      // gRPC's protobuf codegen hands over the request as a Message.
      void* message = methods->GetRecvMessage();
      if (message != nullptr) {
        std::string id = RequestIdField(*static_cast<google::protobuf::Message*>(message));
        if (api::IsValidRequestId(id)) request_id_ = std::move(id);
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      if (request_id_.empty()) request_id_ = NewRequestId();
      // An error sent with no response before it goes out Trailers-Only
      // only when the headers are empty, and only then may gRPC's retry
      // policy retry it: the request id rides in the trailers instead.
      const bool error_only =
          methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS) &&
          !methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE) &&
          !methods->GetSendStatus().ok();
      (error_only ? methods->GetSendTrailingMetadata() : methods->GetSendInitialMetadata())
          ->emplace(kRequestIdMetadata, request_id_);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      Write(StatusCodeName(status.error_code()), status.error_message());
    }
    methods->Proceed();
  }

 private:
  void Write(const char* code, const std::string& message) {
    logged_ = true;
    if (request_id_.empty()) request_id_ = NewRequestId();
    const std::string peer = info_->server_context()->peer();
    const double millis = absl::ToDoubleMilliseconds(absl::Now() - start_);
    if (std::string_view(code) == "OK") {
      LogInfo("call", {{"service", service_},
                       {"method", info_->method()},
                       {"peer", peer},
                       {"status", code},
                       {"duration_ms", millis},
                       {"request_id", request_id_}});
    } else {
      LogInfo("call", {{"service", service_},
                       {"method", info_->method()},
                       {"peer", peer},
                       {"status", code},
                       {"duration_ms", millis},
                       {"request_id", request_id_},
                       {"error", message}});
    }
  }

  grpc::experimental::ServerRpcInfo* info_;
  std::string service_;
  absl::Time start_;
  std::string request_id_;
  bool logged_ = false;
};

}  // namespace

grpc::experimental::Interceptor* CallLogInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallLogInterceptor(info, service_);
}

}  // namespace interplan
