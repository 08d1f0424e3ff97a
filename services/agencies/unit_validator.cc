#include "services/agencies/unit_validator.h"

#include <functional>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/api/enum_names.h"
#include "common/api/fingerprint.h"
#include "common/api/resource_name.h"
#include "common/text/clean_text.h"
#include "common/time/date.h"
#include "common/time/validity.h"

namespace interplan::agencies {
namespace {

constexpr size_t kMaxViolations = 100;

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

void AddAll(const absl::Status& status, CappedViolations& violations) {
  for (const FieldViolation& v : FieldViolationsOf(status)) violations.Add(v.field, v.description);
}

// The snapshot's id, validity and that it lists units.
void CheckSnapshotHeader(const v1::UnitSnapshot& snapshot, const std::string& prefix,
                         CheckedSnapshot& checked, CappedViolations& violations) {
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
    AddAll(validity.status(), violations);
  }
  checked.continues_previous = snapshot.continues_previous();
  if (snapshot.continues_previous() && !snapshot.has_valid_from()) {
    violations.Add(prefix + ".continues_previous",
                   "a list from an open start follows no other list: set valid_from");
  }
  if (snapshot.units().empty()) {
    violations.Add(prefix + ".units", "must list at least one unit");
  }
}

// One unit's code (well formed, not repeated), name and type.
void CheckUnit(const v1::SnapshotUnit& in, int j, const std::string& field,
               std::map<std::string, int>& index_of, UnitRecord& unit,
               CappedViolations& violations) {
  unit.code = in.code();
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

// Whether walking up from `unit` comes back to a unit already seen (a
// cycle never reaches a province).
bool ParentChainCycles(const UnitRecord& unit, const std::map<std::string, int>& index_of,
                       const std::vector<UnitRecord>& units) {
  std::set<std::string> seen = {unit.code};
  std::string at = unit.parent_code;
  while (!at.empty()) {
    if (!seen.insert(at).second) return true;
    auto it = index_of.find(at);
    if (it == index_of.end()) return false;
    at = units[it->second].parent_code;
  }
  return false;
}

// One unit's parent: known, of a higher level, no cycles.
void CheckParent(const UnitRecord& unit, const std::string& field,
                 const std::map<std::string, int>& index_of, const std::vector<UnitRecord>& units,
                 CappedViolations& violations) {
  if (unit.level == v1::UNIT_LEVEL_UNSPECIFIED) return;
  if (unit.level == v1::UNIT_LEVEL_PROVINCE) {
    if (!unit.parent_code.empty()) violations.Add(field, "a province has no parent");
    return;
  }
  if (unit.parent_code.empty()) {
    violations.Add(field, "is required below province level");
    return;
  }
  auto parent = index_of.find(unit.parent_code);
  if (parent == index_of.end()) {
    violations.Add(field,
                   absl::StrCat("unknown parent ", unit.parent_code, " (not in this snapshot)"));
    return;
  }
  if (ParentChainCycles(unit, index_of, units)) {
    violations.Add(field, absl::StrCat("parent chain of ", unit.code, " forms a cycle"));
    return;
  }
  const UnitRecord& parent_unit = units[parent->second];
  if (parent_unit.level == v1::UNIT_LEVEL_UNSPECIFIED) return;
  const bool level_ok = unit.level == v1::UNIT_LEVEL_DISTRICT
                            ? parent_unit.level == v1::UNIT_LEVEL_PROVINCE
                            : (parent_unit.level == v1::UNIT_LEVEL_PROVINCE ||
                               parent_unit.level == v1::UNIT_LEVEL_DISTRICT);
  if (!level_ok) {
    violations.Add(field, absl::StrCat("parent ", unit.parent_code, " is a ",
                                       api::ShortEnumName(parent_unit.level), " unit; a ",
                                       api::ShortEnumName(unit.level), " unit needs a higher one"));
  }
}

// Paths, top down (parents checked), and the counts per level.
void ComputePaths(std::map<std::string, int>& index_of, CheckedSnapshot& checked) {
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
    if (unit.level == v1::UNIT_LEVEL_PROVINCE) ++checked.provinces;
    if (unit.level == v1::UNIT_LEVEL_DISTRICT) ++checked.districts;
    if (unit.level == v1::UNIT_LEVEL_COMMUNE) ++checked.communes;
  }
}

// Checks one snapshot's own content; computes paths.
CheckedSnapshot CheckSnapshot(const v1::UnitSnapshot& snapshot, int index,
                              CappedViolations& violations) {
  const std::string prefix = absl::StrCat("snapshots[", index, "]");
  CheckedSnapshot checked;
  CheckSnapshotHeader(snapshot, prefix, checked, violations);
  std::map<std::string, int> index_of;  // code -> unit index
  checked.units.resize(snapshot.units_size());
  for (int j = 0; j < snapshot.units_size(); ++j) {
    UnitRecord& unit = checked.units[j];
    unit.validity = checked.validity;
    unit.snapshot_id = snapshot.snapshot_id();
    CheckUnit(snapshot.units(j), j, absl::StrCat(prefix, ".units[", j, "]"), index_of, unit,
              violations);
  }
  for (int j = 0; j < snapshot.units_size(); ++j) {
    CheckParent(checked.units[j], absl::StrCat(prefix, ".units[", j, "].parent_code"), index_of,
                checked.units, violations);
  }
  if (!violations.empty()) return checked;
  ComputePaths(index_of, checked);
  return checked;
}

// Snapshots of the same request: distinct ids, and no code in two of them
// over overlapping validity.
void CheckSnapshotsTogether(const std::vector<CheckedSnapshot>& snapshots,
                            CappedViolations& violations) {
  for (size_t a = 0; a < snapshots.size(); ++a) {
    for (size_t b = a + 1; b < snapshots.size(); ++b) {
      if (snapshots[a].id == snapshots[b].id) {
        violations.Add(absl::StrCat("snapshots[", b, "].snapshot_id"),
                       absl::StrCat("duplicate snapshot id ", snapshots[b].id));
        continue;
      }
      if (!snapshots[a].validity.Overlaps(snapshots[b].validity)) continue;
      std::set<std::string> codes;
      for (const UnitRecord& u : snapshots[a].units) codes.insert(u.code);
      for (const UnitRecord& u : snapshots[b].units) {
        if (codes.count(u.code) == 0) continue;
        violations.Add(
            absl::StrCat("snapshots[", b, "].valid_from"),
            absl::StrCat("validity overlaps snapshots[", a, "], and both have code ", u.code));
        break;
      }
    }
  }
}

// The day the mappings take effect: required with mappings.
std::optional<absl::CivilDay> CheckMappingsEffective(const v1::ImportUnitsRequest& request,
                                                     CappedViolations& violations) {
  if (request.mappings().empty()) return std::nullopt;
  absl::StatusOr<std::optional<absl::CivilDay>> day =
      time::OptionalDayFromProto(request.mappings_effective(), "mappings_effective");
  if (!day.ok()) {
    AddAll(day.status(), violations);
    return std::nullopt;
  }
  if (!day->has_value()) violations.Add("mappings_effective", "is required with mappings");
  return *day;
}

// "units/769" -> "769", or a violation naming `field`.
std::string CheckUnitName(absl::string_view name, const std::string& field,
                          CappedViolations& violations) {
  absl::StatusOr<std::string> code = ParseResourceName(name, "units", field);
  if (!code.ok()) {
    AddAll(code.status(), violations);
    return "";
  }
  if (!IsUnitCode(*code)) {
    violations.Add(field, absl::StrCat("\"", *code, "\" is not a unit code (1-10 digits)"));
  }
  return *code;
}

std::optional<absl::CivilDay> CheckOptionalDay(const google::type::Date& date,
                                               const std::string& field,
                                               CappedViolations& violations) {
  absl::StatusOr<std::optional<absl::CivilDay>> day = time::OptionalDayFromProto(date, field);
  if (!day.ok()) {
    AddAll(day.status(), violations);
    return std::nullopt;
  }
  return *day;
}

// A legal basis names its document and the day it took effect.
LegalBasisRecord CheckLegalBasis(const v1::LegalBasis& basis, const std::string& field,
                                 CappedViolations& violations) {
  LegalBasisRecord record;
  absl::StatusOr<std::string> number = text::CleanText(basis.document_number());
  if (!number.ok()) {
    violations.Add(field + ".document_number", std::string(number.status().message()));
  } else if (number->empty()) {
    violations.Add(field + ".document_number",
                   "is required: the resolution's number, e.g. 1111/NQ-UBTVQH14");
  } else if (number->size() > 200) {
    violations.Add(field + ".document_number", "is longer than 200 bytes");
  } else {
    record.document_number = *number;
  }
  std::optional<absl::CivilDay> effective =
      CheckOptionalDay(basis.effective_date(), field + ".effective_date", violations);
  if (effective.has_value()) {
    record.effective_date = time::FormatDate(*effective);
  } else if (!basis.has_effective_date()) {
    violations.Add(field + ".effective_date", "is required: the day the resolution took effect");
  }
  return record;
}

}  // namespace

