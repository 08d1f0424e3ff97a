// The credential registry on the synthetic merger's units, on SQLite and
// PostgreSQL: API keys shown once and stored only as a salted hash,
// Authenticate refusing every bad credential, role defaults decided from
// the agency, request_id retries returning the same secret without the
// secret in the request log, validation naming each field and writing
// nothing, rotation, revocation and certificate bindings.
#include "services/agencies/credential_registry.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/errors/errors.h"
#include "common/time/date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/agencies/agency_registry.h"
#include "services/agencies/api_key_secret.h"
#include "services/agencies/bootstrap_key.h"
#include "services/agencies/secret_box.h"
#include "services/agencies/secret_file.h"
#include "services/agencies/unit_importer.h"
#include "services/agencies/unit_registry.h"
#include "tests/services/agencies/agencies_test_support.h"
#include "tests/support/database_fixture.h"

namespace interplan::agencies {
namespace {

using test::CountRows;
using test::Day;
using test::FieldsOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

absl::Time VietnamTime(int y, int m, int d, int hh = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, 0, 0), time::VietnamTimeZone());
}

google::protobuf::Timestamp Timestamp(absl::Time t) {
  google::protobuf::Timestamp out;
  out.set_seconds(absl::ToUnixSeconds(t));
  return out;
}

class CredentialRegistryTest : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void SetUp() override {
    db_ = test::OpenMigratedDatabase(GetParam());
    ASSERT_NE(db_, nullptr);
    absl::StatusOr<v1::ImportUnitsResponse> imported =
        UnitImporter(*db_).Import(test::MergerRequest());
    ASSERT_TRUE(imported.ok()) << imported.status();
    units_ = std::make_unique<UnitRegistry>(*db_, [this] { return time::TodayAt(now_); });
    agencies_ = std::make_unique<AgencyRegistry>(*db_, *units_);
    absl::StatusOr<SecretBox> box = SecretBox::Create(std::string(32, 'k'));
    ASSERT_TRUE(box.ok());
    CredentialRegistry::Options options;
    options.now = [this] { return now_; };
    registry_ = std::make_unique<CredentialRegistry>(*db_, *units_, *box, options);

