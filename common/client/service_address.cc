#include "common/client/service_address.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

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

grpc::ChannelArguments SuiteChannelArguments() {
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
  return args;
}

}  // namespace

std::shared_ptr<grpc::Channel> OpenChannel(const std::string& address) {
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(),
                                   SuiteChannelArguments());
}

std::shared_ptr<grpc::Channel> OpenProbeChannel(const std::string& address) {
  grpc::ChannelArguments args = SuiteChannelArguments();
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

}  // namespace interplan
