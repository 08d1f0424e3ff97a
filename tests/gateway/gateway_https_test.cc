// The gateway's HTTP face over TLS, through the real binaries with
// authentication on: every service of the secured suite started with
// --tls_cert_file and --tls_key_file (one certificate made by openssl for
// localhost and 127.0.0.1, the flags that secure gRPC), the suite's
// clients trusting its CA (INTERPLAN_TLS_CA_FILE). The gateway's HTTP port
// then speaks HTTPS only: the national overview answers over TLS with the
// ministry's key; a plain-HTTP request to that port is refused (400 in
// plain text, nothing of the overview, the key never checked); and over
// TLS a request without a key, or with one that is not a key, is 401.
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/http_get.h"
#include "tests/support/https_get.h"
#include "tests/support/secured_suite.h"
#include "tests/support/test_certificates.h"

namespace interplan {
namespace {

using ::testing::HasSubstr;
using testing::HttpResult;
using ::testing::Not;
using testing::SecuredSuite;
using testing::TestCertificates;

constexpr char kNational[] = "/v1/overview/national?year=2022";

class GatewayHttpsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/interplan-gateway-https-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = new std::string(pattern);
    absl::StatusOr<TestCertificates> certs = TestCertificates::Make(*dir_);
    ASSERT_TRUE(certs.ok()) << certs.status();
    certs_ = new TestCertificates(*certs);
    // Every client of the suite -- this test's, the services calling each
    // other, the `interplan` client -- trusts the CA (the servers' names
    // checked as localhost); the processes started inherit it.
    setenv("INTERPLAN_TLS_CA_FILE", certs_->Pem("ca").c_str(), 1);
    setenv("INTERPLAN_TLS_SERVER_NAME", "localhost", 1);
    absl::StatusOr<std::unique_ptr<SecuredSuite>> suite = SecuredSuite::Start(
        {.gateway = true,
         .extra_args = {absl::StrCat("--tls_cert_file=", certs_->Pem("server")),
                        absl::StrCat("--tls_key_file=", certs_->Key("server"))}});
    ASSERT_TRUE(suite.ok()) << suite.status();
    suite_ = suite->release();
    absl::Status pushed = suite_->PushSeedPlans();
    ASSERT_TRUE(pushed.ok()) << pushed;
  }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
    unsetenv("INTERPLAN_TLS_CA_FILE");
    unsetenv("INTERPLAN_TLS_SERVER_NAME");
    std::filesystem::remove_all(*dir_);
    delete certs_;
    delete dir_;
  }
  void SetUp() override { ASSERT_NE(suite_, nullptr); }

  static testing::HttpsClientTls ClientTls() { return {.ca_file = certs_->Pem("ca")}; }

  static std::string MinistryAuthorization() {
    absl::StatusOr<std::string> key = suite_->KeyFor("moha");
    EXPECT_TRUE(key.ok()) << key.status();
    return absl::StrCat("Bearer ", key.ok() ? *key : "");
  }

  static std::string* dir_;
  static TestCertificates* certs_;
  static SecuredSuite* suite_;
};

std::string* GatewayHttpsTest::dir_ = nullptr;
TestCertificates* GatewayHttpsTest::certs_ = nullptr;
SecuredSuite* GatewayHttpsTest::suite_ = nullptr;

TEST_F(GatewayHttpsTest, TheNationalOverviewAnswersOverTlsWithTheMinistrysKey) {
  HttpResult result = testing::HttpsGet(suite_->gateway_http_port(), kNational, ClientTls(),
                                        {{"Authorization", MinistryAuthorization()}});
  ASSERT_EQ(result.status, 200) << result.error << result.body;
  EXPECT_THAT(result.content_type, HasSubstr("application/json"));
  // The seed plans' provinces are in it (Quảng Ngãi's plan is of 2022).
  EXPECT_THAT(result.body, HasSubstr("Quảng Ngãi"));
}

TEST_F(GatewayHttpsTest, APlainHttpRequestToTheTlsPortIsRefused) {
  HttpResult plain = testing::HttpGet(suite_->gateway_http_port(), kNational,
                                      {{"Authorization", MinistryAuthorization()}});
  EXPECT_EQ(plain.status, 400) << plain.error << plain.body;
  EXPECT_THAT(plain.body, HasSubstr("HTTPS only"));
  EXPECT_THAT(plain.body, Not(HasSubstr("Quảng Ngãi")));
  // The port still serves TLS clients.
  HttpResult after = testing::HttpsGet(suite_->gateway_http_port(), kNational, ClientTls(),
                                       {{"Authorization", MinistryAuthorization()}});
  EXPECT_EQ(after.status, 200) << after.error << after.body;
}

TEST_F(GatewayHttpsTest, WithoutAKeyOverTlsIs401) {
  HttpResult anonymous = testing::HttpsGet(suite_->gateway_http_port(), kNational, ClientTls());
  EXPECT_EQ(anonymous.status, 401) << anonymous.error << anonymous.body;
  HttpResult bogus = testing::HttpsGet(suite_->gateway_http_port(), kNational, ClientTls(),
                                       {{"Authorization", "Bearer ipk_not_a_key"}});
  EXPECT_EQ(bogus.status, 401) << bogus.error << bogus.body;
  EXPECT_THAT(anonymous.body, Not(HasSubstr("Quảng Ngãi")));
}

}  // namespace
}  // namespace interplan