    AddAgency("molisa", "Bộ Lao động - Thương binh và Xã hội", "Bộ LĐTBXH",
              v1::AGENCY_KIND_MINISTRY);
    AddAgency("dn-so-ldtbxh", "Sở Lao động - Thương binh và Xã hội tỉnh Đồng Nai",
              "Sở LĐTBXH Đồng Nai", v1::AGENCY_KIND_DEPARTMENT, "units/75");
    AddAgency("dn-so-noi-vu", "Sở Nội vụ tỉnh Đồng Nai", "", v1::AGENCY_KIND_DEPARTMENT,
              "units/75");
    AddAgency("dn-so-y-te", "Sở Y tế tỉnh Đồng Nai", "", v1::AGENCY_KIND_DEPARTMENT, "units/75");
    AddAgency("dn-bvstbpn", "Ban Vì sự tiến bộ của phụ nữ tỉnh Đồng Nai", "",
              v1::AGENCY_KIND_WOMEN_ADVANCEMENT_COMMITTEE, "units/75");
    // A district's Labour office: Labour by name, but not province level.
    AddAgency("bien-hoa-phong-ldtbxh", "Phòng Lao động - Thương binh và Xã hội thành phố Biên Hòa",
              "", v1::AGENCY_KIND_DISTRICT_OFFICE, "units/731", /*valid_to_2025_06_30=*/true);
  }

  void AddAgency(const std::string& id, const std::string& display_name,
                 const std::string& short_name, v1::AgencyKind kind, const std::string& unit = "",
                 bool ends_before_merger = false) {
    v1::CreateAgencyRequest request;
    request.set_agency_id(id);
    request.mutable_agency()->set_display_name(display_name);
    request.mutable_agency()->set_short_name(short_name);
    request.mutable_agency()->set_kind(kind);
    request.mutable_agency()->set_unit(unit);
    if (ends_before_merger) *request.mutable_agency()->mutable_valid_to() = Day(2025, 6, 30);
    absl::StatusOr<v1::Agency> agency = agencies_->CreateAgency(request);
    ASSERT_TRUE(agency.ok()) << agency.status();
  }

  v1::CreateApiKeyResponse Create(const std::string& agency, v1::Role role = v1::ROLE_UNSPECIFIED,
                                  const std::string& request_id = "") {
    v1::CreateApiKeyRequest request;
    request.set_agency(agency);
    request.set_role(role);
    request.set_display_name("test key");
    request.set_request_id(request_id);
    absl::StatusOr<v1::CreateApiKeyResponse> created = registry_->CreateApiKey(request);
    EXPECT_TRUE(created.ok()) << created.status() << "\n" << request.DebugString();
    return created.ok() ? *created : v1::CreateApiKeyResponse();
  }

  absl::StatusOr<v1::Principal> Authenticate(const std::string& api_key) {
    v1::AuthenticateRequest request;
    request.set_api_key(api_key);
    return registry_->Authenticate(request);
  }

  absl::StatusOr<v1::ApiKey> Revoke(const std::string& name) {
    v1::RevokeApiKeyRequest request;
    request.set_name(name);
    return registry_->RevokeApiKey(request);
  }

  // Every stored cell of every API key row, as bytes.
  std::vector<std::string> StoredCells() {
    std::vector<std::string> cells;
    absl::Status status = db_->Read([&](storage::Transaction& txn) -> absl::Status {
      absl::StatusOr<std::vector<storage::Row>> rows = txn.Query(
          "SELECT id, agency_id, display_name, salt, hash, key_prefix, retry_secret"
          " FROM api_keys");
      if (!rows.ok()) return rows.status();
      for (const storage::Row& row : *rows) {
        for (const storage::SqlValue& cell : row) cells.push_back(cell.AsBytes());
      }
      absl::StatusOr<std::vector<storage::Row>> log =
          txn.Query("SELECT request, response FROM request_log");
      if (!log.ok()) return log.status();
      for (const storage::Row& row : *log) {
        for (const storage::SqlValue& cell : row) cells.push_back(cell.AsBytes());
      }
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return cells;
  }

  absl::Time now_ = VietnamTime(2025, 3, 15, 10);
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<UnitRegistry> units_;
  std::unique_ptr<AgencyRegistry> agencies_;
  std::unique_ptr<CredentialRegistry> registry_;
};

TEST_P(CredentialRegistryTest, SecretIsShownOnceAndStoredOnlyAsASaltedHash) {
  const v1::CreateApiKeyResponse created = Create("agencies/dn-so-y-te");
  const std::string& secret = created.secret();
  EXPECT_THAT(secret, StartsWith("ipk_"));
  EXPECT_THAT(created.api_key().name(), StartsWith("agencies/dn-so-y-te/apiKeys/"));
  EXPECT_THAT(secret, StartsWith(created.api_key().key_prefix()));
  EXPECT_GT(created.api_key().key_prefix().size(), 20u);
  std::optional<ParsedApiKey> parsed = ParseApiKey(secret);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->secret.size(), 32u);

  // Neither the presented key nor its raw bytes is anywhere in the
  // database; the hash is HMAC-SHA256 of the secret under a 16-byte salt.
  for (const std::string& cell : StoredCells()) {
    EXPECT_FALSE(absl::StrContains(cell, secret.substr(22)));
    EXPECT_FALSE(absl::StrContains(cell, parsed->secret));
  }
  absl::Status status = db_->Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<storage::Row> row =
        txn.QueryRow("SELECT salt, hash FROM api_keys WHERE id = $1", {parsed->key_id});
    if (!row.ok()) return row.status();
    EXPECT_EQ((*row)[0].AsBytes().size(), 16u);
    EXPECT_EQ((*row)[1].AsBytes().size(), 32u);
    EXPECT_NE((*row)[1].AsBytes(), parsed->secret);
    EXPECT_EQ((*row)[1].AsBytes(), HashSecret((*row)[0].AsBytes(), parsed->secret));
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;

  // Listings never carry it.
  v1::ListApiKeysRequest list;
  absl::StatusOr<v1::ListApiKeysResponse> listed = registry_->ListApiKeys(list);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->api_keys_size(), 1);
  EXPECT_EQ(listed->api_keys(0).name(), created.api_key().name());
  EXPECT_FALSE(absl::StrContains(listed->SerializeAsString(), secret.substr(22)));
}

