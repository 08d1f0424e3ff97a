// SQL access to reports: the current state of each (reports), every
// version submitted (report_versions) and every status change
// (report_transitions). Every call runs inside the caller's transaction.
#ifndef INTERPLAN_SERVICES_REPORTING_REPORT_STORE_H_
#define INTERPLAN_SERVICES_REPORTING_REPORT_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/storage/database.h"
#include "interplan/reporting/v1/reporting.pb.h"

namespace interplan::reporting {

// What the reports table says of one report beside its versions.
struct ReportState {
  int64_t version = 0;  // the latest
  v1::ReportStatus status = v1::REPORT_STATUS_UNSPECIFIED;
  int64_t accepted_version = 0;  // 0 while none was accepted
};

// The reports table's row of one report, as a submission writes it.
struct ReportRecord {
  std::string id;
  std::string obligation_id;
  std::string plan_id;
  std::string agency_id;
  std::string period;
  int64_t version = 0;
  v1::ReportStatus status = v1::REPORT_STATUS_UNSPECIFIED;
  int64_t update_time_micros = 0;
};

struct ReportFilter {
  std::string plan_id;
  std::string agency_id;
  std::string period;
  v1::ReportStatus status = v1::REPORT_STATUS_UNSPECIFIED;  // any
  std::string after_id;
  // How many reports a listing returns at most.
  int limit = 101;
};

// A report as listed: its id and its obligation's.
struct ListedReport {
  std::string id;
  std::string obligation_id;
};

class ReportStore {
 public:
  // The statement reading report `id`'s state, to send with others
  // (Transaction::QueryAll), and the state its rows hold: nullopt when
  // the report has none yet.
  static storage::Statement FindStateStatement(const std::string& id);
  static std::optional<ReportState> FoundState(const std::vector<storage::Row>& rows);
  // Version `version` of report `id` (0: the latest, with its current
  // status) with the report's whole history; NOT_FOUND naming the report
  // (or the version it lacks).
  // `state`, when given, receives the report's state, read with it.
  absl::StatusOr<v1::Report> Load(storage::Transaction& txn, const std::string& id, int version,
                                  ReportState* state = nullptr);
  // Load's three statements, to send with others (Transaction::QueryAll),
  // and Load's answer from their rows: rows[first, first + 3).
  static std::vector<storage::Statement> LoadStatements(const std::string& id, int version);
  static absl::StatusOr<v1::Report> LoadFrom(const std::string& id, int version,
                                             const std::vector<std::vector<storage::Row>>& rows,
                                             size_t first, ReportState* state);
  // The reports matching `filter` in id order, after filter.after_id.
  absl::StatusOr<std::vector<ListedReport>> List(storage::Transaction& txn,
                                                 const ReportFilter& filter);

  // A submitted version: the report's row (created when `first`, else
  // moved to record.version and record.status), `report` as that version,
  // and `transition` appended to its history.
  absl::Status SaveSubmission(storage::Transaction& txn, const ReportRecord& record, bool first,
                              const v1::Report& report, const v1::ReportTransition& transition);
  // A review: report `id` moves to `state` (its status and accepted
  // version) and `transition` is appended to its history.
  absl::Status SaveReview(storage::Transaction& txn, const std::string& id,
                          const ReportState& state, int64_t update_time_micros,
                          const v1::ReportTransition& transition);

 private:
  // Appends `transition` to the history of report `id`.
  absl::Status AddTransition(storage::Transaction& txn, const std::string& id,
                             const v1::ReportTransition& transition);
};

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_REPORT_STORE_H_
