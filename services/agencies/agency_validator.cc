#include "services/agencies/agency_validator.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/api/resource_name.h"
#include "common/storage/request_log.h"
#include "common/text/clean_text.h"
#include "common/text/search_fold.h"
#include "common/time/date.h"
#include "common/time/unit_era.h"

namespace interplan::agencies {
namespace {

constexpr size_t kMaxNameBytes = 400;
constexpr int kMaxBatch = 1000;

// A required or optional name, cleaned; violations under `field`.
std::string CleanName(absl::string_view value, const std::string& field, bool required,
                      FieldViolations& violations) {
  absl::StatusOr<std::string> clean = text::CleanText(value);
  if (!clean.ok()) {
    violations.Add(field, std::string(clean.status().message()));
    return "";
  }
  if (required && clean->empty()) violations.Add(field, "must not be empty");
  if (clean->size() > kMaxNameBytes) {
    violations.Add(field, absl::StrCat("must be at most ", kMaxNameBytes, " bytes"));
  }
  return *clean;
}

// The id in an optional resource name of `collection` ("" when empty or
// malformed); violations under `field`.
std::string OptionalId(absl::string_view name, absl::string_view collection,
                       const std::string& field, FieldViolations& violations) {
  if (name.empty()) return "";
  absl::StatusOr<std::string> id = ParseResourceName(name, collection, field);
  violations.AddFrom("", id.status());
  return id.ok() ? *id : "";
}

// The agency's earlier names (`agency.names`), checked against each other
// and the agency's `validity`, oldest first; violations under
// `prefix` + "names[i]...".
std::vector<DatedName> NamesOf(const v1::Agency& agency, const time::Validity& validity,
                               const std::string& prefix, FieldViolations& violations) {
  std::vector<std::pair<DatedName, std::string>> checked;  // with its field path
  for (int i = 0; i < agency.names_size(); ++i) {
    const v1::DatedName& in = agency.names(i);
    const std::string field = absl::StrCat(prefix, "names[", i, "].");
    DatedName name;
    name.display_name = CleanName(in.display_name(), field + "display_name", true, violations);
    name.short_name = CleanName(in.short_name(), field + "short_name", false, violations);
    absl::StatusOr<time::Validity> dates = time::Validity::FromProto(
        in.valid_from(), in.valid_to(), field + "valid_from", field + "valid_to");
    violations.AddFrom("", dates.status());
    if (!dates.ok()) continue;
    name.validity = *dates;
    if (!name.validity.to.has_value()) {
      violations.Add(field + "valid_to", "is required: the current name follows it");
      continue;
    }
    // An open start is the agency's first day.
    const time::Validity span{name.validity.from.has_value() ? name.validity.from : validity.from,
                              name.validity.to};
    if (!validity.Covers(span) || (span.from.has_value() && span.to < span.from)) {
      violations.Add(field + (validity.Contains(*span.to) ? "valid_from" : "valid_to"),
                     absl::StrCat("must lie inside the agency's validity (", validity.ToString(),
                                  "); the name runs ", span.ToString()));
      continue;
    }
    if (validity.to.has_value() && *span.to >= *validity.to) {
      violations.Add(
          field + "valid_to",
          absl::StrCat("must end before the agency's last day (", time::FormatDate(*validity.to),
                       "): the current name covers the days after the earlier names"));
      continue;
    }
    for (const auto& [other, other_field] : checked) {
      const time::Validity other_span{
          other.validity.from.has_value() ? other.validity.from : validity.from, other.validity.to};
      if (span.Overlaps(other_span)) {
        violations.Add(field + "valid_from",
                       absl::StrCat("overlaps ", other_field, " (", other_span.ToString(), ")"));
      }
    }
    checked.emplace_back(std::move(name), absl::StrCat(prefix, "names[", i, "]"));
  }
  std::vector<DatedName> names;
  for (auto& [name, field] : checked) names.push_back(std::move(name));
  std::sort(names.begin(), names.end(),
            [](const DatedName& a, const DatedName& b) { return *a.validity.to < *b.validity.to; });
  return names;
}

// The fields of an Agency message a client may set, checked.
AgencyRecord FieldsOf(const v1::Agency& agency, const std::string& prefix,
                      FieldViolations& violations) {
  AgencyRecord record;
  record.display_name = CleanName(agency.display_name(), prefix + "display_name", true, violations);
  record.short_name = CleanName(agency.short_name(), prefix + "short_name", false, violations);
  record.kind = agency.kind();
  if (agency.kind() == v1::AGENCY_KIND_UNSPECIFIED || !v1::AgencyKind_IsValid(agency.kind())) {
    violations.Add(prefix + "kind", "is required");
  }
  record.unit_code = OptionalId(agency.unit(), "units", prefix + "unit", violations);
  record.parent_id = OptionalId(agency.parent(), "agencies", prefix + "parent", violations);
  record.successor_id =
      OptionalId(agency.successor(), "agencies", prefix + "successor", violations);
  absl::StatusOr<time::Validity> validity = time::Validity::FromProto(
      agency.valid_from(), agency.valid_to(), prefix + "valid_from", prefix + "valid_to");
  violations.AddFrom("", validity.status());
  if (validity.ok()) {
    record.validity = *validity;
    record.names = NamesOf(agency, record.validity, prefix, violations);
  }
  if (!record.successor_id.empty() && !record.validity.to.has_value()) {
    violations.Add(prefix + "successor", "needs valid_to: only a retired agency has one");
  }
  record.assignable =
      agency.has_assignable() ? agency.assignable() : AssignableByDefault(record.kind);
  return record;
}

// The fields an update may change.
const std::set<std::string>& MutableFields() {
  static const std::set<std::string>* fields = new std::set<std::string>{
      "display_name", "short_name", "kind", "unit", "parent", "valid_from", "assignable", "names"};
  return *fields;
}

}  // namespace

bool AssignableByDefault(v1::AgencyKind kind) {
  switch (kind) {
    case v1::AGENCY_KIND_PARTY_BOARD:
    case v1::AGENCY_KIND_FATHERLAND_FRONT:
    case v1::AGENCY_KIND_WOMENS_UNION:
    case v1::AGENCY_KIND_LABOUR_FEDERATION:
    case v1::AGENCY_KIND_YOUTH_UNION:
      return false;
    default:
      return true;
  }
}

absl::StatusOr<AgencyRecord> AgencyFields(const v1::Agency& agency, const std::string& prefix) {
  FieldViolations violations;
  AgencyRecord record = FieldsOf(agency, prefix, violations);
  if (!violations.empty()) return violations.ToStatus();
  return record;
}

// One create's fields and id, violations named under `prefix` ("" or
// "requests[3].").
AgencyRecord CreateFields(const v1::CreateAgencyRequest& request, const std::string& prefix,
                          FieldViolations& violations) {
  AgencyRecord record = FieldsOf(request.agency(), prefix + "agency.", violations);
  if (!request.agency_id().empty() && !IsValidResourceId(request.agency_id())) {
    violations.Add(prefix + "agency_id",
                   "must be 2-63 characters of a-z, 0-9 and '-', starting with a letter");
  }
  record.id = request.agency_id();
  return record;
}

absl::StatusOr<AgencyRecord> ValidateCreateAgency(const v1::CreateAgencyRequest& request) {
  FieldViolations violations;
  AgencyRecord record = CreateFields(request, "", violations);
  violations.AddFrom("", storage::ValidateRequestId(request.request_id()));
  if (!violations.empty()) return violations.ToStatus();
  return record;
}

absl::StatusOr<std::vector<AgencyRecord>> ValidateBatchCreateAgencies(
    const v1::BatchCreateAgenciesRequest& request) {
  FieldViolations violations;
  if (request.requests_size() > kMaxBatch) {
    violations.Add("requests", absl::StrCat("at most ", kMaxBatch, " agencies"));
    return violations.ToStatus();
  }
  std::vector<AgencyRecord> records;
  std::set<std::string> ids;
  for (int i = 0; i < request.requests_size(); ++i) {
    const std::string prefix = absl::StrCat("requests[", i, "].");
    AgencyRecord record = CreateFields(request.requests(i), prefix, violations);
    if (IsValidResourceId(record.id) && !ids.insert(record.id).second) {
      violations.Add(prefix + "agency_id",
                     absl::StrCat("\"", record.id, "\" is named earlier in the batch"));
    }
    records.push_back(std::move(record));
  }
  violations.AddFrom("", storage::ValidateRequestId(request.request_id()));
  if (!violations.empty()) return violations.ToStatus();
  return records;
}

absl::StatusOr<std::string> ValidateUpdateAgency(const v1::UpdateAgencyRequest& request) {
  FieldViolations violations;
  absl::StatusOr<std::string> id =
      ParseResourceName(request.agency().name(), "agencies", "agency.name");
  violations.AddFrom("", id.status());
  if (request.update_mask().paths().empty()) {
    violations.Add("update_mask", "name the fields to change");
  }
  for (const std::string& path : request.update_mask().paths()) {
    if (MutableFields().count(path) == 0) {
      violations.Add("update_mask", absl::StrCat("\"", path, "\" cannot be updated; updatable: ",
                                                 absl::StrJoin(MutableFields(), ", ")));
    }
  }
  violations.AddFrom("", storage::ValidateRequestId(request.request_id()));
  if (!violations.empty()) return violations.ToStatus();
  return id;
}

v1::Agency MergeUpdate(const v1::Agency& current, const v1::UpdateAgencyRequest& request) {
  v1::Agency merged = current;
  const v1::Agency& in = request.agency();
  for (const std::string& path : request.update_mask().paths()) {
    if (path == "display_name") merged.set_display_name(in.display_name());
    if (path == "short_name") merged.set_short_name(in.short_name());
    if (path == "kind") merged.set_kind(in.kind());
    if (path == "unit") merged.set_unit(in.unit());
    if (path == "parent") merged.set_parent(in.parent());
    if (path == "valid_from") *merged.mutable_valid_from() = in.valid_from();
    if (path == "names") *merged.mutable_names() = in.names();
    if (path == "assignable") {
      if (in.has_assignable()) {
        merged.set_assignable(in.assignable());
      } else {
        merged.clear_assignable();
      }
    }
  }
  return merged;
}

absl::StatusOr<CheckedRetirement> ValidateRetireAgency(const v1::RetireAgencyRequest& request) {
  FieldViolations violations;
  absl::StatusOr<std::string> id = ParseResourceName(request.name(), "agencies", "name");
  violations.AddFrom("", id.status());
  absl::StatusOr<std::optional<absl::CivilDay>> valid_to =
      time::OptionalDayFromProto(request.valid_to(), "valid_to");
  violations.AddFrom("", valid_to.status());
  if (valid_to.ok() && !valid_to->has_value()) violations.Add("valid_to", "is required");
  CheckedRetirement checked;
  checked.successor_id = OptionalId(request.successor(), "agencies", "successor", violations);
  violations.AddFrom("", storage::ValidateRequestId(request.request_id()));
  if (!violations.empty()) return violations.ToStatus();
  checked.id = *id;
  checked.valid_to = **valid_to;
  return checked;
}

absl::Status CheckRetirable(const AgencyRecord& current, absl::CivilDay valid_to) {
  if (current.validity.to.has_value()) {
    return WithErrorInfo(absl::FailedPreconditionError(
                             absl::StrCat(AgencyName(current.id), " is already retired (last day ",
                                          time::FormatDate(*current.validity.to), ")")),
                         "ALREADY_RETIRED", {{"resource", AgencyName(current.id)}});
  }
  if (current.validity.from.has_value() && valid_to < *current.validity.from) {
    return InvalidFieldError("valid_to", "is before the agency's first day");
  }
  if (!current.names.empty() && valid_to <= *current.names.back().validity.to) {
    return InvalidFieldError(
        "valid_to",
        absl::StrCat("must be after ", time::FormatDate(*current.names.back().validity.to),
                     ", the last day of the earlier name \"", current.names.back().display_name,
                     "\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> ValidateBatchGetAgencies(
    const v1::BatchGetAgenciesRequest& request) {
  FieldViolations violations;
  if (request.names_size() > kMaxBatch) {
    violations.Add("names", absl::StrCat("at most ", kMaxBatch, " names"));
  }
  std::vector<std::string> ids;
  for (int i = 0; i < request.names_size(); ++i) {
    absl::StatusOr<std::string> id =
        ParseResourceName(request.names(i), "agencies", absl::StrCat("names[", i, "]"));
    violations.AddFrom("", id.status());
    if (id.ok()) ids.push_back(*id);
  }
  if (!violations.empty()) return violations.ToStatus();
  return ids;
}

namespace {

// "from 2019-01-01 to 2025-06-30", "until 2025-06-30", "from 2025-07-01 on",
// "with no start or end".
std::string SpanInWords(const time::Validity& validity) {
  if (validity.from.has_value() && validity.to.has_value()) {
    return absl::StrCat("from ", time::FormatDate(*validity.from), " to ",
                        time::FormatDate(*validity.to));
  }
  if (validity.to.has_value()) return absl::StrCat("until ", time::FormatDate(*validity.to));
  if (validity.from.has_value())
    return absl::StrCat("from ", time::FormatDate(*validity.from), " on");
  return "with no start or end";
}

// Why the unit's `versions` (oldest first, at least one) do not cover the
// agency's validity, in a sentence.
std::string CoverageProblem(const AgencyRecord& agency, const std::vector<UnitRecord>& versions) {
  const UnitRecord& first = versions.front();
  const UnitRecord& last = versions.back();
  const std::string unit = UnitName(agency.unit_code);
  const std::string valid = absl::StrCat("the agency is valid ", SpanInWords(agency.validity));
  if (last.validity.to.has_value() &&
      (!agency.validity.to.has_value() || *agency.validity.to > *last.validity.to)) {
    return absl::StrCat(unit, " (", last.display_name, ") ended on ",
                        time::FormatDate(*last.validity.to), ", but ", valid,
                        ": end the agency by then, or place it in the unit that continues");
  }
  if (first.validity.from.has_value() &&
      (!agency.validity.from.has_value() || *agency.validity.from < *first.validity.from)) {
    return absl::StrCat(unit, " (", first.display_name, ") begins on ",
                        time::FormatDate(*first.validity.from), ", but ", valid);
  }
  std::vector<std::string> described;
  for (const UnitRecord& v : versions) {
    described.push_back(absl::StrCat(v.display_name, " ", SpanInWords(v.validity)));
  }
  return absl::StrCat(unit, " is not one unit over the agency's whole validity (", valid,
                      "): it was ", absl::StrJoin(described, ", then "));
}

}  // namespace

void CheckUnitCoverage(const AgencyRecord& agency, const std::vector<UnitRecord>& versions,
                       const std::string& prefix, FieldViolations& violations) {
  // Versions (oldest first) of the same unit continuing the day after
  // merge into one span: inside an era whatever changed (Huyện Đức Phổ
  // became Thị xã Đức Phổ in 2020: one place, one code), across the 2025
  // reform under the same name only (Lai Châu before and after
  // 2025-07-01), for a reused code names another unit there (15: Yên
  // Bái, then Lào Cai). One span must cover every day of the agency.
  std::vector<time::Validity> spans;
  std::string span_name;
  for (const UnitRecord& v : versions) {
    const std::string name = text::FoldForSearch(v.display_name);
    const bool adjacent = !spans.empty() && spans.back().to.has_value() &&
                          v.validity.from.has_value() && *v.validity.from == *spans.back().to + 1;
    if (adjacent && (name == span_name ||
                     time::EraOfDay(*v.validity.from) == time::EraOfDay(*spans.back().to))) {
      spans.back().to = v.validity.to;
    } else {
      spans.push_back(v.validity);
    }
    // Across the reform the name is compared with the version just before
    // (Tỉnh Thừa Thiên Huế became Thành phố Huế on 2025-01-01, and Thành
    // phố Huế continues on 2025-07-01).
    span_name = name;
  }
  bool covered = false;
  for (const time::Validity& span : spans) covered = covered || span.Covers(agency.validity);
  if (versions.empty()) {
    violations.Add(prefix + "unit", absl::StrCat("unknown unit ", UnitName(agency.unit_code)));
  } else if (!covered) {
    violations.Add(prefix + "unit", CoverageProblem(agency, versions));
  }
}

void CheckSuccessorActive(const AgencyRecord& agency, const AgencyRecord& successor,
                          const std::string& field, FieldViolations& violations) {
  if (agency.validity.to.has_value() && !successor.validity.Contains(*agency.validity.to + 1)) {
    violations.Add(field, absl::StrCat(AgencyName(agency.successor_id), " is not active on ",
                                       time::FormatDate(*agency.validity.to + 1),
                                       ", the day after this agency ends"));
  }
}

}  // namespace interplan::agencies
