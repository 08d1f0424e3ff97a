// interplan-gateway: the ministry's views over gRPC (50050) and HTTP/JSON
// (8080), aggregated from every service and cached in Redis.
#include <sys/resource.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/auth/grpc_authenticator.h"
#include "common/cache/redis_client.h"
#include "common/client/service_address.h"
#include "common/config/flags.h"
#include "common/http/http_server.h"
#include "common/http/static_files.h"
#include "common/logging/log.h"
#include "common/metrics/registry.h"
#include "common/server/server_config.h"
#include "common/server/service_server.h"
#include "gateway/bench_service_handler.h"
#include "gateway/grpc_service_clients.h"
#include "gateway/http_api.h"
#include "gateway/http_reads.h"
#include "gateway/ministry_service_handler.h"
#include "gateway/ministry_views.h"
#include "gateway/view_builder.h"

namespace {

// Raises the soft limit on open files to the hard one: every HTTP client
// holds a descriptor, and the HTTP server's own connection limits (not
// the default soft limit of 1,024) should decide who is served.
void RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  const rlim_t wanted = limit.rlim_max;
  limit.rlim_cur = wanted;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
    interplan::LogWarning("cannot raise the open file limit",
                          {{"wanted", static_cast<int64_t>(wanted)}});
  }
}

// What the gateway's flags set, besides the server's own (ServerConfig).
struct GatewayFlags {
  std::string http_address = "0.0.0.0:8080";
  // Browser origins allowed to call the HTTP face (CORS); none by default.
  std::string http_cors_origins;
  // The dashboard's files (web/dashboard), served at "/"; empty: the
  // "dashboard" folder beside the binary, when there is one.
  std::string dashboard_dir;
  std::string agencies = interplan::ServiceAddress("agencies");
  std::string plans = interplan::ServiceAddress("plans");
  std::string reporting = interplan::ServiceAddress("reporting");
  std::string campaigns = interplan::ServiceAddress("campaigns");
  std::string key_indicators =
      "NSGE-1.1,NSGE-2.1,NSGE-3.2,NSGE-4.1,COMM-1,LOC-COMM-OFFICIALS,LOC-COMM-RESIDENTS";
  absl::Duration max_view_time = absl::Seconds(3);
  absl::Duration cache_ttl = absl::Minutes(10);
  int64_t http_max_connections =
      static_cast<int64_t>(interplan::http::HttpServer::Options().max_connections);
  int64_t http_max_connections_per_client =
      static_cast<int64_t>(interplan::http::HttpServer::Options().max_connections_per_client);
  // interplan.gateway.v1.BenchService (Echo), for the benchmarks only.
  bool bench_service = false;
};

void AddAddressFlags(interplan::Flags& flags, GatewayFlags* values) {
  flags.AddString("http_listen", &values->http_address,
                  "host:port of the HTTP/JSON views and /metrics (HTTPS with --tls_cert_file)",
                  "INTERPLAN_GATEWAY_HTTP_ADDR");
  flags.AddString("http_cors_origins", &values->http_cors_origins,
                  "origins (https://host[:port], comma-separated) whose browser pages may call "
                  "the HTTP face (CORS); empty: none, and no CORS headers",
                  "INTERPLAN_GATEWAY_HTTP_CORS_ORIGINS");
  flags.AddString("dashboard_dir", &values->dashboard_dir,
                  "folder of the dashboard's files, served on the HTTP face at / (empty: the "
                  "\"dashboard\" folder beside this binary, if any)",
                  "INTERPLAN_GATEWAY_DASHBOARD_DIR");
  flags.AddString("agencies_addr", &values->agencies, "address of interplan-agencies",
                  "INTERPLAN_AGENCIES_ADDR");
  flags.AddString("plans_addr", &values->plans, "address of interplan-plans",
                  "INTERPLAN_PLANS_ADDR");
  flags.AddString("reporting_addr", &values->reporting, "address of interplan-reporting",
                  "INTERPLAN_REPORTING_ADDR");
  flags.AddString("campaigns_addr", &values->campaigns, "address of interplan-campaigns",
                  "INTERPLAN_CAMPAIGNS_ADDR");
}

void AddViewFlags(interplan::Flags& flags, GatewayFlags* values) {
  flags.AddString("key_indicators", &values->key_indicators,
                  "indicator codes the overviews show, comma-separated");
  flags.AddDuration("max_view_time", &values->max_view_time,
                    "the longest a view may take; sections not answered by then are marked "
                    "unavailable");
  flags.AddDuration("cache_ttl", &values->cache_ttl,
                    "how long a cached view is kept (a backstop: writes invalidate at once)");
  flags.AddInt("http_max_connections", &values->http_max_connections,
               "open HTTP connections at most; when full, the longest idle one is closed to make "
               "room",
               1, 1 << 20);
  flags.AddInt("http_max_connections_per_client", &values->http_max_connections_per_client,
               "open HTTP connections at most from one client address", 1, 1 << 20);
  flags.AddBool("bench_service", &values->bench_service,
                "also serve interplan.gateway.v1.BenchService (Echo), the benchmarks' baseline; "
                "not part of the API, off by default");
}

// "NSGE-1.1, indicators/COMM-1" -> {"NSGE-1.1", "COMM-1"}.
std::vector<std::string> IndicatorCodes(const std::string& list) {
  std::vector<std::string> codes;
  for (absl::string_view code : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    code = absl::StripAsciiWhitespace(code);
    absl::ConsumePrefix(&code, "indicators/");
    codes.emplace_back(code);
  }
  return codes;
}

