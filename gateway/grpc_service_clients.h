// The gateway's clients of the four services over gRPC, each on its own
// channel (OpenDependencyChannel, whose retry policy decides what is
// retried): what interplan-gateway builds its views and checks its callers
// with.
#ifndef INTERPLAN_GATEWAY_GRPC_SERVICE_CLIENTS_H_
#define INTERPLAN_GATEWAY_GRPC_SERVICE_CLIENTS_H_

#include <grpcpp/channel.h>

#include <memory>

#include "common/clients/grpc_agencies_client.h"
#include "common/clients/grpc_campaigns_client.h"
#include "common/clients/grpc_plans_client.h"
#include "common/clients/grpc_reporting_client.h"
#include "gateway/view_builder.h"

namespace interplan::gateway {

struct ServiceChannels {
  std::shared_ptr<grpc::Channel> agencies;
  std::shared_ptr<grpc::Channel> plans;
  std::shared_ptr<grpc::Channel> reporting;
  std::shared_ptr<grpc::Channel> campaigns;
};

class GrpcServiceClients {
 public:
  explicit GrpcServiceClients(const ServiceChannels& channels)
      : agencies_(channels.agencies),
        plans_(channels.plans),
        reporting_(channels.reporting),
        campaigns_(channels.campaigns) {}
  GrpcServiceClients(const GrpcServiceClients&) = delete;
  GrpcServiceClients& operator=(const GrpcServiceClients&) = delete;

  // For the ViewBuilder; valid while this lives.
  ServiceClients clients() { return {agencies_, plans_, reporting_, campaigns_}; }
  // For ViewAccess.
  AgenciesClient& agencies() { return agencies_; }

 private:
  GrpcAgenciesClient agencies_;
  GrpcPlansClient plans_;
  GrpcReportingClient reporting_;
  GrpcCampaignsClient campaigns_;
};

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_GRPC_SERVICE_CLIENTS_H_
