#include "common/server/service_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <signal.h>

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/auth/auth_guard.h"
#include "common/auth/grpc_authenticator.h"
#include "common/auth/outgoing_credentials.h"
#include "common/auth/tls_files.h"
#include "common/client/service_address.h"
#include "common/errors/errors.h"
#include "common/logging/log.h"
#include "common/metrics/build_info.h"
#include "common/metrics/process_metrics.h"
#include "common/server/call_log_interceptor.h"
#include "common/server/call_metrics_interceptor.h"
#include "common/server/fault_delay_interceptor.h"
#include "common/server/request_check_interceptor.h"

namespace interplan {
namespace {

sigset_t ShutdownSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

int Millis(absl::Duration d) { return static_cast<int>(absl::ToInt64Milliseconds(d)); }

// `port` on the host of `listen` ("0.0.0.0:50051", 9464 -> "0.0.0.0:9464").
std::string OnListenHost(const std::string& listen, int64_t port) {
  const size_t colon = listen.rfind(':');
  const std::string host = colon == std::string::npos ? "" : listen.substr(0, colon);
  return absl::StrCat(host, ":", port);
}

}  // namespace

ServiceServer::ServiceServer(ServerConfig config)
    : config_(std::move(config)), call_metrics_(metrics_, config_.service) {
  sigset_t signals = ShutdownSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  metrics::AddProcessMetrics(metrics_);
  metrics::AddBuildInfo(metrics_, config_.service);
}

ServiceServer::~ServiceServer() { Shutdown(); }

void ServiceServer::AddService(grpc::Service* service, const std::string& full_name) {
  services_.emplace_back(service, full_name);
}

void ServiceServer::SetAuthenticator(std::unique_ptr<auth::Authenticator> authenticator) {
  authenticator_ = std::move(authenticator);
}

absl::Status ServiceServer::SetUpOutgoingCredentials() {
  if (!config_.service_key_file.empty()) {
    absl::StatusOr<std::string> key = auth::ReadTextFile(config_.service_key_file);
    if (!key.ok()) return key.status();
    absl::string_view trimmed = absl::StripAsciiWhitespace(*key);
    if (trimmed.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--service_key_file ", config_.service_key_file, " is empty"));
    }
    auth::SetOutgoingApiKey(std::string(trimmed));
  }
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> client_tls =
      auth::ChannelCredentialsFrom(auth::ClientTlsFilesFromEnvironment());
  if (!client_tls.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("INTERPLAN_TLS_* (TLS to other services): ", client_tls.status().message()));
  }
  return absl::OkStatus();
}

void ServiceServer::InstallAuthGuard() {
  if (authenticator_ == nullptr) {
    const std::string agencies = config_.service == "agencies" ? absl::StrCat("localhost:", port_)
                                                               : ServiceAddress("agencies");
    authenticator_ = std::make_unique<auth::GrpcAuthenticator>(OpenDependencyChannel(agencies));
  }
  credential_cache_ = std::make_unique<auth::CredentialCache>(
      authenticator_.get(),
      auth::CredentialCacheOptions{.ttl = config_.credential_cache_ttl,
                                   .negative_ttl = config_.credential_refusal_ttl});
  rate_limiter_ = std::make_unique<auth::RateLimiter>(
      auth::RateLimiterOptions{.per_second = static_cast<double>(config_.rate_limit_per_second),
                               .burst = static_cast<double>(config_.rate_limit_burst)});
  gate_.AddGuard(std::make_unique<auth::AuthGuard>(
      credential_cache_.get(), rate_limiter_.get(),
      auth::AuthGuardOptions{.trust_client_certificates = !config_.tls_client_ca_file.empty()}));
  LogInfo("authenticating calls",
          {{"service", config_.service},
           {"credential_cache_ttl", absl::FormatDuration(config_.credential_cache_ttl)},
           {"rate_limit_per_second", config_.rate_limit_per_second},
           {"client_certificates", !config_.tls_client_ca_file.empty()}});
}