interplan::gateway::ServiceChannels OpenServiceChannels(const GatewayFlags& values) {
  using interplan::DialableAddress;
  using interplan::OpenDependencyChannel;
  return {OpenDependencyChannel(DialableAddress(values.agencies)),
          OpenDependencyChannel(DialableAddress(values.plans)),
          OpenDependencyChannel(DialableAddress(values.reporting)),
          OpenDependencyChannel(DialableAddress(values.campaigns))};
}

// The HTTP face's options: HTTPS with the gRPC port's certificate when
// --tls_cert_file and --tls_key_file are set (the same files, the same
// client CA rules), so no key crosses the network in plain HTTP.
interplan::http::HttpServer::Options HttpOptions(const GatewayFlags& values,
                                                 const interplan::ServerConfig& config) {
  interplan::http::HttpServer::Options options;
  options.address = values.http_address;
  options.tls = {.cert_file = config.tls_cert_file,
                 .key_file = config.tls_key_file,
                 .client_ca_file = config.tls_client_ca_file,
                 .require_client_certificate = config.tls_require_client_cert};
  options.max_connections = static_cast<size_t>(values.http_max_connections);
  options.max_connections_per_client = static_cast<size_t>(values.http_max_connections_per_client);
  return options;
}

// The dashboard's files: from --dashboard_dir (which must then hold them),
// or from the folder beside the binary (none when it is missing).
absl::StatusOr<std::vector<interplan::http::StaticFile>> DashboardFiles(
    const GatewayFlags& values) {
  if (!values.dashboard_dir.empty()) {
    absl::StatusOr<std::vector<interplan::http::StaticFile>> files =
        interplan::http::ReadStaticFiles(values.dashboard_dir);
    if (!files.ok()) {
      return absl::Status(files.status().code(),
                          absl::StrCat("--dashboard_dir: ", files.status().message()));
    }
    return files;
  }
  std::error_code error;
  const std::filesystem::path beside =
      std::filesystem::read_symlink("/proc/self/exe", error).parent_path() / "dashboard";
  if (error || !std::filesystem::is_directory(beside, error)) {
    return std::vector<interplan::http::StaticFile>();
  }
  return interplan::http::ReadStaticFiles(beside.string());
}

}  // namespace

int main(int argc, char** argv) {
  using namespace interplan;
  RaiseOpenFileLimit();
  ServerConfig config = DefaultServerConfig("gateway", 50050);
  Flags flags("interplan-gateway");
  AddServerFlags(flags, &config);
  GatewayFlags values;
  AddAddressFlags(flags, &values);
  AddViewFlags(flags, &values);
  int exit_code = 0;
  if (!ParseFlagsOrExplain(flags, argc, argv, &exit_code)) return exit_code;

  ServiceServer server(config);
  server.SetAuthenticator(std::make_unique<auth::GrpcAuthenticator>(
      OpenDependencyChannel(DialableAddress(values.agencies))));
  absl::StatusOr<std::unique_ptr<cache::RedisClient>> redis =
      cache::RedisClient::Create(config.redis_url);
  if (!redis.ok()) return StartupFailure(config, redis.status());
  metrics::Registry& metrics = server.metrics();  // one registry per process
  const gateway::ServiceChannels channels = OpenServiceChannels(values);
  gateway::GrpcServiceClients clients(channels);
  gateway::ViewBuilder builder(clients.clients(), IndicatorCodes(values.key_indicators));
  gateway::MinistryViews views(builder, redis->get(), values.cache_ttl, metrics);
  gateway::ViewAccess access(clients.agencies());
  gateway::MinistryServiceHandler handler(server.gate(), views, access, values.max_view_time);
  server.AddService(&handler, "interplan.gateway.v1.MinistryService");
  gateway::BenchServiceHandler bench_handler(server.gate());
  if (values.bench_service) server.AddService(&bench_handler, "interplan.gateway.v1.BenchService");
  http::HttpServer http_server(HttpOptions(values, config));
  absl::StatusOr<http::CorsPolicy> cors = http::CorsPolicy::FromList(values.http_cors_origins);
  if (!cors.ok()) return StartupFailure(config, cors.status());
  // Before the API's routes, which win should a file take one of their paths.
  absl::StatusOr<std::vector<http::StaticFile>> dashboard = DashboardFiles(values);
  if (!dashboard.ok()) return StartupFailure(config, dashboard.status());
  const int64_t dashboard_files = static_cast<int64_t>(dashboard->size());
  http::AddStaticRoutes(http_server, *std::move(dashboard));
  gateway::AddHttpRoutes(http_server, gateway::GatewayReads(views, access, channels), views,
                         [&server](const std::optional<std::string>& authorization) {
                           return server.AuthenticateHttp(authorization);
                         },
                         metrics,
                         {.max_view_time = values.max_view_time, .cors = *std::move(cors)});
  if (absl::Status started = http_server.Start(); !started.ok()) {
    return StartupFailure(config,
                          absl::Status(started.code(), absl::StrCat("HTTP: ", started.message())));
  }
  if (absl::Status started = server.Start(); !started.ok()) {
    return StartupFailure(config, started);
  }
  LogInfo("http listening", {{"address", values.http_address},
                             {"port", int64_t{http_server.port()}},
                             {"tls", !config.tls_cert_file.empty()},
                             {"dashboard_files", dashboard_files},
                             {"cache", views.CacheState()}});
  server.SetServing();
  const int code = server.RunUntilSignalled();
  http_server.Shutdown();
  return code;
}
