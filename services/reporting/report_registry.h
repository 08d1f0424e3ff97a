// The reporting logic: obligations (with their state on a date), report
// submission and review (draft -> submitted -> accepted, or returned ->
// resubmitted -> accepted, every transition recorded), lock dates and
// exceptions, compliance counts, roll-ups and progress against targets.
// Plain C++ over the stores; the gRPC handler only forwards. Every method
// applies the access rules of report_access.h to the call's principal
// before it writes or answers (none with --auth=off).
#ifndef INTERPLAN_SERVICES_REPORTING_REPORT_REGISTRY_H_
#define INTERPLAN_SERVICES_REPORTING_REPORT_REGISTRY_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/clients/remembering_agencies_client.h"
#include "common/server/call_context.h"
#include "common/storage/database.h"
#include "common/storage/group_commit.h"
#include "interplan/reporting/v1/reporting.pb.h"
#include "services/reporting/agency_validity.h"
#include "services/reporting/indicator_catalogue.h"
#include "services/reporting/obligation_store.h"
#include "services/reporting/plan_feed.h"
#include "services/reporting/report_access.h"
#include "services/reporting/rollup_engine.h"

namespace interplan::reporting {

class ReportRegistry {
 public:
  using Clock = std::function<absl::Time()>;

  // `agency_max_age` bounds how old the agency records that reads judge
  // obligations by may be (agency_validity.h): GetCompliance and
  // ListObligations honour a RetireAgency at most that long after it
  // answered. Zero asks interplan-agencies on every read. OpenException
  // always asks.
  ReportRegistry(storage::Database& db, storage::GroupCommitter& committer,
                 IndicatorCatalogue& catalogue, RememberingAgenciesClient& registry, PlanFeed& feed,
                 RollupEngine& rollups, Clock now = nullptr,
                 absl::Duration agency_max_age = absl::ZeroDuration());

  absl::StatusOr<v1::ListObligationsResponse> ListObligations(
      const v1::ListObligationsRequest& request, const CallContext& call);
  absl::StatusOr<v1::Obligation> OpenException(const v1::OpenExceptionRequest& request,
                                               const CallContext& call);

  absl::StatusOr<v1::Report> SubmitReport(const v1::SubmitReportRequest& request,
                                          const CallContext& call);
  // Without `call`, as with --auth=off: everything may be read.
  absl::StatusOr<v1::Report> GetReport(const v1::GetReportRequest& request,
                                       const CallContext& call = CallContext());
  absl::StatusOr<v1::ListReportsResponse> ListReports(const v1::ListReportsRequest& request,
                                                      const CallContext& call = CallContext());
  absl::StatusOr<v1::Report> AcceptReport(const v1::AcceptReportRequest& request,
                                          const CallContext& call);
  absl::StatusOr<v1::Report> ReturnReport(const v1::ReturnReportRequest& request,
                                          const CallContext& call);

  absl::StatusOr<v1::Compliance> GetCompliance(const v1::GetComplianceRequest& request,
                                               const CallContext& call);
  absl::StatusOr<v1::Rollup> GetRollup(const v1::GetRollupRequest& request,
                                       const CallContext& call);
  absl::StatusOr<v1::TargetProgress> GetTargetProgress(const v1::GetTargetProgressRequest& request,
                                                       const CallContext& call);

  absl::CivilDay Today() const;

  // How the agency records' refresher learns that interplan-agencies
  // changed nothing (AgencyCache::SetChangeProbe).
  void SetAgencyChangeProbe(std::function<absl::StatusOr<std::string>()> probe) {
    agencies_.SetChangeProbe(std::move(probe));
  }

 private:
  // The obligation a report is for, syncing the plan feed once when it is
  // not known yet. Violations name the report's fields.
  absl::StatusOr<ObligationRow> ObligationFor(const v1::Report& report, const CallContext& call);
  absl::StatusOr<v1::Report> LoadReport(storage::Transaction& txn, const std::string& id,
                                        int version);
  absl::StatusOr<v1::Report> Review(const std::string& method, const std::string& name,
                                    const std::string& request_id,
                                    const google::protobuf::Message& request, bool accept,
                                    const std::string& reason, const CallContext& call);
  // Brings obligations up to date with interplan-plans when it answers;
  // reads go on from what is stored when it does not.
  void SyncQuietly(const CallContext& call);

  storage::Database& db_;
  storage::GroupCommitter& committer_;
  IndicatorCatalogue& catalogue_;
  RememberingAgenciesClient& registry_;
  PlanFeed& feed_;
  RollupEngine& rollups_;
  ObligationStore obligations_;
  Clock now_;
  AgencyCache agencies_;
  const absl::Duration agency_max_age_;
  ReportAccess access_;
};

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_REPORT_REGISTRY_H_
