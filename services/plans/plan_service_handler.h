// gRPC face of the plans logic: decode, run through the CallGate, encode.
#ifndef INTERPLAN_SERVICES_PLANS_PLAN_SERVICE_HANDLER_H_
#define INTERPLAN_SERVICES_PLANS_PLAN_SERVICE_HANDLER_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "common/server/call_gate.h"
#include "common/server/read_memo.h"
#include "interplan/plans/v1/plans.grpc.pb.h"
#include "services/plans/plan_importer.h"
#include "services/plans/plan_registry.h"

namespace interplan::plans {

class PlanServiceHandler final : public v1::PlanService::Service {
 public:
  // `shared_version`: ServiceServer::SharedWriteVersion, which tells the
  // digests' memo of writes other replicas made.
  PlanServiceHandler(CallGate& gate, PlanRegistry& registry, PlanImporter& importer,
                     std::function<absl::StatusOr<std::string>()> shared_version)
      : gate_(gate),
        registry_(registry),
        importer_(importer),
        digests_(gate, std::move(shared_version)) {}

  grpc::Status CreatePlan(grpc::ServerContext* context, const v1::CreatePlanRequest* request,
                          v1::Plan* response) override;
  grpc::Status GetPlan(grpc::ServerContext* context, const v1::GetPlanRequest* request,
                       v1::Plan* response) override;
  grpc::Status ListPlans(grpc::ServerContext* context, const v1::ListPlansRequest* request,
                         v1::ListPlansResponse* response) override;
  grpc::Status UpdatePlan(grpc::ServerContext* context, const v1::UpdatePlanRequest* request,
                          v1::Plan* response) override;
  grpc::Status IssuePlan(grpc::ServerContext* context, const v1::IssuePlanRequest* request,
                         v1::Plan* response) override;
  grpc::Status AmendPlan(grpc::ServerContext* context, const v1::AmendPlanRequest* request,
                         v1::Plan* response) override;
  grpc::Status WithdrawPlan(grpc::ServerContext* context, const v1::WithdrawPlanRequest* request,
                            v1::Plan* response) override;
  grpc::Status ClosePlan(grpc::ServerContext* context, const v1::ClosePlanRequest* request,
                         v1::Plan* response) override;
  grpc::Status ListPlanRevisions(grpc::ServerContext* context,
                                 const v1::ListPlanRevisionsRequest* request,
                                 v1::ListPlanRevisionsResponse* response) override;
  grpc::Status ValidatePlan(grpc::ServerContext* context, const v1::ValidatePlanRequest* request,
                            v1::ValidatePlanResponse* response) override;
  grpc::Status ImportPlanDocument(grpc::ServerContext* context,
                                  const v1::ImportPlanDocumentRequest* request,
                                  v1::ImportPlanDocumentResponse* response) override;
  grpc::Status ListAssignments(grpc::ServerContext* context,
                               const v1::ListAssignmentsRequest* request,
                               v1::ListAssignmentsResponse* response) override;
  grpc::Status ListPlanChanges(grpc::ServerContext* context,
                               const v1::ListPlanChangesRequest* request,
                               v1::ListPlanChangesResponse* response) override;
  grpc::Status ListPlanDigests(grpc::ServerContext* context,
                               const v1::ListPlanDigestsRequest* request,
                               v1::ListPlanDigestsResponse* response) override;

 private:
  CallGate& gate_;
  PlanRegistry& registry_;
  PlanImporter& importer_;
  // National summaries the gateway asks for on every view it builds; kept
  // until this service's next write, by any replica. Keyed by the request alone, which is
  // right because ListPlanDigests is role-gated, not narrowed per caller.
  ReadMemo<v1::ListPlanDigestsResponse> digests_;
};

}  // namespace interplan::plans

#endif  // INTERPLAN_SERVICES_PLANS_PLAN_SERVICE_HANDLER_H_
