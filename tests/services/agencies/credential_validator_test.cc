// The pure checks of credential_validator.h, without a database: key
// names, and the create and revoke requests of API keys and certificate
// bindings.
#include "services/agencies/credential_validator.h"

#include <string>

#include "absl/time/time.h"
#include "common/time/timestamp.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/agencies/agencies_test_support.h"

namespace interplan::agencies {
namespace {

using test::FieldsOf;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

const absl::Time kNow = absl::FromUnixSeconds(1767225600);  // 2026-01-01

TEST(CredentialValidatorTest, KeyNamesWithOrWithoutAnAgency) {
  EXPECT_EQ(ParseApiKeyName("agencies/so-ldtbxh/apiKeys/k1").value_or(""), "k1");
  EXPECT_EQ(ParseApiKeyName("apiKeys/k2").value_or(""), "k2");
  EXPECT_THAT(FieldsOf(ParseApiKeyName("keys/k3").status()), ElementsAre("name"));
  EXPECT_THAT(FieldsOf(ParseApiKeyName("agencies//apiKeys/k4").status()), ElementsAre("name"));
}

TEST(CredentialValidatorTest, OptionalAgencyIdIsEmptyWhenAbsentOrMalformed) {
  FieldViolations violations;
  EXPECT_EQ(OptionalAgencyId("", "agency", violations), "");
  EXPECT_TRUE(violations.empty());
  EXPECT_EQ(OptionalAgencyId("agencies/a1", "agency", violations), "a1");
  EXPECT_TRUE(violations.empty());
  EXPECT_EQ(OptionalAgencyId("units/75", "agency", violations), "");
  EXPECT_THAT(FieldsOf(violations.ToStatus()), ElementsAre("agency"));
}

TEST(CredentialValidatorTest, ACreatedKeyComesBackChecked) {
  v1::CreateApiKeyRequest request;
  request.set_agency("agencies/so-ldtbxh");
  request.set_role(v1::ROLE_AGENCY);
  request.set_display_name("  Cổng dữ liệu ");
  *request.mutable_expire_time() = time::ToTimestamp(kNow + absl::Hours(24));
  absl::StatusOr<CheckedApiKey> checked = ValidateCreateApiKey(request, kNow);
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->agency_id, "so-ldtbxh");
  EXPECT_EQ(checked->display_name, "Cổng dữ liệu");
  EXPECT_EQ(checked->expire_time, kNow + absl::Hours(24));
}

TEST(CredentialValidatorTest, EachBadFieldOfACreatedKeyIsNamed) {
  v1::CreateApiKeyRequest request;
  request.set_agency("units/75");
  request.set_role(static_cast<v1::Role>(99));
  request.set_display_name(std::string(201, 'k'));
  *request.mutable_expire_time() = time::ToTimestamp(kNow);
  EXPECT_THAT(FieldsOf(ValidateCreateApiKey(request, kNow).status()),
              UnorderedElementsAre("agency", "role", "display_name", "expire_time"));
  request.Clear();
  request.mutable_expire_time()->set_nanos(-1);
  EXPECT_THAT(FieldsOf(ValidateCreateApiKey(request, kNow).status()), ElementsAre("expire_time"));
}

TEST(CredentialValidatorTest, RevokeNamesAKey) {
  v1::RevokeApiKeyRequest request;
  request.set_name("apiKeys/k1");
  EXPECT_EQ(ValidateRevokeApiKey(request).value_or(""), "k1");
  request.set_name("k1");
  EXPECT_THAT(FieldsOf(ValidateRevokeApiKey(request).status()), ElementsAre("name"));
}

TEST(CredentialValidatorTest, ABindingNeedsASubjectOfAtMost256Bytes) {
  v1::CreateCertificateBindingRequest request;
  request.mutable_binding()->set_agency("agencies/a1");
  request.mutable_binding()->set_role(v1::ROLE_AGENCY);
  EXPECT_THAT(FieldsOf(ValidateCreateCertificateBinding(request).status()),
              ElementsAre("binding.subject"));
  request.mutable_binding()->set_subject(std::string(257, 's'));
  EXPECT_THAT(FieldsOf(ValidateCreateCertificateBinding(request).status()),
              ElementsAre("binding.subject"));
  request.mutable_binding()->set_subject(" gateway.interplan ");
  absl::StatusOr<CheckedBinding> checked = ValidateCreateCertificateBinding(request);
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->subject, "gateway.interplan");
  EXPECT_EQ(checked->agency_id, "a1");
}

}  // namespace
}  // namespace interplan::agencies
