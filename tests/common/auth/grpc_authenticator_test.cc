// Tests of GrpcAuthenticator's error mapping that need no agencies server:
// an agencies that cannot be reached is UNAVAILABLE (a retry may succeed),
// never UNAUTHENTICATED (which would tell the client its key is bad).
// Its answers from a real interplan-agencies are covered by the agencies
// integration test.
#include "common/auth/grpc_authenticator.h"

#include "absl/status/status.h"
#include "common/client/service_address.h"
#include "common/errors/errors.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace interplan::auth {
namespace {

TEST(GrpcAuthenticatorTest, UnreachableAgenciesIsUnavailableWithRetryInfo) {
  // Port 1 on loopback: nothing listens, connections are refused at once.
  GrpcAuthenticator authenticator(OpenChannel("127.0.0.1:1"),
                                  {.service_key = "svc", .timeout = absl::Seconds(1)});
  absl::StatusOr<Principal> principal =
      authenticator.Authenticate({Credential::Kind::kApiKey, "some-key"});
  EXPECT_TRUE(absl::IsUnavailable(principal.status())) << principal.status();
  google::rpc::RetryInfo retry;
  EXPECT_TRUE(GetRetryInfo(principal.status(), &retry));
}

}  // namespace
}  // namespace interplan::auth
