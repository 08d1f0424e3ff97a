#include "services/reporting/obligation_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace interplan::reporting {
namespace {

using storage::Params;
using storage::Row;
using storage::Transaction;

constexpr char kColumns[] =
    "id, plan_id, plan_revision, agency_id, recipient_id, kind, period, period_first,"
    " period_last, due_date, lock_date, exception_until, due_text, cancelled, unit_code,"
    " unit_valid_from, unit_path, ceased, report_id, report_status, first_submit_date,"
    " first_submit_micros";

ObligationRow RowOf(const Row& r) {
  ObligationRow o;
  o.id = r[0].AsText();
  o.plan_id = r[1].AsText();
  o.plan_revision = r[2].AsInt();
  o.agency_id = r[3].AsText();
  o.recipient_id = r[4].AsText();
  o.kind = static_cast<v1::ReportKind>(r[5].AsInt());
  o.period = r[6].AsText();
  o.period_first = r[7].AsText();
  o.period_last = r[8].AsText();
  o.due_date = r[9].AsText();
  o.lock_date = r[10].AsText();
  o.exception_until = r[11].AsText();
  o.due_text = r[12].AsText();
  o.cancelled = r[13].AsBool();
  o.unit_code = r[14].AsText();
  o.unit_valid_from = r[15].AsText();
  o.unit_path = r[16].AsText();
  o.ceased = r[17].AsBool();
  o.report_id = r[18].AsText();
  o.report_status = static_cast<v1::ReportStatus>(r[19].AsInt());
  o.first_submit_date = r[20].AsText();
  o.first_submit_micros = r[21].AsInt();
  return o;
}

absl::StatusOr<std::vector<ObligationRow>> RowsOf(absl::StatusOr<std::vector<Row>> rows) {
  if (!rows.ok()) return rows.status();
  std::vector<ObligationRow> out;
  out.reserve(rows->size());
  for (const Row& row : *rows) out.push_back(RowOf(row));
  return out;
}

// The statement reading obligation `id`, its row locked until the
// transaction ends when `lock` (on PostgreSQL; SQLite has one writer and
// no such clause).
storage::Statement FindOneStatement(storage::Engine engine, const std::string& id, bool lock) {
  const char* for_update = lock && engine == storage::Engine::kPostgres ? " FOR UPDATE" : "";
  return {absl::StrCat("SELECT ", kColumns, " FROM obligations WHERE id = $1", for_update), {id}};
}

absl::StatusOr<std::optional<ObligationRow>> FindOne(Transaction& txn, const std::string& id,
                                                     bool lock) {
  const storage::Statement statement = FindOneStatement(txn.engine(), id, lock);
  absl::StatusOr<std::vector<Row>> rows = txn.Query(statement.sql, statement.params);
  if (!rows.ok()) return rows.status();
  return ObligationStore::FoundObligation(*rows);
}

}  // namespace

storage::Statement ObligationStore::FindForUpdateStatement(storage::Engine engine,
                                                           const std::string& id) {
  return FindOneStatement(engine, id, /*lock=*/true);
}

storage::Statement ObligationStore::FindOfReportStatement(const std::string& report_id) {
  return {absl::StrCat("SELECT ", kColumns,
                       " FROM obligations WHERE id = (SELECT obligation_id FROM reports"
                       " WHERE id = $1)"),
          {report_id}};
}

std::optional<ObligationRow> ObligationStore::FoundObligation(const std::vector<Row>& rows) {
  if (rows.empty()) return std::nullopt;
  return RowOf(rows.front());
}

absl::StatusOr<std::optional<ObligationRow>> ObligationStore::Find(Transaction& txn,
                                                                   const std::string& id) {
  return FindOne(txn, id, /*lock=*/false);
}

absl::StatusOr<std::optional<ObligationRow>> ObligationStore::FindForUpdate(Transaction& txn,
                                                                            const std::string& id) {
  return FindOne(txn, id, /*lock=*/true);
}

absl::StatusOr<std::vector<ObligationRow>> ObligationStore::FindByKey(Transaction& txn,
                                                                      const std::string& plan_id,
                                                                      const std::string& agency_id,
                                                                      v1::ReportKind kind,
                                                                      const std::string& period) {
  return RowsOf(
      txn.Query(absl::StrCat("SELECT ", kColumns,
                             " FROM obligations WHERE plan_id = $1 AND agency_id = $2 AND kind = $3"
                             " AND period = $4 ORDER BY id"),
                {plan_id, agency_id, static_cast<int64_t>(kind), period}));
}

