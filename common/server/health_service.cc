#include "common/server/health_service.h"

#include <chrono>

namespace interplan {

using grpc::health::v1::HealthCheckResponse;

void HealthService::AddService(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  statuses_[name] = statuses_[""];
  changed_.notify_all();
}

void HealthService::SetAll(ServingStatus status) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [name, value] : statuses_) value = status;
  changed_.notify_all();
}

void HealthService::Shutdown() {
  std::lock_guard<std::mutex> lock(mu_);
  shutdown_ = true;
  changed_.notify_all();
}

grpc::Status HealthService::Check(grpc::ServerContext* context,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  HealthCheckResponse* response) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = statuses_.find(request->service());
  if (it == statuses_.end()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "unknown service " + request->service());
  }
  response->set_status(it->second);
  return grpc::Status::OK;
}

grpc::Status HealthService::Watch(grpc::ServerContext* context,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  grpc::ServerWriter<HealthCheckResponse>* writer) {
  std::unique_lock<std::mutex> lock(mu_);
  bool first = true;
  ServingStatus last = HealthCheckResponse::UNKNOWN;
  while (!shutdown_ && !context->IsCancelled()) {
    auto it = statuses_.find(request->service());
    ServingStatus now = it == statuses_.end() ? HealthCheckResponse::SERVICE_UNKNOWN : it->second;
    if (first || now != last) {
      HealthCheckResponse response;
      response.set_status(now);
      lock.unlock();
      const bool written = writer->Write(response);
      lock.lock();
      if (!written) break;
      first = false;
      last = now;
    }
    // Wake up on a change, or now and then to notice a cancelled client.
    changed_.wait_for(lock, std::chrono::milliseconds(500));
  }
  return grpc::Status::OK;
}

}  // namespace interplan
