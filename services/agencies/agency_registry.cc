#include "services/agencies/agency_registry.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
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
#include "services/agencies/agency_validator.h"

namespace interplan::agencies {
namespace {

constexpr char kAgencyType[] = "interplan.agencies.v1.Agency";
constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;

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

// A create without an agency_id gets one made from its name.
void NameIfUnnamed(AgencyRecord& record) {
  if (!record.id.empty()) return;
  record.id =
      GenerateResourceId(record.short_name.empty() ? record.display_name : record.short_name);
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
    CheckUnitCoverage(agency, *versions, prefix, violations);
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
    if (std::string(name) == "successor") CheckSuccessorActive(agency, **other, field, violations);
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
  FieldViolations violations;
  absl::StatusOr<std::string> id = ParseResourceName(request.name(), "agencies", "name");
  violations.AddFrom("", id.status());
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  violations.AddFrom("", as_of.status());
  if (!violations.empty()) return violations.ToStatus();
  v1::Agency agency;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<AgencyRecord> record = Load(txn, *id);
    if (!record.ok()) return record.status();
    record->ToProto(&agency, *as_of);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return agency;
}

absl::StatusOr<v1::BatchGetAgenciesResponse> AgencyRegistry::BatchGetAgencies(
    const v1::BatchGetAgenciesRequest& request) {
  absl::StatusOr<std::vector<std::string>> ids = ValidateBatchGetAgencies(request);
  if (!ids.ok()) return ids.status();
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  if (!as_of.ok()) return as_of.status();
  v1::BatchGetAgenciesResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    response.Clear();
    std::set<std::string> seen;
    for (const std::string& id : *ids) {
      if (!seen.insert(id).second) continue;
      absl::StatusOr<std::optional<AgencyRecord>> found = store_.Find(txn, id);
      if (!found.ok()) return found.status();
      if (found->has_value()) {
        (*found)->ToProto(response.add_agencies(), *as_of);
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
  if (request.national_only() && !request.unit().empty()) {
    violations.Add("national_only", "national bodies have no unit: leave unit empty");
  }
  if (!v1::UnitLevel_IsValid(request.unit_level())) {
    violations.Add("unit_level", "unknown unit level");
  }
  if (!violations.empty()) return violations.ToStatus();

  AgencyQuery query;
  query.active_on = *as_of;
  query.unit_level = request.unit_level();
  query.national_only = request.national_only();
  const bool by_unit = !unit_code.empty() || query.unit_level != v1::UNIT_LEVEL_UNSPECIFIED;
  if (by_unit && !query.active_on.has_value()) query.active_on = units_.Today();
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
    for (const AgencyRecord& agency : *agencies) {
      agency.ToProto(response.add_agencies(), query.active_on);
    }
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
  absl::StatusOr<AgencyRecord> checked = ValidateCreateAgency(request);
  if (!checked.ok()) return checked.status();
  AgencyRecord record = *std::move(checked);
  NameIfUnnamed(record);

  v1::Agency response;
  absl::Status status = storage::RunIdempotent(
      db_, "CreateAgency", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        return InsertNew(txn, record, "agency.", static_cast<v1::Agency*>(out));
      },
      audit);
  if (!status.ok()) return status;
  return response;
}

absl::Status AgencyRegistry::InsertNew(storage::Transaction& txn, AgencyRecord record,
                                       const std::string& prefix, v1::Agency* out) {
  absl::StatusOr<std::optional<AgencyRecord>> existing = store_.Find(txn, record.id);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return WithErrorInfo(
        absl::AlreadyExistsError(absl::StrCat(AgencyName(record.id), " already exists")),
        "ALREADY_EXISTS", {{"resource", AgencyName(record.id)}});
  }
  absl::Status refs = CheckReferences(txn, record, prefix);
  if (!refs.ok()) return refs;
  record.revision = 1;
  record.create_time = record.update_time = absl::Now();
  absl::Status inserted = store_.Insert(txn, record);
  if (!inserted.ok()) return inserted;
  record.ToProto(out);
  return absl::OkStatus();
}

absl::StatusOr<v1::BatchCreateAgenciesResponse> AgencyRegistry::BatchCreateAgencies(
    const v1::BatchCreateAgenciesRequest& request, const CallContext& call) {
  for (const v1::CreateAgencyRequest& one : request.requests()) {
    if (absl::Status allowed = AgencyAccess::MayCreateAgency(call, one); !allowed.ok())
      return allowed;
  }
  absl::StatusOr<std::vector<AgencyRecord>> checked = ValidateBatchCreateAgencies(request);
  if (!checked.ok()) return checked.status();
  for (AgencyRecord& record : *checked) NameIfUnnamed(record);
  v1::BatchCreateAgenciesResponse response;
  absl::Status status = storage::RunIdempotent(
      db_, "BatchCreateAgencies", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        auto* created = static_cast<v1::BatchCreateAgenciesResponse*>(out);
        created->Clear();
        for (size_t i = 0; i < checked->size(); ++i) {
          const std::string prefix = absl::StrCat("requests[", i, "].agency.");
          absl::Status inserted = InsertNew(txn, (*checked)[i], prefix, created->add_agencies());
          if (!inserted.ok()) return inserted;
        }
        return absl::OkStatus();
      },
      call.audit);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Agency> AgencyRegistry::UpdateAgency(const v1::UpdateAgencyRequest& request,
                                                        const CallContext& call) {
  if (absl::Status allowed = AgencyAccess::MayUpdateAgency(call, request); !allowed.ok())
    return allowed;
  storage::AuditEvent* audit = call.audit;
  absl::StatusOr<std::string> id = ValidateUpdateAgency(request);
  if (!id.ok()) return id.status();

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
        v1::Agency current_proto;
        current->ToProto(&current_proto);
        absl::StatusOr<AgencyRecord> checked =
            AgencyFields(MergeUpdate(current_proto, request), "agency.");
        if (!checked.ok()) return checked.status();
        AgencyRecord updated = *std::move(checked);
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
  absl::StatusOr<CheckedRetirement> checked = ValidateRetireAgency(request);
  if (!checked.ok()) return checked.status();
  const std::string& id = checked->id;

  v1::Agency response;
  absl::Status status = storage::RunIdempotent(
      db_, "RetireAgency", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<AgencyRecord> current = Load(txn, id);
        if (!current.ok()) return current.status();
        if (!request.etag().empty() && request.etag() != current->etag()) {
          return EtagMismatchError(AgencyName(id));
        }
        if (absl::Status retirable = CheckRetirable(*current, checked->valid_to); !retirable.ok()) {
          return retirable;
        }
        AgencyRecord retired = *current;
        retired.validity.to = checked->valid_to;
        retired.successor_id = checked->successor_id;
        retired.revision = current->revision + 1;
        retired.update_time = absl::Now();
        absl::Status refs = CheckReferences(txn, retired, "");
        if (!refs.ok()) return refs;
        absl::StatusOr<bool> written = store_.UpdateIfRevision(txn, retired, current->revision);
        if (!written.ok()) return written.status();
        if (!*written) return EtagMismatchError(AgencyName(id));
        retired.ToProto(static_cast<v1::Agency*>(out));
        return absl::OkStatus();
      },
      audit);
  if (!status.ok()) return status;
  return response;
}

}  // namespace interplan::agencies
