#include "services/agencies/unit_store.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/storage/like_pattern.h"
#include "common/text/search_fold.h"
#include "common/time/date.h"

namespace interplan::agencies {
namespace {

using storage::Params;
using storage::Row;
using storage::Transaction;

constexpr char kColumns[] =
    "code, valid_from, valid_to, display_name, type, level, type_label,"
    " parent_code, path, snapshot_id, start_basis_number, start_basis_effective";

constexpr char kPrefixedColumns[] =
    "u.code, u.valid_from, u.valid_to, u.display_name, u.type, u.level,"
    " u.type_label, u.parent_code, u.path, u.snapshot_id, u.start_basis_number,"
    " u.start_basis_effective";

// kPrefixedColumns then these: the link's kind and legal basis.
constexpr char kLinkColumns[] = ", l.kind, l.basis_number, l.basis_effective";
constexpr size_t kLinkColumnsAt = 12;

// Rows per multi-row INSERT: few round trips, well under both engines'
// parameter limits.
constexpr size_t kInsertBatch = 200;

absl::StatusOr<UnitRecord> RecordOf(const Row& row) {
  UnitRecord unit;
  unit.code = row[0].AsText();
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromStored(row[1].AsText(), row[2].AsText());
  if (!validity.ok()) return validity.status();
  unit.validity = *validity;
  unit.display_name = row[3].AsText();
  unit.type = static_cast<v1::UnitType>(row[4].AsInt());
  unit.level = static_cast<v1::UnitLevel>(row[5].AsInt());
  unit.type_label = row[6].AsText();
  unit.parent_code = row[7].AsText();
  unit.path = row[8].AsText();
  unit.snapshot_id = row[9].AsText();
  unit.start_basis = {row[10].AsText(), row[11].AsText()};
  return unit;
}

absl::StatusOr<std::vector<LinkedUnit>> LinkedOf(absl::StatusOr<std::vector<Row>> rows) {
  if (!rows.ok()) return rows.status();
  std::vector<LinkedUnit> linked;
  linked.reserve(rows->size());
  for (const Row& row : *rows) {
    absl::StatusOr<UnitRecord> unit = RecordOf(row);
    if (!unit.ok()) return unit.status();
    linked.push_back({std::move(*unit),
                      static_cast<int>(row[kLinkColumnsAt].AsInt()),
                      {row[kLinkColumnsAt + 1].AsText(), row[kLinkColumnsAt + 2].AsText()}});
  }
  return linked;
}

absl::StatusOr<std::vector<UnitRecord>> RecordsOf(absl::StatusOr<std::vector<Row>> rows) {
  if (!rows.ok()) return rows.status();
  std::vector<UnitRecord> units;
  units.reserve(rows->size());
  for (const Row& row : *rows) {
    absl::StatusOr<UnitRecord> unit = RecordOf(row);
    if (!unit.ok()) return unit.status();
    units.push_back(std::move(*unit));
  }
  return units;
}

// The WHERE clause of a listing and its parameters.
std::string WhereClause(const UnitQuery& query, Params* params) {
  const std::string day = time::FormatDate(query.as_of);
  params->push_back(day);
  std::string where = "valid_from <= $1 AND valid_to >= $1";
  auto next = [&params]() { return absl::StrCat("$", params->size()); };
  if (query.parent_code.has_value()) {
    params->push_back(*query.parent_code);
    absl::StrAppend(&where, " AND parent_code = ", next());
  }
  if (query.descendants_of_path.has_value()) {
    params->push_back(absl::StrCat(storage::LikeEscape(*query.descendants_of_path), "/%"));
    absl::StrAppend(&where, " AND path LIKE ", next(), storage::kLikeEscapeClause);
  }
  if (query.level != v1::UNIT_LEVEL_UNSPECIFIED) {
    params->push_back(static_cast<int64_t>(query.level));
    absl::StrAppend(&where, " AND level = ", next());
  }
  for (const std::string& word : query.words) {
    params->push_back(absl::StrCat("% ", storage::LikeEscape(word), "%"));
    absl::StrAppend(&where, " AND search_name LIKE ", next(), storage::kLikeEscapeClause);
  }
  return where;
}

}  // namespace

void LinkedUnit::ToRef(v1::UnitRef* ref) const {
  unit.ToRef(ref);
  ref->set_kind(static_cast<v1::SuccessionKind>(kind));
  if (!basis.empty()) basis.ToProto(ref->mutable_legal_basis());
}

absl::StatusOr<std::optional<UnitRecord>> UnitStore::FindAt(Transaction& txn,
                                                            absl::string_view code,
                                                            absl::CivilDay day) {
  absl::StatusOr<std::vector<UnitRecord>> units = RecordsOf(
      txn.Query(absl::StrCat("SELECT ", kColumns,
                             " FROM units WHERE code = $1 AND valid_from <= $2 AND valid_to >= $2"),
                {code, time::FormatDate(day)}));
  if (!units.ok()) return units.status();
  if (units->empty()) return std::optional<UnitRecord>();
  return std::optional<UnitRecord>(std::move(units->front()));
}

absl::StatusOr<std::vector<UnitRecord>> UnitStore::FindVersions(Transaction& txn,
                                                                absl::string_view code) {
  return RecordsOf(txn.Query(
      absl::StrCat("SELECT ", kColumns, " FROM units WHERE code = $1 ORDER BY valid_from"),
      {code}));
}

absl::StatusOr<std::vector<UnitRecord>> UnitStore::List(Transaction& txn, const UnitQuery& query) {
  Params params;
  std::string where = WhereClause(query, &params);
  params.push_back(query.after_code);
  absl::StrAppend(&where, " AND code > $", params.size());
  params.push_back(static_cast<int64_t>(query.limit));
  return RecordsOf(txn.Query(absl::StrCat("SELECT ", kColumns, " FROM units WHERE ", where,
                                          " ORDER BY code LIMIT $", params.size()),
                             params));
}

absl::StatusOr<int64_t> UnitStore::Count(Transaction& txn, const UnitQuery& query) {
  Params params;
  const std::string where = WhereClause(query, &params);
  absl::StatusOr<Row> row =
      txn.QueryRow(absl::StrCat("SELECT COUNT(*) FROM units WHERE ", where), params);
  if (!row.ok()) return row.status();
  return (*row)[0].AsInt();
}

absl::StatusOr<std::vector<UnitRecord>> UnitStore::AllAt(Transaction& txn, absl::CivilDay day) {
  return RecordsOf(txn.Query(
      absl::StrCat("SELECT ", kColumns, " FROM units WHERE valid_from <= $1 AND valid_to >= $1"),
      {time::FormatDate(day)}));
}

absl::StatusOr<std::vector<UnitRecord>> UnitStore::EndingOn(Transaction& txn, absl::CivilDay day) {
  return RecordsOf(txn.Query(absl::StrCat("SELECT ", kColumns, " FROM units WHERE valid_to = $1"),
                             {time::FormatDate(day)}));
}

absl::StatusOr<std::vector<UnitRecord>> UnitStore::Overlapping(Transaction& txn,
                                                               const time::Validity& validity,
                                                               absl::string_view exclude_snapshot) {
  return RecordsOf(txn.Query(absl::StrCat("SELECT ", kColumns,
                                          " FROM units WHERE valid_from <= $1 AND valid_to >= $2"
                                          " AND snapshot_id <> $3"),
                             {validity.StoredTo(), validity.StoredFrom(), exclude_snapshot}));
}

absl::StatusOr<std::vector<LinkedUnit>> UnitStore::Successors(Transaction& txn,
                                                              const UnitRecord& unit) {
  return LinkedOf(
      txn.Query(absl::StrCat("SELECT ", kPrefixedColumns, kLinkColumns,
                             " FROM unit_links l JOIN units u"
                             " ON u.code = l.new_code AND u.valid_from = l.new_valid_from"
                             " WHERE l.old_code = $1 AND l.old_valid_from = $2"
                             " ORDER BY u.level, u.code"),
                {unit.code, unit.validity.StoredFrom()}));
}

absl::StatusOr<std::vector<LinkedUnit>> UnitStore::Predecessors(Transaction& txn,
                                                                const UnitRecord& unit) {
  return LinkedOf(
      txn.Query(absl::StrCat("SELECT ", kPrefixedColumns, kLinkColumns,
                             " FROM unit_links l JOIN units u"
                             " ON u.code = l.old_code AND u.valid_from = l.old_valid_from"
                             " WHERE l.new_code = $1 AND l.new_valid_from = $2"
                             " ORDER BY u.level, u.code"),
                {unit.code, unit.validity.StoredFrom()}));
}

absl::Status UnitStore::InsertUnits(Transaction& txn, const std::vector<UnitRecord>& units) {
  constexpr int kFields = 11;
  for (size_t start = 0; start < units.size(); start += kInsertBatch) {
    const size_t end = std::min(units.size(), start + kInsertBatch);
    Params params;
    params.reserve((end - start) * kFields);
    std::vector<std::string> tuples;
    for (size_t i = start; i < end; ++i) {
      const UnitRecord& u = units[i];
      const size_t base = params.size();
      std::vector<std::string> slots;
      for (int f = 1; f <= kFields; ++f) slots.push_back(absl::StrCat("$", base + f));
      tuples.push_back(absl::StrCat("(", absl::StrJoin(slots, ","), ")"));
      params.push_back(u.code);
      params.push_back(u.validity.StoredFrom());
      params.push_back(u.validity.StoredTo());
      params.push_back(u.display_name);
      params.push_back(absl::StrCat(" ", text::FoldForSearch(u.display_name)));
      params.push_back(static_cast<int64_t>(u.type));
      params.push_back(static_cast<int64_t>(u.level));
      params.push_back(u.type_label);
      params.push_back(u.parent_code);
      params.push_back(u.path);
      params.push_back(u.snapshot_id);
    }
    absl::Status status =
        txn.Execute(absl::StrCat("INSERT INTO units (code, valid_from, valid_to,"
                                 " display_name, search_name, type, level, type_label,"
                                 " parent_code, path, snapshot_id) VALUES ",
                                 absl::StrJoin(tuples, ",")),
                    params)
            .status();
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status UnitStore::ExtendVersions(Transaction& txn, const std::vector<std::string>& codes,
                                       absl::CivilDay old_end, const time::Validity& new_end) {
  for (size_t start = 0; start < codes.size(); start += kInsertBatch) {
    const size_t end = std::min(codes.size(), start + kInsertBatch);
    Params params = {new_end.StoredTo(), time::FormatDate(old_end)};
    std::vector<std::string> slots;
    for (size_t i = start; i < end; ++i) {
      params.push_back(codes[i]);
      slots.push_back(absl::StrCat("$", params.size()));
    }
    absl::Status status = txn.Execute(absl::StrCat("UPDATE units SET valid_to = $1"
                                                   " WHERE valid_to = $2 AND code IN (",
                                                   absl::StrJoin(slots, ","), ")"),
                                      params)
                              .status();
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status UnitStore::MoveVersionStart(Transaction& txn, const UnitRecord& version,
                                         absl::CivilDay new_from, const LegalBasisRecord& basis) {
  const std::string old_from = version.validity.StoredFrom();
  const std::string new_from_text = time::FormatDate(new_from);
  const std::vector<std::pair<const char*, Params>> statements = {
      {"UPDATE units SET valid_to = $1 WHERE code = $2 AND valid_to = $3",
       {time::FormatDate(new_from - 1), version.code,
        version.validity.from.has_value() ? time::FormatDate(*version.validity.from - 1) : ""}},
      {"UPDATE units SET valid_from = $1, start_basis_number = $2, start_basis_effective = $3"
       " WHERE code = $4 AND valid_from = $5",
       {new_from_text, basis.document_number, basis.effective_date, version.code, old_from}},
      {"UPDATE unit_links SET old_valid_from = $1 WHERE old_code = $2 AND old_valid_from = $3",
       {new_from_text, version.code, old_from}},
      {"UPDATE unit_links SET new_valid_from = $1 WHERE new_code = $2 AND new_valid_from = $3",
       {new_from_text, version.code, old_from}},
  };
  for (const auto& [sql, params] : statements) {
    absl::Status status = txn.Execute(sql, params).status();
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> UnitStore::InsertLinks(Transaction& txn,
                                               const std::vector<UnitLink>& links) {
  int64_t inserted = 0;
  constexpr int kFields = 7;
  for (size_t start = 0; start < links.size(); start += kInsertBatch) {
    const size_t end = std::min(links.size(), start + kInsertBatch);
    Params params;
    std::vector<std::string> tuples;
    for (size_t i = start; i < end; ++i) {
      const UnitLink& link = links[i];
      const size_t base = params.size();
      std::vector<std::string> slots;
      for (int f = 1; f <= kFields; ++f) slots.push_back(absl::StrCat("$", base + f));
      tuples.push_back(absl::StrCat("(", absl::StrJoin(slots, ","), ")"));
      params.push_back(link.old_code);
      params.push_back(link.old_valid_from);
      params.push_back(link.new_code);
      params.push_back(link.new_valid_from);
      params.push_back(static_cast<int64_t>(link.kind));
      params.push_back(link.basis.document_number);
      params.push_back(link.basis.effective_date);
    }
    absl::StatusOr<int64_t> changed =
        txn.Execute(absl::StrCat("INSERT INTO unit_links (old_code, old_valid_from, new_code,"
                                 " new_valid_from, kind, basis_number, basis_effective) VALUES ",
                                 absl::StrJoin(tuples, ","), " ON CONFLICT DO NOTHING"),
                    params);
    if (!changed.ok()) return changed.status();
    inserted += *changed;
  }
  return inserted;
}

absl::StatusOr<std::optional<SnapshotRecord>> UnitStore::FindSnapshot(
    Transaction& txn, absl::string_view snapshot_id) {
  absl::StatusOr<std::vector<Row>> rows = txn.Query(
      "SELECT snapshot_id, valid_from, valid_to, fingerprint, unit_count"
      " FROM unit_snapshots WHERE snapshot_id = $1",
      {snapshot_id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<SnapshotRecord>();
  const Row& row = rows->front();
  SnapshotRecord snapshot;
  snapshot.snapshot_id = row[0].AsText();
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromStored(row[1].AsText(), row[2].AsText());
  if (!validity.ok()) return validity.status();
  snapshot.validity = *validity;
  snapshot.fingerprint = row[3].AsText();
  snapshot.unit_count = row[4].AsInt();
  return std::optional<SnapshotRecord>(std::move(snapshot));
}

absl::Status UnitStore::InsertSnapshot(Transaction& txn, const SnapshotRecord& snapshot) {
  return txn
      .Execute(
          "INSERT INTO unit_snapshots (snapshot_id, valid_from, valid_to, fingerprint,"
          " unit_count, import_time_micros) VALUES ($1, $2, $3, $4, $5, $6)",
          {snapshot.snapshot_id, snapshot.validity.StoredFrom(), snapshot.validity.StoredTo(),
           snapshot.fingerprint, snapshot.unit_count, absl::ToUnixMicros(absl::Now())})
      .status();
}

}  // namespace interplan::agencies