TEST_P(CredentialRegistryTest, AuthenticateAcceptsTheKeyAndNamesItsAgency) {
  const v1::CreateApiKeyResponse created = Create("agencies/dn-so-ldtbxh");
  absl::StatusOr<v1::Principal> principal = Authenticate(created.secret());
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->credential(), created.api_key().name());
  EXPECT_EQ(principal->agency(), "agencies/dn-so-ldtbxh");
  EXPECT_EQ(principal->role(), v1::ROLE_PROVINCIAL_COORDINATOR);
  EXPECT_EQ(principal->unit(), "units/75");
  EXPECT_FALSE(principal->has_valid_until());  // no expiry, agency open-ended

  // The district office ends on 2025-06-30: the answer is good until then.
  const v1::CreateApiKeyResponse district = Create("agencies/bien-hoa-phong-ldtbxh");
  principal = Authenticate(district.secret());
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->unit(), "units/731");
  EXPECT_EQ(principal->valid_until().seconds(), absl::ToUnixSeconds(VietnamTime(2025, 7, 1)));
}

TEST_P(CredentialRegistryTest, AuthenticateRefusesBadCredentials) {
  const v1::CreateApiKeyResponse created = Create("agencies/dn-so-y-te");
  std::optional<ParsedApiKey> parsed = ParseApiKey(created.secret());
  ASSERT_TRUE(parsed.has_value());
  std::string other_secret = parsed->secret;
  other_secret[0] = static_cast<char>(other_secret[0] ^ 1);

  const std::vector<std::pair<std::string, std::string>> refused = {
      {"wrong secret", FormatApiKey(parsed->key_id, other_secret)},
      {"unknown id", FormatApiKey("zzzzzzzzzzzzzzzz", parsed->secret)},
      {"malformed", "not-a-key"},
      {"empty", ""},
      {"truncated", created.secret().substr(0, created.secret().size() - 2)},
      {"bad base64", absl::StrCat(created.secret().substr(0, 21), "!!!!")},
  };
  for (const auto& [what, key] : refused) {
    absl::StatusOr<v1::Principal> principal = Authenticate(key);
    EXPECT_TRUE(absl::IsUnauthenticated(principal.status())) << what << ": " << principal.status();
  }
  v1::AuthenticateRequest nothing;
  EXPECT_TRUE(absl::IsInvalidArgument(registry_->Authenticate(nothing).status()));
  EXPECT_TRUE(Authenticate(created.secret()).ok());
}

TEST_P(CredentialRegistryTest, RevokedKeysAreRefusedAndRevokingTwiceChangesNothing) {
  const v1::CreateApiKeyResponse created = Create("agencies/dn-so-y-te");
  absl::StatusOr<v1::ApiKey> revoked = Revoke(created.api_key().name());
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_TRUE(revoked->has_revoke_time());
  absl::StatusOr<v1::Principal> principal = Authenticate(created.secret());
  EXPECT_TRUE(absl::IsUnauthenticated(principal.status()));
  EXPECT_THAT(principal.status().message(), HasSubstr("revoked"));

  now_ += absl::Minutes(5);
  absl::StatusOr<v1::ApiKey> again = Revoke(created.api_key().name());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->revoke_time().seconds(), revoked->revoke_time().seconds());

  // Hidden from listings unless asked for.
  v1::ListApiKeysRequest list;
  list.set_agency("agencies/dn-so-y-te");
  EXPECT_THAT(registry_->ListApiKeys(list)->api_keys(), IsEmpty());
  list.set_show_revoked(true);
  EXPECT_EQ(registry_->ListApiKeys(list)->api_keys_size(), 1);

  // A name with the wrong agency, or unknown, is NOT_FOUND; a bad one
  // INVALID_ARGUMENT naming it.
  const std::string id = created.api_key().name().substr(created.api_key().name().rfind('/') + 1);
  EXPECT_TRUE(absl::IsNotFound(Revoke(absl::StrCat("agencies/molisa/apiKeys/", id)).status()));
  EXPECT_TRUE(absl::IsNotFound(Revoke("apiKeys/unknownkey000000").status()));
  EXPECT_THAT(FieldsOf(Revoke("keys/x").status()), UnorderedElementsAre("name"));
}

TEST_P(CredentialRegistryTest, ExpiredKeysAreRefused) {
  v1::CreateApiKeyRequest request;
  request.set_agency("agencies/dn-so-y-te");
  *request.mutable_expire_time() = Timestamp(now_ + absl::Hours(1));
  absl::StatusOr<v1::CreateApiKeyResponse> created = registry_->CreateApiKey(request);
  ASSERT_TRUE(created.ok()) << created.status();
  absl::StatusOr<v1::Principal> principal = Authenticate(created->secret());
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->valid_until().seconds(), absl::ToUnixSeconds(now_ + absl::Hours(1)));
  now_ += absl::Hours(2);
  principal = Authenticate(created->secret());
  EXPECT_TRUE(absl::IsUnauthenticated(principal.status()));
  EXPECT_THAT(principal.status().message(), HasSubstr("expired"));
}

