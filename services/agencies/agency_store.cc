#include "services/agencies/agency_store.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/storage/like_pattern.h"
#include "common/text/search_fold.h"
#include "common/time/date.h"

namespace interplan::agencies {
namespace {

using storage::Params;
using storage::Row;

constexpr char kColumns[] =
    "a.id, a.display_name, a.short_name, a.kind, a.unit_code, a.parent_id,"
    " a.valid_from, a.valid_to, a.successor_id, a.assignable, a.revision,"
    " a.create_time_micros, a.update_time_micros";

absl::StatusOr<AgencyRecord> RecordOf(const Row& row) {
  AgencyRecord agency;
  agency.id = row[0].AsText();
  agency.display_name = row[1].AsText();
  agency.short_name = row[2].AsText();
  agency.kind = static_cast<v1::AgencyKind>(row[3].AsInt());
  agency.unit_code = row[4].AsText();
  agency.parent_id = row[5].AsText();
  absl::StatusOr<time::Validity> validity =
      time::Validity::FromStored(row[6].AsText(), row[7].AsText());
  if (!validity.ok()) return validity.status();
  agency.validity = *validity;
  agency.successor_id = row[8].AsText();
  agency.assignable = row[9].AsBool();
  agency.revision = row[10].AsInt();
  agency.create_time = absl::FromUnixMicros(row[11].AsInt());
  agency.update_time = absl::FromUnixMicros(row[12].AsInt());
  return agency;
}

std::string SearchName(absl::string_view display_name, absl::string_view short_name) {
  return absl::StrCat(" ", text::FoldForSearch(display_name), " ", text::FoldForSearch(short_name));
}

std::string SearchName(const AgencyRecord& agency) {
  return SearchName(agency.display_name, agency.short_name);
}

// Attaches to each of `agencies` its earlier names, oldest first.
absl::Status LoadNames(storage::Transaction& txn, std::vector<AgencyRecord>& agencies) {
  if (agencies.empty()) return absl::OkStatus();
  Params params;
  std::vector<std::string> marks;
  std::map<std::string, AgencyRecord*> by_id;
  for (AgencyRecord& agency : agencies) {
    params.push_back(agency.id);
    marks.push_back(absl::StrCat("$", params.size()));
    by_id[agency.id] = &agency;
  }
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query(absl::StrCat("SELECT agency_id, valid_from, valid_to, display_name, short_name"
                             " FROM agency_names WHERE agency_id IN (",
                             absl::StrJoin(marks, ", "), ") ORDER BY agency_id, valid_to"),
                params);
  if (!rows.ok()) return rows.status();
  for (const Row& row : *rows) {
    absl::StatusOr<time::Validity> validity =
        time::Validity::FromStored(row[1].AsText(), row[2].AsText());
    if (!validity.ok()) return validity.status();
    by_id[row[0].AsText()]->names.push_back(DatedName{row[3].AsText(), row[4].AsText(), *validity});
  }
  return absl::OkStatus();
}

// Replaces the stored earlier names of `agency` with its own.
absl::Status WriteNames(storage::Transaction& txn, const AgencyRecord& agency) {
  absl::StatusOr<int64_t> deleted =
      txn.Execute("DELETE FROM agency_names WHERE agency_id = $1", {agency.id});
  if (!deleted.ok()) return deleted.status();
  for (const DatedName& name : agency.names) {
    absl::StatusOr<int64_t> inserted = txn.Execute(
        "INSERT INTO agency_names (agency_id, valid_from, valid_to, display_name,"
        " short_name, search_name) VALUES ($1, $2, $3, $4, $5, $6)",
        {agency.id, name.validity.StoredFrom(), name.validity.StoredTo(), name.display_name,
         name.short_name, SearchName(name.display_name, name.short_name)});
    if (!inserted.ok()) return inserted.status();
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::optional<AgencyRecord>> AgencyStore::Find(storage::Transaction& txn,
                                                              absl::string_view id) {
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query(absl::StrCat("SELECT ", kColumns, " FROM agencies a WHERE a.id = $1"), {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<AgencyRecord>();
  absl::StatusOr<AgencyRecord> agency = RecordOf(rows->front());
  if (!agency.ok()) return agency.status();
  std::vector<AgencyRecord> one = {std::move(*agency)};
  if (absl::Status names = LoadNames(txn, one); !names.ok()) return names;
  return std::optional<AgencyRecord>(std::move(one.front()));
}

absl::StatusOr<std::vector<AgencyRecord>> AgencyStore::List(storage::Transaction& txn,
                                                            const AgencyQuery& query) {
  Params params;
  auto next = [&params]() { return absl::StrCat("$", params.size()); };
  std::string from = "agencies a";
  std::string where = "1 = 1";
  if (query.active_on.has_value()) {
    params.push_back(time::FormatDate(*query.active_on));
    const std::string day = next();
    absl::StrAppend(&where, " AND a.valid_from <= ", day, " AND a.valid_to >= ", day);
    if (query.unit_path.has_value() || query.unit_level != v1::UNIT_LEVEL_UNSPECIFIED) {
      absl::StrAppend(&from, " JOIN units u ON u.code = a.unit_code AND u.valid_from <= ", day,
                      " AND u.valid_to >= ", day);
    }
    if (query.unit_level != v1::UNIT_LEVEL_UNSPECIFIED) {
      params.push_back(static_cast<int64_t>(query.unit_level));
      absl::StrAppend(&where, " AND u.level = ", next());
    }
    if (query.unit_path.has_value()) {
      params.push_back(*query.unit_path);
      absl::StrAppend(&where, " AND (u.path = ", next());
      params.push_back(absl::StrCat(storage::LikeEscape(*query.unit_path), "/%"));
      absl::StrAppend(&where, " OR u.path LIKE ", next(), storage::kLikeEscapeClause, ")");
    }
  }
  if (query.national_only) absl::StrAppend(&where, " AND a.unit_code = ''");
  if (query.kind != v1::AGENCY_KIND_UNSPECIFIED) {
    params.push_back(static_cast<int64_t>(query.kind));
    absl::StrAppend(&where, " AND a.kind = ", next());
  }
  // Every word in the current name, or every word in one earlier name.
  std::string current_name = "1 = 1";
  std::string earlier_name = "n.agency_id = a.id";
  for (const std::string& word : query.words) {
    params.push_back(absl::StrCat("% ", storage::LikeEscape(word), "%"));
    const std::string pattern = next();
    absl::StrAppend(&current_name, " AND a.search_name LIKE ", pattern, storage::kLikeEscapeClause);
    absl::StrAppend(&earlier_name, " AND n.search_name LIKE ", pattern, storage::kLikeEscapeClause);
  }
  if (!query.words.empty()) {
    absl::StrAppend(&where, " AND ((", current_name,
                    ") OR EXISTS (SELECT 1 FROM agency_names n WHERE ", earlier_name, "))");
  }
  for (const std::string& symbol : query.symbols) {
    params.push_back(absl::StrCat("%", storage::LikeEscape(symbol), "%"));
    absl::StrAppend(&where, " AND a.display_name LIKE ", next(), storage::kLikeEscapeClause);
  }
  params.push_back(query.after_id);
  absl::StrAppend(&where, " AND a.id > ", next());
  params.push_back(static_cast<int64_t>(query.limit));
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query(absl::StrCat("SELECT ", kColumns, " FROM ", from, " WHERE ", where,
                             " ORDER BY a.id LIMIT ", next()),
                params);
  if (!rows.ok()) return rows.status();
  std::vector<AgencyRecord> agencies;
  for (const Row& row : *rows) {
    absl::StatusOr<AgencyRecord> agency = RecordOf(row);
    if (!agency.ok()) return agency.status();
    agencies.push_back(std::move(*agency));
  }
  if (absl::Status names = LoadNames(txn, agencies); !names.ok()) return names;
  return agencies;
}

absl::Status AgencyStore::Insert(storage::Transaction& txn, const AgencyRecord& agency) {
  absl::StatusOr<int64_t> inserted = txn.Execute(
      "INSERT INTO agencies (id, display_name, short_name, search_name, kind,"
      " unit_code, parent_id, valid_from, valid_to, successor_id, assignable,"
      " revision, create_time_micros, update_time_micros)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
      {agency.id, agency.display_name, agency.short_name, SearchName(agency),
       static_cast<int64_t>(agency.kind), agency.unit_code, agency.parent_id,
       agency.validity.StoredFrom(), agency.validity.StoredTo(), agency.successor_id,
       agency.assignable, agency.revision, absl::ToUnixMicros(agency.create_time),
       absl::ToUnixMicros(agency.update_time)});
  if (!inserted.ok()) return inserted.status();
  return WriteNames(txn, agency);
}

absl::StatusOr<bool> AgencyStore::UpdateIfRevision(storage::Transaction& txn,
                                                   const AgencyRecord& agency,
                                                   int64_t expected_revision) {
  absl::StatusOr<int64_t> changed = txn.Execute(
      "UPDATE agencies SET display_name = $2, short_name = $3, search_name = $4,"
      " kind = $5, unit_code = $6, parent_id = $7, valid_from = $8, valid_to = $9,"
      " successor_id = $10, assignable = $11, revision = $12,"
      " update_time_micros = $13 WHERE id = $1 AND revision = $14",
      {agency.id, agency.display_name, agency.short_name, SearchName(agency),
       static_cast<int64_t>(agency.kind), agency.unit_code, agency.parent_id,
       agency.validity.StoredFrom(), agency.validity.StoredTo(), agency.successor_id,
       agency.assignable, agency.revision, absl::ToUnixMicros(agency.update_time),
       expected_revision});
  if (!changed.ok()) return changed.status();
  if (*changed != 1) return false;
  if (absl::Status names = WriteNames(txn, agency); !names.ok()) return names;
  return true;
}

}  // namespace interplan::agencies
