// What this process presents when it calls another service: an API key in
// `authorization: Bearer <key>` metadata on every call, added by a client
// interceptor that OpenChannel installs on every channel.
//
// Why an interceptor and not a grpc::MetadataCredentialsPlugin: gRPC sends
// call credentials only over channels with privacy and integrity (TLS),
// and TLS here is a switch that may be off; the interceptor adds the key
// on plaintext channels (development, tests, a service mesh doing TLS) and
// on TLS channels alike, to every call of every stub without call sites
// changing. A call that sets `authorization` itself keeps its own.
//
// The key: the one set by SetOutgoingApiKey (a service's --service_key_file,
// set by ServiceServer::Start), else INTERPLAN_API_KEY (the command-line
// client). It is read when each call starts, so channels opened before the
// key was set send it too.
#ifndef INTERPLAN_COMMON_AUTH_OUTGOING_CREDENTIALS_H_
#define INTERPLAN_COMMON_AUTH_OUTGOING_CREDENTIALS_H_

#include <grpcpp/support/client_interceptor.h>

#include <memory>
#include <string>

namespace interplan::auth {

// The metadata keys of the suite's credentials.
inline constexpr char kAuthorizationHeader[] = "authorization";
// The API key of the caller a SERVICE relays (forward_caller.h): the
// receiver authenticates it itself.
inline constexpr char kRelayedApiKeyHeader[] = "x-interplan-relayed-api-key";
// What relaying services once sent: a serialized Principal the sender wrote
// itself. Refused wherever it appears: nothing proves it.
inline constexpr char kOnBehalfOfHeader[] = "x-interplan-on-behalf-of-bin";

void SetOutgoingApiKey(std::string key);
// The key set, else INTERPLAN_API_KEY, else "" (no metadata is added).
std::string OutgoingApiKey();

// Adds `authorization: Bearer <OutgoingApiKey()>` to every call.
class ApiKeyInterceptorFactory : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override;
};

}  // namespace interplan::auth

#endif  // INTERPLAN_COMMON_AUTH_OUTGOING_CREDENTIALS_H_
