// Tests of the TLS switch: certificates made by the real openssl command
// (a CA, a server certificate, client certificates from that CA and from
// another), a ServiceServer with --tls_* set, and real clients.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/auth/tls_files.h"
#include "common/client/service_address.h"
#include "gtest/gtest.h"
#include "tests/common/auth/auth_test_server.h"

namespace interplan::auth {
namespace {

// Runs a shell command in `dir`; true when it exits 0.
bool RunIn(const std::string& dir, const std::string& command) {
  const std::string line = absl::StrCat("cd '", dir, "' && ", command, " >>openssl.log 2>&1");
  return std::system(line.c_str()) == 0;
}

// A CA and a certificate it signs, with openssl.
class Certificates {
 public:
  explicit Certificates(std::string dir) : dir_(std::move(dir)) {}

  bool MakeCa(const std::string& name) {
    return RunIn(dir_, absl::StrCat("openssl req -x509 -newkey ec -pkeyopt "
                                    "ec_paramgen_curve:prime256v1 -nodes -days 2 -subj '/CN=",
                                    name, "' -keyout ", name, ".key -out ", name, ".pem"));
  }

  // <name>.pem and <name>.key, signed by <ca>, for a server (SAN
  // localhost) or a client (CN = subject).
  bool MakeCertificate(const std::string& ca, const std::string& name, const std::string& subject,
                       bool server) {
    const std::string extensions =
        server ? "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
               : "extendedKeyUsage=clientAuth\n";
    return RunIn(dir_, absl::StrCat("printf '", extensions, "' > ", name, ".ext")) &&
           RunIn(dir_, absl::StrCat("openssl req -newkey ec -pkeyopt "
                                    "ec_paramgen_curve:prime256v1 -nodes -subj '/CN=",
                                    subject, "' -keyout ", name, ".key -out ", name, ".csr")) &&
           RunIn(dir_, absl::StrCat("openssl x509 -req -in ", name, ".csr -CA ", ca, ".pem -CAkey ",
                                    ca, ".key -CAcreateserial -days 2 -out ", name,
                                    ".pem -extfile ", name, ".ext"));
  }

  std::string Path(const std::string& file) const { return absl::StrCat(dir_, "/", file); }

 private:
  std::string dir_;
};

const Principal kSystem{.credential = "certificateBindings/dong-nai-system",
                        .agency = "agencies/dong-nai-ubnd",
                        .role = Role::kAgency,
                        .unit = "units/75"};
const Principal kKey{.credential = "agencies/dong-nai-ubnd/apiKeys/k1",
                     .agency = "agencies/dong-nai-ubnd",
                     .role = Role::kAgency};

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/interplan-tls-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = new std::string(pattern);
    Certificates certs(*dir_);
    made_ = certs.MakeCa("ca") && certs.MakeCa("other-ca") &&
            certs.MakeCertificate("ca", "server", "localhost", /*server=*/true) &&
            certs.MakeCertificate("ca", "client", "dong-nai-system", /*server=*/false) &&
            certs.MakeCertificate("other-ca", "intruder", "dong-nai-system", /*server=*/false);
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }

  void SetUp() override { ASSERT_TRUE(made_) << "openssl failed; see " << *dir_ << "/openssl.log"; }

  static std::string File(const std::string& name) { return absl::StrCat(*dir_, "/", name); }

  // A server with TLS on and client certificates verified (and required
  // when `require`).
  std::unique_ptr<AuthTestServer> StartServer(bool require) {
    ServerConfig config = TestServerConfig();
    config.tls_cert_file = File("server.pem");
    config.tls_key_file = File("server.key");
    config.tls_client_ca_file = File("ca.pem");
    config.tls_require_client_cert = require;
    auto server = std::make_unique<AuthTestServer>(config);
    server->authenticator().AddSubject("dong-nai-system", kSystem);
    server->authenticator().AddKey("key-secret", kKey);
    absl::Status started = server->Start();
    EXPECT_TRUE(started.ok()) << started;
    return server;
  }

  // A TLS channel trusting `ca`, presenting `client` (a name, or "" for
  // no certificate).
  std::shared_ptr<grpc::Channel> TlsChannel(const AuthTestServer& server, const std::string& ca,
                                            const std::string& client) {
    ClientTlsFiles files{.ca_file = File(ca + ".pem"), .server_name = "localhost"};
    if (!client.empty()) {
      files.cert_file = File(client + ".pem");
      files.key_file = File(client + ".key");
    }
    absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
        ChannelCredentialsFrom(files);
    EXPECT_TRUE(credentials.ok()) << credentials.status();
    grpc::ChannelArguments args;
    args.SetSslTargetNameOverride(files.server_name);
    return grpc::CreateCustomChannel(server.address(), *credentials, args);
  }

