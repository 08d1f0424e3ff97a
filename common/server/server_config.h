// The configuration every service binary shares, with its flags and
// INTERPLAN_* variables, and the service's own database opened from it.
#ifndef INTERPLAN_COMMON_SERVER_SERVER_CONFIG_H_
#define INTERPLAN_COMMON_SERVER_SERVER_CONFIG_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/config/flags.h"
#include "common/storage/database.h"

namespace interplan {

struct ServerConfig {
  // Short service name: "agencies", "plans", ...; names the address
  // variable (INTERPLAN_AGENCIES_ADDR), the SQLite file and the PostgreSQL
  // schema.
  std::string service;
  std::string listen_address;
  // Prometheus metrics (GET /metrics) over HTTP on this port, on the host
  // of listen_address; 0 (the default): not served.
  int64_t metrics_port = 0;
  // grpc.health.v1 alone, in plaintext even with TLS, on this port on the
  // host of listen_address (common/server/health_port.h: for probes that
  // cannot speak TLS); 0 (the default): not served.
  int64_t health_port = 0;
  int64_t max_message_bytes = 8 << 20;
  // How long SIGTERM waits for in-flight calls before cancelling them.
  absl::Duration drain_timeout = absl::Seconds(20);
  absl::Duration keepalive_time = absl::Seconds(60);
  absl::Duration keepalive_timeout = absl::Seconds(20);
  // Embedded storage: <data_dir>/<service>.db, unless database_url is set.
  std::string data_dir = "./var";
  std::string database_url;
  int64_t database_pool_size = 8;
  // How long start-up keeps trying to open the database while it answers
  // UNAVAILABLE: a server still starting, or its name not yet resolvable
  // (a container network's DNS can refuse lookups for a moment while
  // containers start beside it).
  absl::Duration database_wait = absl::Seconds(30);
  // Redis for the gateway's view cache: each acknowledged write bumps this
  // service's version counter there (empty: no cache in use).
  std::string redis_url;
  // Fault injection for drills and tests: delays calls to this method
  // ("/package.Service/Method", or "*" for every method) by fault_delay.
  std::string fault_delay_method;
  absl::Duration fault_delay = absl::ZeroDuration();

  // Authentication of every call (common/auth/auth_guard.h) and
  // authorization of what it reads and writes (common/access): "on" (the
  // default) or "off" (a trusted network: every caller may do anything).
  std::string auth = "on";
  // How long an answer about a credential is kept: the bound on how late a
  // revocation takes effect here.
  absl::Duration credential_cache_ttl = absl::Seconds(30);
  // How long a refused credential is kept refused without asking again.
  absl::Duration credential_refusal_ttl = absl::Seconds(5);
  // Calls a second (and at once) each credential may make; 0: no limit.
  int64_t rate_limit_per_second = 50;
  int64_t rate_limit_burst = 100;
  // The file holding the API key this service presents to the others.
  std::string service_key_file;
  // TLS: a certificate and key turn it on; a client CA asks for and
  // verifies client certificates (their common name is a credential), and
  // tls_require_client_cert refuses connections without one.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  bool tls_require_client_cert = false;

  bool auth_enabled() const { return auth == "on"; }
};

// Defaults for a service listening on `default_port` on every interface.
ServerConfig DefaultServerConfig(std::string service, int default_port);

// Registers --listen (INTERPLAN_<SERVICE>_ADDR), --metrics_port, --health_port,
// --max_message_bytes,
// --drain_timeout, --keepalive_time, --keepalive_timeout, --data_dir,
// --database_url, --database_pool_size, --database_wait, --fault_delay_method, --fault_delay,
// --auth, --credential_cache_ttl, --credential_refusal_ttl,
// --rate_limit_per_second, --rate_limit_burst, --service_key_file,
// --tls_cert_file, --tls_key_file, --tls_client_ca_file,
// --tls_require_client_cert.
void AddServerFlags(Flags& flags, ServerConfig* config);

// Parses flags and environment; on --help or a bad value prints why and
// returns false with the exit code to use.
bool ParseFlagsOrExplain(Flags& flags, int argc, char** argv, int* exit_code);

// The service's own database: PostgreSQL (schema = service) when
// database_url is a postgres:// URL, else SQLite at <data_dir>/<service>.db.
// UNAVAILABLE is tried again, with a growing pause, until database_wait
// has passed; every other error is returned at once.
absl::StatusOr<std::unique_ptr<storage::Database>> OpenServiceDatabase(const ServerConfig& config);

}  // namespace interplan

#endif  // INTERPLAN_COMMON_SERVER_SERVER_CONFIG_H_
