#include "tests/support/secured_suite.h"

#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/time/timestamp.h"
#include "interplan/agencies/v1/agencies.grpc.pb.h"
#include "interplan/agencies/v1/credentials.grpc.pb.h"
#include "tests/support/subprocess.h"
#include "tests/support/suite_processes.h"

namespace interplan::testing {
namespace {

namespace av1 = ::interplan::agencies::v1;

absl::StatusOr<std::string> ReadKeyFile(const std::string& path) {
  std::string key = ReadFileOrEmpty(path);
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  if (key.empty()) return absl::NotFoundError(absl::StrCat("no key in ", path));
  return key;
}

absl::Status WriteKeyFile(const std::string& path, const std::string& key) {
  std::ofstream out(path, std::ios::trunc);
  out << key << "\n";
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

// Runs `call` (with a fresh context each time) until it is not refused by
// the per-credential rate limit, as a real client would (the reference
// import alone spends the operator key's burst): at most 30 s.
template <typename Call>
grpc::Status Patiently(Call call) {
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  for (;;) {
    grpc::Status status = call();
    if (status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED || absl::Now() > give_up) {
      return status;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
}

}  // namespace

std::unique_ptr<grpc::ClientContext> CallAs(const std::string& key) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  if (!key.empty()) context->AddMetadata("authorization", absl::StrCat("Bearer ", key));
  return context;
}

absl::StatusOr<std::unique_ptr<SecuredSuite>> SecuredSuite::Start(SecuredSuiteOptions options) {
  std::unique_ptr<SecuredSuite> suite(new SecuredSuite());
  absl::StatusOr<std::string> dir = MakeTempDir("secured-suite");
  if (!dir.ok()) return dir.status();
  suite->dir_ = *dir;
  std::vector<std::string> common = {"--auth=on", "--credential_cache_ttl=1s",
                                     "--credential_refusal_ttl=1s"};
  common.insert(common.end(), options.extra_args.begin(), options.extra_args.end());

  const std::string operator_file = absl::StrCat(suite->dir_, "/operator.key");
  absl::StatusOr<std::unique_ptr<ServiceProcess>> agencies =
      ServiceProcess::Start({.service = "agencies",
                             .extra_args = common,
                             .env = {{"INTERPLAN_BOOTSTRAP_KEY_FILE", operator_file}}});
  if (!agencies.ok()) return agencies.status();
  suite->agencies_ = std::move(*agencies);
  absl::StatusOr<std::string> operator_key = ReadKeyFile(operator_file);
  if (!operator_key.ok()) return operator_key.status();
  suite->operator_key_ = *operator_key;

  absl::StatusOr<CommandResult> imported =
      RunClient({"reference", "import"}, suite->ClientEnv(suite->operator_key_));
  if (!imported.ok()) return imported.status();
  if (imported->exit_code != 0) {
    return absl::InternalError(absl::StrCat("reference import failed: ", imported->output));
  }
  absl::StatusOr<std::string> service_key = suite->CreateKey("", av1::ROLE_SERVICE);
  if (!service_key.ok()) return service_key.status();
  suite->service_key_ = *service_key;
  const std::string service_file = absl::StrCat(suite->dir_, "/service.key");
  if (absl::Status written = WriteKeyFile(service_file, suite->service_key_); !written.ok()) {
    return written;
  }

  std::vector<std::string> flags = common;
  flags.push_back(absl::StrCat("--service_key_file=", service_file));
  flags.push_back(absl::StrCat("--agencies_addr=", suite->agencies_->address()));
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
    absl::Status s =
        start("gateway", "gateway/interplan-gateway",
              {plans_flag, absl::StrCat("--reporting_addr=", suite->reporting_->address()),
               absl::StrCat("--campaigns_addr=", suite->campaigns_->address()),
               absl::StrCat("--http_listen=127.0.0.1:", *http_port)},
              &suite->gateway_);
    if (!s.ok()) return s;
  }
  return suite;
}

SecuredSuite::~SecuredSuite() {
  gateway_.reset();
  campaigns_.reset();
  reporting_.reset();
  plans_.reset();
  agencies_.reset();
  if (!dir_.empty()) RemoveTree(dir_);
}

absl::StatusOr<std::unique_ptr<ServiceProcess>> SecuredSuite::StartUnsecuredPlans() const {
  if (plans_ == nullptr) return absl::FailedPreconditionError("interplan-plans is not started");
  return ServiceProcess::Start(
      {.service = "plans",
       .extra_args = {"--auth=off", absl::StrCat("--service_key_file=", dir_, "/service.key"),
                      absl::StrCat("--agencies_addr=", agencies_->address())},
       .data_dir = plans_->data_dir()});
}

absl::StatusOr<std::string> SecuredSuite::CreateKey(const std::string& agency, av1::Role role,
                                                    absl::Time expire, std::string* name) {
  auto credentials = av1::CredentialService::NewStub(agencies_->NewChannel());
  av1::CreateApiKeyRequest request;
  if (!agency.empty()) request.set_agency(absl::StrCat("agencies/", agency));
  request.set_role(role);
  request.set_display_name(absl::StrCat("test key ", ++created_));
  if (expire != absl::InfiniteFuture()) *request.mutable_expire_time() = time::ToTimestamp(expire);
  av1::CreateApiKeyResponse response;
  grpc::Status status = Patiently(
      [&] { return credentials->CreateApiKey(CallAs(operator_key_).get(), request, &response); });
  if (!status.ok()) {
    return absl::Status(
        static_cast<absl::StatusCode>(status.error_code()),
        absl::StrCat("CreateApiKey for \"", agency, "\": ", status.error_message()));
  }
  if (name != nullptr) *name = response.api_key().name();
  return response.secret();
}

absl::StatusOr<std::string> SecuredSuite::KeyFor(const std::string& agency) {
  auto it = keys_.find(agency);
  if (it != keys_.end()) return it->second;
  absl::StatusOr<std::string> key = CreateKey(agency);
  if (!key.ok()) return key.status();
  keys_[agency] = *key;
  return *key;
}

absl::Status SecuredSuite::RevokeKey(const std::string& name) {
  auto credentials = av1::CredentialService::NewStub(agencies_->NewChannel());
  av1::RevokeApiKeyRequest request;
  request.set_name(name);
  av1::ApiKey response;
  grpc::Status status = Patiently(
      [&] { return credentials->RevokeApiKey(CallAs(operator_key_).get(), request, &response); });
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
  return keys_.at(who);
}

absl::Status SecuredSuite::RegisterCommuneAgency() {
  auto agencies = av1::AgencyService::NewStub(agencies_->NewChannel());
  av1::CreateAgencyRequest commune;
  commune.set_agency_id(kCommuneAgency);
  commune.set_request_id("secured-suite-commune-agency");
  commune.mutable_agency()->set_display_name("Ủy ban nhân dân xã Bình Sơn");
  commune.mutable_agency()->set_kind(av1::PEOPLES_COMMITTEE);
  commune.mutable_agency()->set_unit("units/21040");
  type::v1::PartialDate* from = commune.mutable_agency()->mutable_valid_from();
  from->set_year(2025);
  from->set_month(7);
  from->set_day(1);
  av1::Agency created;
  grpc::Status status = Patiently(
      [&] { return agencies->CreateAgency(CallAs(operator_key_).get(), commune, &created); });
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
  if (agencies_) env["INTERPLAN_AGENCIES_ADDR"] = agencies_->address();
  if (plans_) env["INTERPLAN_PLANS_ADDR"] = plans_->address();
  if (reporting_) env["INTERPLAN_REPORTING_ADDR"] = reporting_->address();
  if (campaigns_) env["INTERPLAN_CAMPAIGNS_ADDR"] = campaigns_->address();
  if (gateway_) env["INTERPLAN_GATEWAY_ADDR"] = gateway_->address();
  if (!key.empty()) env["INTERPLAN_API_KEY"] = key;
  return env;
}

}  // namespace interplan::testing