void CappedViolations::Add(std::string field, std::string description) {
  if (violations_.size() < kMaxViolations) {
    violations_.push_back({std::move(field), std::move(description)});
  } else {
    ++dropped_;
  }
}

absl::Status CappedViolations::ToStatus() const {
  std::vector<FieldViolation> all = violations_;
  if (dropped_ > 0) {
    all.push_back({"snapshots", absl::StrCat("and ", dropped_, " more violations")});
  }
  return InvalidArgumentError(std::move(all));
}

absl::StatusOr<CheckedImport> ValidateImport(const v1::ImportUnitsRequest& request) {
  CappedViolations violations;
  if (request.snapshots().empty() && request.mappings().empty()) {
    violations.Add("snapshots", "give at least one snapshot or mapping");
  }
  CheckedImport checked;
  for (int i = 0; i < request.snapshots_size(); ++i) {
    checked.snapshots.push_back(CheckSnapshot(request.snapshots(i), i, violations));
  }
  CheckSnapshotsTogether(checked.snapshots, violations);
  checked.effective = CheckMappingsEffective(request, violations);
  if (!violations.empty()) return violations.ToStatus();
  return checked;
}

absl::StatusOr<CheckedSuccession> ValidateSuccession(const v1::AddUnitSuccessionRequest& request) {
  CappedViolations violations;
  CheckedSuccession checked;
  checked.old_code = CheckUnitName(request.old_unit(), "old_unit", violations);
  checked.old_as_of = CheckOptionalDay(request.old_as_of(), "old_as_of", violations);
  checked.new_code = CheckUnitName(request.new_unit(), "new_unit", violations);
  std::optional<absl::CivilDay> new_as_of =
      CheckOptionalDay(request.new_as_of(), "new_as_of", violations);
  checked.basis = CheckLegalBasis(request.legal_basis(), "legal_basis", violations);
  if (!violations.empty()) return violations.ToStatus();
  if (checked.old_code == checked.new_code) {
    violations.Add("new_unit", "a unit that keeps its code continues as a new version already");
    return violations.ToStatus();
  }
  absl::StatusOr<absl::CivilDay> effective = time::ParseDate(checked.basis.effective_date);
  if (!effective.ok()) return effective.status();
  checked.new_as_of = new_as_of.value_or(*effective);
  return checked;
}

absl::StatusOr<CheckedStartCorrection> ValidateStartCorrection(
    const v1::CorrectUnitVersionStartRequest& request) {
  CappedViolations violations;
  CheckedStartCorrection checked;
  checked.code = CheckUnitName(request.name(), "name", violations);
  checked.as_of = CheckOptionalDay(request.as_of(), "as_of", violations);
  checked.basis = CheckLegalBasis(request.legal_basis(), "legal_basis", violations);
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<absl::CivilDay> effective = time::ParseDate(checked.basis.effective_date);
  if (!effective.ok()) return effective.status();
  checked.new_start = *effective;
  return checked;
}

}  // namespace interplan::agencies
