#include "common/metrics/metrics_endpoint.h"

#include <utility>

#include "common/metrics/exposition.h"

namespace interplan::metrics {
namespace {

http::HttpServer::Options EndpointOptions(std::string address) {
  http::HttpServer::Options options;
  options.address = std::move(address);
  // Scrapers are few and a render takes microseconds.
  options.threads = 1;
  options.max_connections = 64;
  options.max_connections_per_client = 16;
  return options;
}

}  // namespace

MetricsEndpoint::MetricsEndpoint(const Registry& registry, std::string address)
    : server_(EndpointOptions(std::move(address))) {
  server_.Handle("GET", "/metrics",
                 [&registry](const http::HttpRequest&) { return ScrapeResponse(registry); });
}

absl::Status MetricsEndpoint::Start() { return server_.Start(); }

http::HttpResponse ScrapeResponse(const Registry& registry) {
  return http::HttpResponse{200, std::string(kExpositionContentType), registry.Render(), {}};
}

}  // namespace interplan::metrics
