// grpc.health.v1.Health for one process: NOT_SERVING from the moment the
// port opens until start-up is complete, SERVING while it takes calls,
// NOT_SERVING again while it drains. Status is kept for the whole server
// ("") and for each named service.
#ifndef INTERPLAN_COMMON_SERVER_HEALTH_SERVICE_H_
#define INTERPLAN_COMMON_SERVER_HEALTH_SERVICE_H_

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>

#include "absl/base/thread_annotations.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace interplan {

class HealthService final : public grpc::health::v1::Health::Service {
 public:
  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

  // Registers a service name (its status follows the server's).
  void AddService(const std::string& name);
  // Sets the status of "" and of every registered service.
  void SetAll(ServingStatus status);
  // Ends every Watch stream (called before the server shuts down, so
  // watchers do not hold the drain up).
  void Shutdown();

  grpc::Status Check(grpc::ServerContext* context,
                     const grpc::health::v1::HealthCheckRequest* request,
                     grpc::health::v1::HealthCheckResponse* response) override;
  grpc::Status Watch(grpc::ServerContext* context,
                     const grpc::health::v1::HealthCheckRequest* request,
                     grpc::ServerWriter<grpc::health::v1::HealthCheckResponse>* writer) override;

 private:
  std::mutex mu_;
  std::condition_variable changed_;  // signalled under mu_ when either changes
  std::map<std::string, ServingStatus> statuses_ ABSL_GUARDED_BY(mu_){
      {"", grpc::health::v1::HealthCheckResponse::NOT_SERVING}};
  bool shutdown_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_SERVER_HEALTH_SERVICE_H_
