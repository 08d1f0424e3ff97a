// The bootstrap every service binary uses: a gRPC server with health
// checking, reflection, structured call logs, keepalive, message size
// limits, the CallGate, and graceful shutdown on SIGTERM/SIGINT (stop
// accepting, let in-flight calls finish within the drain timeout, exit 0).
//
//   ServiceServer server(config);         // blocks SIGTERM/SIGINT first
//   ... open the database, build the handlers with server.gate() ...
//   server.AddService(&handler);
//   if (absl::Status s = server.Start(); !s.ok()) ...
//   server.SetServing();
//   return server.RunUntilSignalled();
//
// With --auth=on every call through the gate is authenticated (AuthGuard,
// CredentialCache, RateLimiter from common/auth) against the authenticator
// set with SetAuthenticator, by default interplan-agencies at
// INTERPLAN_AGENCIES_ADDR (agencies itself: its own port). With
// --tls_cert_file and --tls_key_file the port speaks TLS; see
// common/auth/tls_files.h. --service_key_file sets the key every channel
// of the process presents (common/auth/outgoing_credentials.h).
//
// --health_port serves grpc.health.v1 alone, in plaintext, on a port of
// its own (health_port.h), for probes that cannot speak TLS; it says what
// the service's port says, NOT_SERVING while draining included, and
// closes once the drain is over.
//
// Metrics: the process has one registry, metrics(), holding every call's
// metrics (CallMetrics: by method and status code, latency, in flight),
// the process_* metrics and interplan_build_info; with --metrics_port it
// is served to Prometheus at GET /metrics on that port (the gateway also
// serves it on its HTTP face).
#ifndef INTERPLAN_COMMON_SERVER_SERVICE_SERVER_H_
#define INTERPLAN_COMMON_SERVER_SERVICE_SERVER_H_

#include <grpcpp/server.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/auth/authenticator.h"
#include "common/auth/credential_cache.h"
#include "common/auth/rate_limiter.h"
#include "common/cache/redis_client.h"
#include "common/cache/version_counters.h"
#include "common/metrics/metrics_endpoint.h"
#include "common/metrics/registry.h"
#include "common/server/audit_service_handler.h"
#include "common/server/call_gate.h"
#include "common/server/call_metrics.h"
#include "common/server/health_port.h"
#include "common/server/health_service.h"
#include "common/server/server_config.h"

namespace interplan {

class ServiceServer {
 public:
  // Blocks SIGTERM and SIGINT in this thread and every thread started
  // after it, so RunUntilSignalled() alone receives them.
  explicit ServiceServer(ServerConfig config);
  ~ServiceServer();

  CallGate& gate() { return gate_; }
  const ServerConfig& config() const { return config_; }
  // The process's metrics, served on --metrics_port; add to it freely.
  metrics::Registry& metrics() { return metrics_; }

  // Who callers are when --auth=on: a GrpcAuthenticator to the
  // --agencies_addr a service has, or interplan-agencies' own store. Call
  // before Start(). Cached by the server (--credential_cache_ttl).
  void SetAuthenticator(std::unique_ptr<auth::Authenticator> authenticator);

  // Registers a service (not owned; must outlive the server).
  void AddService(grpc::Service* service, const std::string& full_name);

  // Keeps the audit trail of every write in `db` (which must have the
  // audit_events table: storage::AuditMigration) and serves it as
  // interplan.audit.v1.AuditService. Call before Start().
  void EnableAudit(storage::Database& db);

  // Opens the port and starts serving; health says NOT_SERVING and the gate
  // refuses calls until SetServing(). With --redis_url, every successful
  // write (CallGate::RunWrite) bumps this service's version counter.
  absl::Status Start();

  // Tells the cache this service's data changed, for writes that do not
  // come through RunWrite (background work). A no-op without --redis_url.
  void DataChanged();
  int port() const { return port_; }
  // The port serving metrics after Start(); 0 without --metrics_port.
  int metrics_port() const;
  // The health-only port after Start(); 0 without --health_port.
  int health_port() const;
  // The services' version counters in Redis; null before Start() and
  // without --redis_url.
  cache::VersionCounters* version_counters() { return versions_.get(); }

  void SetServing();

  // What tells a memo (read_memo.h) of writes made by any process serving
  // this service's data: "" when this process is the only writer (an
  // embedded SQLite database); with --redis_url, the service's version
  // counter and the epoch, read now (other replicas on a shared PostgreSQL
  // database bump it before acknowledging their writes); UNAVAILABLE when
  // no shared counter can be read (PostgreSQL without --redis_url, Redis
  // down, or before Start()): then nothing may be reused.
  absl::StatusOr<std::string> SharedWriteVersion();

  // Who an HTTP request is from (the gateway's HTTP/JSON views), by its
  // "Authorization: Bearer <key>" header, through the same credential
  // cache and rate limit as gRPC calls: nullopt when --auth=off;
  // UNAUTHENTICATED without a valid key; RESOURCE_EXHAUSTED over the rate
  // limit; UNAVAILABLE before Start().
  absl::StatusOr<std::optional<auth::Principal>> AuthenticateHttp(
      const std::optional<std::string>& authorization);

  // Waits for SIGTERM or SIGINT, then drains and stops. Returns the exit
  // code (0 after a clean drain).
  int RunUntilSignalled();

  // Drains and stops now (what the signal triggers).
  void Shutdown();

 private:
  ServerConfig config_;
  // Before everything that records in it; the endpoint serving it and the
  // gRPC server's interceptors (through call_metrics_) end before it.
  metrics::Registry metrics_;
  CallMetrics call_metrics_;
  std::unique_ptr<metrics::MetricsEndpoint> metrics_endpoint_;
  CallGate gate_;
  std::unique_ptr<cache::RedisClient> redis_;
  std::unique_ptr<cache::VersionCounters> versions_;
  // Authentication with --auth=on: the source, its cache, the limiter.
  std::unique_ptr<auth::Authenticator> authenticator_;
  std::unique_ptr<auth::CredentialCache> credential_cache_;
  std::unique_ptr<auth::RateLimiter> rate_limiter_;
  HealthService health_;
  std::unique_ptr<HealthPort> health_port_;
  std::unique_ptr<AuditServiceHandler> audit_;
  std::vector<std::pair<grpc::Service*, std::string>> services_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool stopped_ = false;

  // Reads --service_key_file and checks the client TLS environment.
  absl::Status SetUpOutgoingCredentials();
  // Installs the AuthGuard (after the port is known: agencies may dial it).
  void InstallAuthGuard();
  // Serves metrics_ on --metrics_port (nothing when it is 0).
  absl::Status StartMetricsEndpoint();
  // Serves health_ alone on --health_port (nothing when it is 0).
  absl::Status StartHealthPort();
};

// Prints `status` as a start-up failure and returns the exit code 1.
int StartupFailure(const ServerConfig& config, const absl::Status& status);

}  // namespace interplan

#endif  // INTERPLAN_COMMON_SERVER_SERVICE_SERVER_H_