TEST_P(CredentialRegistryTest, KeysOfARetiredAgencyAreRefused) {
  const v1::CreateApiKeyResponse created = Create("agencies/dn-so-y-te");
  v1::RetireAgencyRequest retire;
  retire.set_name("agencies/dn-so-y-te");
  *retire.mutable_valid_to() = Day(2025, 3, 14);
  ASSERT_TRUE(agencies_->RetireAgency(retire).ok());
  absl::StatusOr<v1::Principal> principal = Authenticate(created.secret());
  EXPECT_TRUE(absl::IsUnauthenticated(principal.status())) << principal.status();
  EXPECT_THAT(principal.status().message(), HasSubstr("not in force"));
  // And no new key for it.
  v1::CreateApiKeyRequest request;
  request.set_agency("agencies/dn-so-y-te");
  EXPECT_THAT(FieldsOf(registry_->CreateApiKey(request).status()), UnorderedElementsAre("agency"));
}

TEST_P(CredentialRegistryTest, RoleDefaultsFollowTheAgency) {
  EXPECT_EQ(Create("agencies/dn-so-ldtbxh").api_key().role(), v1::ROLE_PROVINCIAL_COORDINATOR);
  EXPECT_EQ(Create("agencies/dn-so-noi-vu").api_key().role(), v1::ROLE_PROVINCIAL_COORDINATOR);
  EXPECT_EQ(Create("agencies/dn-bvstbpn").api_key().role(), v1::ROLE_PROVINCIAL_COORDINATOR);
  EXPECT_EQ(Create("agencies/dn-so-y-te").api_key().role(), v1::ROLE_AGENCY);
  EXPECT_EQ(Create("agencies/bien-hoa-phong-ldtbxh").api_key().role(), v1::ROLE_AGENCY);
  EXPECT_EQ(Create("agencies/molisa").api_key().role(), v1::ROLE_MINISTRY);
  // A coordinator may hold a plain agency key; agency-less keys name a role.
  EXPECT_EQ(Create("agencies/dn-so-ldtbxh", v1::ROLE_AGENCY).api_key().role(), v1::ROLE_AGENCY);
  const v1::CreateApiKeyResponse op = Create("", v1::ROLE_OPERATOR);
  EXPECT_EQ(op.api_key().name().substr(0, 8), "apiKeys/");
  EXPECT_EQ(op.api_key().agency(), "");
  absl::StatusOr<v1::Principal> principal = Authenticate(op.secret());
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->role(), v1::ROLE_OPERATOR);
  EXPECT_EQ(principal->agency(), "");
  EXPECT_EQ(Create("", v1::ROLE_MINISTRY).api_key().role(), v1::ROLE_MINISTRY);
  EXPECT_EQ(Create("", v1::ROLE_SERVICE).api_key().role(), v1::ROLE_SERVICE);
}

TEST_P(CredentialRegistryTest, RolesAnAgencyMayNotHoldAreRefused) {
  struct Case {
    std::string agency;
    v1::Role role;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"agencies/dn-so-y-te", v1::ROLE_MINISTRY, "role"},
      {"agencies/dn-so-y-te", v1::ROLE_PROVINCIAL_COORDINATOR, "role"},
      {"agencies/bien-hoa-phong-ldtbxh", v1::ROLE_PROVINCIAL_COORDINATOR, "role"},
      {"agencies/molisa", v1::ROLE_OPERATOR, "agency"},
      {"agencies/dn-so-ldtbxh", v1::ROLE_SERVICE, "agency"},
      {"", v1::ROLE_UNSPECIFIED, "role"},
      {"", v1::ROLE_AGENCY, "role"},
      {"", v1::ROLE_PROVINCIAL_COORDINATOR, "role"},
      {"agencies/no-such-agency", v1::ROLE_UNSPECIFIED, "agency"},
  };
  for (const Case& c : cases) {
    v1::CreateApiKeyRequest request;
    request.set_agency(c.agency);
    request.set_role(c.role);
    request.set_request_id(absl::StrCat("refused-", c.agency.size(), "-", c.role));
    absl::Status status = registry_->CreateApiKey(request).status();
    EXPECT_THAT(FieldsOf(status), UnorderedElementsAre(c.field))
        << c.agency << " " << v1::Role_Name(c.role) << ": " << status;
  }
  EXPECT_EQ(CountRows(*db_, "api_keys"), 0);
  EXPECT_EQ(CountRows(*db_, "request_log"), 0);
}

