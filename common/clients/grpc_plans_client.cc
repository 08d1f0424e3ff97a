#include "common/clients/grpc_plans_client.h"

#include "common/clients/call_deadline.h"
#include "common/errors/grpc_status.h"

namespace interplan {

namespace pv1 = ::interplan::plans::v1;

GrpcPlansClient::GrpcPlansClient(std::shared_ptr<grpc::Channel> channel)
    : plans_(pv1::PlanService::NewStub(channel)) {}

absl::StatusOr<pv1::Plan> GrpcPlansClient::GetPlan(const pv1::GetPlanRequest& request,
                                                   absl::Time deadline) {
  pv1::Plan plan;
  grpc::Status status = plans_->GetPlan(ContextWithDeadline(deadline).get(), request, &plan);
  if (!status.ok()) return FromGrpcStatus(status);
  return plan;
}

absl::StatusOr<pv1::ListPlanChangesResponse> GrpcPlansClient::ListPlanChanges(
    const pv1::ListPlanChangesRequest& request, absl::Time deadline) {
  pv1::ListPlanChangesResponse response;
  grpc::Status status =
      plans_->ListPlanChanges(ContextWithDeadline(deadline).get(), request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

void GrpcPlansClient::StartListPlanDigests(const pv1::ListPlanDigestsRequest* request,
                                           pv1::ListPlanDigestsResponse* response, AsyncCall* call,
                                           CallDone done) {
  plans_->async()->ListPlanDigests(call->context(), request, response,
                                   AsyncCall::GrpcDone(std::move(done)));
}

void GrpcPlansClient::StartListAssignments(const pv1::ListAssignmentsRequest* request,
                                           pv1::ListAssignmentsResponse* response, AsyncCall* call,
                                           CallDone done) {
  plans_->async()->ListAssignments(call->context(), request, response,
                                   AsyncCall::GrpcDone(std::move(done)));
}

}  // namespace interplan
