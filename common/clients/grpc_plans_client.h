// PlansClient over gRPC: each call goes to interplan-plans on the channel
// given (whose retry policy decides what is retried), with the caller's
// deadline capped at kClientCallTimeout; a call started in the background,
// as its AsyncCall's options say.
#ifndef INTERPLAN_COMMON_CLIENTS_GRPC_PLANS_CLIENT_H_
#define INTERPLAN_COMMON_CLIENTS_GRPC_PLANS_CLIENT_H_

#include <grpcpp/channel.h>

#include <memory>

#include "common/clients/plans_client.h"
#include "interplan/plans/v1/plans.grpc.pb.h"

namespace interplan {

class GrpcPlansClient : public PlansClient {
 public:
  explicit GrpcPlansClient(std::shared_ptr<grpc::Channel> channel);

  absl::StatusOr<plans::v1::Plan> GetPlan(const plans::v1::GetPlanRequest& request,
                                          absl::Time deadline) override;
  absl::StatusOr<plans::v1::ListPlanChangesResponse> ListPlanChanges(
      const plans::v1::ListPlanChangesRequest& request, absl::Time deadline) override;
  void StartListPlanDigests(const plans::v1::ListPlanDigestsRequest* request,
                            plans::v1::ListPlanDigestsResponse* response, AsyncCall* call,
                            CallDone done) override;
  void StartListAssignments(const plans::v1::ListAssignmentsRequest* request,
                            plans::v1::ListAssignmentsResponse* response, AsyncCall* call,
                            CallDone done) override;

 private:
  std::unique_ptr<plans::v1::PlanService::Stub> plans_;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CLIENTS_GRPC_PLANS_CLIENT_H_