TEST_P(CredentialRegistryTest, BadInputNamesEachFieldAndWritesNothing) {
  v1::CreateApiKeyRequest request;
  request.set_agency("units/75");
  request.set_role(static_cast<v1::Role>(42));
  request.set_display_name("bad\x01name");
  *request.mutable_expire_time() = Timestamp(now_ - absl::Hours(1));
  request.set_request_id("has space");
  EXPECT_THAT(FieldsOf(registry_->CreateApiKey(request).status()),
              UnorderedElementsAre("agency", "role", "display_name", "expire_time", "request_id"));
  v1::ListApiKeysRequest list;
  list.set_agency("agency-without-collection");
  list.set_page_size(-1);
  list.set_page_token("garbage");
  EXPECT_THAT(FieldsOf(registry_->ListApiKeys(list).status()),
              UnorderedElementsAre("agency", "page_size", "page_token"));
  EXPECT_EQ(CountRows(*db_, "api_keys"), 0);
  EXPECT_EQ(CountRows(*db_, "request_log"), 0);
}

TEST_P(CredentialRegistryTest, RetryWithTheSameRequestIdReturnsTheSameSecret) {
  const v1::CreateApiKeyResponse first = Create("agencies/dn-so-y-te", v1::ROLE_UNSPECIFIED, "r-1");
  now_ += absl::Minutes(10);
  const v1::CreateApiKeyResponse retry = Create("agencies/dn-so-y-te", v1::ROLE_UNSPECIFIED, "r-1");
  EXPECT_EQ(retry.api_key().name(), first.api_key().name());
  EXPECT_EQ(retry.secret(), first.secret());
  EXPECT_EQ(CountRows(*db_, "api_keys"), 1);
  EXPECT_TRUE(Authenticate(retry.secret()).ok());
  // The request log holds no secret (checked over every stored cell).
  for (const std::string& cell : StoredCells()) {
    EXPECT_FALSE(absl::StrContains(cell, first.secret().substr(22)));
  }
  // The same id for another request is refused.
  v1::CreateApiKeyRequest other;
  other.set_agency("agencies/molisa");
  other.set_display_name("test key");
  other.set_request_id("r-1");
  EXPECT_THAT(FieldsOf(registry_->CreateApiKey(other).status()),
              UnorderedElementsAre("request_id"));

  // After the retry window the secret is gone for good; the key still works.
  now_ += absl::Hours(2);
  Create("agencies/molisa");  // any create erases expired retry secrets
  v1::CreateApiKeyRequest late;
  late.set_agency("agencies/dn-so-y-te");
  late.set_display_name("test key");
  late.set_request_id("r-1");
  absl::Status status = registry_->CreateApiKey(late).status();
  EXPECT_TRUE(absl::IsFailedPrecondition(status)) << status;
  EXPECT_EQ(CountRows(*db_, "api_keys"), 2);
  EXPECT_TRUE(Authenticate(first.secret()).ok());
}

TEST_P(CredentialRegistryTest, TwoKeysPerAgencyForRotation) {
  const v1::CreateApiKeyResponse old_key = Create("agencies/dn-so-ldtbxh");
  const v1::CreateApiKeyResponse new_key = Create("agencies/dn-so-ldtbxh");
  EXPECT_NE(old_key.secret(), new_key.secret());
  EXPECT_NE(old_key.api_key().name(), new_key.api_key().name());
  EXPECT_TRUE(Authenticate(old_key.secret()).ok());
  EXPECT_TRUE(Authenticate(new_key.secret()).ok());
  ASSERT_TRUE(Revoke(old_key.api_key().name()).ok());
  EXPECT_FALSE(Authenticate(old_key.secret()).ok());
  EXPECT_TRUE(Authenticate(new_key.secret()).ok());
}

TEST_P(CredentialRegistryTest, ListingPagesThroughKeysOfOneAgency) {
  for (int i = 0; i < 3; ++i) Create("agencies/dn-so-ldtbxh");
  Create("agencies/molisa");
  v1::ListApiKeysRequest request;
  request.set_agency("agencies/dn-so-ldtbxh");
  request.set_page_size(2);
  std::vector<std::string> names;
  do {
    absl::StatusOr<v1::ListApiKeysResponse> page = registry_->ListApiKeys(request);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_LE(page->api_keys_size(), 2);
    for (const v1::ApiKey& key : page->api_keys()) names.push_back(key.name());
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty());
  EXPECT_EQ(names.size(), 3u);
  for (const std::string& name : names) EXPECT_THAT(name, StartsWith("agencies/dn-so-ldtbxh/"));
}

