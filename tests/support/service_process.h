// A real Interplan binary started for a test: a free port, its own data
// folder and log file, and healthy (grpc.health.v1 SERVING) before Start()
// returns. Integration tests talk gRPC to it like any client.
#ifndef INTERPLAN_TESTS_SUPPORT_SERVICE_PROCESS_H_
#define INTERPLAN_TESTS_SUPPORT_SERVICE_PROCESS_H_

#include <grpcpp/channel.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/support/subprocess.h"

namespace interplan::testing {

// $INTERPLAN_BINARY_DIR/<relative>: a binary of this build.
std::string BuildPath(const std::string& relative);
// $INTERPLAN_SOURCE_DIR/<relative>.
std::string SourcePath(const std::string& relative);

struct ServiceProcessOptions {
  std::string service;  // "agencies" -> services/agencies/interplan-agencies
  // The binary, relative to the build folder, when not the one `service`
  // names (the gateway: "gateway/interplan-gateway").
  std::string binary;
  // More flags. Unless one of them (or env INTERPLAN_AUTH) says --auth,
  // --auth=off is added: only the access tests run with authentication.
  std::vector<std::string> extra_args;
  std::map<std::string, std::string> env;
  std::string data_dir;  // default: a fresh temporary folder
  std::string address;   // default: 127.0.0.1 on a free port
  absl::Duration startup_timeout = absl::Seconds(60);
};

class ServiceProcess {
 public:
  static absl::StatusOr<std::unique_ptr<ServiceProcess>> Start(
      const ServiceProcessOptions& options);
  ~ServiceProcess();

  const std::string& address() const { return address_; }
  const std::string& data_dir() const { return data_dir_; }
  std::shared_ptr<grpc::Channel> NewChannel() const;
  // SIGTERM, then the exit code (SIGKILL after `grace`).
  absl::StatusOr<int> Stop(absl::Duration grace = absl::Seconds(30));
  Subprocess& process() { return process_; }
  // What the service has logged so far.
  std::string Log() const;

 private:
  ServiceProcess(Subprocess process, std::string address, std::string data_dir,
                 std::string log_path, bool owns_data_dir)
      : process_(std::move(process)),
        address_(std::move(address)),
        data_dir_(std::move(data_dir)),
        log_path_(std::move(log_path)),
        owns_data_dir_(owns_data_dir) {}

  Subprocess process_;
  std::string address_;
  std::string data_dir_;
  std::string log_path_;
  bool owns_data_dir_;
};

// Polls grpc.health.v1 Check("") until SERVING or the timeout.
absl::Status WaitForServing(const std::string& address, absl::Duration timeout);

// Runs the `interplan` client with `args`, the given environment added.
absl::StatusOr<CommandResult> RunClient(const std::vector<std::string>& args,
                                        const std::map<std::string, std::string>& env);

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_SERVICE_PROCESS_H_
