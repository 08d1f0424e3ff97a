#include "tests/common/auth/auth_test_server.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "common/errors/grpc_status.h"

namespace interplan::auth {

namespace v1 = ::interplan::agencies::v1;

absl::StatusOr<Principal> FakeAuthenticator::Authenticate(const Credential& credential) {
  absl::MutexLock lock(&mu_);
  asked_.push_back(credential);
  auto found = table_.find({credential.kind, credential.value});
  if (found == table_.end()) return absl::UnauthenticatedError("unknown credential");
  return found->second;
}

void FakeAuthenticator::AddKey(std::string key, Principal principal) {
  absl::MutexLock lock(&mu_);
  table_[{Credential::Kind::kApiKey, std::move(key)}] = std::move(principal);
}

void FakeAuthenticator::AddSubject(std::string subject, Principal principal) {
  absl::MutexLock lock(&mu_);
  table_[{Credential::Kind::kCertificateSubject, std::move(subject)}] = std::move(principal);
}

std::vector<Credential> FakeAuthenticator::asked() const {
  absl::MutexLock lock(&mu_);
  return asked_;
}

grpc::Status WhoAmIService::ListApiKeys(grpc::ServerContext* context,
                                        const v1::ListApiKeysRequest* request,
                                        v1::ListApiKeysResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    response->set_next_page_token(call.CallerName());
    response->add_api_keys()->set_display_name(call.via ? call.via->credential : "");
    return absl::OkStatus();
  });
}

grpc::Status WhoAmIService::Authenticate(grpc::ServerContext* context,
                                         const v1::AuthenticateRequest* request,
                                         v1::Principal* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    response->set_credential("anyone");
    return absl::OkStatus();
  });
}

ServerConfig TestServerConfig() {
  ServerConfig config = DefaultServerConfig("authtest", 0);
  config.listen_address = "127.0.0.1:0";
  config.drain_timeout = absl::Seconds(1);
  config.auth = "on";
  return config;
}

AuthTestServer::AuthTestServer(ServerConfig config) : server_(std::move(config)) {
  auto authenticator = std::make_unique<FakeAuthenticator>();
  authenticator_ = authenticator.get();
  server_.SetAuthenticator(std::move(authenticator));
  service_ = std::make_unique<WhoAmIService>(server_.gate());
  server_.AddService(service_.get(), "interplan.agencies.v1.CredentialService");
}

absl::Status AuthTestServer::Start() {
  if (absl::Status started = server_.Start(); !started.ok()) return started;
  server_.SetServing();
  return absl::OkStatus();
}

std::string AuthTestServer::address() const { return absl::StrCat("127.0.0.1:", port()); }

absl::StatusOr<Caller> CallWhoAmI(const std::shared_ptr<grpc::Channel>& channel,
                                  grpc::ClientContext& context) {
  if (context.deadline() == std::chrono::system_clock::time_point::max()) {
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  }
  v1::ListApiKeysResponse response;
  grpc::Status status =
      v1::CredentialService::NewStub(channel)->ListApiKeys(&context, {}, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  Caller caller;
  caller.credential = response.next_page_token();
  if (response.api_keys_size() > 0) caller.via = response.api_keys(0).display_name();
  return caller;
}

}  // namespace interplan::auth
