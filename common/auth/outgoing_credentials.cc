#include "common/auth/outgoing_credentials.h"

#include <cstdlib>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"

namespace interplan::auth {
namespace {

struct OutgoingKey {
  absl::Mutex mu;
  std::optional<std::string> key ABSL_GUARDED_BY(mu);
};

OutgoingKey& TheOutgoingKey() {
  static OutgoingKey* key = new OutgoingKey;
  return *key;
}

class ApiKeyInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit ApiKeyInterceptor(std::string key) : key_(std::move(key)) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      std::multimap<std::string, std::string>* metadata = methods->GetSendInitialMetadata();
      if (metadata->find(kAuthorizationHeader) == metadata->end()) {
        metadata->emplace(kAuthorizationHeader, absl::StrCat("Bearer ", key_));
      }
    }
    methods->Proceed();
  }

 private:
  const std::string key_;
};

}  // namespace

void SetOutgoingApiKey(std::string key) {
  OutgoingKey& outgoing = TheOutgoingKey();
  absl::MutexLock lock(&outgoing.mu);
  outgoing.key = std::move(key);
}

std::string OutgoingApiKey() {
  OutgoingKey& outgoing = TheOutgoingKey();
  {
    absl::MutexLock lock(&outgoing.mu);
    if (outgoing.key.has_value()) return *outgoing.key;
  }
  const char* value = std::getenv("INTERPLAN_API_KEY");
  if (value == nullptr) return "";
  return std::string(absl::StripAsciiWhitespace(value));
}

grpc::experimental::Interceptor* ApiKeyInterceptorFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo* info) {
  std::string key = OutgoingApiKey();
  if (key.empty()) return nullptr;
  return new ApiKeyInterceptor(std::move(key));
}

}  // namespace interplan::auth
