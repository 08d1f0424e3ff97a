#include "services/agencies/unit_registry.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api/list_window.h"
#include "common/api/resource_name.h"
#include "common/api/search_words.h"
#include "common/errors/errors.h"
#include "common/text/clean_text.h"
#include "common/text/search_fold.h"
#include "common/time/date.h"
#include "common/time/validity.h"

namespace interplan::agencies {
namespace {

constexpr char kUnitType[] = "interplan.agencies.v1.Unit";
constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;
constexpr int kMaxBatch = 1000;

absl::StatusOr<std::string> ParseUnitName(absl::string_view name, absl::string_view field) {
  absl::StatusOr<std::string> code = ParseResourceName(name, "units", field);
  if (!code.ok()) return code.status();
  for (char c : *code) {
    if (c < '0' || c > '9') {
      return InvalidFieldError(std::string(field),
                               absl::StrCat("unit codes are digits; got \"", *code, "\""));
    }
  }
  return code;
}

}  // namespace

UnitRegistry::UnitRegistry(storage::Database& db, Clock today)
    : db_(db), today_(today ? std::move(today) : Clock(&time::Today)) {}

absl::StatusOr<UnitRecord> UnitRegistry::Resolve(storage::Transaction& txn, absl::string_view code,
                                                 std::optional<absl::CivilDay> as_of) {
  const absl::CivilDay day = as_of.value_or(today_());
  absl::StatusOr<std::optional<UnitRecord>> found = store_.FindAt(txn, code, day);
  if (!found.ok()) return found.status();
  if (found->has_value()) return std::move(**found);
  if (!as_of.has_value()) {
    absl::StatusOr<std::vector<UnitRecord>> versions = store_.FindVersions(txn, code);
    if (!versions.ok()) return versions.status();
    if (!versions->empty()) return std::move(versions->back());
    return ResourceNotFoundError(kUnitType, UnitName(code), "no such unit");
  }
  return ResourceNotFoundError(kUnitType, UnitName(code),
                               absl::StrCat("no unit with this code on ", time::FormatDate(day)));
}

absl::Status UnitRegistry::AddLinks(storage::Transaction& txn, const UnitRecord& unit,
                                    v1::Unit* out) {
  absl::StatusOr<std::vector<LinkedUnit>> predecessors = store_.Predecessors(txn, unit);
  if (!predecessors.ok()) return predecessors.status();
  for (const LinkedUnit& p : *predecessors) p.ToRef(out->add_predecessors());
  absl::StatusOr<std::vector<LinkedUnit>> successors = store_.Successors(txn, unit);
  if (!successors.ok()) return successors.status();
  for (const LinkedUnit& s : *successors) s.ToRef(out->add_successors());
  return absl::OkStatus();
}

absl::StatusOr<v1::Unit> UnitRegistry::GetUnit(const v1::GetUnitRequest& request) {
  absl::StatusOr<std::string> code = ParseUnitName(request.name(), "name");
  if (!code.ok()) return code.status();
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  if (!as_of.ok()) return as_of.status();
  v1::Unit unit;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<UnitRecord> record = Resolve(txn, *code, *as_of);
    if (!record.ok()) return record.status();
    record->ToProto(&unit);
    return AddLinks(txn, *record, &unit);
  });
  if (!status.ok()) return status;
  return unit;
}

