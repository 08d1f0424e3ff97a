#include "services/reporting/report_store.h"

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"

namespace interplan::reporting {
namespace {

using storage::Params;
using storage::Row;
using storage::Transaction;

constexpr char kReportType[] = "interplan.reporting.v1.Report";

// The WHERE and ORDER BY ... LIMIT of a listing, its parameters in `params`.
std::string ListingClauses(const ReportFilter& filter, Params& params) {
  auto next = [&params]() { return absl::StrCat("$", params.size()); };
  std::string where = "1 = 1";
  if (!filter.plan_id.empty()) {
    params.push_back(filter.plan_id);
    absl::StrAppend(&where, " AND plan_id = ", next());
  }
  if (!filter.agency_id.empty()) {
    params.push_back(filter.agency_id);
    absl::StrAppend(&where, " AND agency_id = ", next());
  }
  if (!filter.period.empty()) {
    params.push_back(filter.period);
    absl::StrAppend(&where, " AND period = ", next());
  }
  if (filter.status != v1::REPORT_STATUS_UNSPECIFIED) {
    params.push_back(static_cast<int64_t>(filter.status));
    absl::StrAppend(&where, " AND status = ", next());
  }
  params.push_back(filter.after_id);
  absl::StrAppend(&where, " AND id > ", next());
  params.push_back(static_cast<int64_t>(filter.limit));
  return absl::StrCat(" WHERE ", where, " ORDER BY id LIMIT ", next());
}

}  // namespace

storage::Statement ReportStore::FindStateStatement(const std::string& id) {
  return {"SELECT version, status, accepted_version FROM reports WHERE id = $1", {id}};
}

std::optional<ReportState> ReportStore::FoundState(const std::vector<Row>& rows) {
  if (rows.empty()) return std::nullopt;
  const Row& row = rows.front();
  ReportState state;
  state.version = row[0].AsInt();
  state.status = static_cast<v1::ReportStatus>(row[1].AsInt());
  state.accepted_version = row[2].AsInt();
  return state;
}

absl::StatusOr<v1::Report> ReportStore::Load(Transaction& txn, const std::string& id, int version,
                                             ReportState* state) {
  absl::StatusOr<std::vector<std::vector<Row>>> rows = txn.QueryAll(LoadStatements(id, version));
  if (!rows.ok()) return rows.status();
  return LoadFrom(id, version, *rows, 0, state);
}

std::vector<storage::Statement> ReportStore::LoadStatements(const std::string& id, int version) {
  // Version 0 is the latest: the state's, read by the statement itself.
  storage::Statement data =
      version == 0
          ? storage::Statement{"SELECT data FROM report_versions WHERE report_id = $1 AND"
                               " version = (SELECT version FROM reports WHERE id = $1)",
                               {id}}
          : storage::Statement{
                "SELECT data FROM report_versions WHERE report_id = $1 AND version = $2",
                {id, int64_t{version}}};
  return {FindStateStatement(id),
          std::move(data),
          {"SELECT data FROM report_transitions WHERE report_id = $1 ORDER BY seq", {id}}};
}

absl::StatusOr<v1::Report> ReportStore::LoadFrom(const std::string& id, int version,
                                                 const std::vector<std::vector<Row>>& rows,
                                                 size_t first, ReportState* state) {
  const std::optional<ReportState> current = FoundState(rows[first]);
  if (!current.has_value()) {
    return ResourceNotFoundError(kReportType, absl::StrCat("reports/", id));
  }
  if (state != nullptr) *state = *current;
  const int64_t wanted = version == 0 ? current->version : version;
  const std::vector<Row>& data = rows[first + 1];
  if (data.empty()) {
    return ResourceNotFoundError(kReportType, absl::StrCat("reports/", id),
                                 absl::StrCat("has no version ", wanted));
  }
  v1::Report report;
  if (!report.ParseFromString(data[0][0].AsBytes())) {
    return absl::DataLossError("stored report does not parse");
  }
  if (wanted == current->version) report.set_status(current->status);
  report.clear_history();
  for (const Row& row : rows[first + 2]) {
    v1::ReportTransition* transition = report.add_history();
    transition->ParseFromString(row[0].AsBytes());
    if (transition->to() == v1::REPORT_STATUS_RETURNED)
      report.set_return_reason(transition->reason());
  }
  return report;
}

absl::StatusOr<std::vector<ListedReport>> ReportStore::List(Transaction& txn,
                                                            const ReportFilter& filter) {
  Params params;
  const std::string clauses = ListingClauses(filter, params);
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query(absl::StrCat("SELECT id, obligation_id FROM reports", clauses), params);
  if (!rows.ok()) return rows.status();
  std::vector<ListedReport> listed;
  listed.reserve(rows->size());
  for (const Row& row : *rows) listed.push_back({row[0].AsText(), row[1].AsText()});
  return listed;
}

absl::Status ReportStore::SaveSubmission(Transaction& txn, const ReportRecord& record, bool first,
                                         const v1::Report& report,
                                         const v1::ReportTransition& transition) {
  // Written under the obligation's row lock, and nothing here needs an
  // answer: on PostgreSQL these go with the transaction's commit.
  absl::Status status;
  if (first) {
    status = txn.ExecuteLater(
        "INSERT INTO reports (id, obligation_id, plan_id, agency_id, period, version,"
        " status, accepted_version, update_time_micros)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8)",
        {record.id, record.obligation_id, record.plan_id, record.agency_id, record.period,
         record.version, static_cast<int64_t>(record.status), record.update_time_micros});
  } else {
    status = txn.ExecuteLater(
        "UPDATE reports SET version = $2, status = $3, update_time_micros = $4 WHERE id = $1",
        {record.id, record.version, static_cast<int64_t>(record.status),
         record.update_time_micros});
  }
  if (!status.ok()) return status;
  status =
      txn.ExecuteLater("INSERT INTO report_versions (report_id, version, data) VALUES ($1, $2, $3)",
                       {record.id, record.version, storage::Blob{report.SerializeAsString()}});
  if (!status.ok()) return status;
  return AddTransition(txn, record.id, transition);
}

absl::Status ReportStore::SaveReview(Transaction& txn, const std::string& id,
                                     const ReportState& state, int64_t update_time_micros,
                                     const v1::ReportTransition& transition) {
  absl::Status status = txn.ExecuteLater(
      "UPDATE reports SET status = $2, accepted_version = $3, update_time_micros = $4"
      " WHERE id = $1",
      {id, static_cast<int64_t>(state.status), state.accepted_version, update_time_micros});
  if (!status.ok()) return status;
  return AddTransition(txn, id, transition);
}

absl::Status ReportStore::AddTransition(Transaction& txn, const std::string& id,
                                        const v1::ReportTransition& transition) {
  // Numbered after those before it, counted by the statement itself so
  // that it needs no answer (the obligation's row lock keeps two writers
  // of one report from counting at once).
  return txn.ExecuteLater(
      "INSERT INTO report_transitions (report_id, seq, data) VALUES"
      " ($1, (SELECT COUNT(*) + 1 FROM report_transitions WHERE report_id = $1), $2)",
      {id, storage::Blob{transition.SerializeAsString()}});
}

}  // namespace interplan::reporting
