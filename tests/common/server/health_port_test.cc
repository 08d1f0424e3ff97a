// The health-only port (--health_port) of a real service binary whose own
// port speaks TLS (a certificate made by openssl): a plaintext client gets
// grpc.health.v1 answers there -- SERVING once started, NOT_SERVING while
// draining -- and nothing else: the service's methods and server
// reflection are UNIMPLEMENTED on it, while the TLS port refuses plaintext
// and serves those methods to a TLS client.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/auth/tls_files.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/raw_call.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_certificates.h"

namespace interplan {
namespace {

using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using testing::TestCertificates;

constexpr char kListUnits[] = "/interplan.agencies.v1.UnitService/ListUnits";

// Check(`service`) on `channel`: the status, or the call's error code.
std::string Check(const std::shared_ptr<grpc::Channel>& channel, const std::string& service = "") {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(2)));
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) return absl::StrCat("error ", status.error_code());
  return HealthCheckResponse::ServingStatus_Name(response.status());
}

std::shared_ptr<grpc::Channel> Plaintext(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

class HealthPortTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/interplan-health-port-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    absl::StatusOr<TestCertificates> certs = TestCertificates::Make(dir_);
    ASSERT_TRUE(certs.ok()) << certs.status();
    certs_ = std::make_unique<TestCertificates>(*certs);
    absl::StatusOr<int> port = testing::PickUnusedPort();
    ASSERT_TRUE(port.ok()) << port.status();
    health_address_ = absl::StrCat("127.0.0.1:", *port);
    // The start-up probe of ServiceProcess dials the TLS port.
    setenv("INTERPLAN_TLS_CA_FILE", certs_->Pem("ca").c_str(), 1);
    setenv("INTERPLAN_TLS_SERVER_NAME", "localhost", 1);
    absl::StatusOr<std::unique_ptr<testing::ServiceProcess>> agencies =
        testing::ServiceProcess::Start(
            {.service = "agencies",
             .extra_args = {absl::StrCat("--tls_cert_file=", certs_->Pem("server")),
                            absl::StrCat("--tls_key_file=", certs_->Key("server")),
                            absl::StrCat("--health_port=", *port),
                            // Holds a ListUnits call in flight through the drain below.
                            absl::StrCat("--fault_delay_method=", kListUnits),
                            "--fault_delay=3s"}});
    unsetenv("INTERPLAN_TLS_CA_FILE");
    unsetenv("INTERPLAN_TLS_SERVER_NAME");
    ASSERT_TRUE(agencies.ok()) << agencies.status();
    agencies_ = std::move(*agencies);
  }
  void TearDown() override {
    agencies_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::shared_ptr<grpc::Channel> TlsChannel() {
    auth::ClientTlsFiles files{.ca_file = certs_->Pem("ca"), .server_name = "localhost"};
    absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
        auth::ChannelCredentialsFrom(files);
    EXPECT_TRUE(credentials.ok()) << credentials.status();
    grpc::ChannelArguments args;
    args.SetSslTargetNameOverride("localhost");
    return grpc::CreateCustomChannel(agencies_->address(), *credentials, args);
  }

  std::string dir_;
  std::unique_ptr<TestCertificates> certs_;
  std::string health_address_;
  std::unique_ptr<testing::ServiceProcess> agencies_;
};

TEST_F(HealthPortTest, AnswersHealthInPlaintextAndNothingElse) {
  std::shared_ptr<grpc::Channel> health = Plaintext(health_address_);
  EXPECT_EQ(Check(health), "SERVING");
  EXPECT_EQ(Check(health, "interplan.agencies.v1.UnitService"), "SERVING");
  EXPECT_EQ(Check(health, "no.such.Service"), absl::StrCat("error ", grpc::StatusCode::NOT_FOUND));

  // Nothing else is served there: not the service's methods, not reflection.
  for (const char* method : {kListUnits, "/interplan.agencies.v1.CredentialService/Authenticate",
                             "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                             "/interplan.audit.v1.AuditService/ListAuditEvents"}) {
    grpc::Status status = testing::CallRaw(health, method, "", {.timeout = absl::Seconds(5)});
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED)
        << method << ": " << status.error_message();
  }

  // The service's own port speaks TLS only, and serves its methods there.
  EXPECT_EQ(Check(Plaintext(agencies_->address())),
            absl::StrCat("error ", grpc::StatusCode::UNAVAILABLE));
  std::shared_ptr<grpc::Channel> tls = TlsChannel();
  EXPECT_EQ(Check(tls), "SERVING");
  grpc::Status listed = testing::CallRaw(tls, kListUnits, "", {.timeout = absl::Seconds(10)});
  EXPECT_TRUE(listed.ok()) << listed.error_message();
}

TEST_F(HealthPortTest, SaysNotServingWhileDrainingThenCloses) {
  std::shared_ptr<grpc::Channel> health = Plaintext(health_address_);
  ASSERT_EQ(Check(health), "SERVING");
  // A call held in flight for 3 s (--fault_delay), then SIGTERM.
  std::shared_ptr<grpc::Channel> tls = TlsChannel();
  grpc::Status in_flight;
  std::thread call(
      [&] { in_flight = testing::CallRaw(tls, kListUnits, "", {.timeout = absl::Seconds(20)}); });
  absl::SleepFor(absl::Milliseconds(500));
  ASSERT_EQ(kill(agencies_->process().pid(), SIGTERM), 0);
  std::string draining;
  const absl::Time deadline = absl::Now() + absl::Seconds(2);
  while (absl::Now() < deadline && (draining = Check(health)) == "SERVING") {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(draining, "NOT_SERVING");
  call.join();
  EXPECT_TRUE(in_flight.ok()) << in_flight.error_message();  // drained, not cut
  absl::StatusOr<int> exit_code = agencies_->Stop();
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0);
  EXPECT_EQ(Check(Plaintext(health_address_)),
            absl::StrCat("error ", grpc::StatusCode::UNAVAILABLE));
}

}  // namespace
}  // namespace interplan
