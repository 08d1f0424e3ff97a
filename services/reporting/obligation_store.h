// SQL access to obligations. Every call runs inside the caller's
// transaction.
#ifndef INTERPLAN_SERVICES_REPORTING_OBLIGATION_STORE_H_
#define INTERPLAN_SERVICES_REPORTING_OBLIGATION_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/storage/database.h"
#include "interplan/reporting/v1/reporting.pb.h"
#include "services/reporting/obligation_rules.h"

namespace interplan::reporting {

struct ObligationRow {
  std::string id;
  std::string plan_id;
  int64_t plan_revision = 0;
  std::string agency_id;
  std::string recipient_id;
  v1::ReportKind kind = v1::REPORT_KIND_UNSPECIFIED;
  std::string period;
  std::string period_first;  // YYYY-MM-DD
  std::string period_last;
  std::string due_date;
  std::string lock_date;
  std::string exception_until;  // "" when none
  std::string due_text;
  bool cancelled = false;
  std::string unit_code;        // the agency's unit on the due date; "" national
  std::string unit_valid_from;  // stored form
  std::string unit_path;
  // Not expected. As stored: the agency's unit ceased before the due date
  // (or the agency was unknown when the plan was followed). Readers add
  // the agency's own validity as known at read time (agency_validity.h).
  bool ceased = false;
  std::string report_id;  // "" until a report is submitted
  v1::ReportStatus report_status = v1::REPORT_STATUS_UNSPECIFIED;
  std::string first_submit_date;  // "" until submitted
  int64_t first_submit_micros = 0;
};

struct ObligationFilter {
  std::string agency_id;
  std::string plan_id;
  std::string period;        // exact
  std::string within_first;  // obligations whose period lies inside [first, last]
  std::string within_last;
  bool include_cancelled = false;
  std::string after_id;
  int limit = 1000;
};

class ObligationStore {
 public:
  absl::StatusOr<std::optional<ObligationRow>> Find(storage::Transaction& txn,
                                                    const std::string& id);
  // Find, locking the row until the transaction ends (PostgreSQL: SELECT
  // ... FOR UPDATE; SQLite's one writer already excludes the others). The
  // obligation's row guards its report: every write that decides on the
  // obligation's state or its report (submission, review, exception)
  // takes this lock first, so under READ COMMITTED such writes run one
  // after another and each reads what the previous one committed.
  absl::StatusOr<std::optional<ObligationRow>> FindForUpdate(storage::Transaction& txn,
                                                             const std::string& id);
  // FindForUpdate's statement, to send with others (Transaction::QueryAll),
  // and the obligation its rows hold.
  static storage::Statement FindForUpdateStatement(storage::Engine engine, const std::string& id);
  static std::optional<ObligationRow> FoundObligation(const std::vector<storage::Row>& rows);
  // The statement reading the obligation report `report_id` answers, for
  // FoundObligation.
  static storage::Statement FindOfReportStatement(const std::string& report_id);
  // The obligations matching (plan, agency, kind, period), any recipient.
  absl::StatusOr<std::vector<ObligationRow>> FindByKey(storage::Transaction& txn,
                                                       const std::string& plan_id,
                                                       const std::string& agency_id,
                                                       v1::ReportKind kind,
                                                       const std::string& period);
  absl::StatusOr<std::vector<ObligationRow>> List(storage::Transaction& txn,
                                                  const ObligationFilter& filter);
  // The same obligations with only what a compliance count reads filled
  // in: id, agency_id, due_date, unit_code, unit_valid_from, unit_path,
  // ceased, report_status and first_submit_date. A national count reads
  // thousands of rows; the other columns would only be copied and freed.
  absl::StatusOr<std::vector<ObligationRow>> ListForCount(storage::Transaction& txn,
                                                          const ObligationFilter& filter);
  // Inserts or refreshes what the plan says; keeps report and exception
  // fields of an existing obligation.
  absl::Status Upsert(storage::Transaction& txn, const ObligationRow& row);
  // Cancels the plan's obligations whose ids are not in `keep`.
  absl::Status CancelOthers(storage::Transaction& txn, const std::string& plan_id,
                            const std::vector<std::string>& keep);
  absl::Status SetReport(storage::Transaction& txn, const ObligationRow& row);
  absl::Status SetException(storage::Transaction& txn, const std::string& id,
                            const std::string& until);
};

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_OBLIGATION_STORE_H_
