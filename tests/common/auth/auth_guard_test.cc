// Tests of the AuthGuard as a service runs it: a real in-process
// ServiceServer with --auth=on, a fake Authenticator behind the real cache
// and rate limiter, and real gRPC clients.
#include "common/auth/auth_guard.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <chrono>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "common/auth/forward_caller.h"
#include "common/auth/outgoing_credentials.h"
#include "common/client/service_address.h"
#include "common/config/flags.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"
#include "google/rpc/error_details.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/common/auth/auth_test_server.h"

namespace interplan::auth {
namespace {

namespace v1 = ::interplan::agencies::v1;

const Principal kDongNai{.credential = "agencies/dong-nai-ubnd/apiKeys/k1",
                         .agency = "agencies/dong-nai-ubnd",
                         .role = Role::kAgency,
                         .unit = "units/75"};
const Principal kGateway{.credential = "serviceKeys/gateway", .role = Role::kService};
const Principal kOperator{.credential = "apiKeys/operator", .role = Role::kOperator};

std::string ReasonOf(const absl::Status& status) {
  google::rpc::ErrorInfo info;
  return GetErrorInfo(status, &info) ? info.reason() : "";
}

class AuthGuardTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(TestServerConfig()); }

  void StartServer(ServerConfig config) {
    server_ = std::make_unique<AuthTestServer>(std::move(config));
    server_->authenticator().AddKey("dong-nai-secret", kDongNai);
    server_->authenticator().AddKey("gateway-secret", kGateway);
    server_->authenticator().AddKey("operator-secret", kOperator);
    ASSERT_TRUE(server_->Start().ok());
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  }

  absl::StatusOr<Caller> CallWith(const std::string& authorization) {
    grpc::ClientContext context;
    if (!authorization.empty()) context.AddMetadata("authorization", authorization);
    return CallWhoAmI(channel_, context);
  }

  std::unique_ptr<AuthTestServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(AuthGuardTest, NoCredentialIsUnauthenticated) {
  absl::StatusOr<Caller> caller = CallWith("");
  EXPECT_TRUE(absl::IsUnauthenticated(caller.status())) << caller.status();
  EXPECT_EQ(ReasonOf(caller.status()), "CREDENTIAL_MISSING");
  EXPECT_TRUE(server_->authenticator().asked().empty());
}

TEST_F(AuthGuardTest, MalformedAuthorizationIsUnauthenticated) {
  for (const char* header : {"Basic dong-nai-secret", "Bearer", "Bearer  ", "Bearer a b"}) {
    absl::StatusOr<Caller> caller = CallWith(header);
    EXPECT_TRUE(absl::IsUnauthenticated(caller.status())) << header << ": " << caller.status();
    EXPECT_EQ(ReasonOf(caller.status()), "CREDENTIAL_MALFORMED") << header;
  }
  EXPECT_TRUE(server_->authenticator().asked().empty());
}

TEST_F(AuthGuardTest, UnknownKeyIsUnauthenticated) {
  absl::StatusOr<Caller> caller = CallWith("Bearer not-a-key");
  EXPECT_TRUE(absl::IsUnauthenticated(caller.status())) << caller.status();
  EXPECT_EQ(ReasonOf(caller.status()), "CREDENTIAL_REFUSED");
}

TEST_F(AuthGuardTest, GoodKeyReachesTheHandlerAsItsPrincipal) {
  absl::StatusOr<Caller> caller = CallWith("Bearer dong-nai-secret");
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->credential, "agencies/dong-nai-ubnd/apiKeys/k1");
  EXPECT_EQ(caller->via, "");
  // The scheme is case-insensitive.
  EXPECT_TRUE(CallWith("bearer dong-nai-secret").ok());
}

TEST_F(AuthGuardTest, RepeatedCallsAreAuthenticatedOnceThroughTheCache) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(CallWith("Bearer dong-nai-secret").ok());
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(CallWith("Bearer bad").ok());
  EXPECT_EQ(server_->authenticator().asked().size(), 2u);
}

