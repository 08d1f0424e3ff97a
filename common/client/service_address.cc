#include "common/client/service_address.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/auth/outgoing_credentials.h"
#include "common/auth/tls_files.h"
#include "common/client/retry_service_config.h"
#include "common/logging/log.h"

namespace interplan {

int DefaultPort(absl::string_view service) {
  if (service == "gateway") return 50050;
  if (service == "agencies") return 50051;
  if (service == "plans") return 50052;
  if (service == "reporting") return 50053;
  if (service == "campaigns") return 50054;
  return 0;
}

std::string ServiceAddress(absl::string_view service) {
  const std::string env = absl::StrCat("INTERPLAN_", absl::AsciiStrToUpper(service), "_ADDR");
  const char* value = std::getenv(env.c_str());
  if (value != nullptr && *value != '\0') return DialableAddress(value);
  return absl::StrCat("localhost:", DefaultPort(service));
}

std::string DialableAddress(absl::string_view address) {
  if (absl::StartsWith(address, "0.0.0.0:")) return absl::StrCat("localhost", address.substr(7));
  if (absl::StartsWith(address, "[::]:")) return absl::StrCat("localhost", address.substr(4));
  return std::string(address);
}

namespace {

// The suite's channel settings with one retry policy (a service config), or
// none when `retry_service_config_json` is null. gRPC reads the first value
// it is given for an argument, so each is set exactly once.
grpc::ChannelArguments SuiteChannelArguments(const char* retry_service_config_json) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  args.SetMaxSendMessageSize(64 << 20);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 60000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20000);
  // Services restart (deploys, drains): reconnect quickly rather than after
  // gRPC's default back-off of up to two minutes.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  // A service may come back at another address (a restarted container gets
  // a new IP on its network): when connecting fails, the name is looked up
  // again after a second at most, not gRPC's default 30 s, during which
  // every call would dial the old address.
  args.SetInt(GRPC_ARG_DNS_MIN_TIME_BETWEEN_RESOLUTIONS_MS, 1000);
  // A lookup the network's DNS leaves unanswered (a container network's
  // resolver reloading while containers start) fails after 3 s and is
  // tried again, rather than holding every call for gRPC's default 120 s.
  args.SetInt(GRPC_ARG_DNS_ARES_QUERY_TIMEOUT_MS, 3000);
  // The retry policy: UNAVAILABLE and RESOURCE_EXHAUSTED are retried with
  // jittered back-off, or after the server's grpc-retry-pushback-ms, within
  // the call's own deadline. A request larger than the retry buffer is not
  // retried, so the buffer holds the largest request the suite sends.
  if (retry_service_config_json == nullptr) {
    args.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
    return args;
  }
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 1);
  args.SetInt(GRPC_ARG_PER_RPC_RETRY_BUFFER_SIZE, 64 << 20);
  args.SetServiceConfigJSON(retry_service_config_json);
  return args;
}

// TLS as the environment says, with the outgoing key on every call.
std::shared_ptr<grpc::Channel> OpenSuiteChannel(const std::string& address,
                                                grpc::ChannelArguments args) {
  const auth::ClientTlsFiles tls = auth::ClientTlsFilesFromEnvironment();
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      auth::ChannelCredentialsFrom(tls);
  if (!credentials.ok()) {
    // Never fall back to plaintext: TLS that trusts only the system roots
    // fails the handshake with the suite's servers, and the log says why.
    LogError("client TLS settings unusable; calls will fail",
             {{"address", address}, {"error", credentials.status().ToString()}});
    credentials = grpc::SslCredentials(grpc::SslCredentialsOptions());
  }
  if (!tls.server_name.empty()) {
    args.SetSslTargetNameOverride(tls.server_name);
  }
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<auth::ApiKeyInterceptorFactory>());
  return grpc::experimental::CreateCustomChannelWithInterceptors(address, *credentials, args,
                                                                 std::move(interceptors));
}

}  // namespace

std::shared_ptr<grpc::Channel> OpenChannel(const std::string& address) {
  return OpenSuiteChannel(address, SuiteChannelArguments(kRetryServiceConfigJson));
}

std::shared_ptr<grpc::Channel> OpenDependencyChannel(const std::string& address) {
  std::shared_ptr<grpc::Channel> channel =
      OpenSuiteChannel(address, SuiteChannelArguments(kDependencyRetryServiceConfigJson));
  // Start connecting now, in the background: the name lookup and the
  // handshake then happen while the service starts, not within the
  // deadline of the first request that needs the dependency.
  channel->GetState(/*try_to_connect=*/true);
  return channel;
}

std::shared_ptr<grpc::Channel> OpenProbeChannel(const std::string& address) {
  // A probe reports what it sees now; the caller decides whether to ask again.
  grpc::ChannelArguments args = SuiteChannelArguments(/*retry_service_config_json=*/nullptr);
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return OpenSuiteChannel(address, std::move(args));
}

}  // namespace interplan
