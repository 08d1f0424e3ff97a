#include "common/server/server_config.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/logging/log.h"

namespace interplan {

ServerConfig DefaultServerConfig(std::string service, int default_port) {
  ServerConfig config;
  config.service = std::move(service);
  config.listen_address = absl::StrCat("0.0.0.0:", default_port);
  return config;
}

void AddServerFlags(Flags& flags, ServerConfig* config) {
  std::string address_env =
      absl::StrCat("INTERPLAN_", absl::AsciiStrToUpper(config->service), "_ADDR");
  flags.AddString("listen", &config->listen_address, "host:port to serve gRPC on", address_env,
                  [](const std::string& value) -> absl::Status {
                    size_t colon = value.rfind(':');
                    if (colon == std::string::npos || colon + 1 == value.size()) {
                      return absl::InvalidArgumentError("expected host:port");
                    }
                    return absl::OkStatus();
                  });
  flags.AddInt("metrics_port", &config->metrics_port,
               "port serving Prometheus metrics (GET /metrics) over HTTP on the --listen host; "
               "0: none",
               0, 65535);
  flags.AddInt("health_port", &config->health_port,
               "port serving grpc.health.v1 only, in plaintext even with TLS (for probes that "
               "cannot speak TLS), on the --listen host; 0: none",
               0, 65535);
  flags.AddInt("max_message_bytes", &config->max_message_bytes,
               "largest request or response accepted, in bytes", 1024, int64_t{1} << 30);
  flags.AddDuration("drain_timeout", &config->drain_timeout,
                    "on SIGTERM, how long in-flight calls may finish");
  flags.AddDuration("keepalive_time", &config->keepalive_time,
                    "interval of HTTP/2 keepalive pings to idle clients");
  flags.AddDuration("keepalive_timeout", &config->keepalive_timeout,
                    "how long a keepalive ping may go unanswered");
  flags.AddString("data_dir", &config->data_dir, "folder of the embedded SQLite databases");
  flags.AddString("database_url", &config->database_url,
                  "postgres://user:password@host:port/db for PostgreSQL; "
                  "empty for SQLite under --data_dir",
                  "", [](const std::string& value) -> absl::Status {
                    if (value.empty() || absl::StartsWith(value, "postgres://") ||
                        absl::StartsWith(value, "postgresql://") ||
                        absl::StartsWith(value, "sqlite:")) {
                      return absl::OkStatus();
                    }
                    return absl::InvalidArgumentError(
                        "expected postgres://..., postgresql://... or sqlite:<path>");
                  });
  flags.AddInt("database_pool_size", &config->database_pool_size, "database connections kept open",
               1, 256);
  flags.AddDuration("database_wait", &config->database_wait,
                    "at start-up, how long to keep trying a database that is unavailable");
  flags.AddString("redis_url", &config->redis_url,
                  "redis://host:port of the gateway's view cache, told of every write "
                  "(empty: none)");
  flags.AddString("fault_delay_method", &config->fault_delay_method,
                  "fault drill: delay calls to this full method name, or *");
  flags.AddDuration("fault_delay", &config->fault_delay,
                    "fault drill: how long to delay those calls");
  flags.AddString("auth", &config->auth,
                  "on (default): every call must carry a credential (API key or client "
                  "certificate) that interplan-agencies knows, and may only read and write what "
                  "its role and jurisdiction allow; off: no authentication, everything allowed",
                  "", [](const std::string& value) -> absl::Status {
                    if (value == "on" || value == "off") return absl::OkStatus();
                    return absl::InvalidArgumentError("expected on or off");
                  });
  flags.AddDuration("credential_cache_ttl", &config->credential_cache_ttl,
                    "how long a credential check is cached: a revoked key is refused at most "
                    "this much later");
  flags.AddDuration("credential_refusal_ttl", &config->credential_refusal_ttl,
                    "how long a refused credential stays refused without asking again");
  flags.AddInt("rate_limit_per_second", &config->rate_limit_per_second,
               "calls a second each credential may make (0: unlimited)", 0, 1000000);
  flags.AddInt("rate_limit_burst", &config->rate_limit_burst, "calls a credential may make at once",
               1, 1000000);
  flags.AddString("service_key_file", &config->service_key_file,
                  "file holding the API key this service presents to the other services");
  flags.AddString("tls_cert_file", &config->tls_cert_file,
                  "PEM certificate (chain) of this server; with --tls_key_file turns TLS on");
  flags.AddString("tls_key_file", &config->tls_key_file, "PEM private key of --tls_cert_file");
  flags.AddString("tls_client_ca_file", &config->tls_client_ca_file,
                  "PEM CA of client certificates: asks clients for one and verifies it");
  flags.AddBool("tls_require_client_cert", &config->tls_require_client_cert,
                "refuse TLS connections without a client certificate");
}

bool ParseFlagsOrExplain(Flags& flags, int argc, char** argv, int* exit_code) {
  absl::Status status = flags.Parse(argc, argv);
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", std::string(status.message()).c_str());
    *exit_code = 2;
    return false;
  }
  if (flags.help_requested()) {
    std::fprintf(stdout, "%s", flags.Usage().c_str());
    *exit_code = 0;
    return false;
  }
  return true;
}

absl::StatusOr<std::unique_ptr<storage::Database>> OpenServiceDatabase(const ServerConfig& config) {
  storage::DatabaseOptions options;
  options.pool_size = static_cast<int>(config.database_pool_size);
  if (config.database_url.empty()) {
    options.url = absl::StrCat("sqlite:", config.data_dir, "/", config.service, ".db");
  } else {
    options.url = config.database_url;
    options.schema = config.service;
  }
  const absl::Time give_up = absl::Now() + config.database_wait;
  absl::Duration pause = absl::Milliseconds(200);
  while (true) {
    absl::StatusOr<std::unique_ptr<storage::Database>> db = storage::Database::Open(options);
    if (db.ok() || !absl::IsUnavailable(db.status()) || absl::Now() + pause > give_up) return db;
    LogInfo("database unavailable; trying again", {{"service", config.service},
                                                   {"error", db.status().message()},
                                                   {"after", absl::FormatDuration(pause)}});
    absl::SleepFor(pause);
    pause = std::min(pause * 2, absl::Seconds(2));
  }
}

}  // namespace interplan