TEST_F(AuthGuardTest, HealthNeedsNoCredentialButAuthenticateDoes) {
  grpc::ClientContext health_context;
  grpc::health::v1::HealthCheckResponse health;
  grpc::Status status = grpc::health::v1::Health::NewStub(channel_)->Check(
      &health_context, grpc::health::v1::HealthCheckRequest(), &health);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(health.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  grpc::ClientContext context;
  v1::Principal principal;
  status = v1::CredentialService::NewStub(channel_)->Authenticate(
      &context, v1::AuthenticateRequest(), &principal);
  // Authenticate is not exempt: anyone could otherwise probe keys.
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
}

TEST_F(AuthGuardTest, ExemptPatterns) {
  AuthGuard guard(nullptr, nullptr);
  EXPECT_TRUE(guard.IsExempt("/grpc.health.v1.Health/Check"));
  EXPECT_TRUE(guard.IsExempt("/grpc.health.v1.Health/Watch"));
  EXPECT_FALSE(guard.IsExempt("/interplan.agencies.v1.CredentialService/Authenticate"));
  EXPECT_FALSE(guard.IsExempt("/interplan.agencies.v1.CredentialService/CreateApiKey"));
  EXPECT_FALSE(guard.IsExempt("/grpc.health.v1.HealthX/Check"));
  EXPECT_TRUE(guard.IsNeverRelayed("/interplan.agencies.v1.CredentialService/CreateApiKey"));
  EXPECT_FALSE(guard.IsNeverRelayed("/interplan.agencies.v1.UnitService/GetUnit"));
}

TEST_F(AuthGuardTest, OpenChannelSendsTheOutgoingKey) {
  SetOutgoingApiKey("dong-nai-secret");
  grpc::ClientContext context;
  absl::StatusOr<Caller> caller = CallWhoAmI(OpenChannel(server_->address()), context);
  SetOutgoingApiKey("");
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->credential, "agencies/dong-nai-ubnd/apiKeys/k1");
}

// The principal of a caller who presented `key` to a relaying service.
Principal PresentedWith(Principal principal, std::string key) {
  principal.presented_api_key = std::move(key);
  return principal;
}

TEST_F(AuthGuardTest, AServiceRelaysItsCallersOwnKey) {
  CallContext incoming;
  incoming.principal = PresentedWith(kDongNai, "dong-nai-secret");
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer gateway-secret");
  ForwardCaller(incoming, &context);
  absl::StatusOr<Caller> caller = CallWhoAmI(channel_, context);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->credential, "agencies/dong-nai-ubnd/apiKeys/k1");
  EXPECT_EQ(caller->via, "serviceKeys/gateway");
}

TEST_F(AuthGuardTest, ARelayedKeyIsAuthenticatedNotBelieved) {
  // What the relaying service says of the principal counts for nothing:
  // only the key it forwards, and that key is refused.
  CallContext incoming;
  incoming.principal = PresentedWith(
      Principal{.credential = "operators/root", .role = Role::kOperator}, "made-up-key");
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer gateway-secret");
  ForwardCaller(incoming, &context);
  absl::StatusOr<Caller> caller = CallWhoAmI(channel_, context);
  EXPECT_TRUE(absl::IsUnauthenticated(caller.status())) << caller.status();
  EXPECT_EQ(ReasonOf(caller.status()), "CREDENTIAL_REFUSED");
}

TEST_F(AuthGuardTest, ASelfWrittenPrincipalIsRefusedEvenFromAService) {
  v1::Principal forged;
  forged.set_credential("operators/root");
  forged.set_role(v1::ROLE_OPERATOR);
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer gateway-secret");
  context.AddMetadata(kOnBehalfOfHeader, forged.SerializeAsString());
  absl::StatusOr<Caller> caller = CallWhoAmI(channel_, context);
  EXPECT_TRUE(absl::IsPermissionDenied(caller.status())) << caller.status();
  EXPECT_EQ(ReasonOf(caller.status()), "ON_BEHALF_OF_NOT_PROVEN");
}

TEST_F(AuthGuardTest, OnlyAServiceMayCallOnAnothersBehalf) {
  CallContext incoming;
  incoming.principal = PresentedWith(kGateway, "gateway-secret");
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer dong-nai-secret");
  ForwardCaller(incoming, &context);
  absl::StatusOr<Caller> caller = CallWhoAmI(channel_, context);
  EXPECT_TRUE(absl::IsPermissionDenied(caller.status())) << caller.status();
  EXPECT_EQ(ReasonOf(caller.status()), "ON_BEHALF_OF_NOT_ALLOWED");
}

TEST_F(AuthGuardTest, ACertificateCallerIsNotRelayed) {
  CallContext incoming;
  incoming.principal = kDongNai;  // known by a certificate: no key
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer gateway-secret");
  ForwardCaller(incoming, &context);
  absl::StatusOr<Caller> caller = CallWhoAmI(channel_, context);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->credential, "serviceKeys/gateway");
  EXPECT_EQ(caller->via, "");
}

TEST_F(AuthGuardTest, OverTheRateLimitIsResourceExhaustedWithRetryInfo) {
  ServerConfig config = TestServerConfig();
  config.rate_limit_per_second = 1;
  config.rate_limit_burst = 2;
  StartServer(config);
  ASSERT_TRUE(CallWith("Bearer dong-nai-secret").ok());
  ASSERT_TRUE(CallWith("Bearer dong-nai-secret").ok());
  absl::StatusOr<Caller> third = CallWith("Bearer dong-nai-secret");
  EXPECT_TRUE(absl::IsResourceExhausted(third.status())) << third.status();
  google::rpc::RetryInfo retry;
  ASSERT_TRUE(GetRetryInfo(third.status(), &retry));
  EXPECT_GT(retry.retry_delay().seconds() * 1000 + retry.retry_delay().nanos() / 1000000, 0);
  EXPECT_LE(retry.retry_delay().seconds(), 1);
  // A service calling for itself is not limited, nor is an operator.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(CallWith("Bearer gateway-secret").ok()) << i;
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(CallWith("Bearer operator-secret").ok()) << i;
}

