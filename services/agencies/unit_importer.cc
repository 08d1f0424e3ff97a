#include "services/agencies/unit_importer.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/api/fingerprint.h"
#include "common/errors/errors.h"
#include "common/text/clean_text.h"
#include "common/time/date.h"
#include "common/time/validity.h"

namespace interplan::agencies {
namespace {

constexpr size_t kMaxViolations = 100;
constexpr size_t kMaxExamples = 5;

bool IsUnitCode(absl::string_view code) {
  if (code.empty() || code.size() > 10) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool IsSnapshotId(absl::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// Violations of a large import, capped so the error stays readable.
class CappedViolations {
 public:
  void Add(std::string field, std::string description) {
    if (violations_.size() < kMaxViolations) {
      violations_.push_back({std::move(field), std::move(description)});
    } else {
      ++dropped_;
    }
  }
  bool empty() const { return violations_.empty(); }
  absl::Status ToStatus() const {
    std::vector<FieldViolation> all = violations_;
    if (dropped_ > 0) {
      all.push_back({"snapshots", absl::StrCat("and ", dropped_, " more violations")});
    }
    return InvalidArgumentError(std::move(all));
  }

 private:
  std::vector<FieldViolation> violations_;
  size_t dropped_ = 0;
};

// A snapshot that passed validation, ready to store.
struct CheckedSnapshot {
  std::string id;
  time::Validity validity;
  std::string fingerprint;
  std::vector<UnitRecord> units;
  int provinces = 0;
  int districts = 0;
  int communes = 0;
  bool already_stored = false;
};

// Checks one snapshot's own content; computes paths.
CheckedSnapshot CheckSnapshot(const v1::UnitSnapshot& snapshot, int index,
                              CappedViolations& violations) {
  const std::string prefix = absl::StrCat("snapshots[", index, "]");
  CheckedSnapshot checked;
  checked.id = snapshot.snapshot_id();
  checked.fingerprint = absl::StrCat(absl::Hex(MessageFingerprint(snapshot)));
  if (!IsSnapshotId(snapshot.snapshot_id())) {
    violations.Add(prefix + ".snapshot_id", "must be 1-64 letters, digits, '-', '_' or '.'");
  }
  absl::StatusOr<time::Validity> validity = time::Validity::FromProto(
      snapshot.valid_from(), snapshot.valid_to(), prefix + ".valid_from", prefix + ".valid_to");
  if (validity.ok()) {
    checked.validity = *validity;
  } else {
    for (const FieldViolation& v : FieldViolationsOf(validity.status())) {
      violations.Add(v.field, v.description);
    }
  }
  if (snapshot.units().empty()) {
    violations.Add(prefix + ".units", "must list at least one unit");
  }

  std::map<std::string, int> index_of;  // code -> unit index
  checked.units.resize(snapshot.units_size());
  for (int j = 0; j < snapshot.units_size(); ++j) {
    const v1::SnapshotUnit& in = snapshot.units(j);
    const std::string field = absl::StrCat(prefix, ".units[", j, "]");
    UnitRecord& unit = checked.units[j];
    unit.code = in.code();
    unit.validity = checked.validity;
    unit.snapshot_id = snapshot.snapshot_id();
    unit.parent_code = in.parent_code();
    if (!IsUnitCode(in.code())) {
      violations.Add(field + ".code",
                     absl::StrCat("\"", in.code(), "\" is not a unit code (1-10 digits)"));
    } else if (auto [it, inserted] = index_of.emplace(in.code(), j); !inserted) {
      violations.Add(field + ".code",
                     absl::StrCat("duplicate code ", in.code(), " (also units[", it->second, "])"));
    }
    absl::StatusOr<std::string> name = text::CleanText(in.display_name());
    if (!name.ok()) {
      violations.Add(field + ".display_name", std::string(name.status().message()));
    } else if (name->empty()) {
      violations.Add(field + ".display_name", "must not be empty");
    } else if (name->size() > 300) {
      violations.Add(field + ".display_name", "must be at most 300 bytes");
    } else {
      unit.display_name = *name;
    }
    absl::StatusOr<std::string> label = text::CleanText(in.type_label());
    std::optional<UnitKind> kind = label.ok() ? UnitKindOfLabel(*label) : std::optional<UnitKind>();
    if (!kind.has_value()) {
      violations.Add(field + ".type_label",
                     absl::StrCat("unknown unit type \"", label.ok() ? *label : "", "\""));
    } else {
      unit.type = kind->type;
      unit.level = kind->level;
      unit.type_label = *label;
    }
  }

  // Parents: known, of a higher level, no cycles.
  for (int j = 0; j < snapshot.units_size(); ++j) {
    UnitRecord& unit = checked.units[j];
    if (unit.level == v1::UNIT_LEVEL_UNSPECIFIED) continue;
    const std::string field = absl::StrCat(prefix, ".units[", j, "].parent_code");
    if (unit.level == v1::PROVINCE_LEVEL) {
      if (!unit.parent_code.empty()) {
        violations.Add(field, "a province has no parent");
      }
      continue;
    }
    if (unit.parent_code.empty()) {
      violations.Add(field, "is required below province level");
      continue;
    }
    auto parent = index_of.find(unit.parent_code);
    if (parent == index_of.end()) {
      violations.Add(field,
                     absl::StrCat("unknown parent ", unit.parent_code, " (not in this snapshot)"));
      continue;
    }
    // Walk up: a cycle never reaches a province.
    std::set<std::string> seen = {unit.code};
    std::string at = unit.parent_code;
    bool cycle = false;
    while (!at.empty()) {
      if (!seen.insert(at).second) {
        cycle = true;
        break;
      }
      auto it = index_of.find(at);
      if (it == index_of.end()) break;
      at = checked.units[it->second].parent_code;
    }
    if (cycle) {
      violations.Add(field, absl::StrCat("parent chain of ", unit.code, " forms a cycle"));
      continue;
    }
    const UnitRecord& parent_unit = checked.units[parent->second];
    if (parent_unit.level == v1::UNIT_LEVEL_UNSPECIFIED) continue;
    const bool level_ok =
        unit.level == v1::DISTRICT_LEVEL
            ? parent_unit.level == v1::PROVINCE_LEVEL
            : (parent_unit.level == v1::PROVINCE_LEVEL || parent_unit.level == v1::DISTRICT_LEVEL);
    if (!level_ok) {
      violations.Add(
          field,
          absl::StrCat("parent ", unit.parent_code, " is a ", v1::UnitLevel_Name(parent_unit.level),
                       " unit; a ", v1::UnitLevel_Name(unit.level), " unit needs a higher one"));
    }
  }
  if (!violations.empty()) return checked;

  // Paths, top down (parents were checked above).
  std::map<std::string, std::string> path_of;
  std::function<std::string(const std::string&)> path = [&](const std::string& code) {
    auto cached = path_of.find(code);
    if (cached != path_of.end()) return cached->second;
    const UnitRecord& unit = checked.units[index_of[code]];
    std::string result =
        unit.parent_code.empty() ? code : absl::StrCat(path(unit.parent_code), "/", code);
    path_of[code] = result;
    return result;
  };
  for (UnitRecord& unit : checked.units) {
    unit.path = path(unit.code);
    if (unit.level == v1::PROVINCE_LEVEL) ++checked.provinces;
    if (unit.level == v1::DISTRICT_LEVEL) ++checked.districts;
    if (unit.level == v1::COMMUNE_LEVEL) ++checked.communes;
  }
  return checked;
}

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

}  // namespace

absl::StatusOr<v1::ImportUnitsResponse> UnitImporter::Import(
    const v1::ImportUnitsRequest& request) {
  CappedViolations violations;
  if (request.snapshots().empty() && request.mappings().empty()) {
    violations.Add("snapshots", "give at least one snapshot or mapping");
  }
  std::vector<CheckedSnapshot> snapshots;
  for (int i = 0; i < request.snapshots_size(); ++i) {
    snapshots.push_back(CheckSnapshot(request.snapshots(i), i, violations));
  }
  for (size_t a = 0; a < snapshots.size(); ++a) {
    for (size_t b = a + 1; b < snapshots.size(); ++b) {
      if (snapshots[a].id == snapshots[b].id) {
        violations.Add(absl::StrCat("snapshots[", b, "].snapshot_id"),
                       absl::StrCat("duplicate snapshot id ", snapshots[b].id));
      } else if (snapshots[a].validity.Overlaps(snapshots[b].validity)) {
        std::set<std::string> codes;
        for (const UnitRecord& u : snapshots[a].units) codes.insert(u.code);
        for (const UnitRecord& u : snapshots[b].units) {
          if (codes.count(u.code) > 0) {
            violations.Add(
                absl::StrCat("snapshots[", b, "].valid_from"),
                absl::StrCat("validity overlaps snapshots[", a, "], and both have code ", u.code));
            break;
          }
        }
      }
    }
  }
  std::optional<absl::CivilDay> effective;
  if (!request.mappings().empty()) {
    absl::StatusOr<std::optional<absl::CivilDay>> day =
        time::OptionalDayFromProto(request.mappings_effective(), "mappings_effective");
    if (!day.ok()) {
      for (const FieldViolation& v : FieldViolationsOf(day.status())) {
        violations.Add(v.field, v.description);
      }
    } else if (!day->has_value()) {
      violations.Add("mappings_effective", "is required with mappings");
    } else {
      effective = *day;
    }
  }
  if (!violations.empty()) return violations.ToStatus();

  v1::ImportUnitsResponse response;
  absl::Status status = db_.Write([&](storage::Transaction& txn) -> absl::Status {
    response.Clear();
    CappedViolations conflicts;
    // Against what is stored: the same snapshot again, or another version
    // of a code overlapping in time.
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
      std::map<std::string, const UnitRecord*> by_code;
      for (const UnitRecord& u : *overlapping) by_code[u.code] = &u;
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

    for (const CheckedSnapshot& snapshot : snapshots) {
      v1::ImportUnitsResponse::SnapshotCounts* counts = response.add_snapshots();
      counts->set_snapshot_id(snapshot.id);
      counts->set_provinces(snapshot.provinces);
      counts->set_districts(snapshot.districts);
      counts->set_communes(snapshot.communes);
      const int total = static_cast<int>(snapshot.units.size());
      if (snapshot.already_stored) {
        counts->set_unchanged(total);
        continue;
      }
      absl::Status inserted = store_.InsertUnits(txn, snapshot.units);
      if (!inserted.ok()) return inserted;
      inserted =
          store_.InsertSnapshot(txn, {snapshot.id, snapshot.validity, snapshot.fingerprint, total});
      if (!inserted.ok()) return inserted;
      counts->set_inserted(total);
    }
    if (!effective.has_value()) return absl::OkStatus();

    // Mappings: old code on the day before, new code on the day itself.
    const absl::CivilDay new_day = *effective;
    const absl::CivilDay old_day = new_day - 1;
    absl::StatusOr<std::vector<UnitRecord>> old_units = store_.AllAt(txn, old_day);
    if (!old_units.ok()) return old_units.status();
    absl::StatusOr<std::vector<UnitRecord>> new_units = store_.AllAt(txn, new_day);
    if (!new_units.ok()) return new_units.status();
    std::map<std::string, const UnitRecord*> old_by_code, new_by_code;
    for (const UnitRecord& u : *old_units) old_by_code[u.code] = &u;
    for (const UnitRecord& u : *new_units) new_by_code[u.code] = &u;

    SkipReport skipped;
    std::set<std::tuple<std::string, std::string, std::string, std::string, int>> links;
    std::set<std::string> mapped_old;
    int commune_links = 0;
    for (const v1::SuccessionMapping& m : request.mappings()) {
      if (m.old_code().empty()) {
        skipped.Add("no old code", Describe(m));
        continue;
      }
      auto old_it = old_by_code.find(m.old_code());
      if (old_it == old_by_code.end()) {
        skipped.Add(absl::StrCat("old code not in force on ", time::FormatDate(old_day)),
                    Describe(m));
        continue;
      }
      auto new_it = new_by_code.find(m.new_code());
      if (new_it == new_by_code.end()) {
        skipped.Add(absl::StrCat("new code not in force on ", time::FormatDate(new_day)),
                    Describe(m));
        continue;
      }
      const UnitRecord& old_unit = *old_it->second;
      const UnitRecord& new_unit = *new_it->second;
      if (old_unit.level != v1::COMMUNE_LEVEL || new_unit.level != v1::COMMUNE_LEVEL) {
        skipped.Add("not a commune-level mapping", Describe(m));
        continue;
      }
      ++commune_links;
      mapped_old.insert(old_unit.code);
      links.insert({old_unit.code, old_unit.validity.StoredFrom(), new_unit.code,
                    new_unit.validity.StoredFrom(), UnitLink::kCommuneMapping});
      // Derived: the old commune's province and district go to the new
      // commune's province.
      const std::string new_province = new_unit.path.substr(0, new_unit.path.find('/'));
      const UnitRecord* new_province_unit =
          new_by_code.count(new_province) > 0 ? new_by_code[new_province] : nullptr;
      if (new_province_unit == nullptr) continue;
      size_t start = 0;
      while (true) {
        const size_t slash = old_unit.path.find('/', start);
        if (slash == std::string::npos) break;
        const std::string ancestor = old_unit.path.substr(start, slash - start);
        start = slash + 1;
        auto ancestor_it = old_by_code.find(ancestor);
        if (ancestor_it == old_by_code.end()) continue;
        links.insert({ancestor, ancestor_it->second->validity.StoredFrom(), new_province,
                      new_province_unit->validity.StoredFrom(), UnitLink::kDerived});
      }
    }
    std::vector<UnitLink> rows;
    int province_links = 0, district_links = 0;
    for (const auto& [old_code, old_from, new_code, new_from, kind] : links) {
      rows.push_back({old_code, old_from, new_code, new_from, kind});
      if (kind == UnitLink::kDerived) {
        const v1::UnitLevel level = old_by_code[old_code]->level;
        if (level == v1::PROVINCE_LEVEL) ++province_links;
        if (level == v1::DISTRICT_LEVEL) ++district_links;
      }
    }
    absl::StatusOr<int64_t> inserted = store_.InsertLinks(txn, rows);
    if (!inserted.ok()) return inserted.status();

    response.set_mappings_total(request.mappings_size());
    response.set_commune_links(commune_links);
    response.set_province_links(province_links);
    response.set_district_links(district_links);
    skipped.ToProto(&response);
    // Old communes that ceased on the day before and went nowhere.
    int unmapped = 0;
    for (const UnitRecord& u : *old_units) {
      if (u.level != v1::COMMUNE_LEVEL || u.validity.to != old_day) continue;
      if (mapped_old.count(u.code) > 0) continue;
      ++unmapped;
      if (response.unmapped_old_examples_size() < static_cast<int>(kMaxExamples) * 4) {
        response.add_unmapped_old_examples(absl::StrCat(u.code, " ", u.display_name));
      }
    }
    response.set_unmapped_old_units(unmapped);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

}  // namespace interplan::agencies
