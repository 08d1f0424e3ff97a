// Where each Interplan service listens, and channels to reach it. An
// address comes from INTERPLAN_<SERVICE>_ADDR, else localhost on the
// service's default port.
#ifndef INTERPLAN_COMMON_CLIENT_SERVICE_ADDRESS_H_
#define INTERPLAN_COMMON_CLIENT_SERVICE_ADDRESS_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/strings/string_view.h"

namespace interplan {

// The default port of a service: agencies 50051, plans 50052, reporting
// 50053, campaigns 50054, gateway 50050; 0 for an unknown name.
int DefaultPort(absl::string_view service);

// INTERPLAN_<SERVICE>_ADDR, or "localhost:<default port>"; a listen
// address given there is made dialable (see DialableAddress).
std::string ServiceAddress(absl::string_view service);

// A server's listen address as a client dials it: "0.0.0.0:50051" and
// "[::]:50051" become "localhost:50051"; anything else is returned as is.
std::string DialableAddress(absl::string_view address);

// A channel with the suite's message size limit, keepalive, a short
// reconnect back-off (100 ms, at most 2 s), the name looked up again at
// most a second after a failed connection (a restarted container may come
// back at another address) and the suite's retry policy
// (common/client/retry_service_config.json: UNAVAILABLE and
// RESOURCE_EXHAUSTED are retried, up to 5 attempts, with jittered
// exponential back-off or after the server's grpc-retry-pushback-ms,
// never past the call's deadline). TLS when INTERPLAN_TLS_CA_FILE
// is set (with a client certificate from INTERPLAN_TLS_CERT_FILE and
// INTERPLAN_TLS_KEY_FILE, and INTERPLAN_TLS_SERVER_NAME overriding the
// name checked); every call carries this process's outgoing API key (see
// common/auth/outgoing_credentials.h: --service_key_file or
// INTERPLAN_API_KEY).
std::shared_ptr<grpc::Channel> OpenChannel(const std::string& address);

// OpenChannel with the retry policy of a call made while serving a request
// (common/client/dependency_retry_service_config.json: one retry after
// about 0.1 s): a gateway view's fan-out, a service asking agencies about
// a key, a unit or an agency. Retries happen in one place, the first
// client: a dependency that is down makes the request answer UNAVAILABLE
// (or a view's section unavailable) at once, and the caller's own policy
// decides whether to ask again, rather than back-offs compounding down
// the chain past the caller's deadline. The channel starts connecting at
// once, so its name lookup and handshake are not paid by the first request.
std::shared_ptr<grpc::Channel> OpenDependencyChannel(const std::string& address);

// A channel that shares no connection state with other channels: for
// probes that poll a server while it starts, so one refused attempt does
// not put every later one behind gRPC's reconnect back-off. It does not
// retry: a probe reports the answer of one attempt.
std::shared_ptr<grpc::Channel> OpenProbeChannel(const std::string& address);

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CLIENT_SERVICE_ADDRESS_H_
