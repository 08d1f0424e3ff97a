#include "common/server/health_port.h"

#include <grpcpp/impl/server_builder_option.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <chrono>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace interplan {
namespace {

// Drops the plugins every ServerBuilder of the process gets (server
// reflection, once any server has enabled it): only health is served here.
class NoPlugins final : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    plugins->clear();
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<HealthPort>> HealthPort::Start(HealthService* health,
                                                              const std::string& address) {
  grpc::ServerBuilder builder;
  builder.SetOption(std::make_unique<NoPlugins>());
  int port = 0;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &port);
  // A probe is one small call: a few threads are plenty.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 1);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, 4);
  builder.SetMaxReceiveMessageSize(4096);
  builder.RegisterService(health);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve health on ", address, " (address in use or not valid?)"));
  }
  return std::unique_ptr<HealthPort>(new HealthPort(std::move(server), port));
}

HealthPort::~HealthPort() { Shutdown(); }

void HealthPort::Shutdown() {
  if (server_ == nullptr) return;
  server_->Shutdown(std::chrono::system_clock::now());
  server_->Wait();
  server_.reset();
}

}  // namespace interplan
