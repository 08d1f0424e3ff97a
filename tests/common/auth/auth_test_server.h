// A real in-process ServiceServer for the auth tests: a CredentialService
// whose ListApiKeys runs through the gate and answers who called (the
// principal in next_page_token, the service it came via in the first
// key's display_name), and a fake Authenticator answering from a table.
#ifndef INTERPLAN_TESTS_COMMON_AUTH_AUTH_TEST_SERVER_H_
#define INTERPLAN_TESTS_COMMON_AUTH_AUTH_TEST_SERVER_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/auth/authenticator.h"
#include "common/server/server_config.h"
#include "common/server/service_server.h"
#include "interplan/agencies/v1/credentials.grpc.pb.h"

namespace interplan::auth {

// Answers from a table of keys and certificate subjects; records what it
// was asked.
class FakeAuthenticator : public Authenticator {
 public:
  absl::StatusOr<Principal> Authenticate(const Credential& credential) override;

  void AddKey(std::string key, Principal principal);
  void AddSubject(std::string subject, Principal principal);
  std::vector<Credential> asked() const;

 private:
  mutable absl::Mutex mu_;
  std::map<std::pair<Credential::Kind, std::string>, Principal> table_ ABSL_GUARDED_BY(mu_);
  std::vector<Credential> asked_ ABSL_GUARDED_BY(mu_);
};

// ListApiKeys (through the gate) reports the caller; Authenticate (through
// the gate, exempt) answers a fixed principal.
class WhoAmIService : public interplan::agencies::v1::CredentialService::Service {
 public:
  explicit WhoAmIService(CallGate& gate) : gate_(gate) {}

  grpc::Status ListApiKeys(grpc::ServerContext* context,
                           const interplan::agencies::v1::ListApiKeysRequest* request,
                           interplan::agencies::v1::ListApiKeysResponse* response) override;
  grpc::Status Authenticate(grpc::ServerContext* context,
                            const interplan::agencies::v1::AuthenticateRequest* request,
                            interplan::agencies::v1::Principal* response) override;

 private:
  CallGate& gate_;
};

// A config for a test server on 127.0.0.1, any port, --auth=on.
ServerConfig TestServerConfig();

// A started ServiceServer with WhoAmIService and a FakeAuthenticator.
class AuthTestServer {
 public:
  explicit AuthTestServer(ServerConfig config = TestServerConfig());
  absl::Status Start();

  FakeAuthenticator& authenticator() { return *authenticator_; }
  int port() const { return server_.port(); }
  std::string address() const;

 private:
  ServiceServer server_;
  FakeAuthenticator* authenticator_;  // owned by server_
  std::unique_ptr<WhoAmIService> service_;
};

// Who the server saw: the principal's credential ("" when none) and the
// service it came via ("" when none).
struct Caller {
  std::string credential;
  std::string via;
};

// Calls ListApiKeys on `channel` with `context` (metadata set by the test;
// a 5 s deadline unless it set one).
absl::StatusOr<Caller> CallWhoAmI(const std::shared_ptr<grpc::Channel>& channel,
                                  grpc::ClientContext& context);

}  // namespace interplan::auth

#endif  // INTERPLAN_TESTS_COMMON_AUTH_AUTH_TEST_SERVER_H_