absl::StatusOr<v1::ListUnitsResponse> UnitRegistry::ListUnits(const v1::ListUnitsRequest& request) {
  FieldViolations violations;
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  violations.AddFrom("", as_of.status());
  const ListWindow window = ListWindow::Of(request, request.page_size(), request.page_token(),
                                           kDefaultPageSize, kMaxPageSize, &violations);
  absl::StatusOr<std::vector<std::string>> words = SearchWords(request.query());
  violations.AddFrom("", words.status());
  std::optional<std::string> parent_code;
  if (!request.parent().empty()) {
    absl::StatusOr<std::string> parsed = ParseUnitName(request.parent(), "parent");
    violations.AddFrom("", parsed.status());
    if (parsed.ok()) parent_code = *parsed;
  } else if (request.descendants()) {
    violations.Add("descendants", "needs a parent");
  }
  if (!v1::UnitLevel_IsValid(request.level())) {
    violations.Add("level", "unknown level");
  }
  if (!violations.empty()) return violations.ToStatus();

  UnitQuery query;
  query.as_of = as_of->value_or(today_());
  query.level = request.level();
  query.words = *words;
  query.after_code = window.after();
  query.limit = window.fetch_limit();
  v1::ListUnitsResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    if (parent_code.has_value()) {
      absl::StatusOr<std::optional<UnitRecord>> parent =
          store_.FindAt(txn, *parent_code, query.as_of);
      if (!parent.ok()) return parent.status();
      if (!parent->has_value()) {
        return ResourceNotFoundError(
            kUnitType, UnitName(*parent_code),
            absl::StrCat("no unit with this code on ", time::FormatDate(query.as_of)));
      }
      if (request.descendants()) {
        query.descendants_of_path = (*parent)->path;
      } else {
        query.parent_code = *parent_code;
      }
    } else if (query.words.empty() && query.level == v1::UNIT_LEVEL_UNSPECIFIED) {
      query.parent_code = "";  // the provinces
    }
    absl::StatusOr<std::vector<UnitRecord>> units = store_.List(txn, query);
    if (!units.ok()) return units.status();
    const bool more = window.TrimToPage(*units);
    for (const UnitRecord& unit : *units) unit.ToProto(response.add_units());
    if (more) response.set_next_page_token(window.TokenAfter(units->back().code));
    UnitQuery count_query = query;
    count_query.after_code.clear();
    absl::StatusOr<int64_t> total = store_.Count(txn, count_query);
    if (!total.ok()) return total.status();
    response.set_total_size(static_cast<int32_t>(*total));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::ListAncestorsResponse> UnitRegistry::ListAncestors(
    const v1::ListAncestorsRequest& request) {
  absl::StatusOr<std::string> code = ParseUnitName(request.name(), "name");
  if (!code.ok()) return code.status();
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  if (!as_of.ok()) return as_of.status();
  v1::ListAncestorsResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<UnitRecord> unit = Resolve(txn, *code, *as_of);
    if (!unit.ok()) return unit.status();
    // The parent chain as of a day inside the unit's own validity.
    absl::CivilDay day = today_();
    if (as_of->has_value()) {
      day = **as_of;
    } else if (!unit->validity.Contains(day)) {
      // A unit not in force today: its last day, or its first if it has
      // not started yet.
      day = unit->validity.to.has_value() ? *unit->validity.to : *unit->validity.from;
    }
    std::string parent = unit->parent_code;
    while (!parent.empty()) {
      absl::StatusOr<std::optional<UnitRecord>> found = store_.FindAt(txn, parent, day);
      if (!found.ok()) return found.status();
      if (!found->has_value()) {
        return absl::InternalError(
            absl::StrCat("unit ", parent, " missing on ", time::FormatDate(day)));
      }
      (*found)->ToProto(response.add_units());
      parent = (*found)->parent_code;
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::ListSuccessorsResponse> UnitRegistry::ListSuccessors(
    const v1::ListSuccessorsRequest& request) {
  absl::StatusOr<std::string> code = ParseUnitName(request.name(), "name");
  if (!code.ok()) return code.status();
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  if (!as_of.ok()) return as_of.status();
  v1::ListSuccessorsResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<UnitRecord> unit = Resolve(txn, *code, *as_of);
    if (!unit.ok()) return unit.status();
    // Without a date, a code that is still in force but was also an older
    // unit (26882) means the older one: the one that has successors.
    if (!as_of->has_value() && !unit->validity.to.has_value()) {
      absl::StatusOr<std::vector<UnitRecord>> versions = store_.FindVersions(txn, *code);
      if (!versions.ok()) return versions.status();
      for (auto it = versions->rbegin(); it != versions->rend(); ++it) {
        if (it->validity.to.has_value()) {
          unit = *it;
          break;
        }
      }
    }
    unit->ToProto(response.mutable_unit());
    absl::StatusOr<std::vector<LinkedUnit>> successors = store_.Successors(txn, *unit);
    if (!successors.ok()) return successors.status();
    for (const LinkedUnit& s : *successors) s.unit.ToProto(response.add_units());
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::ListPredecessorsResponse> UnitRegistry::ListPredecessors(
    const v1::ListPredecessorsRequest& request) {
  absl::StatusOr<std::string> code = ParseUnitName(request.name(), "name");
  if (!code.ok()) return code.status();
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  if (!as_of.ok()) return as_of.status();
  v1::ListPredecessorsResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<UnitRecord> unit = Resolve(txn, *code, *as_of);
    if (!unit.ok()) return unit.status();
    unit->ToProto(response.mutable_unit());
    absl::StatusOr<std::vector<LinkedUnit>> predecessors = store_.Predecessors(txn, *unit);
    if (!predecessors.ok()) return predecessors.status();
    for (const LinkedUnit& p : *predecessors) p.unit.ToProto(response.add_units());
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::ListUnitHistoryResponse> UnitRegistry::ListUnitHistory(
    const v1::ListUnitHistoryRequest& request) {
  absl::StatusOr<std::string> code = ParseUnitName(request.name(), "name");
  if (!code.ok()) return code.status();
  v1::ListUnitHistoryResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::vector<UnitRecord>> versions = store_.FindVersions(txn, *code);
    if (!versions.ok()) return versions.status();
    if (versions->empty()) {
      return ResourceNotFoundError(kUnitType, UnitName(*code), "no such unit");
    }
    for (const UnitRecord& version : *versions) {
      v1::Unit* unit = response.add_versions();
      version.ToProto(unit);
      if (absl::Status s = AddLinks(txn, version, unit); !s.ok()) return s;
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

}  // namespace interplan::agencies

namespace interplan::agencies {

absl::StatusOr<v1::BatchGetUnitsResponse> UnitRegistry::BatchGetUnits(
    const v1::BatchGetUnitsRequest& request) {
  FieldViolations violations;
  if (request.names_size() > kMaxBatch) {
    violations.Add("names", absl::StrCat("at most ", kMaxBatch, " names"));
  }
  std::vector<std::string> codes;
  for (int i = 0; i < request.names_size(); ++i) {
    absl::StatusOr<std::string> code =
        ParseUnitName(request.names(i), absl::StrCat("names[", i, "]"));
    violations.AddFrom("", code.status());
    if (code.ok()) codes.push_back(*code);
  }
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  violations.AddFrom("", as_of.status());
  if (!violations.empty()) return violations.ToStatus();
  const absl::CivilDay day = as_of->value_or(today_());
  v1::BatchGetUnitsResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    response.Clear();
    std::set<std::string> seen;
    for (const std::string& code : codes) {
      if (!seen.insert(code).second) continue;
      absl::StatusOr<std::optional<UnitRecord>> found = store_.FindAt(txn, code, day);
      if (!found.ok()) return found.status();
      if (found->has_value()) {
        agencies::v1::Unit* unit = response.add_units();
        (*found)->ToProto(unit);
        absl::Status linked = AddLinks(txn, **found, unit);
        if (!linked.ok()) return linked;
      } else {
        response.add_missing(UnitName(code));
      }
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

}  // namespace interplan::agencies
