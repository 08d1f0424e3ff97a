#include "tests/support/secured_suite.h"

#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/time/timestamp.h"
#include "interplan/agencies/v1/agencies.grpc.pb.h"
#include "interplan/agencies/v1/credentials.grpc.pb.h"
#include "tests/support/secured_agencies.h"
#include "tests/support/subprocess.h"
#include "tests/support/suite_processes.h"

namespace interplan::testing {
namespace {

namespace av1 = ::interplan::agencies::v1;

}  // namespace

absl::StatusOr<std::unique_ptr<SecuredSuite>> SecuredSuite::Start(SecuredSuiteOptions options) {
  std::unique_ptr<SecuredSuite> suite(new SecuredSuite());
  absl::StatusOr<std::string> dir = MakeTempDir("secured-suite");
  if (!dir.ok()) return dir.status();
  suite->dir_ = *dir;
  std::vector<std::string> common = {"--credential_cache_ttl=1s", "--credential_refusal_ttl=1s"};
  common.insert(common.end(), options.extra_args.begin(), options.extra_args.end());
  absl::StatusOr<std::unique_ptr<SecuredAgencies>> registry =
      SecuredAgencies::Start(suite->dir_, common);
  if (!registry.ok()) return registry.status();
  suite->registry_ = std::move(*registry);

  std::vector<std::string> flags = suite->registry_->ServiceFlags();
  flags.insert(flags.end(), common.begin(), common.end());
  // Each service with the flags it takes: the addresses of those it calls.
  auto start = [&](const std::string& service, const std::string& binary,
                   std::vector<std::string> more,
                   std::unique_ptr<ServiceProcess>* out) -> absl::Status {
    std::vector<std::string> args = flags;
    args.insert(args.end(), more.begin(), more.end());
    absl::StatusOr<std::unique_ptr<ServiceProcess>> started =
        ServiceProcess::Start({.service = service, .binary = binary, .extra_args = args});
    if (!started.ok()) return started.status();
    *out = std::move(*started);
    return absl::OkStatus();
  };
  if (options.plans || options.reporting || options.campaigns || options.gateway) {
    if (absl::Status s = start("plans", "", {}, &suite->plans_); !s.ok()) return s;
  }
  const std::string plans_flag =
      suite->plans_ ? absl::StrCat("--plans_addr=", suite->plans_->address()) : "";
  if (options.reporting || options.gateway) {
    if (absl::Status s = start("reporting", "", {plans_flag}, &suite->reporting_); !s.ok()) {
      return s;
    }
  }
  if (options.campaigns || options.gateway) {
    if (absl::Status s = start("campaigns", "", {plans_flag}, &suite->campaigns_); !s.ok()) {
      return s;
    }
  }
  if (options.gateway) {
    absl::StatusOr<int> http_port = PickUnusedPort();
    if (!http_port.ok()) return http_port.status();
    suite->gateway_http_port_ = *http_port;
    std::vector<std::string> gateway_flags = {
        plans_flag, absl::StrCat("--reporting_addr=", suite->reporting_->address()),
        absl::StrCat("--campaigns_addr=", suite->campaigns_->address()),
        absl::StrCat("--http_listen=127.0.0.1:", *http_port)};
    gateway_flags.insert(gateway_flags.end(), options.gateway_args.begin(),
                         options.gateway_args.end());
    absl::Status s = start("gateway", "gateway/interplan-gateway", gateway_flags, &suite->gateway_);
    if (!s.ok()) return s;
  }
  return suite;
}

SecuredSuite::~SecuredSuite() {
  gateway_.reset();
  campaigns_.reset();
  reporting_.reset();
  plans_.reset();
  registry_.reset();
  if (!dir_.empty()) RemoveTree(dir_);
}

absl::StatusOr<std::unique_ptr<ServiceProcess>> SecuredSuite::StartUnsecuredPlans() const {
  if (plans_ == nullptr) return absl::FailedPreconditionError("interplan-plans is not started");
  return ServiceProcess::Start(
      {.service = "plans",
       .extra_args = {"--auth=off", absl::StrCat("--service_key_file=", dir_, "/service.key"),
                      absl::StrCat("--agencies_addr=", agencies()->address())},
       .data_dir = plans_->data_dir()});
}

absl::StatusOr<std::string> SecuredSuite::CreateKey(const std::string& agency, av1::Role role,
                                                    absl::Time expire, std::string* name) {
  return registry_->CreateKey(agency, role, expire, name);
}

absl::StatusOr<std::string> SecuredSuite::KeyFor(const std::string& agency) {
  return registry_->KeyFor(agency);
}

absl::Status SecuredSuite::RevokeKey(const std::string& name) {
  auto credentials = av1::CredentialService::NewStub(agencies()->NewChannel());
  av1::RevokeApiKeyRequest request;
  request.set_name(name);
  av1::ApiKey response;
  grpc::Status status = Patiently(
      [&] { return credentials->RevokeApiKey(CallAs(operator_key()).get(), request, &response); });
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat("RevokeApiKey ", name, ": ", status.error_message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> SecuredSuite::RevokedKey(
    const std::string& agency, const std::function<absl::Status(const std::string& key)>& use) {
  std::string name;
  absl::StatusOr<std::string> key =
      CreateKey(agency, av1::ROLE_UNSPECIFIED, absl::InfiniteFuture(), &name);
  if (!key.ok()) return key.status();
  if (absl::Status used = use(*key); !used.ok()) {
    return absl::Status(used.code(), absl::StrCat("the key to revoke: ", used.message()));
  }
  if (absl::Status revoked = RevokeKey(name); !revoked.ok()) return revoked;
  return key;
}

std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

absl::Status SecuredSuite::MakeKeys(const std::vector<std::string>& agencies) {
  for (const std::string& agency : agencies) {
    absl::StatusOr<std::string> key = KeyFor(agency);
    if (!key.ok()) {
      return absl::Status(key.status().code(), absl::StrCat(agency, ": ", key.status().message()));
    }
  }
  return absl::OkStatus();
}

absl::Status SecuredSuite::MakeUnusableKeys(
    const std::string& holder, const std::function<absl::Status(const std::string& key)>& use) {
  absl::StatusOr<std::string> revoked = RevokedKey(holder, use);
  if (!revoked.ok()) return revoked.status();
  revoked_key_ = *revoked;
  const absl::Time expiry = absl::Now() + absl::Seconds(3);
  absl::StatusOr<std::string> expiring = CreateKey(holder, av1::ROLE_UNSPECIFIED, expiry);
  if (!expiring.ok()) return expiring.status();
  expired_key_ = *expiring;
  expired_key_expiry_ = expiry;
  return absl::OkStatus();
}

void SecuredSuite::WaitForExpiredKey() const {
  // A second past the expiry: the services compare with their own clocks.
  const absl::Time past = expired_key_expiry_ + absl::Seconds(1);
  if (absl::Now() < past) absl::SleepFor(past - absl::Now());
}

const std::string& SecuredSuite::Key(const std::string& who) const {
  if (who == "revoked") return revoked_key_;
  if (who == "expired") return expired_key_;
  return registry_->KnownKey(who);
}

absl::Status SecuredSuite::RegisterCommuneAgency() {
  auto agencies = av1::AgencyService::NewStub(this->agencies()->NewChannel());
  av1::CreateAgencyRequest commune;
  commune.set_agency_id(kCommuneAgency);
  commune.set_request_id("secured-suite-commune-agency");
  commune.mutable_agency()->set_display_name("Ủy ban nhân dân xã Bình Sơn");
  commune.mutable_agency()->set_kind(av1::AGENCY_KIND_PEOPLES_COMMITTEE);
  commune.mutable_agency()->set_unit("units/21040");
  google::type::Date* from = commune.mutable_agency()->mutable_valid_from();
  from->set_year(2025);
  from->set_month(7);
  from->set_day(1);
  av1::Agency created;
  grpc::Status status = Patiently(
      [&] { return agencies->CreateAgency(CallAs(operator_key()).get(), commune, &created); });
  if (!status.ok()) {
    return absl::Status(
        static_cast<absl::StatusCode>(status.error_code()),
        absl::StrCat("CreateAgency ", kCommuneAgency, ": ", status.error_message()));
  }
  return absl::OkStatus();
}

absl::Status SecuredSuite::PushSeedPlans() {
  static const auto* pushers = new std::map<std::string, std::string>{
      {"000_dong_nai_2021.json", "dong-nai-so-noi-vu"},
      {"001_quang_ngai_2022.json", "quang-ngai-so-noi-vu"},
      {"002_go_vap_2019_2020.json", "hcm-so-noi-vu"},
      {"003_dak_lak_2020.json", "dak-lak-so-noi-vu"},
      {"004_lai_chau_2024.json", "lai-chau-so-noi-vu"},
  };
  for (const std::string& path : SeedPlanFixtures()) {
    const std::string file = path.substr(path.rfind('/') + 1);
    auto pusher = pushers->find(file);
    if (pusher == pushers->end()) return absl::NotFoundError(absl::StrCat("no pusher for ", file));
    absl::StatusOr<std::string> key = KeyFor(pusher->second);
    if (!key.ok()) return key.status();
    absl::StatusOr<CommandResult> pushed =
        RunClient({"plans", "push", path, "--issue"}, ClientEnv(*key));
    if (!pushed.ok()) return pushed.status();
    if (pushed->exit_code != 0) {
      return absl::InternalError(absl::StrCat("push ", file, ": ", pushed->output));
    }
  }
  return absl::OkStatus();
}

std::map<std::string, std::string> SecuredSuite::ClientEnv(const std::string& key) const {
  std::map<std::string, std::string> env;
  if (registry_) env["INTERPLAN_AGENCIES_ADDR"] = agencies()->address();
  if (plans_) env["INTERPLAN_PLANS_ADDR"] = plans_->address();
  if (reporting_) env["INTERPLAN_REPORTING_ADDR"] = reporting_->address();
  if (campaigns_) env["INTERPLAN_CAMPAIGNS_ADDR"] = campaigns_->address();
  if (gateway_) env["INTERPLAN_GATEWAY_ADDR"] = gateway_->address();
  if (!key.empty()) env["INTERPLAN_API_KEY"] = key;
  return env;
}

}  // namespace interplan::testing
