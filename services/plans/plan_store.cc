#include "services/plans/plan_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/storage/like_pattern.h"

namespace interplan::plans {
namespace {

using storage::Blob;
using storage::Params;
using storage::Row;
using storage::Transaction;

constexpr char kColumns[] =
    "id, revision, generation, status, issuer_id, unit_code, unit_path, reference_date,"
    " first_year, last_year, search_text, create_time_micros, update_time_micros, change_seq,"
    " content";

PlanRow RowOf(const Row& row) {
  PlanRow plan;
  plan.id = row[0].AsText();
  plan.revision = row[1].AsInt();
  plan.generation = row[2].AsInt();
  plan.status = static_cast<v1::PlanStatus>(row[3].AsInt());
  plan.issuer_id = row[4].AsText();
  plan.unit_code = row[5].AsText();
  plan.unit_path = row[6].AsText();
  plan.reference_date = row[7].AsText();
  plan.first_year = static_cast<int>(row[8].AsInt());
  plan.last_year = static_cast<int>(row[9].AsInt());
  plan.search_text = row[10].AsText();
  plan.create_time = absl::FromUnixMicros(row[11].AsInt());
  plan.update_time = absl::FromUnixMicros(row[12].AsInt());
  plan.change_seq = row[13].AsInt();
  plan.content = static_cast<v1::PlanContent>(row[14].AsInt());
  return plan;
}

absl::StatusOr<v1::Plan> PlanOf(const std::string& bytes) {
  v1::Plan plan;
  if (!plan.ParseFromString(bytes)) return absl::DataLossError("stored plan does not parse");
  return plan;
}

}  // namespace

absl::StatusOr<std::optional<PlanRow>> PlanStore::Find(Transaction& txn, const std::string& id) {
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query(absl::StrCat("SELECT ", kColumns, " FROM plans WHERE id = $1"), {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<PlanRow>();
  return std::optional<PlanRow>(RowOf(rows->front()));
}

absl::StatusOr<std::vector<PlanRow>> PlanStore::List(Transaction& txn, const PlanQuery& query) {
  Params params;
  auto next = [&params]() { return absl::StrCat("$", params.size()); };
  std::string where = "1 = 1";
  if (!query.scopes.empty()) {
    std::vector<std::string> alternatives;
    for (const UnitScope& scope : query.scopes) {
      params.push_back(scope.path);
      std::string clause = absl::StrCat("((unit_path = ", next());
      params.push_back(absl::StrCat(storage::LikeEscape(scope.path), "/%"));
      absl::StrAppend(&clause, " OR unit_path LIKE ", next(), storage::kLikeEscapeClause, ")");
      params.push_back(scope.from);
      absl::StrAppend(&clause, " AND reference_date >= ", next());
      params.push_back(scope.to);
      absl::StrAppend(&clause, " AND reference_date <= ", next(), ")");
      alternatives.push_back(clause);
    }
    absl::StrAppend(&where, " AND (", absl::StrJoin(alternatives, " OR "), ")");
  }
  if (query.year != 0) {
    params.push_back(query.year);
    absl::StrAppend(&where, " AND first_year <= ", next(), " AND last_year >= ", next());
  }
  if (query.status != v1::PLAN_STATUS_UNSPECIFIED) {
    params.push_back(static_cast<int64_t>(query.status));
    absl::StrAppend(&where, " AND status = ", next());
  }
  if (query.content != v1::PLAN_CONTENT_UNSPECIFIED) {
    params.push_back(static_cast<int64_t>(query.content));
    absl::StrAppend(&where, " AND content = ", next());
  }
  if (!query.issuer_id.empty()) {
    params.push_back(query.issuer_id);
    absl::StrAppend(&where, " AND issuer_id = ", next());
  }
  for (const std::string& word : query.words) {
    params.push_back(absl::StrCat("% ", storage::LikeEscape(word), "%"));
    absl::StrAppend(&where, " AND search_text LIKE ", next(), storage::kLikeEscapeClause);
  }
  params.push_back(query.after_id);
  absl::StrAppend(&where, " AND id > ", next());
  params.push_back(static_cast<int64_t>(query.limit));
  absl::StatusOr<std::vector<Row>> rows = txn.Query(
      absl::StrCat("SELECT ", kColumns, " FROM plans WHERE ", where, " ORDER BY id LIMIT ", next()),
      params);
  if (!rows.ok()) return rows.status();
  std::vector<PlanRow> plans;
  for (const Row& row : *rows) plans.push_back(RowOf(row));
  return plans;
}

absl::Status PlanStore::Insert(Transaction& txn, const PlanRow& row) {
  return txn
      .Execute(absl::StrCat("INSERT INTO plans (", kColumns,
                            ", digest) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
                            " $13, $14, $15, $16)"),
               {row.id, row.revision, row.generation, static_cast<int64_t>(row.status),
                row.issuer_id, row.unit_code, row.unit_path, row.reference_date, row.first_year,
                row.last_year, row.search_text, absl::ToUnixMicros(row.create_time),
                absl::ToUnixMicros(row.update_time), row.change_seq,
                static_cast<int64_t>(row.content), storage::Blob{row.digest}})
      .status();
}

absl::StatusOr<bool> PlanStore::UpdateIfGeneration(Transaction& txn, const PlanRow& row,
                                                   int64_t expected_generation) {
  absl::StatusOr<int64_t> changed = txn.Execute(
      "UPDATE plans SET revision = $2, generation = $3, status = $4, issuer_id = $5,"
      " unit_code = $6, unit_path = $7, reference_date = $8, first_year = $9,"
      " last_year = $10, search_text = $11, update_time_micros = $12, change_seq = $14,"
      " digest = $15, content = $16 WHERE id = $1 AND generation = $13",
      {row.id, row.revision, row.generation, static_cast<int64_t>(row.status), row.issuer_id,
       row.unit_code, row.unit_path, row.reference_date, row.first_year, row.last_year,
       row.search_text, absl::ToUnixMicros(row.update_time), expected_generation, row.change_seq,
       storage::Blob{row.digest}, static_cast<int64_t>(row.content)});
  if (!changed.ok()) return changed.status();
  return *changed == 1;
}

absl::StatusOr<std::optional<v1::Plan>> PlanStore::FindRevision(Transaction& txn,
                                                                const std::string& id,
                                                                int64_t revision) {
  absl::StatusOr<std::vector<Row>> rows = txn.Query(
      "SELECT data FROM plan_revisions WHERE plan_id = $1 AND revision = $2", {id, revision});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<v1::Plan>();
  absl::StatusOr<v1::Plan> plan = PlanOf(rows->front()[0].AsBytes());
  if (!plan.ok()) return plan.status();
  return std::optional<v1::Plan>(std::move(*plan));
}

absl::StatusOr<std::vector<v1::Plan>> PlanStore::ListRevisions(Transaction& txn,
                                                               const std::string& id, int64_t after,
                                                               int limit) {
  absl::StatusOr<std::vector<Row>> rows = txn.Query(
      "SELECT data FROM plan_revisions WHERE plan_id = $1 AND revision > $2"
      " ORDER BY revision LIMIT $3",
      {id, after, static_cast<int64_t>(limit)});
  if (!rows.ok()) return rows.status();
  std::vector<v1::Plan> plans;
  for (const Row& row : *rows) {
    absl::StatusOr<v1::Plan> plan = PlanOf(row[0].AsBytes());
    if (!plan.ok()) return plan.status();
    plans.push_back(std::move(*plan));
  }
  return plans;
}

absl::Status PlanStore::PutRevision(Transaction& txn, const std::string& id, int64_t revision,
                                    const v1::Plan& plan) {
  absl::StatusOr<int64_t> changed =
      txn.Execute("UPDATE plan_revisions SET data = $3 WHERE plan_id = $1 AND revision = $2",
                  {id, revision, Blob{plan.SerializeAsString()}});
  if (!changed.ok()) return changed.status();
  if (*changed == 1) return absl::OkStatus();
  return txn
      .Execute(
          "INSERT INTO plan_revisions (plan_id, revision, data, create_time_micros)"
          " VALUES ($1, $2, $3, $4)",
          {id, revision, Blob{plan.SerializeAsString()}, absl::ToUnixMicros(absl::Now())})
      .status();
}

absl::StatusOr<int64_t> PlanStore::NextChangeSequence(Transaction& txn) {
  absl::StatusOr<Row> row =
      txn.QueryRow("UPDATE plan_change_counter SET value = value + 1 WHERE id = 1 RETURNING value");
  if (!row.ok()) return row.status();
  return (*row)[0].AsInt();
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> PlanStore::ListDigests(
    Transaction& txn, int year, const std::string& after_id, int limit) {
  Params params = {after_id};
  std::string where = "id > $1 AND digest IS NOT NULL";
  if (year != 0) {
    params.push_back(year);
    absl::StrAppend(&where, " AND first_year <= $2 AND last_year >= $2");
  }
  params.push_back(static_cast<int64_t>(limit));
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query(absl::StrCat("SELECT id, digest FROM plans WHERE ", where, " ORDER BY id LIMIT $",
                             params.size()),
                params);
  if (!rows.ok()) return rows.status();
  std::vector<std::pair<std::string, std::string>> digests;
  for (const Row& row : *rows) digests.push_back({row[0].AsText(), row[1].AsBytes()});
  return digests;
}

absl::StatusOr<std::vector<PlanRow>> PlanStore::ListChanges(Transaction& txn, int64_t after,
                                                            int limit) {
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query(absl::StrCat("SELECT ", kColumns,
                             " FROM plans WHERE change_seq > $1 ORDER BY change_seq LIMIT $2"),
                {after, static_cast<int64_t>(limit)});
  if (!rows.ok()) return rows.status();
  std::vector<PlanRow> plans;
  for (const Row& row : *rows) plans.push_back(RowOf(row));
  return plans;
}

absl::Status PlanStore::ReplaceDuties(Transaction& txn, const std::string& id,
                                      const std::vector<Duty>& duties) {
  absl::Status status = txn.Execute("DELETE FROM plan_duties WHERE plan_id = $1", {id}).status();
  if (!status.ok()) return status;
  constexpr size_t kBatch = 200;
  for (size_t start = 0; start < duties.size(); start += kBatch) {
    const size_t end = std::min(duties.size(), start + kBatch);
    Params params;
    std::vector<std::string> tuples;
    for (size_t i = start; i < end; ++i) {
      const size_t base = params.size();
      tuples.push_back(absl::StrCat("($", base + 1, ",$", base + 2, ",$", base + 3, ",$", base + 4,
                                    ",$", base + 5, ")"));
      params.push_back(id);
      params.push_back(static_cast<int64_t>(i));
      params.push_back(duties[i].agency_id);
      params.push_back(static_cast<int64_t>(duties[i].kind));
      params.push_back(duties[i].code);
    }
    status = txn.Execute(absl::StrCat("INSERT INTO plan_duties (plan_id, seq, agency_id, kind,"
                                      " code) VALUES ",
                                      absl::StrJoin(tuples, ",")),
                         params)
                 .status();
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<DutyRow>> PlanStore::ListDuties(
    Transaction& txn, const std::string& agency_id, const std::vector<v1::PlanStatus>& statuses,
    int year, const std::string& after_plan, int after_seq, int limit) {
  Params params = {agency_id, after_plan, static_cast<int64_t>(after_seq)};
  std::vector<std::string> status_slots;
  for (v1::PlanStatus status : statuses) {
    params.push_back(static_cast<int64_t>(status));
    status_slots.push_back(absl::StrCat("$", params.size()));
  }
  std::string where = absl::StrCat(
      "d.agency_id = $1 AND (d.plan_id > $2 OR (d.plan_id = $2 AND d.seq > $3))"
      " AND p.status IN (",
      absl::StrJoin(status_slots, ","), ")");
  if (year != 0) {
    params.push_back(year);
    absl::StrAppend(&where, " AND p.first_year <= $", params.size(), " AND p.last_year >= $",
                    params.size());
  }
  params.push_back(static_cast<int64_t>(limit));
  absl::StatusOr<std::vector<Row>> rows = txn.Query(
      absl::StrCat("SELECT d.plan_id, d.seq, d.agency_id, d.kind, d.code FROM plan_duties d"
                   " JOIN plans p ON p.id = d.plan_id WHERE ",
                   where, " ORDER BY d.plan_id, d.seq LIMIT $", params.size()),
      params);
  if (!rows.ok()) return rows.status();
  std::vector<DutyRow> duties;
  for (const Row& row : *rows) {
    duties.push_back(
        {row[0].AsText(),
         static_cast<int>(row[1].AsInt()),
         {row[2].AsText(), static_cast<v1::AssignmentKind>(row[3].AsInt()), row[4].AsText()}});
  }
  return duties;
}

}  // namespace interplan::plans