absl::Status ServiceServer::StartMetricsEndpoint() {
  if (config_.metrics_port == 0) return absl::OkStatus();
  const std::string address = OnListenHost(config_.listen_address, config_.metrics_port);
  metrics_endpoint_ = std::make_unique<metrics::MetricsEndpoint>(metrics_, address);
  if (absl::Status started = metrics_endpoint_->Start(); !started.ok()) {
    metrics_endpoint_.reset();
    return absl::UnavailableError(
        absl::StrCat("--metrics_port: cannot serve metrics: ", started.message()));
  }
  LogInfo("metrics listening", {{"service", config_.service},
                                {"address", address},
                                {"port", int64_t{metrics_endpoint_->port()}}});
  return absl::OkStatus();
}

absl::Status ServiceServer::StartHealthPort() {
  if (config_.health_port == 0) return absl::OkStatus();
  absl::StatusOr<std::unique_ptr<HealthPort>> started =
      HealthPort::Start(&health_, OnListenHost(config_.listen_address, config_.health_port));
  if (!started.ok()) {
    return absl::UnavailableError(absl::StrCat("--health_port: ", started.status().message()));
  }
  health_port_ = *std::move(started);
  LogInfo("health listening",
          {{"service", config_.service}, {"port", int64_t{health_port_->port()}}, {"tls", false}});
  return absl::OkStatus();
}

int ServiceServer::health_port() const {
  return health_port_ == nullptr ? 0 : health_port_->port();
}

int ServiceServer::metrics_port() const {
  return metrics_endpoint_ == nullptr ? 0 : metrics_endpoint_->port();
}

absl::StatusOr<std::optional<auth::Principal>> ServiceServer::AuthenticateHttp(
    const std::optional<std::string>& authorization) {
  if (!config_.auth_enabled()) return std::optional<auth::Principal>();
  if (credential_cache_ == nullptr) {
    return UnavailableError("the service is starting", absl::Seconds(1));
  }
  if (!authorization.has_value()) {
    return absl::UnauthenticatedError("no credential: send \"Authorization: Bearer <api key>\"");
  }
  absl::StatusOr<std::string> key = auth::ApiKeyFromAuthorization(*authorization);
  if (!key.ok()) return absl::UnauthenticatedError(key.status().message());
  absl::StatusOr<auth::Principal> principal =
      credential_cache_->Authenticate({auth::Credential::Kind::kApiKey, *key});
  if (!principal.ok()) {
    if (absl::IsUnauthenticated(principal.status())) {
      return absl::UnauthenticatedError(
          absl::StrCat("the credential is refused: ", principal.status().message()));
    }
    return principal.status();
  }
  if (absl::Status admitted = rate_limiter_->Admit(principal->credential); !admitted.ok()) {
    return admitted;
  }
  // Relayed to the services a view calls (common/auth/forward_caller.h).
  principal->presented_api_key = *std::move(key);
  return std::optional<auth::Principal>(*std::move(principal));
}

void ServiceServer::DataChanged() {
  gate_.NoteDataChanged();
  if (versions_ == nullptr) return;
  // A bump Redis cannot take now is owed and retried; the write stands.
  versions_->Bump(config_.service).IgnoreError();
}

absl::StatusOr<std::string> ServiceServer::SharedWriteVersion() {
  if (versions_ != nullptr) return versions_->Current({config_.service});
  if (storage::EngineOfUrl(config_.database_url) == storage::Engine::kSqlite) return std::string();
  return absl::UnavailableError(
      "no version counter: replicas on a shared database could have written");
}

void ServiceServer::EnableAudit(storage::Database& db) {
  gate_.SetAuditLog(&db);
  audit_ = std::make_unique<AuditServiceHandler>(gate_, db);
  AddService(audit_.get(), "interplan.audit.v1.AuditService");
}

