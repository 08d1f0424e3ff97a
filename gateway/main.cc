// interplan-gateway: the ministry's views over gRPC (50050) and HTTP/JSON
// (8080), aggregated from every service and cached in Redis.
#include <sys/resource.h>

#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/auth/grpc_authenticator.h"
#include "common/cache/redis_client.h"
#include "common/client/service_address.h"
#include "common/config/flags.h"
#include "common/http/http_server.h"
#include "common/logging/log.h"
#include "common/metrics/registry.h"
#include "common/server/server_config.h"
#include "common/server/service_server.h"
#include "gateway/http_api.h"
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

}  // namespace

int main(int argc, char** argv) {
  using namespace interplan;
  RaiseOpenFileLimit();
  ServerConfig config = DefaultServerConfig("gateway", 50050);
  Flags flags("interplan-gateway");
  AddServerFlags(flags, &config);
  std::string http_address = "0.0.0.0:8080";
  flags.AddString("http_listen", &http_address, "host:port of the HTTP/JSON views and /metrics",
                  "INTERPLAN_GATEWAY_HTTP_ADDR");
  std::string agencies = ServiceAddress("agencies"), plans = ServiceAddress("plans"),
              reporting = ServiceAddress("reporting"), campaigns = ServiceAddress("campaigns");
  flags.AddString("agencies_addr", &agencies, "address of interplan-agencies",
                  "INTERPLAN_AGENCIES_ADDR");
  flags.AddString("plans_addr", &plans, "address of interplan-plans", "INTERPLAN_PLANS_ADDR");
  flags.AddString("reporting_addr", &reporting, "address of interplan-reporting",
                  "INTERPLAN_REPORTING_ADDR");
  flags.AddString("campaigns_addr", &campaigns, "address of interplan-campaigns",
                  "INTERPLAN_CAMPAIGNS_ADDR");
  std::string key_indicators =
      "NSGE-1.1,NSGE-2.1,NSGE-3.2,NSGE-4.1,COMM-1,LOC-COMM-OFFICIALS,LOC-COMM-RESIDENTS";
  flags.AddString("key_indicators", &key_indicators,
                  "indicator codes the overviews show, comma-separated");
  absl::Duration max_view_time = absl::Seconds(3);
  flags.AddDuration("max_view_time", &max_view_time,
                    "the longest a view may take; sections not answered by then are marked "
                    "unavailable");
  absl::Duration cache_ttl = absl::Minutes(10);
  flags.AddDuration("cache_ttl", &cache_ttl,
                    "how long a cached view is kept (a backstop: writes invalidate at once)");
  http::HttpServer::Options http_options;
  int64_t http_max_connections = static_cast<int64_t>(http_options.max_connections);
  flags.AddInt("http_max_connections", &http_max_connections,
               "open HTTP connections at most; when full, the longest idle one is closed to make "
               "room",
               1, 1 << 20);
  int64_t http_max_connections_per_client =
      static_cast<int64_t>(http_options.max_connections_per_client);
  flags.AddInt("http_max_connections_per_client", &http_max_connections_per_client,
               "open HTTP connections at most from one client address", 1, 1 << 20);
  int exit_code = 0;
  if (!ParseFlagsOrExplain(flags, argc, argv, &exit_code)) return exit_code;

  ServiceServer server(config);
  server.SetAuthenticator(
      std::make_unique<auth::GrpcAuthenticator>(OpenDependencyChannel(DialableAddress(agencies))));
  absl::StatusOr<std::unique_ptr<cache::RedisClient>> redis =
      cache::RedisClient::Create(config.redis_url);
  if (!redis.ok()) return StartupFailure(config, redis.status());
  metrics::Registry& metrics = server.metrics();  // one registry per process
  gateway::ServiceChannels channels{OpenDependencyChannel(DialableAddress(agencies)),
                                    OpenDependencyChannel(DialableAddress(plans)),
                                    OpenDependencyChannel(DialableAddress(reporting)),
                                    OpenDependencyChannel(DialableAddress(campaigns))};
  std::vector<std::string> indicator_codes;
  for (absl::string_view code : absl::StrSplit(key_indicators, ',', absl::SkipWhitespace())) {
    code = absl::StripAsciiWhitespace(code);
    absl::ConsumePrefix(&code, "indicators/");
    indicator_codes.emplace_back(code);
  }
  gateway::ViewBuilder builder(channels, std::move(indicator_codes));
  gateway::MinistryViews views(builder, redis->get(), cache_ttl, metrics);
  gateway::ViewAccess access(channels.agencies);
  gateway::MinistryServiceHandler handler(server.gate(), views, access, max_view_time);
  server.AddService(&handler, "interplan.gateway.v1.MinistryService");
  http_options.address = http_address;
  http_options.max_connections = static_cast<size_t>(http_max_connections);
  http_options.max_connections_per_client = static_cast<size_t>(http_max_connections_per_client);
  http::HttpServer http_server(http_options);
  gateway::AddHttpRoutes(
      http_server, views, access,
      [&server](const std::optional<std::string>& authorization) {
        return server.AuthenticateHttp(authorization);
      },
      metrics, max_view_time);
  if (absl::Status started = http_server.Start(); !started.ok()) {
    return StartupFailure(config, started);
  }
  if (absl::Status started = server.Start(); !started.ok()) {
    return StartupFailure(config, started);
  }
  LogInfo("http listening", {{"address", http_address},
                             {"port", int64_t{http_server.port()}},
                             {"cache", views.CacheState()}});
  server.SetServing();
  const int code = server.RunUntilSignalled();
  http_server.Shutdown();
  return code;
}
