// The reporting logic: obligations (with their state on a date), report
// submission and review (draft -> submitted -> accepted, or returned ->
// resubmitted -> accepted, every transition recorded), lock dates and
// exceptions, and the reads of compliance counts (compliance.h), roll-ups
// (rollup_engine.h) and progress against targets (target_progress.h).
// Orchestration only: each method applies the access rules of
// report_access.h to the call's principal (none with --auth=off), the
// checks of report_validator.h, then the stores; the gRPC handler only
// forwards.
#ifndef INTERPLAN_SERVICES_REPORTING_REPORT_REGISTRY_H_
#define INTERPLAN_SERVICES_REPORTING_REPORT_REGISTRY_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/api/list_window.h"
#include "common/call/call_context.h"
#include "common/clients/remembering_agencies_client.h"
#include "common/errors/errors.h"
#include "common/storage/database.h"
#include "common/storage/group_commit.h"
#include "interplan/reporting/v1/reporting.pb.h"
#include "services/reporting/agency_validity.h"
#include "services/reporting/compliance.h"
#include "services/reporting/indicator_catalogue.h"
#include "services/reporting/obligation_store.h"
#include "services/reporting/plan_feed.h"
#include "services/reporting/report_access.h"
#include "services/reporting/report_store.h"
#include "services/reporting/rollup_engine.h"
#include "services/reporting/target_progress.h"

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
  // What a review reads before it writes.
  struct ReviewSubject {
    v1::Report current;
    int64_t accepted_version = 0;
    ObligationRow obligation;
    v1::Report previously_accepted;  // when accepted_version > 0
    // Whether the review's request was already answered (response filled),
    // read in the same transaction; the caller acts on it once it knows
    // the caller may see the answer.
    absl::StatusOr<bool> recorded = false;
    v1::Report response;
  };
  // The roll-up changes of an acceptance: the values added, and those of
  // the version accepted before taken back.
  struct RollupChanges {
    std::vector<PlannedValue> add;
    std::vector<PlannedValue> take_back;
  };

  // The obligation a report is for, syncing the plan feed once when it is
  // not known yet. Violations name the report's fields.
  absl::StatusOr<ObligationRow> ObligationFor(const v1::Report& report, const CallContext& call);
  // The obligation the report names (report.obligation).
  absl::StatusOr<ObligationRow> NamedObligation(const v1::Report& report, const CallContext& call);
  // The obligation of the report's plan, agency, kind and period.
  absl::StatusOr<ObligationRow> ObligationByKey(const v1::Report& report, const CallContext& call);
  // What a submission to `obligation` reads before its write, in one
  // transaction: the plan as reporting follows it (its tasks check the
  // report; empty when it does not follow it) and whether the request was
  // answered already (response filled).
  struct SubmissionReads {
    plans::v1::Plan plan;
    absl::StatusOr<bool> recorded = false;
    v1::Report response;
  };
  absl::StatusOr<SubmissionReads> ReadForSubmission(const v1::SubmitReportRequest& request,
                                                    const ObligationRow& obligation);
  // The content checks of a submission (report_validator.h) with what they
  // need to know: the plan, and the units named as locations, which must
  // be in force at the end of the period.
  absl::Status CheckSubmissionContent(const v1::Report& report, const ObligationRow& obligation,
                                      const plans::v1::Plan& plan, const CallContext& call,
                                      FieldViolations& violations);
  // Writes the submission, idempotently, and answers with the stored report.
  absl::StatusOr<v1::Report> WriteSubmission(const v1::SubmitReportRequest& request,
                                             const v1::Report& report,
                                             const std::string& obligation_id,
                                             absl::Time submitted_at, absl::Time now,
                                             const CallContext& call);
  // An obligation and its report, read at the start of a write.
  struct LockedObligation {
    ObligationRow obligation;
    std::optional<ReportState> report;  // none before the first submission
  };
  // The obligation's row, locked (ObligationStore::FindForUpdate), then the
  // state of its report `report_id` as the lock found it: both in one
  // round trip. NOT_FOUND (`missing`) without the obligation.
  absl::StatusOr<LockedObligation> LockObligation(storage::Transaction& txn,
                                                  const std::string& obligation_id,
                                                  const std::string& report_id,
                                                  absl::Status missing);
  // In the submission's transaction: the report, its version and
  // transition, and the obligation's report fields.
  absl::Status StoreSubmission(storage::Transaction& txn, const v1::Report& report,
                               const std::string& obligation_id, absl::Time submitted_at,
                               absl::Time now, const CallContext& call, v1::Report* out);
  absl::StatusOr<v1::Report> Review(const std::string& method, const std::string& name,
                                    const std::string& request_id,
                                    const google::protobuf::Message& request, bool accept,
                                    const std::string& reason, const CallContext& call);
  // The report with id `id` and what its review needs, and whether the
  // review request (`method`, `request_id`, `request`) was answered
  // already: one read transaction.
  absl::StatusOr<ReviewSubject> ReadReviewSubject(const std::string& id, const std::string& method,
                                                  const std::string& request_id,
                                                  const google::protobuf::Message& request);
  // Works out the roll-up changes before the write: that may ask
  // interplan-agencies.
  absl::StatusOr<RollupChanges> PlanRollupChanges(const ReviewSubject& subject, bool accept,
                                                  const CallContext& call);
  // In the review's transaction: the report's status, the roll-ups, its
  // transition and the obligation's report status.
  absl::Status StoreReview(storage::Transaction& txn, const std::string& name,
                           const std::string& id, const ReviewSubject& subject, bool accept,
                           const std::string& reason, const RollupChanges& changes,
                           const CallContext& call, v1::Report* out);
  // The reports of one page of ListReports the caller may read (and one
  // more, to know there is more), batch after batch.
  absl::StatusOr<std::vector<std::string>> ReadableReportIds(ReportFilter filter,
                                                             const ListWindow& window,
                                                             const CallContext& call);
  // Runs a write transaction: under READ COMMITTED on PostgreSQL
  // (Database::WriteReadCommitted), so each write takes the locks its
  // invariants need, named where it takes them: the obligation's row
  // (ObligationStore::FindForUpdate) before deciding on the obligation or
  // its report, roll-up rows changed in place in key order
  // (RollupEngine::Apply), the request log's primary key for a retried
  // request_id (storage/request_log.h).
  absl::Status Write(absl::FunctionRef<absl::Status(storage::Transaction&)> work);
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
  ReportStore reports_;
  Clock now_;
  AgencyCache agencies_;
  const absl::Duration agency_max_age_;
  ReportAccess access_;
  ComplianceCalculator compliance_;
  TargetProgressCalculator progress_;
};

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_REPORT_REGISTRY_H_
