// Serves a process's metrics registry to Prometheus: GET /metrics, in the
// text exposition format, over HTTP on a port of its own (--metrics_port),
// with the project's HTTP server (common/http).
#ifndef INTERPLAN_COMMON_METRICS_METRICS_ENDPOINT_H_
#define INTERPLAN_COMMON_METRICS_METRICS_ENDPOINT_H_

#include <string>

#include "absl/status/status.h"
#include "common/http/http_message.h"
#include "common/http/http_server.h"
#include "common/metrics/registry.h"

namespace interplan::metrics {

class MetricsEndpoint {
 public:
  // Will serve `registry` (not owned; must outlive this) on `address`
  // ("0.0.0.0:9464"; port 0 picks a free one).
  MetricsEndpoint(const Registry& registry, std::string address);
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  // Binds and starts serving; an error names the address.
  absl::Status Start();
  // The port bound by Start().
  int port() const { return server_.port(); }
  // Stops serving (also done by the destructor). Idempotent.
  void Shutdown() { server_.Shutdown(); }

 private:
  http::HttpServer server_;
};

// The answer to a scrape: 200, kExpositionContentType, `registry` rendered.
http::HttpResponse ScrapeResponse(const Registry& registry);

}  // namespace interplan::metrics

#endif  // INTERPLAN_COMMON_METRICS_METRICS_ENDPOINT_H_
