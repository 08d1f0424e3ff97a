#include "tests/support/in_process_plans.h"

#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/config/reference_dir.h"
#include "google/protobuf/util/json_util.h"
#include "services/plans/indicator_catalogue.h"
#include "services/plans/schema.h"
#include "tests/support/database_fixture.h"
#include "tests/support/subprocess.h"
#include "tests/support/suite_processes.h"

namespace interplan::testing {
namespace {

namespace pv1 = ::interplan::plans::v1;

absl::StatusOr<pv1::CreatePlanRequest> ReadPlanFile(const std::string& path) {
  pv1::CreatePlanRequest request;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto parsed =
      google::protobuf::util::JsonStringToMessage(ReadFileOrEmpty(path), &request, options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", std::string(parsed.message())));
  }
  return request;
}

// An answer given in the background: `done` runs at once.
template <typename Response>
void Deliver(absl::StatusOr<Response> answer, Response* response, const CallDone& done) {
  if (answer.ok()) *response = *std::move(answer);
  done(answer.status());
}

absl::Status Unreachable() {
  return absl::UnavailableError(
      "failed to connect to all addresses (interplan-plans is down in this test)");
}

}  // namespace

absl::StatusOr<std::unique_ptr<InProcessPlans>> InProcessPlans::Start(AgenciesClient& agencies) {
  absl::StatusOr<plans::IndicatorMeasures> indicators =
      plans::LoadIndicatorMeasures(absl::StrCat(ReferenceDir(), "/indicators.jsonl"));
  if (!indicators.ok()) return indicators.status();
  absl::StatusOr<std::unique_ptr<storage::Database>> db =
      OpenFreshDatabase(storage::Engine::kSqlite);
  if (!db.ok()) return db.status();
  if (absl::Status migrated = (*db)->Migrate(plans::PlansMigrations()); !migrated.ok()) {
    return migrated;
  }
  std::unique_ptr<InProcessPlans> started(new InProcessPlans(std::move(*db), agencies));
  started->registry_ = std::make_unique<plans::PlanRegistry>(*started->db_, started->directory_,
                                                             std::move(*indicators));
  return started;
}

InProcessPlans::InProcessPlans(std::unique_ptr<storage::Database> db, AgenciesClient& agencies)
    : db_(std::move(db)), directory_(agencies) {}

CallContext InProcessPlans::Call() {
  CallContext call;
  call.method = "/interplan.plans.v1.PlanService/Test";
  call.deadline = absl::Now() + absl::Seconds(30);
  return call;
}

absl::Status InProcessPlans::PushSeedPlans() {
  for (const std::string& path : SeedPlanFixtures()) {
    absl::StatusOr<pv1::CreatePlanRequest> request = ReadPlanFile(path);
    if (!request.ok()) return request.status();
    request->set_request_id(absl::StrCat("push-", request->plan_id()));
    absl::StatusOr<pv1::Plan> created = registry_->CreatePlan(*request, Call());
    if (!created.ok()) {
      return absl::Status(created.status().code(),
                          absl::StrCat("pushing ", path, ": ", created.status().message()));
    }
    pv1::IssuePlanRequest issue;
    issue.set_name(created->name());
    issue.set_etag(created->etag());
    issue.set_request_id(absl::StrCat("push-issue-", request->plan_id()));
    absl::StatusOr<pv1::Plan> issued = registry_->IssuePlan(issue, Call());
    if (!issued.ok()) {
      return absl::Status(issued.status().code(),
                          absl::StrCat("issuing ", path, ": ", issued.status().message()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<pv1::Plan> InProcessPlans::GetPlan(const pv1::GetPlanRequest& request, absl::Time) {
  return registry_->GetPlan(request);
}

absl::StatusOr<pv1::ListPlanChangesResponse> InProcessPlans::ListPlanChanges(
    const pv1::ListPlanChangesRequest& request, absl::Time) {
  return registry_->ListPlanChanges(request, Call());
}

void InProcessPlans::StartListPlanDigests(const pv1::ListPlanDigestsRequest* request,
                                          pv1::ListPlanDigestsResponse* response, AsyncCall*,
                                          CallDone done) {
  absl::StatusOr<pv1::ListPlanDigestsResponse> all = registry_->ListPlanDigests(*request);
  if (!all.ok()) return done(all.status());
  Deliver(registry_->NarrowDigests(Call(), *std::move(all)), response, done);
}

void InProcessPlans::StartListAssignments(const pv1::ListAssignmentsRequest* request,
                                          pv1::ListAssignmentsResponse* response, AsyncCall*,
                                          CallDone done) {
  Deliver(registry_->ListAssignments(*request, Call()), response, done);
}

absl::StatusOr<pv1::Plan> UnreachablePlans::GetPlan(const pv1::GetPlanRequest&, absl::Time) {
  return Unreachable();
}

absl::StatusOr<pv1::ListPlanChangesResponse> UnreachablePlans::ListPlanChanges(
    const pv1::ListPlanChangesRequest&, absl::Time) {
  return Unreachable();
}

void UnreachablePlans::StartListPlanDigests(const pv1::ListPlanDigestsRequest*,
                                            pv1::ListPlanDigestsResponse*, AsyncCall*,
                                            CallDone done) {
  done(Unreachable());
}

void UnreachablePlans::StartListAssignments(const pv1::ListAssignmentsRequest*,
                                            pv1::ListAssignmentsResponse*, AsyncCall*,
                                            CallDone done) {
  done(Unreachable());
}

}  // namespace interplan::testing
