#include "services/agencies/agency_registry.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/api/list_window.h"
#include "common/api/resource_name.h"
#include "common/api/search_words.h"
#include "common/errors/errors.h"
#include "common/storage/request_log.h"
#include "common/text/clean_text.h"
#include "common/text/search_fold.h"
#include "common/time/date.h"
#include "services/agencies/agency_access.h"

namespace interplan::agencies {
namespace {

constexpr char kAgencyType[] = "interplan.agencies.v1.Agency";
constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;
constexpr size_t kMaxNameBytes = 400;

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

// The fields of an Agency message a client may set, checked without the
// database. `existing` supplies what the message leaves out on update.
AgencyRecord FieldsOf(const v1::Agency& agency, const std::string& prefix,
                      FieldViolations& violations) {
  AgencyRecord record;
  record.display_name = CleanName(agency.display_name(), prefix + "display_name", true, violations);
  record.short_name = CleanName(agency.short_name(), prefix + "short_name", false, violations);
  record.kind = agency.kind();
  if (agency.kind() == v1::AGENCY_KIND_UNSPECIFIED || !v1::AgencyKind_IsValid(agency.kind())) {
    violations.Add(prefix + "kind", "is required");
  }
  if (!agency.unit().empty()) {
    absl::StatusOr<std::string> code = ParseResourceName(agency.unit(), "units", prefix + "unit");
    violations.AddFrom("", code.status());
    if (code.ok()) record.unit_code = *code;
  }
  if (!agency.parent().empty()) {
    absl::StatusOr<std::string> id =
        ParseResourceName(agency.parent(), "agencies", prefix + "parent");
    violations.AddFrom("", id.status());
    if (id.ok()) record.parent_id = *id;
  }
  if (!agency.successor().empty()) {
    absl::StatusOr<std::string> id =
        ParseResourceName(agency.successor(), "agencies", prefix + "successor");
    violations.AddFrom("", id.status());
    if (id.ok()) record.successor_id = *id;
  }
  absl::StatusOr<time::Validity> validity = time::Validity::FromProto(
      agency.valid_from(), agency.valid_to(), prefix + "valid_from", prefix + "valid_to");
  violations.AddFrom("", validity.status());
  if (validity.ok()) record.validity = *validity;
  if (!record.successor_id.empty() && !record.validity.to.has_value()) {
    violations.Add(prefix + "successor", "needs valid_to: only a retired agency has one");
  }
  record.assignable =
      agency.has_assignable() ? agency.assignable() : AssignableByDefault(record.kind);
  return record;
}

// The ASCII punctuation of a query, each once. A query without words ("%",
// "&") searches for its symbols: the names holding a literal '%', not every
// name.
std::vector<std::string> QuerySymbols(absl::string_view query) {
  std::vector<std::string> symbols;
  for (char c : query) {
    if (!absl::ascii_ispunct(static_cast<unsigned char>(c))) continue;
    std::string symbol(1, c);
    if (std::find(symbols.begin(), symbols.end(), symbol) == symbols.end()) {
      symbols.push_back(std::move(symbol));
    }
  }
  return symbols;
}

}  // namespace

AgencyRegistry::AgencyRegistry(storage::Database& db, UnitRegistry& units)
    : db_(db), units_(units) {}

absl::StatusOr<AgencyRecord> AgencyRegistry::Load(storage::Transaction& txn, absl::string_view id) {
  absl::StatusOr<std::optional<AgencyRecord>> found = store_.Find(txn, id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return ResourceNotFoundError(kAgencyType, AgencyName(id));
  return std::move(**found);
}

absl::Status AgencyRegistry::CheckReferences(storage::Transaction& txn, const AgencyRecord& agency,
                                             const std::string& prefix) {
  FieldViolations violations;
  if (!agency.unit_code.empty()) {
    absl::StatusOr<std::vector<UnitRecord>> versions =
        unit_store_.FindVersions(txn, agency.unit_code);
    if (!versions.ok()) return versions.status();
    // Versions (oldest first) of the same unit continuing under the same
    // name the day after merge into one span (Lai Châu before and after
    // 2025-07-01); a reused code naming another unit does not (15: Yên Bái,
    // then Lào Cai). One span must cover every day of the agency.
    std::vector<time::Validity> spans;
    std::string span_name;
    for (const UnitRecord& v : *versions) {
      const std::string name = text::FoldForSearch(v.display_name);
      if (!spans.empty() && spans.back().to.has_value() && v.validity.from.has_value() &&
          *v.validity.from == *spans.back().to + 1 && name == span_name) {
        spans.back().to = v.validity.to;
      } else {
        spans.push_back(v.validity);
        span_name = name;
      }
    }
    bool covered = false;
    for (const time::Validity& span : spans) covered = covered || span.Covers(agency.validity);
    if (versions->empty()) {
      violations.Add(prefix + "unit", absl::StrCat("unknown unit ", UnitName(agency.unit_code)));
    } else if (!covered) {
      violations.Add(prefix + "unit",
                     absl::StrCat(UnitName(agency.unit_code),
                                  " does not exist over the agency's whole validity (",
                                  agency.validity.ToString(), "): its versions run ",
                                  versions->front().validity.ToString(), " to ",
                                  versions->back().validity.ToString()));
    }
  }
  for (const auto& [id, name] :
       {std::pair{agency.parent_id, "parent"}, std::pair{agency.successor_id, "successor"}}) {
    const std::string field = prefix + name;
    if (id.empty()) continue;
    if (id == agency.id) {
      violations.Add(field, "must name another agency");
      continue;
    }
    absl::StatusOr<std::optional<AgencyRecord>> other = store_.Find(txn, id);
    if (!other.ok()) return other.status();
    if (!other->has_value()) {
      violations.Add(field, absl::StrCat("unknown agency ", AgencyName(id)));
      continue;
    }
    if (std::string(name) == "successor" && agency.validity.to.has_value() &&
        !(*other)->validity.Contains(*agency.validity.to + 1)) {
      violations.Add(field, absl::StrCat(AgencyName(id), " is not active on ",
                                         time::FormatDate(*agency.validity.to + 1),
                                         ", the day after this agency ends"));
    }
  }
  // No cycle through parents.
  if (!agency.parent_id.empty() && violations.empty()) {
    std::set<std::string> seen = {agency.id};
    std::string at = agency.parent_id;
    while (!at.empty()) {
      if (!seen.insert(at).second) {
        violations.Add(prefix + "parent", "the parent chain would form a cycle");
        break;
      }
      absl::StatusOr<std::optional<AgencyRecord>> up = store_.Find(txn, at);
      if (!up.ok()) return up.status();
      if (!up->has_value()) break;
      at = (*up)->parent_id;
    }
  }
  return violations.ToStatus();
}

absl::StatusOr<v1::Agency> AgencyRegistry::GetAgency(const v1::GetAgencyRequest& request) {
  absl::StatusOr<std::string> id = ParseResourceName(request.name(), "agencies", "name");
  if (!id.ok()) return id.status();
  v1::Agency agency;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<AgencyRecord> record = Load(txn, *id);
    if (!record.ok()) return record.status();
    record->ToProto(&agency);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return agency;
}

absl::StatusOr<v1::BatchGetAgenciesResponse> AgencyRegistry::BatchGetAgencies(
    const v1::BatchGetAgenciesRequest& request) {
  constexpr int kMaxBatch = 1000;
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
  v1::BatchGetAgenciesResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    response.Clear();
    std::set<std::string> seen;
    for (const std::string& id : ids) {
      if (!seen.insert(id).second) continue;
      absl::StatusOr<std::optional<AgencyRecord>> found = store_.Find(txn, id);
      if (!found.ok()) return found.status();
      if (found->has_value()) {
        (*found)->ToProto(response.add_agencies());
      } else {
        response.add_missing(AgencyName(id));
      }
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::ListAgenciesResponse> AgencyRegistry::ListAgencies(
    const v1::ListAgenciesRequest& request) {
  FieldViolations violations;
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  violations.AddFrom("", as_of.status());
  const ListWindow window = ListWindow::Of(request, request.page_size(), request.page_token(),
                                           kDefaultPageSize, kMaxPageSize, &violations);
  absl::StatusOr<std::vector<std::string>> words = SearchWords(request.query());
  violations.AddFrom("", words.status());
  std::string unit_code;
  if (!request.unit().empty()) {
    absl::StatusOr<std::string> code = ParseResourceName(request.unit(), "units", "unit");
    violations.AddFrom("", code.status());
    if (code.ok()) unit_code = *code;
  }
  if (!v1::AgencyKind_IsValid(request.kind())) violations.Add("kind", "unknown kind");
  if (!violations.empty()) return violations.ToStatus();

  AgencyQuery query;
  query.active_on = *as_of;
  if (!unit_code.empty() && !query.active_on.has_value()) query.active_on = units_.Today();
  query.kind = request.kind();
  query.words = *words;
  if (words->empty()) query.symbols = QuerySymbols(request.query());
  query.after_id = window.after();
  query.limit = window.fetch_limit();
  v1::ListAgenciesResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    if (!unit_code.empty()) {
      absl::StatusOr<UnitRecord> unit = units_.Resolve(txn, unit_code, query.active_on);
      if (!unit.ok()) return unit.status();
      query.unit_path = unit->path;
    }
    absl::StatusOr<std::vector<AgencyRecord>> agencies = store_.List(txn, query);
    if (!agencies.ok()) return agencies.status();
    const bool more = window.TrimToPage(*agencies);
    for (const AgencyRecord& agency : *agencies) agency.ToProto(response.add_agencies());
    if (more) response.set_next_page_token(window.TokenAfter(agencies->back().id));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Agency> AgencyRegistry::CreateAgency(const v1::CreateAgencyRequest& request,
                                                        const CallContext& call) {
  if (absl::Status allowed = AgencyAccess::MayCreateAgency(call, request); !allowed.ok())
    return allowed;
  storage::AuditEvent* audit = call.audit;
  FieldViolations violations;
  AgencyRecord record = FieldsOf(request.agency(), "agency.", violations);
  if (!request.agency_id().empty() && !IsValidResourceId(request.agency_id())) {
    violations.Add("agency_id",
                   "must be 2-63 characters of a-z, 0-9 and '-', starting with a letter");
  }
  violations.AddFrom("", storage::ValidateRequestId(request.request_id()));
  if (!violations.empty()) return violations.ToStatus();
  record.id =
      request.agency_id().empty()
          ? GenerateResourceId(record.short_name.empty() ? record.display_name : record.short_name)
          : request.agency_id();

  v1::Agency response;
  absl::Status status = storage::RunIdempotent(
      db_, "CreateAgency", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<std::optional<AgencyRecord>> existing = store_.Find(txn, record.id);
        if (!existing.ok()) return existing.status();
        if (existing->has_value()) {
          return WithErrorInfo(
              absl::AlreadyExistsError(absl::StrCat(AgencyName(record.id), " already exists")),
              "ALREADY_EXISTS", {{"resource", AgencyName(record.id)}});
        }
        absl::Status refs = CheckReferences(txn, record, "agency.");
        if (!refs.ok()) return refs;
        AgencyRecord stored = record;
        stored.revision = 1;
        stored.create_time = stored.update_time = absl::Now();
        absl::Status inserted = store_.Insert(txn, stored);
        if (!inserted.ok()) return inserted;
        stored.ToProto(static_cast<v1::Agency*>(out));
        return absl::OkStatus();
      },
      audit);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Agency> AgencyRegistry::UpdateAgency(const v1::UpdateAgencyRequest& request,
                                                        const CallContext& call) {
  if (absl::Status allowed = AgencyAccess::MayUpdateAgency(call, request); !allowed.ok())
    return allowed;
  storage::AuditEvent* audit = call.audit;
  static const std::set<std::string>* kMutable = new std::set<std::string>{
      "display_name", "short_name", "kind", "unit", "parent", "valid_from", "assignable"};
  FieldViolations violations;
  absl::StatusOr<std::string> id =
      ParseResourceName(request.agency().name(), "agencies", "agency.name");
  violations.AddFrom("", id.status());
  if (request.update_mask().paths().empty()) {
    violations.Add("update_mask", "name the fields to change");
  }
  for (const std::string& path : request.update_mask().paths()) {
    if (kMutable->count(path) == 0) {
      violations.Add("update_mask", absl::StrCat("\"", path, "\" cannot be updated; updatable: ",
                                                 absl::StrJoin(*kMutable, ", ")));
    }
  }
  violations.AddFrom("", storage::ValidateRequestId(request.request_id()));
  if (!violations.empty()) return violations.ToStatus();

  v1::Agency response;
  absl::Status status = storage::RunIdempotent(
      db_, "UpdateAgency", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<AgencyRecord> current = Load(txn, *id);
        if (!current.ok()) return current.status();
        if (!request.agency().etag().empty() && request.agency().etag() != current->etag()) {
          return EtagMismatchError(AgencyName(*id));
        }
        // The current agency with the masked fields taken from the request.
        v1::Agency merged;
        current->ToProto(&merged);
        const v1::Agency& in = request.agency();
        for (const std::string& path : request.update_mask().paths()) {
          if (path == "display_name") merged.set_display_name(in.display_name());
          if (path == "short_name") merged.set_short_name(in.short_name());
          if (path == "kind") merged.set_kind(in.kind());
          if (path == "unit") merged.set_unit(in.unit());
          if (path == "parent") merged.set_parent(in.parent());
          if (path == "valid_from") *merged.mutable_valid_from() = in.valid_from();
          if (path == "assignable") {
            if (in.has_assignable()) {
              merged.set_assignable(in.assignable());
            } else {
              merged.clear_assignable();
            }
          }
        }
        FieldViolations field_violations;
        AgencyRecord updated = FieldsOf(merged, "agency.", field_violations);
        if (!field_violations.empty()) return field_violations.ToStatus();
        updated.id = current->id;
        updated.create_time = current->create_time;
        updated.update_time = absl::Now();
        updated.revision = current->revision + 1;
        absl::Status refs = CheckReferences(txn, updated, "agency.");
        if (!refs.ok()) return refs;
        absl::StatusOr<bool> written = store_.UpdateIfRevision(txn, updated, current->revision);
        if (!written.ok()) return written.status();
        if (!*written) return EtagMismatchError(AgencyName(*id));
        updated.ToProto(static_cast<v1::Agency*>(out));
        return absl::OkStatus();
      },
      audit);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Agency> AgencyRegistry::RetireAgency(const v1::RetireAgencyRequest& request,
                                                        const CallContext& call) {
  if (absl::Status allowed = AgencyAccess::MayRetireAgency(call, request); !allowed.ok())
    return allowed;
  storage::AuditEvent* audit = call.audit;
  FieldViolations violations;
  absl::StatusOr<std::string> id = ParseResourceName(request.name(), "agencies", "name");
  violations.AddFrom("", id.status());
  absl::StatusOr<std::optional<absl::CivilDay>> valid_to =
      time::OptionalDayFromProto(request.valid_to(), "valid_to");
  violations.AddFrom("", valid_to.status());
  if (valid_to.ok() && !valid_to->has_value()) violations.Add("valid_to", "is required");
  std::string successor_id;
  if (!request.successor().empty()) {
    absl::StatusOr<std::string> parsed =
        ParseResourceName(request.successor(), "agencies", "successor");
    violations.AddFrom("", parsed.status());
    if (parsed.ok()) successor_id = *parsed;
  }
  violations.AddFrom("", storage::ValidateRequestId(request.request_id()));
  if (!violations.empty()) return violations.ToStatus();

  v1::Agency response;
  absl::Status status = storage::RunIdempotent(
      db_, "RetireAgency", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<AgencyRecord> current = Load(txn, *id);
        if (!current.ok()) return current.status();
        if (!request.etag().empty() && request.etag() != current->etag()) {
          return EtagMismatchError(AgencyName(*id));
        }
        if (current->validity.to.has_value()) {
          return WithErrorInfo(absl::FailedPreconditionError(
                                   absl::StrCat(AgencyName(*id), " is already retired (last day ",
                                                time::FormatDate(*current->validity.to), ")")),
                               "ALREADY_RETIRED", {{"resource", AgencyName(*id)}});
        }
        if (current->validity.from.has_value() && **valid_to < *current->validity.from) {
          return InvalidFieldError("valid_to", "is before the agency's first day");
        }
        AgencyRecord retired = *current;
        retired.validity.to = **valid_to;
        retired.successor_id = successor_id;
        retired.revision = current->revision + 1;
        retired.update_time = absl::Now();
        absl::Status refs = CheckReferences(txn, retired, "");
        if (!refs.ok()) return refs;
        absl::StatusOr<bool> written = store_.UpdateIfRevision(txn, retired, current->revision);
        if (!written.ok()) return written.status();
        if (!*written) return EtagMismatchError(AgencyName(*id));
        retired.ToProto(static_cast<v1::Agency*>(out));
        return absl::OkStatus();
      },
      audit);
  if (!status.ok()) return status;
  return response;
}

}  // namespace interplan::agencies
