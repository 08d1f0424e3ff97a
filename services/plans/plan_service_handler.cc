#include "services/plans/plan_service_handler.h"

namespace interplan::plans {

grpc::Status PlanServiceHandler::CreatePlan(grpc::ServerContext* context,
                                            const v1::CreatePlanRequest* request,
                                            v1::Plan* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.CreatePlan(*request, call), response);
  });
}

grpc::Status PlanServiceHandler::GetPlan(grpc::ServerContext* context,
                                         const v1::GetPlanRequest* request, v1::Plan* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.GetPlan(*request, call), response);
  });
}

grpc::Status PlanServiceHandler::ListPlans(grpc::ServerContext* context,
                                           const v1::ListPlansRequest* request,
                                           v1::ListPlansResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.ListPlans(*request, call), response);
  });
}

grpc::Status PlanServiceHandler::UpdatePlan(grpc::ServerContext* context,
                                            const v1::UpdatePlanRequest* request,
                                            v1::Plan* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.UpdatePlan(*request, call), response);
  });
}

grpc::Status PlanServiceHandler::IssuePlan(grpc::ServerContext* context,
                                           const v1::IssuePlanRequest* request,
                                           v1::Plan* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.IssuePlan(*request, call), response);
  });
}

grpc::Status PlanServiceHandler::AmendPlan(grpc::ServerContext* context,
                                           const v1::AmendPlanRequest* request,
                                           v1::Plan* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.AmendPlan(*request, call), response);
  });
}

grpc::Status PlanServiceHandler::WithdrawPlan(grpc::ServerContext* context,
                                              const v1::WithdrawPlanRequest* request,
                                              v1::Plan* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.WithdrawPlan(*request, call), response);
  });
}

grpc::Status PlanServiceHandler::ClosePlan(grpc::ServerContext* context,
                                           const v1::ClosePlanRequest* request,
                                           v1::Plan* response) {
  return gate_.RunWrite(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.ClosePlan(*request, call), response);
  });
}

grpc::Status PlanServiceHandler::ListPlanRevisions(grpc::ServerContext* context,
                                                   const v1::ListPlanRevisionsRequest* request,
                                                   v1::ListPlanRevisionsResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.ListPlanRevisions(*request, call), response);
  });
}

grpc::Status PlanServiceHandler::ValidatePlan(grpc::ServerContext* context,
                                              const v1::ValidatePlanRequest* request,
                                              v1::ValidatePlanResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.ValidatePlan(*request, call), response);
  });
}

grpc::Status PlanServiceHandler::ImportPlanDocument(grpc::ServerContext* context,
                                                    const v1::ImportPlanDocumentRequest* request,
                                                    v1::ImportPlanDocumentResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(importer_.ImportPlanDocument(*request, call), response);
  });
}

grpc::Status PlanServiceHandler::ListAssignments(grpc::ServerContext* context,
                                                 const v1::ListAssignmentsRequest* request,
                                                 v1::ListAssignmentsResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.ListAssignments(*request, call), response);
  });
}

grpc::Status PlanServiceHandler::ListPlanChanges(grpc::ServerContext* context,
                                                 const v1::ListPlanChangesRequest* request,
                                                 v1::ListPlanChangesResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) {
    return Deliver(registry_.ListPlanChanges(*request, call), response);
  });
}

grpc::Status PlanServiceHandler::ListPlanDigests(grpc::ServerContext* context,
                                                 const v1::ListPlanDigestsRequest* request,
                                                 v1::ListPlanDigestsResponse* response) {
  return gate_.Run(context, *request, [&](const CallContext& call) -> absl::Status {
    // The memo holds the answer for everyone; each caller
    // gets what it may read of it.
    absl::StatusOr<v1::ListPlanDigestsResponse> all =
        digests_.Get(*request, [&] { return registry_.ListPlanDigests(*request); });
    if (!all.ok()) return all.status();
    return Deliver(registry_.NarrowDigests(call, *std::move(all)), response);
  });
}

}  // namespace interplan::plans
