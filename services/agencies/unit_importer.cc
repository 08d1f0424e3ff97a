#include "services/agencies/unit_importer.h"

#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/time/date.h"
#include "services/agencies/agency_access.h"

namespace interplan::agencies {
namespace {

constexpr size_t kMaxExamples = 5;

// Counts of mapping rows left out, by reason, with a few examples.
class SkipReport {
 public:
  void Add(const std::string& reason, std::string example) {
    Entry& entry = entries_[reason];
    ++entry.count;
    if (entry.examples.size() < kMaxExamples) entry.examples.push_back(std::move(example));
  }
  void ToProto(v1::ImportUnitsResponse* response) const {
    for (const auto& [reason, entry] : entries_) {
      v1::ImportUnitsResponse::Skipped* skipped = response->add_skipped();
      skipped->set_reason(reason);
      skipped->set_count(entry.count);
      for (const std::string& e : entry.examples) skipped->add_examples(e);
    }
  }

 private:
  struct Entry {
    int count = 0;
    std::vector<std::string> examples;
  };
  std::map<std::string, Entry> entries_;
};

std::string Describe(const v1::SuccessionMapping& m) {
  return absl::StrCat(m.old_code().empty() ? "(no code)" : m.old_code(), " ", m.old_name(), " -> ",
                      m.new_code(), " ", m.new_name());
}

using UnitsByCode = std::map<std::string, const UnitRecord*>;

// Whether a later list shows the unit as the stored version has it.
bool SameVersion(const UnitRecord& stored, const UnitRecord& listed) {
  return stored.display_name == listed.display_name && stored.type_label == listed.type_label &&
         stored.parent_code == listed.parent_code && stored.path == listed.path;
}

UnitsByCode ByCode(const std::vector<UnitRecord>& units) {
  UnitsByCode by_code;
  for (const UnitRecord& u : units) by_code[u.code] = &u;
  return by_code;
}

// The links the mappings make, resolved against the units in force on the
// day before and on the effective day.
struct Succession {
  std::set<std::tuple<std::string, std::string, std::string, std::string, int>> links;
  std::set<std::string> mapped_old;  // old communes that went somewhere
  int commune_links = 0;
  SkipReport skipped;
};

// Derived: the old commune's province and district go to the new
// commune's province.
void AddDerivedLinks(const UnitRecord& old_unit, const UnitRecord& new_unit,
                     const UnitsByCode& old_by_code, const UnitsByCode& new_by_code,
                     Succession& succession) {
  const std::string new_province = new_unit.path.substr(0, new_unit.path.find('/'));
  auto new_province_it = new_by_code.find(new_province);
  if (new_province_it == new_by_code.end()) return;
  const UnitRecord* new_province_unit = new_province_it->second;
  size_t start = 0;
  while (true) {
    const size_t slash = old_unit.path.find('/', start);
    if (slash == std::string::npos) break;
    const std::string ancestor = old_unit.path.substr(start, slash - start);
    start = slash + 1;
    auto ancestor_it = old_by_code.find(ancestor);
    if (ancestor_it == old_by_code.end()) continue;
    succession.links.insert({ancestor, ancestor_it->second->validity.StoredFrom(), new_province,
                             new_province_unit->validity.StoredFrom(), UnitLink::kDerived});
  }
}

// Mappings: old code on the day before, new code on the day itself; only
// commune-level rows link, the rest is reported as skipped.
Succession ResolveMappings(
    const google::protobuf::RepeatedPtrField<v1::SuccessionMapping>& mappings,
    const UnitsByCode& old_by_code, const UnitsByCode& new_by_code, absl::CivilDay new_day) {
  const absl::CivilDay old_day = new_day - 1;
  Succession succession;
  for (const v1::SuccessionMapping& m : mappings) {
    if (m.old_code().empty()) {
      succession.skipped.Add("no old code", Describe(m));
      continue;
    }
    auto old_it = old_by_code.find(m.old_code());
    if (old_it == old_by_code.end()) {
      succession.skipped.Add(absl::StrCat("old code not in force on ", time::FormatDate(old_day)),
                             Describe(m));
      continue;
    }
    auto new_it = new_by_code.find(m.new_code());
    if (new_it == new_by_code.end()) {
      succession.skipped.Add(absl::StrCat("new code not in force on ", time::FormatDate(new_day)),
                             Describe(m));
      continue;
    }
    const UnitRecord& old_unit = *old_it->second;
    const UnitRecord& new_unit = *new_it->second;
    if (old_unit.level != v1::UNIT_LEVEL_COMMUNE || new_unit.level != v1::UNIT_LEVEL_COMMUNE) {
      succession.skipped.Add("not a commune-level mapping", Describe(m));
      continue;
    }
    ++succession.commune_links;
    succession.mapped_old.insert(old_unit.code);
    succession.links.insert({old_unit.code, old_unit.validity.StoredFrom(), new_unit.code,
                             new_unit.validity.StoredFrom(), UnitLink::kCommuneMapping});
    AddDerivedLinks(old_unit, new_unit, old_by_code, new_by_code, succession);
  }
  return succession;
}

// Old communes that ceased on the day before and went nowhere.
void ReportUnmapped(const std::vector<UnitRecord>& old_units, absl::CivilDay old_day,
                    const std::set<std::string>& mapped_old, v1::ImportUnitsResponse* response) {
  int unmapped = 0;
  for (const UnitRecord& u : old_units) {
    if (u.level != v1::UNIT_LEVEL_COMMUNE || u.validity.to != old_day) continue;
    if (mapped_old.count(u.code) > 0) continue;
    ++unmapped;
    if (response->unmapped_old_examples_size() < static_cast<int>(kMaxExamples) * 4) {
      response->add_unmapped_old_examples(absl::StrCat(u.code, " ", u.display_name));
    }
  }
  response->set_unmapped_old_units(unmapped);
}

}  // namespace

absl::StatusOr<v1::ImportUnitsResponse> UnitImporter::Import(const v1::ImportUnitsRequest& request,
                                                             const CallContext& call) {
  if (absl::Status allowed = AgencyAccess::MayImportUnits(call); !allowed.ok()) return allowed;
  absl::StatusOr<CheckedImport> checked = ValidateImport(request);
  if (!checked.ok()) return checked.status();
  v1::ImportUnitsResponse response;
  absl::Status status = db_.Write([&](storage::Transaction& txn) -> absl::Status {
    response.Clear();
    if (absl::Status s = CheckAgainstStored(txn, checked->snapshots); !s.ok()) return s;
    if (absl::Status s = StoreSnapshots(txn, checked->snapshots, &response); !s.ok()) return s;
    if (!checked->effective.has_value()) return absl::OkStatus();
    return StoreSuccessions(txn, request.mappings(), *checked->effective, &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::Status UnitImporter::CheckAgainstStored(storage::Transaction& txn,
                                              std::vector<CheckedSnapshot>& snapshots) {
  CappedViolations conflicts;
  for (size_t i = 0; i < snapshots.size(); ++i) {
    CheckedSnapshot& snapshot = snapshots[i];
    snapshot.already_stored = false;
    absl::StatusOr<std::optional<SnapshotRecord>> stored = store_.FindSnapshot(txn, snapshot.id);
    if (!stored.ok()) return stored.status();
    if (stored->has_value()) {
      if ((*stored)->fingerprint != snapshot.fingerprint) {
        conflicts.Add(
            absl::StrCat("snapshots[", i, "]"),
            absl::StrCat("snapshot ", snapshot.id, " is already imported with other content"));
      }
      snapshot.already_stored = true;
      continue;
    }
    absl::StatusOr<std::vector<UnitRecord>> overlapping =
        store_.Overlapping(txn, snapshot.validity, snapshot.id);
    if (!overlapping.ok()) return overlapping.status();
    const UnitsByCode by_code = ByCode(*overlapping);
    for (const UnitRecord& u : snapshot.units) {
      auto it = by_code.find(u.code);
      if (it == by_code.end()) continue;
      conflicts.Add(absl::StrCat("snapshots[", i, "].valid_from"),
                    absl::StrCat("unit ", u.code, " already has a version valid ",
                                 it->second->validity.ToString(), " (snapshot ",
                                 it->second->snapshot_id, ")"));
      break;
    }
  }
  if (!conflicts.empty()) return conflicts.ToStatus();
  return absl::OkStatus();
}

absl::Status UnitImporter::StoreSnapshots(storage::Transaction& txn,
                                          const std::vector<CheckedSnapshot>& snapshots,
                                          v1::ImportUnitsResponse* response) {
  for (const CheckedSnapshot& snapshot : snapshots) {
    v1::ImportUnitsResponse::SnapshotCounts* counts = response->add_snapshots();
    counts->set_snapshot_id(snapshot.id);
    counts->set_provinces(snapshot.provinces);
    counts->set_districts(snapshot.districts);
    counts->set_communes(snapshot.communes);
    const int total = static_cast<int>(snapshot.units.size());
    if (snapshot.already_stored) {
      counts->set_unchanged(total);
      continue;
    }
    absl::Status stored = StoreVersions(txn, snapshot, counts);
    if (!stored.ok()) return stored;
    stored =
        store_.InsertSnapshot(txn, {snapshot.id, snapshot.validity, snapshot.fingerprint, total});
    if (!stored.ok()) return stored;
  }
  return absl::OkStatus();
}

absl::Status UnitImporter::StoreVersions(storage::Transaction& txn, const CheckedSnapshot& snapshot,
                                         v1::ImportUnitsResponse::SnapshotCounts* counts) {
  if (!snapshot.continues_previous || !snapshot.validity.from.has_value()) {
    counts->set_inserted(static_cast<int>(snapshot.units.size()));
    return store_.InsertUnits(txn, snapshot.units);
  }
  const absl::CivilDay previous_end = *snapshot.validity.from - 1;
  absl::StatusOr<std::vector<UnitRecord>> previous = store_.EndingOn(txn, previous_end);
  if (!previous.ok()) return previous.status();
  const UnitsByCode previous_by_code = ByCode(*previous);
  std::vector<std::string> continuing;
  std::vector<UnitRecord> fresh;
  std::vector<UnitLink> links;
  for (const UnitRecord& unit : snapshot.units) {
    auto it = previous_by_code.find(unit.code);
    if (it != previous_by_code.end() && SameVersion(*it->second, unit)) {
      continuing.push_back(unit.code);
      continue;
    }
    fresh.push_back(unit);
    if (it == previous_by_code.end()) continue;
    links.push_back({unit.code, it->second->validity.StoredFrom(), unit.code,
                     unit.validity.StoredFrom(), UnitLink::kSameCode});
  }
  if (absl::Status s = store_.ExtendVersions(txn, continuing, previous_end, snapshot.validity);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = store_.InsertUnits(txn, fresh); !s.ok()) return s;
  absl::StatusOr<int64_t> linked = store_.InsertLinks(txn, links);
  if (!linked.ok()) return linked.status();
  counts->set_inserted(static_cast<int>(fresh.size()));
  counts->set_continued(static_cast<int>(continuing.size()));
  counts->set_changed(static_cast<int>(links.size()));
  return absl::OkStatus();
}

absl::Status UnitImporter::StoreSuccessions(
    storage::Transaction& txn,
    const google::protobuf::RepeatedPtrField<v1::SuccessionMapping>& mappings,
    absl::CivilDay effective, v1::ImportUnitsResponse* response) {
  const absl::CivilDay old_day = effective - 1;
  absl::StatusOr<std::vector<UnitRecord>> old_units = store_.AllAt(txn, old_day);
  if (!old_units.ok()) return old_units.status();
  absl::StatusOr<std::vector<UnitRecord>> new_units = store_.AllAt(txn, effective);
  if (!new_units.ok()) return new_units.status();
  const UnitsByCode old_by_code = ByCode(*old_units);
  const Succession succession =
      ResolveMappings(mappings, old_by_code, ByCode(*new_units), effective);
  std::vector<UnitLink> rows;
  int province_links = 0, district_links = 0;
  for (const auto& [old_code, old_from, new_code, new_from, kind] : succession.links) {
    rows.push_back({old_code, old_from, new_code, new_from, kind});
    if (kind != UnitLink::kDerived) continue;
    const v1::UnitLevel level = old_by_code.at(old_code)->level;
    if (level == v1::UNIT_LEVEL_PROVINCE) ++province_links;
    if (level == v1::UNIT_LEVEL_DISTRICT) ++district_links;
  }
  absl::StatusOr<int64_t> inserted = store_.InsertLinks(txn, rows);
  if (!inserted.ok()) return inserted.status();
  response->set_mappings_total(mappings.size());
  response->set_commune_links(succession.commune_links);
  response->set_province_links(province_links);
  response->set_district_links(district_links);
  succession.skipped.ToProto(response);
  ReportUnmapped(*old_units, old_day, succession.mapped_old, response);
  return absl::OkStatus();
}

}  // namespace interplan::agencies
