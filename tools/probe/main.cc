// interplan-probe: asks a server's grpc.health.v1 service whether it is
// SERVING. Exit 0 when it is, 1 when it answers otherwise, 2 when it cannot
// be reached in time. For container health checks and start-up scripts.
//
//   interplan-probe ADDRESS [SERVICE] [--timeout SECONDS] [--wait SECONDS]
//
// --wait keeps asking (every 100 ms) until SERVING or the wait runs out.
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/client/service_address.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

int Usage() {
  std::fprintf(stderr,
               "usage: interplan-probe ADDRESS [SERVICE] [--timeout SECONDS] "
               "[--wait SECONDS]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string address, service;
  double timeout_seconds = 2, wait_seconds = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--timeout" || arg == "--wait") && i + 1 < argc) {
      double value = 0;
      if (!absl::SimpleAtod(argv[++i], &value) || value < 0) return Usage();
      (arg == "--timeout" ? timeout_seconds : wait_seconds) = value;
    } else if (arg.rfind("--", 0) == 0) {
      return Usage();
    } else if (address.empty()) {
      address = arg;
    } else if (service.empty()) {
      service = arg;
    } else {
      return Usage();
    }
  }
  if (address.empty()) return Usage();
  const absl::Time give_up = absl::Now() + absl::Seconds(wait_seconds);
  HealthCheckRequest request;
  request.set_service(service);
  while (true) {
    auto stub = grpc::health::v1::Health::NewStub(interplan::OpenProbeChannel(address));
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(timeout_seconds)));
    HealthCheckResponse response;
    grpc::Status status = stub->Check(&context, request, &response);
    int code;
    if (status.ok()) {
      code = response.status() == HealthCheckResponse::SERVING ? 0 : 1;
      if (code == 0 || absl::Now() >= give_up) {
        std::printf("%s %s\n", address.c_str(),
                    HealthCheckResponse::ServingStatus_Name(response.status()).c_str());
        return code;
      }
    } else if (absl::Now() >= give_up) {
      std::printf("%s unreachable: %s\n", address.c_str(), status.error_message().c_str());
      return 2;
    }
    absl::SleepFor(absl::Milliseconds(100));
  }
}
