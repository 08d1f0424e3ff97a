// interplan-plans without a process, for the other services' logic tests:
// plans' own PlanRegistry over a private SQLite database, checking
// references against an AgenciesClient (an InProcessAgencies), answering
// PlansClient calls directly (a call "started in the background" is
// answered before Start* returns). Tests create, issue, amend and withdraw plans
// through registry(), so every plan passes the real validation. And
// UnreachablePlans, a PlansClient whose service is down.
#ifndef INTERPLAN_TESTS_SUPPORT_IN_PROCESS_PLANS_H_
#define INTERPLAN_TESTS_SUPPORT_IN_PROCESS_PLANS_H_

#include <memory>

#include "absl/status/statusor.h"
#include "common/call/call_context.h"
#include "common/clients/agencies_client.h"
#include "common/clients/plans_client.h"
#include "common/storage/database.h"
#include "services/plans/agency_directory.h"
#include "services/plans/plan_registry.h"

namespace interplan::testing {

class InProcessPlans : public PlansClient {
 public:
  // A fresh database, references checked against `agencies` (not owned;
  // it outlives this) and the shipped indicator catalogue.
  static absl::StatusOr<std::unique_ptr<InProcessPlans>> Start(AgenciesClient& agencies);

  // Creates and issues every seed plan fixture (SeedPlanFixtures()), as
  // `interplan plans push --issue` does for an empty service.
  absl::Status PushSeedPlans();

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

  plans::PlanRegistry& registry() { return *registry_; }
  // A call with authorization off (no principal), as with --auth=off.
  static CallContext Call();

 private:
  InProcessPlans(std::unique_ptr<storage::Database> db, AgenciesClient& agencies);

  std::unique_ptr<storage::Database> db_;
  plans::ClientAgencyDirectory directory_;
  std::unique_ptr<plans::PlanRegistry> registry_;
};

// Every call is UNAVAILABLE, as a call to a port nobody listens on is.
class UnreachablePlans : public PlansClient {
 public:
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
};

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_IN_PROCESS_PLANS_H_
