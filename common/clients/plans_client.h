// What the other services ask of interplan-plans: a plan (to check the task
// a campaign links to) and the change feed (reporting's obligations); and
// what the gateway asks for a view (the year's plan digests, an agency's
// assignments), started in the background (AsyncCall).
// GrpcPlansClient asks the service; the logic tests answer from plans' own
// registry in process. A failure is the status the service answered, or
// UNAVAILABLE / DEADLINE_EXCEEDED when it could not be reached.
#ifndef INTERPLAN_COMMON_CLIENTS_PLANS_CLIENT_H_
#define INTERPLAN_COMMON_CLIENTS_PLANS_CLIENT_H_

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clients/async_call.h"
#include "interplan/plans/v1/plans.pb.h"

namespace interplan {

class PlansClient {
 public:
  virtual ~PlansClient() = default;

  // A plan, latest or by revision; NOT_FOUND when there is none.
  virtual absl::StatusOr<plans::v1::Plan> GetPlan(const plans::v1::GetPlanRequest& request,
                                                  absl::Time deadline) = 0;

  // One page of the plans changed after a sequence number, in order.
  virtual absl::StatusOr<plans::v1::ListPlanChangesResponse> ListPlanChanges(
      const plans::v1::ListPlanChangesRequest& request, absl::Time deadline) = 0;

  // The calls of a view, each started and left running: `done` runs when
  // `call` ends, and `*response` holds the answer when it is OK.
  virtual void StartListPlanDigests(const plans::v1::ListPlanDigestsRequest* request,
                                    plans::v1::ListPlanDigestsResponse* response, AsyncCall* call,
                                    CallDone done) = 0;
  virtual void StartListAssignments(const plans::v1::ListAssignmentsRequest* request,
                                    plans::v1::ListAssignmentsResponse* response, AsyncCall* call,
                                    CallDone done) = 0;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CLIENTS_PLANS_CLIENT_H_
