#include "tests/support/service_process.h"

#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/client/service_address.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace interplan::testing {
namespace {

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

}  // namespace

std::string BuildPath(const std::string& relative) {
  return absl::StrCat(EnvOr("INTERPLAN_BINARY_DIR", "build"), "/", relative);
}

std::string SourcePath(const std::string& relative) {
  return absl::StrCat(EnvOr("INTERPLAN_SOURCE_DIR", "."), "/", relative);
}

absl::Status WaitForServing(const std::string& address, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  std::string last = "no answer";
  while (absl::Now() < deadline) {
    auto stub = grpc::health::v1::Health::NewStub(OpenProbeChannel(address));
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(1)));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = stub->Check(&context, request, &response);
    if (status.ok() && response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return absl::OkStatus();
    }
    last = status.ok() ? "NOT_SERVING" : status.error_message();
    absl::SleepFor(absl::Milliseconds(50));
  }
  return absl::DeadlineExceededError(absl::StrCat(address, " not serving: ", last));
}

absl::StatusOr<std::unique_ptr<ServiceProcess>> ServiceProcess::Start(
    const ServiceProcessOptions& options) {
  std::string address = options.address;
  if (address.empty()) {
    absl::StatusOr<int> port = PickUnusedPort();
    if (!port.ok()) return port.status();
    address = absl::StrCat("127.0.0.1:", *port);
  }
  std::string data_dir = options.data_dir;
  const bool owns = data_dir.empty();
  if (owns) {
    absl::StatusOr<std::string> dir = MakeTempDir(absl::StrCat("interplan-", options.service));
    if (!dir.ok()) return dir.status();
    data_dir = *dir;
  }
  const std::string log_path = absl::StrCat(data_dir, "/", options.service, ".log");
  SubprocessOptions process_options;
  process_options.argv = {
      BuildPath(!options.binary.empty()
                    ? options.binary
                    : absl::StrCat("services/", options.service, "/interplan-", options.service)),
      absl::StrCat("--listen=", address), absl::StrCat("--data_dir=", data_dir)};
  // Services authenticate every call unless told otherwise; the tests that
  // are not about access say so here (SecuredSuite passes --auth=on).
  bool auth_given = false;
  for (const std::string& arg : options.extra_args) {
    process_options.argv.push_back(arg);
    auth_given = auth_given || absl::StartsWith(arg, "--auth=");
  }
  if (!auth_given && options.env.count("INTERPLAN_AUTH") == 0) {
    process_options.argv.push_back("--auth=off");
  }
  process_options.env = options.env;
  process_options.log_path = log_path;
  absl::StatusOr<Subprocess> process = Subprocess::Start(process_options);
  if (!process.ok()) return process.status();
  auto service = std::unique_ptr<ServiceProcess>(
      new ServiceProcess(std::move(*process), address, data_dir, log_path, owns));
  absl::Status ready = WaitForServing(address, options.startup_timeout);
  if (!ready.ok()) {
    return absl::Status(ready.code(), absl::StrCat(ready.message(), "\nlog:\n", service->Log()));
  }
  return service;
}

ServiceProcess::~ServiceProcess() {
  if (process_.running()) process_.Stop(absl::Seconds(10)).IgnoreError();
  if (owns_data_dir_) RemoveTree(data_dir_);
}

std::shared_ptr<grpc::Channel> ServiceProcess::NewChannel() const { return OpenChannel(address_); }

absl::StatusOr<int> ServiceProcess::Stop(absl::Duration grace) { return process_.Stop(grace); }

std::string ServiceProcess::Log() const { return ReadFileOrEmpty(log_path_); }

absl::StatusOr<CommandResult> RunClient(const std::vector<std::string>& args,
                                        const std::map<std::string, std::string>& env) {
  SubprocessOptions options;
  options.argv = {BuildPath("tools/interplan/interplan")};
  for (const std::string& arg : args) options.argv.push_back(arg);
  options.env = env;
  return RunCommand(options);
}

}  // namespace interplan::testing