TEST_F(AuthGuardTest, OverTheRateLimitTheTrailersSayWhenToRetry) {
  ServerConfig config = TestServerConfig();
  config.rate_limit_per_second = 1;
  config.rate_limit_burst = 1;
  StartServer(config);
  ASSERT_TRUE(CallWith("Bearer dong-nai-secret").ok());
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer dong-nai-secret");
  absl::StatusOr<Caller> refused = CallWhoAmI(channel_, context);
  ASSERT_TRUE(absl::IsResourceExhausted(refused.status())) << refused.status();
  // gRPC's retry policy honours this trailer (and no RetryInfo detail).
  const auto& trailers = context.GetServerTrailingMetadata();
  auto pushback = trailers.find(kRetryPushbackMetadata);
  ASSERT_NE(pushback, trailers.end());
  int millis = 0;
  ASSERT_TRUE(
      absl::SimpleAtoi(std::string(pushback->second.data(), pushback->second.size()), &millis));
  EXPECT_GT(millis, 0);
  EXPECT_LE(millis, 1000);
  // No response headers before the trailers (a Trailers-Only response):
  // gRPC retries only a call whose server has not answered headers.
  EXPECT_TRUE(context.GetServerInitialMetadata().empty());
}

TEST_F(AuthGuardTest, ACallOverTheRateLimitThroughOpenChannelWaitsAndSucceeds) {
  ServerConfig config = TestServerConfig();
  config.rate_limit_per_second = 1;
  config.rate_limit_burst = 1;
  StartServer(config);
  ASSERT_TRUE(CallWith("Bearer dong-nai-secret").ok());
  // The budget is spent for about a second: the suite's channel retries
  // after the server's pushback, within the call's deadline.
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer dong-nai-secret");
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  const absl::Time start = absl::Now();
  absl::StatusOr<Caller> caller = CallWhoAmI(OpenChannel(server_->address()), context);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->credential, kDongNai.credential);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(500));
}

TEST_F(AuthGuardTest, NoRetryWaitsPastTheCallsDeadline) {
  ServerConfig config = TestServerConfig();
  config.rate_limit_per_second = 1;
  config.rate_limit_burst = 1;
  StartServer(config);
  ASSERT_TRUE(CallWith("Bearer dong-nai-secret").ok());
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer dong-nai-secret");
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(200));
  const absl::Time start = absl::Now();
  absl::StatusOr<Caller> caller = CallWhoAmI(OpenChannel(server_->address()), context);
  // The wait (about 1 s) would end past the deadline: the server says not
  // to retry (grpc-retry-pushback-ms: -1), and the caller hears the
  // refusal at once rather than DEADLINE_EXCEEDED later.
  EXPECT_TRUE(absl::IsResourceExhausted(caller.status())) << caller.status();
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(180));
  const auto& trailers = context.GetServerTrailingMetadata();
  auto pushback = trailers.find(kRetryPushbackMetadata);
  ASSERT_NE(pushback, trailers.end());
  EXPECT_EQ(std::string(pushback->second.data(), pushback->second.size()), "-1");
}

TEST(AuthFlagsTest, ParsesTheAuthAndTlsFlags) {
  ServerConfig config = DefaultServerConfig("plans", 50052);
  Flags flags("test");
  AddServerFlags(flags, &config);
  ASSERT_TRUE(flags
                  .Parse({"--auth=on", "--credential_cache_ttl=10s", "--rate_limit_per_second=5",
                          "--rate_limit_burst=7", "--tls_cert_file=s.pem", "--tls_key_file=s.key",
                          "--tls_client_ca_file=ca.pem", "--tls_require_client_cert"},
                         [](absl::string_view) { return std::nullopt; })
                  .ok());
  EXPECT_TRUE(config.auth_enabled());
  EXPECT_EQ(config.credential_cache_ttl, absl::Seconds(10));
  EXPECT_EQ(config.rate_limit_per_second, 5);
  EXPECT_EQ(config.rate_limit_burst, 7);
  EXPECT_EQ(config.tls_client_ca_file, "ca.pem");
  EXPECT_TRUE(config.tls_require_client_cert);

  ServerConfig defaults = DefaultServerConfig("plans", 50052);
  Flags bad("test");
  AddServerFlags(bad, &defaults);
  EXPECT_TRUE(defaults.auth_enabled()) << "authentication is on unless turned off";
  EXPECT_FALSE(bad.Parse({"--auth=maybe"}, [](absl::string_view) { return std::nullopt; }).ok());
}

}  // namespace
}  // namespace interplan::auth