absl::Status ServiceServer::Start() {
  if (absl::Status outgoing = SetUpOutgoingCredentials(); !outgoing.ok()) return outgoing;
  if (absl::Status served = StartMetricsEndpoint(); !served.ok()) return served;
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> transport =
      auth::ServerCredentialsFrom({.cert_file = config_.tls_cert_file,
                                   .key_file = config_.tls_key_file,
                                   .client_ca_file = config_.tls_client_ca_file,
                                   .require_client_certificate = config_.tls_require_client_cert});
  if (!transport.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--tls_cert_file/--tls_key_file/--tls_client_ca_file: ", transport.status().message()));
  }
  if (!config_.redis_url.empty()) {
    absl::StatusOr<std::unique_ptr<cache::RedisClient>> redis =
        cache::RedisClient::Create(config_.redis_url);
    if (!redis.ok()) return redis.status();
    redis_ = std::move(*redis);
    versions_ = std::make_unique<cache::VersionCounters>(redis_.get());
    gate_.SetWriteListener([this] { DataChanged(); });
  }
  // Debian's Abseil is built with its debug checks: every absl::Mutex
  // acquisition would feed the deadlock detector's lock graph, a measurable
  // share of a short call. The suite's lock order is checked by its tests
  // (ThreadSanitizer), not at run time.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // gRPC's synchronous server keeps at most MAX_POLLERS idle threads and
  // ends the others; handlers that wait (on another service, Redis, the
  // database) would then create and end a thread per call. Keep enough
  // threads for the calls a service has in flight.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, 2);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, 64);
  builder.AddListeningPort(config_.listen_address, *transport, &port_);
  builder.SetMaxReceiveMessageSize(static_cast<int>(config_.max_message_bytes));
  builder.SetMaxSendMessageSize(static_cast<int>(config_.max_message_bytes));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, Millis(config_.keepalive_time));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, Millis(config_.keepalive_timeout));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  // Accept client keepalive pings as often as every 10 s.
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);

  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<CallMetricsInterceptorFactory>(&call_metrics_));
  interceptors.push_back(std::make_unique<CallLogInterceptorFactory>(config_.service));
  interceptors.push_back(std::make_unique<RequestCheckInterceptorFactory>(&gate_));
  if (!config_.fault_delay_method.empty() && config_.fault_delay > absl::ZeroDuration()) {
    interceptors.push_back(std::make_unique<FaultDelayInterceptorFactory>(
        config_.fault_delay_method, config_.fault_delay));
    LogWarning("fault drill active", {{"method", config_.fault_delay_method},
                                      {"delay", absl::FormatDuration(config_.fault_delay)}});
  }
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  builder.RegisterService(&health_);
  for (const auto& [service, name] : services_) {
    builder.RegisterService(service);
    health_.AddService(name);
  }
  health_.SetAll(grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    server_.reset();
    return absl::UnavailableError(absl::StrCat("cannot listen on ", config_.listen_address,
                                               " (address in use or not valid?)"));
  }
  if (absl::Status health = StartHealthPort(); !health.ok()) {
    server_->Shutdown();
    server_->Wait();
    server_.reset();
    return health;
  }
  if (config_.auth_enabled()) InstallAuthGuard();
  LogInfo("listening", {{"service", config_.service},
                        {"address", config_.listen_address},
                        {"port", int64_t{port_}},
                        {"tls", !config_.tls_cert_file.empty()},
                        {"auth", config_.auth}});
  return absl::OkStatus();
}

void ServiceServer::SetServing() {
  gate_.SetReady(true);
  health_.SetAll(grpc::health::v1::HealthCheckResponse::SERVING);
  LogInfo("serving", {{"service", config_.service}, {"port", int64_t{port_}}});
}

int ServiceServer::RunUntilSignalled() {
  sigset_t signals = ShutdownSignals();
  int signal = 0;
  sigwait(&signals, &signal);
  LogInfo("draining", {{"service", config_.service},
                       {"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"},
                       {"drain_timeout", absl::FormatDuration(config_.drain_timeout)}});
  Shutdown();
  return 0;
}

void ServiceServer::Shutdown() {
  if (server_ == nullptr || stopped_) return;
  stopped_ = true;
  // Health first, so load balancers stop sending; calls already admitted
  // finish; new calls are refused by the closed port.
  health_.SetAll(grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  health_.Shutdown();
  const absl::Time started = absl::Now();
  server_->Shutdown(absl::ToChronoTime(started + config_.drain_timeout));
  server_->Wait();
  gate_.SetReady(false);
  // Probes saw NOT_SERVING through the drain; the port closes after it.
  if (health_port_ != nullptr) health_port_->Shutdown();
  // Scraped while draining; closed once the last call is counted.
  if (metrics_endpoint_ != nullptr) metrics_endpoint_->Shutdown();
  LogInfo("stopped", {{"service", config_.service},
                      {"drain_ms", absl::ToDoubleMilliseconds(absl::Now() - started)}});
}

int StartupFailure(const ServerConfig& config, const absl::Status& status) {
  LogError("start-up failed", {{"service", config.service}, {"error", status.ToString()}});
  return 1;
}

}  // namespace interplan