namespace {

// The WHERE and ORDER BY ... LIMIT of a listing, its parameters in `params`.
std::string ListingClauses(const ObligationFilter& filter, Params& params) {
  auto next = [&params]() { return absl::StrCat("$", params.size()); };
  std::string where = "1 = 1";
  if (!filter.include_cancelled) absl::StrAppend(&where, " AND cancelled = 0");
  if (!filter.agency_id.empty()) {
    params.push_back(filter.agency_id);
    absl::StrAppend(&where, " AND agency_id = ", next());
  }
  if (!filter.plan_id.empty()) {
    params.push_back(filter.plan_id);
    absl::StrAppend(&where, " AND plan_id = ", next());
  }
  if (!filter.period.empty()) {
    params.push_back(filter.period);
    absl::StrAppend(&where, " AND period = ", next());
  }
  if (!filter.within_first.empty()) {
    params.push_back(filter.within_first);
    absl::StrAppend(&where, " AND period_first >= ", next());
    params.push_back(filter.within_last);
    absl::StrAppend(&where, " AND period_last <= ", next());
  }
  params.push_back(filter.after_id);
  absl::StrAppend(&where, " AND id > ", next());
  params.push_back(static_cast<int64_t>(filter.limit));
  return absl::StrCat(" WHERE ", where, " ORDER BY id LIMIT ", next());
}

}  // namespace

absl::StatusOr<std::vector<ObligationRow>> ObligationStore::List(Transaction& txn,
                                                                 const ObligationFilter& filter) {
  Params params;
  const std::string clauses = ListingClauses(filter, params);
  return RowsOf(txn.Query(absl::StrCat("SELECT ", kColumns, " FROM obligations", clauses), params));
}

absl::StatusOr<std::vector<ObligationRow>> ObligationStore::ListForCount(
    Transaction& txn, const ObligationFilter& filter) {
  Params params;
  const std::string clauses = ListingClauses(filter, params);
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query(absl::StrCat("SELECT id, agency_id, due_date, unit_code, unit_valid_from,"
                             " unit_path, ceased, report_status, first_submit_date"
                             " FROM obligations",
                             clauses),
                params);
  if (!rows.ok()) return rows.status();
  std::vector<ObligationRow> out(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    const Row& r = (*rows)[i];
    ObligationRow& o = out[i];
    o.id = r[0].AsText();
    o.agency_id = r[1].AsText();
    o.due_date = r[2].AsText();
    o.unit_code = r[3].AsText();
    o.unit_valid_from = r[4].AsText();
    o.unit_path = r[5].AsText();
    o.ceased = r[6].AsBool();
    o.report_status = static_cast<v1::ReportStatus>(r[7].AsInt());
    o.first_submit_date = r[8].AsText();
  }
  return out;
}

absl::Status ObligationStore::Upsert(Transaction& txn, const ObligationRow& o) {
  return txn
      .Execute(absl::StrCat("INSERT INTO obligations (", kColumns,
                            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '', $12, 0,"
                            " $13, $14, $15, $16, '', 0, '', 0)"
                            " ON CONFLICT (id) DO UPDATE SET plan_revision = $3, due_date = $10,"
                            " lock_date = $11, due_text = $12, cancelled = 0, unit_code = $13,"
                            " unit_valid_from = $14, unit_path = $15, ceased = $16"),
               {o.id, o.plan_id, o.plan_revision, o.agency_id, o.recipient_id,
                static_cast<int64_t>(o.kind), o.period, o.period_first, o.period_last, o.due_date,
                o.lock_date, o.due_text, o.unit_code, o.unit_valid_from, o.unit_path, o.ceased})
      .status();
}

absl::Status ObligationStore::CancelOthers(Transaction& txn, const std::string& plan_id,
                                           const std::vector<std::string>& keep) {
  Params params = {plan_id};
  std::vector<std::string> slots;
  for (const std::string& id : keep) {
    params.push_back(id);
    slots.push_back(absl::StrCat("$", params.size()));
  }
  std::string sql = "UPDATE obligations SET cancelled = 1 WHERE plan_id = $1 AND cancelled = 0";
  if (!slots.empty()) absl::StrAppend(&sql, " AND id NOT IN (", absl::StrJoin(slots, ","), ")");
  return txn.Execute(sql, params).status();
}

absl::Status ObligationStore::SetReport(Transaction& txn, const ObligationRow& o) {
  return txn.ExecuteLater(
      "UPDATE obligations SET report_id = $2, report_status = $3, first_submit_date = $4,"
      " first_submit_micros = $5 WHERE id = $1",
      {o.id, o.report_id, static_cast<int64_t>(o.report_status), o.first_submit_date,
       o.first_submit_micros});
}

absl::Status ObligationStore::SetException(Transaction& txn, const std::string& id,
                                           const std::string& until) {
  return txn.Execute("UPDATE obligations SET exception_until = $2 WHERE id = $1", {id, until})
      .status();
}

}  // namespace interplan::reporting
