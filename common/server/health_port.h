// A port that serves grpc.health.v1 and nothing else, in plaintext even
// when the service's own port speaks TLS: for probes that cannot speak
// TLS (the kubelet's gRPC probes). It answers what the service's health
// says -- NOT_SERVING while starting and while draining -- and every
// other method (the service's own, reflection) is UNIMPLEMENTED there, so
// the port gives away nothing but the serving status.
#ifndef INTERPLAN_COMMON_SERVER_HEALTH_PORT_H_
#define INTERPLAN_COMMON_SERVER_HEALTH_PORT_H_

#include <grpcpp/server.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/server/health_service.h"

namespace interplan {

class HealthPort {
 public:
  // Serves `health` (not owned; must outlive the port) alone on `address`
  // ("0.0.0.0:8081"; port 0 picks a free one). UNAVAILABLE naming the
  // address when it cannot listen there.
  static absl::StatusOr<std::unique_ptr<HealthPort>> Start(HealthService* health,
                                                           const std::string& address);
  ~HealthPort();  // Shutdown()
  HealthPort(const HealthPort&) = delete;
  HealthPort& operator=(const HealthPort&) = delete;

  int port() const { return port_; }
  // Stops at once (health checks are short; Watch streams are ended by
  // HealthService::Shutdown). Idempotent.
  void Shutdown();

 private:
  HealthPort(std::unique_ptr<grpc::Server> server, int port)
      : server_(std::move(server)), port_(port) {}

  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_SERVER_HEALTH_PORT_H_
