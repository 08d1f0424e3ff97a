#include "tests/support/secured_agencies.h"

#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/time/timestamp.h"
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

}  // namespace

grpc::Status Patiently(const std::function<grpc::Status()>& call) {
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  for (;;) {
    grpc::Status status = call();
    if (status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED || absl::Now() > give_up) {
      return status;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
}

void PresentKey(grpc::ClientContext& context, const std::string& key) {
  if (!key.empty()) context.AddMetadata("authorization", absl::StrCat("Bearer ", key));
}

std::unique_ptr<grpc::ClientContext> CallAs(const std::string& key, absl::Duration timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  PresentKey(*context, key);
  return context;
}

absl::StatusOr<std::unique_ptr<SecuredAgencies>> SecuredAgencies::Start(
    const std::string& dir, const std::vector<std::string>& extra_args) {
  std::unique_ptr<SecuredAgencies> agencies(new SecuredAgencies());
  std::vector<std::string> args = {"--auth=on"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  const std::string operator_file = absl::StrCat(dir, "/operator.key");
  absl::StatusOr<std::unique_ptr<ServiceProcess>> process =
      ServiceProcess::Start({.service = "agencies",
                             .extra_args = args,
                             .env = {{"INTERPLAN_BOOTSTRAP_KEY_FILE", operator_file}}});
  if (!process.ok()) return process.status();
  agencies->process_ = std::move(*process);
  absl::StatusOr<std::string> operator_key = ReadKeyFile(operator_file);
  if (!operator_key.ok()) return operator_key.status();
  agencies->operator_key_ = *operator_key;

  absl::StatusOr<CommandResult> imported = RunClient(
      {"reference", "import"}, {{"INTERPLAN_AGENCIES_ADDR", agencies->process_->address()},
                                {"INTERPLAN_API_KEY", agencies->operator_key_}});
  if (!imported.ok()) return imported.status();
  if (imported->exit_code != 0) {
    return absl::InternalError(absl::StrCat("reference import failed: ", imported->output));
  }
  absl::StatusOr<std::string> service_key = agencies->CreateKey("", av1::ROLE_SERVICE);
  if (!service_key.ok()) return service_key.status();
  agencies->service_key_ = *service_key;
  agencies->service_key_file_ = absl::StrCat(dir, "/service.key");
  if (absl::Status written = WriteKeyFile(agencies->service_key_file_, agencies->service_key_);
      !written.ok()) {
    return written;
  }
  return agencies;
}

std::vector<std::string> SecuredAgencies::ServiceFlags() const {
  return {"--auth=on", absl::StrCat("--service_key_file=", service_key_file_),
          absl::StrCat("--agencies_addr=", process_->address())};
}

absl::StatusOr<std::string> SecuredAgencies::CreateKey(const std::string& agency, av1::Role role,
                                                       absl::Time expire, std::string* name) {
  auto credentials = av1::CredentialService::NewStub(process_->NewChannel());
  av1::CreateApiKeyRequest request;
  if (!agency.empty()) request.set_agency(absl::StrCat("agencies/", agency));
  request.set_role(role);
  int number = 0;
  {
    absl::MutexLock lock(&mu_);
    number = ++created_;
  }
  request.set_display_name(absl::StrCat("test key ", number));
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

absl::StatusOr<std::string> SecuredAgencies::KeyFor(const std::string& agency) {
  {
    absl::MutexLock lock(&mu_);
    auto it = keys_.find(agency);
    if (it != keys_.end()) return it->second;
  }
  absl::StatusOr<std::string> key = CreateKey(agency);
  if (!key.ok()) return key.status();
  absl::MutexLock lock(&mu_);
  return keys_.emplace(agency, *key).first->second;
}

const std::string& SecuredAgencies::KnownKey(const std::string& agency) {
  absl::MutexLock lock(&mu_);
  return keys_.at(agency);
}

}  // namespace interplan::testing