  static absl::StatusOr<Caller> Call(const std::shared_ptr<grpc::Channel>& channel,
                                     const std::string& key = "") {
    grpc::ClientContext context;
    if (!key.empty()) context.AddMetadata("authorization", absl::StrCat("Bearer ", key));
    return CallWhoAmI(channel, context);
  }

  static std::string* dir_;
  static bool made_;
};

std::string* TlsTest::dir_ = nullptr;
bool TlsTest::made_ = false;

TEST_F(TlsTest, AClientTrustingTheCaCallsWithAKey) {
  std::unique_ptr<AuthTestServer> server = StartServer(/*require=*/false);
  absl::StatusOr<Caller> caller = Call(TlsChannel(*server, "ca", ""), "key-secret");
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->credential, kKey.credential);
  // TLS alone is no credential.
  EXPECT_TRUE(absl::IsUnauthenticated(Call(TlsChannel(*server, "ca", "")).status()));
}

TEST_F(TlsTest, APlaintextClientIsRefused) {
  std::unique_ptr<AuthTestServer> server = StartServer(/*require=*/false);
  absl::StatusOr<Caller> caller = Call(
      grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials()), "key-secret");
  EXPECT_TRUE(absl::IsUnavailable(caller.status())) << caller.status();
}

TEST_F(TlsTest, AClientNotTrustingTheServersCaIsRefused) {
  std::unique_ptr<AuthTestServer> server = StartServer(/*require=*/false);
  absl::StatusOr<Caller> caller = Call(TlsChannel(*server, "other-ca", ""), "key-secret");
  EXPECT_TRUE(absl::IsUnavailable(caller.status())) << caller.status();
}

TEST_F(TlsTest, TheClientCertificatesCommonNameReachesTheGuard) {
  std::unique_ptr<AuthTestServer> server = StartServer(/*require=*/true);
  absl::StatusOr<Caller> caller = Call(TlsChannel(*server, "ca", "client"));
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->credential, kSystem.credential);
  bool asked_for_subject = false;
  for (const Credential& asked : server->authenticator().asked()) {
    if (asked.kind == Credential::Kind::kCertificateSubject && asked.value == "dong-nai-system") {
      asked_for_subject = true;
    }
  }
  EXPECT_TRUE(asked_for_subject);
}

TEST_F(TlsTest, ACertificateFromAnotherCaIsRefused) {
  for (bool require : {true, false}) {
    std::unique_ptr<AuthTestServer> server = StartServer(require);
    // Same common name, wrong issuer: the handshake fails, whatever key.
    absl::StatusOr<Caller> caller = Call(TlsChannel(*server, "ca", "intruder"), "key-secret");
    EXPECT_TRUE(absl::IsUnavailable(caller.status())) << require << ": " << caller.status();
  }
}

TEST_F(TlsTest, RequiredClientCertificatesRefuseClientsWithoutOne) {
  std::unique_ptr<AuthTestServer> server = StartServer(/*require=*/true);
  absl::StatusOr<Caller> caller = Call(TlsChannel(*server, "ca", ""), "key-secret");
  EXPECT_TRUE(absl::IsUnavailable(caller.status())) << caller.status();
}

TEST_F(TlsTest, OpenChannelHonoursTheTlsEnvironment) {
  std::unique_ptr<AuthTestServer> server = StartServer(/*require=*/false);
  setenv("INTERPLAN_TLS_CA_FILE", File("ca.pem").c_str(), 1);
  setenv("INTERPLAN_TLS_CERT_FILE", File("client.pem").c_str(), 1);
  setenv("INTERPLAN_TLS_KEY_FILE", File("client.key").c_str(), 1);
  setenv("INTERPLAN_TLS_SERVER_NAME", "localhost", 1);
  std::shared_ptr<grpc::Channel> channel = OpenChannel(server->address());
  unsetenv("INTERPLAN_TLS_CA_FILE");
  unsetenv("INTERPLAN_TLS_CERT_FILE");
  unsetenv("INTERPLAN_TLS_KEY_FILE");
  unsetenv("INTERPLAN_TLS_SERVER_NAME");
  absl::StatusOr<Caller> caller = Call(channel);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->credential, kSystem.credential);
}

TEST_F(TlsTest, HalfConfiguredTlsStopsStartUp) {
  ServerConfig config = TestServerConfig();
  config.tls_cert_file = File("server.pem");
  AuthTestServer server(config);
  EXPECT_TRUE(absl::IsInvalidArgument(server.Start()));
  EXPECT_FALSE(ChannelCredentialsFrom({.ca_file = File("missing.pem")}).ok());
  EXPECT_FALSE(ChannelCredentialsFrom({.cert_file = File("client.pem")}).ok());
}

}  // namespace
}  // namespace interplan::auth