TEST_P(CredentialRegistryTest, CertificateBindings) {
  v1::CreateCertificateBindingRequest request;
  request.mutable_binding()->set_subject("so-ldtbxh.dongnai.gov.vn");
  request.mutable_binding()->set_agency("agencies/dn-so-ldtbxh");
  request.set_request_id("b-1");
  absl::StatusOr<v1::CertificateBinding> binding = registry_->CreateCertificateBinding(request);
  ASSERT_TRUE(binding.ok()) << binding.status();
  EXPECT_EQ(binding->role(), v1::ROLE_PROVINCIAL_COORDINATOR);
  EXPECT_EQ(registry_->CreateCertificateBinding(request)->name(), binding->name());  // retry

  v1::AuthenticateRequest authenticate;
  authenticate.set_certificate_subject("so-ldtbxh.dongnai.gov.vn");
  absl::StatusOr<v1::Principal> principal = registry_->Authenticate(authenticate);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->credential(), binding->name());
  EXPECT_EQ(principal->agency(), "agencies/dn-so-ldtbxh");
  EXPECT_EQ(principal->unit(), "units/75");

  request.set_request_id("b-2");
  EXPECT_TRUE(absl::IsAlreadyExists(registry_->CreateCertificateBinding(request).status()));
  v1::CreateCertificateBindingRequest bad;
  bad.mutable_binding()->set_agency("agencies/dn-so-y-te");
  bad.mutable_binding()->set_role(v1::ROLE_MINISTRY);
  EXPECT_THAT(FieldsOf(registry_->CreateCertificateBinding(bad).status()),
              UnorderedElementsAre("binding.subject"));
  bad.mutable_binding()->set_subject("so-y-te.dongnai.gov.vn");
  EXPECT_THAT(FieldsOf(registry_->CreateCertificateBinding(bad).status()),
              UnorderedElementsAre("binding.role"));

  v1::ListCertificateBindingsRequest list;
  EXPECT_EQ(registry_->ListCertificateBindings(list)->bindings_size(), 1);
  v1::DeleteCertificateBindingRequest remove;
  remove.set_name(binding->name());
  ASSERT_TRUE(registry_->DeleteCertificateBinding(remove).ok());
  EXPECT_TRUE(absl::IsNotFound(registry_->DeleteCertificateBinding(remove).status()));
  EXPECT_TRUE(absl::IsUnauthenticated(registry_->Authenticate(authenticate).status()));
}

TEST_P(CredentialRegistryTest, BootstrapKeyIsCreatedOnceAndReplacedWhenRevoked) {
  const std::string dir = ::testing::TempDir() + "/bootstrap-" +
                          std::to_string(absl::ToUnixNanos(absl::Now())) + "/nested";
  const std::string path = dir + "/operator.key";
  absl::StatusOr<BootstrapOutcome> outcome = EnsureBootstrapKey(*registry_, path);
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(*outcome, BootstrapOutcome::kCreated);
  absl::StatusOr<std::optional<std::string>> content = ReadSecretFile(path);
  ASSERT_TRUE(content.ok() && content->has_value());
  const std::string key(absl::StripAsciiWhitespace(**content));
  absl::StatusOr<v1::Principal> principal = Authenticate(key);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->role(), v1::ROLE_OPERATOR);

  EXPECT_EQ(*EnsureBootstrapKey(*registry_, path), BootstrapOutcome::kFileKeyValid);
  EXPECT_EQ(*EnsureBootstrapKey(*registry_, dir + "/other.key"),
            BootstrapOutcome::kOperatorKeyExists);
  ASSERT_TRUE(Revoke(principal->credential()).ok());
  EXPECT_EQ(*EnsureBootstrapKey(*registry_, path), BootstrapOutcome::kCreated);
  const std::string replaced(absl::StripAsciiWhitespace(**ReadSecretFile(path)));
  EXPECT_NE(replaced, key);
  EXPECT_TRUE(Authenticate(replaced).ok());
}

INSTANTIATE_TEST_SUITE_P(Engines, CredentialRegistryTest,
                         ::testing::Values(storage::Engine::kSqlite, storage::Engine::kPostgres),
                         [](const ::testing::TestParamInfo<storage::Engine>& info) {
                           return interplan::testing::EngineName(info.param);
                         });

}  // namespace
}  // namespace interplan::agencies
