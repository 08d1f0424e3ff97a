#include "services/plans/plan_registry.h"

#include <map>
#include <memory>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/api/enum_names.h"
#include "common/api/list_window.h"
#include "common/api/page_token.h"
#include "common/api/resource_name.h"
#include "common/api/search_words.h"
#include "common/errors/errors.h"
#include "common/logging/log.h"
#include "common/model/plan_model.h"
#include "common/storage/request_log.h"
#include "common/text/clean_text.h"
#include "common/text/search_fold.h"
#include "common/time/date.h"
#include "common/time/timestamp.h"
#include "common/time/validity.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/field_mask_util.h"
#include "services/plans/group_members.h"
#include "services/plans/plan_duties.h"

namespace interplan::plans {
namespace {

constexpr char kPlanType[] = "interplan.plans.v1.Plan";
constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;

// Fields of Plan the server sets; a client's values are ignored.
const std::set<std::string>& OutputOnlyFields() {
  static const auto* fields =
      new std::set<std::string>{"name",           "status",         "revision",
                                "etag",           "create_time",    "update_time",
                                "written_by",     "reference_date", "revision_reason",
                                "change_sequence"};
  return *fields;
}

void ClearOutputOnly(v1::Plan* plan) {
  plan->clear_name();
  plan->clear_status();
  plan->clear_revision();
  plan->clear_etag();
  plan->clear_create_time();
  plan->clear_update_time();
  plan->clear_written_by();
  plan->clear_reference_date();
  plan->clear_revision_reason();
  plan->clear_change_sequence();
  ForEachAgencyGroup(plan, "plan",
                     [](v1::AgencyGroup& group, const std::string&) { group.clear_members(); });
}

std::string PlanName(absl::string_view id) { return absl::StrCat("plans/", id); }

std::string Etag(const PlanRow& row) {
  return absl::StrCat("\"r", row.revision, "g", row.generation, "\"");
}

// A stored revision as clients see it; the latest one carries the plan's
// current status and etag.
void Hydrate(const PlanRow& row, bool latest, v1::Plan* plan) {
  plan->set_name(PlanName(row.id));
  *plan->mutable_create_time() = time::ToTimestamp(row.create_time);
  if (latest) {
    plan->set_status(row.status);
    plan->set_etag(Etag(row));
    *plan->mutable_update_time() = time::ToTimestamp(row.update_time);
    plan->set_change_sequence(row.change_seq);
  }
}

absl::Status StatusError(const PlanRow& row, absl::string_view action) {
  return WithErrorInfo(
      absl::FailedPreconditionError(
          absl::StrCat(PlanName(row.id), " is ", api::ShortEnumName(row.status), "; ", action)),
      "PLAN_STATUS", {{"resource", PlanName(row.id)}, {"status", v1::PlanStatus_Name(row.status)}});
}

}  // namespace

PlanRegistry::PlanRegistry(storage::Database& db, AgencyDirectory& directory,
                           IndicatorMeasures indicators, Clock today)
    : db_(db),
      directory_(directory),
      indicators_(std::move(indicators)),
      access_(directory),
      today_(today ? std::move(today) : Clock(&time::Today)) {}

absl::StatusOr<PlanRegistry::CheckedPlan> PlanRegistry::Check(const v1::Plan& plan,
                                                              const std::string& path,
                                                              const CallContext& call) {
  FieldViolations violations;
  CheckedPlan checked;
  absl::Status status = CheckInto(plan, path, call, violations, nullptr, &checked);
  if (!status.ok()) return status;
  if (!violations.empty()) return violations.ToStatus();
  return checked;
}

absl::Status PlanRegistry::CheckInto(const v1::Plan& plan, const std::string& path,
                                     const CallContext& call, FieldViolations& violations,
                                     std::vector<std::string>* missing, CheckedPlan* checked) {
  checked->plan = plan;
  ClearOutputOnly(&checked->plan);
  PlanReferences references = CheckPlanContent(&checked->plan, path, violations, missing);
  // References are checked even when the content has problems, so one
  // answer lists every violation; without a reference date they cannot be.
  if (!references.reference_date.has_value()) return absl::OkStatus();
  ResolvedReferences resolved;
  resolved.indicators = indicators_;
  absl::Status status = directory_.Resolve(references.AgencyNames(), references.UnitNames(),
                                           *references.reference_date, call.deadline, &resolved);
  // A plan already known to be invalid is answered as such, even when its
  // references cannot be checked right now.
  if (!status.ok() && absl::IsUnavailable(status) && !violations.empty()) {
    return absl::OkStatus();
  }
  if (!status.ok()) return status;
  // Where the reporting agencies sit, on the same day.
  std::set<std::string> reporter_units = references.UnitsOfReporters(resolved.agencies);
  for (const auto& [name, unit] : resolved.units) reporter_units.erase(name);
  if (!reporter_units.empty()) {
    ResolvedReferences placed;
    status =
        directory_.Resolve({}, reporter_units, *references.reference_date, call.deadline, &placed);
    if (!status.ok()) return status;
    resolved.units.insert(placed.units.begin(), placed.units.end());
  }
  CheckPlanReferences(references, resolved, violations);
  if (!references.implements_plan.empty()) {
    const std::string id = references.implements_plan.substr(6);
    bool found = false;
    status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
      absl::StatusOr<std::optional<PlanRow>> row = store_.Find(txn, id);
      if (!row.ok()) return row.status();
      found = row->has_value();
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    if (!found) {
      violations.Add(path + ".implements_plan",
                     absl::StrCat("unknown plan ", references.implements_plan));
    }
  }
  if (!violations.empty()) return absl::OkStatus();
  status = FillGroupMembers(directory_, *references.reference_date, call.deadline, path,
                            &checked->plan, violations);
  if (!status.ok()) return status;
  if (!violations.empty()) return absl::OkStatus();

  const agencies::v1::Unit& unit = resolved.units[checked->plan.unit()];
  checked->unit_path = unit.path();
  checked->reference_date = time::FormatDate(*references.reference_date);
  checked->first_year = static_cast<int>(references.period->FirstDay().year());
  checked->last_year = static_cast<int>(references.period->LastDay().year());
  const auto& issuer = resolved.agencies[checked->plan.issuer()];
  checked->search_text = absl::StrCat(
      " ", text::FoldForSearch(checked->plan.title()), " ",
      text::FoldForSearch(checked->plan.document_number()), " ",
      text::FoldForSearch(checked->plan.promulgated_by().number()), " ",
      text::FoldForSearch(checked->plan.place()), " ", text::FoldForSearch(issuer.display_name()),
      " ", text::FoldForSearch(issuer.short_name()), " ", text::FoldForSearch(unit.display_name()));
  checked->unit_display_name = unit.display_name();
  return absl::OkStatus();
}

absl::Status PlanRegistry::StoreRevision(storage::Transaction& txn, const std::string& id,
                                         const CheckedPlan& checked, int64_t revision,
                                         v1::PlanStatus status, const PlanRow* current,
                                         const std::string& reason, const CallContext& call,
                                         v1::Plan* out) {
  const absl::Time now = absl::Now();
  PlanRow row;
  row.id = id;
  row.revision = revision;
  row.generation = current != nullptr ? current->generation + 1 : 1;
  row.status = status;
  row.issuer_id = checked.plan.issuer().substr(9);
  row.unit_code = checked.plan.unit().substr(6);
  row.unit_path = checked.unit_path;
  row.reference_date = checked.reference_date;
  row.first_year = checked.first_year;
  row.last_year = checked.last_year;
  row.search_text = checked.search_text;
  row.content = KnownContent(checked.plan);
  row.create_time = current != nullptr ? current->create_time : now;
  row.update_time = now;
  absl::StatusOr<int64_t> sequence = store_.NextChangeSequence(txn);
  if (!sequence.ok()) return sequence.status();
  row.change_seq = *sequence;

  v1::Plan stored = checked.plan;
  stored.set_name(PlanName(id));
  stored.set_status(status);
  stored.set_revision(revision);
  *stored.mutable_create_time() = time::ToTimestamp(row.create_time);
  *stored.mutable_update_time() = time::ToTimestamp(now);
  stored.set_written_by(call.CallerName());
  absl::StatusOr<absl::CivilDay> day = time::ParseDate(checked.reference_date);
  if (day.ok()) time::DayToProto(*day, stored.mutable_reference_date());
  stored.set_revision_reason(reason);
  stored.set_change_sequence(row.change_seq);
  row.digest = DigestOf(stored, checked.unit_path).SerializeAsString();

  if (current == nullptr) {
    absl::Status inserted = store_.Insert(txn, row);
    if (!inserted.ok()) return inserted;
  } else {
    absl::StatusOr<bool> written = store_.UpdateIfGeneration(txn, row, current->generation);
    if (!written.ok()) return written.status();
    if (!*written) return EtagMismatchError(PlanName(id));
  }
  absl::Status put = store_.PutRevision(txn, id, revision, stored);
  if (!put.ok()) return put;
  absl::Status duties = store_.ReplaceDuties(txn, id, DutiesOf(stored));
  if (!duties.ok()) return duties;
  *out = std::move(stored);
  out->set_etag(Etag(row));
  return absl::OkStatus();
}

absl::Status PlanRegistry::ReadWritable(const std::string& id, const std::string& name,
                                        const CallContext& call, PlanRow* row, v1::Plan* latest) {
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::optional<PlanRow>> found = store_.Find(txn, id);
    if (!found.ok()) return found.status();
    if (!found->has_value()) return ResourceNotFoundError(kPlanType, name);
    *row = **found;
    absl::StatusOr<std::optional<v1::Plan>> plan = store_.FindRevision(txn, id, row->revision);
    if (!plan.ok()) return plan.status();
    if (!plan->has_value()) return absl::DataLossError("missing revision");
    *latest = std::move(**plan);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return access_.CheckWrite(call, *row);
}

absl::Status PlanRegistry::CheckContentWriteOf(const CallContext& call, const std::string& resource,
                                               const CheckedPlan& checked) {
  return access_.CheckContentWrite(call, resource, IdOf(checked.plan.issuer()), checked.unit_path,
                                   checked.reference_date);
}

absl::StatusOr<v1::Plan> PlanRegistry::CreatePlan(const v1::CreatePlanRequest& request,
                                                  const CallContext& call) {
  // Who may write it comes first: a request someone else made is answered
  // from the request log only to a caller who may make it.
  const std::string resource =
      IsValidResourceId(request.plan_id()) ? PlanName(request.plan_id()) : "plans";
  if (call.audit != nullptr && resource != "plans") call.audit->resource = resource;
  if (absl::Status allowed = access_.CheckDraftWrite(call, resource, request.plan());
      !allowed.ok()) {
    return allowed;
  }
  v1::Plan response;
  absl::StatusOr<bool> recorded =
      storage::FindRecordedResponse(db_, "CreatePlan", request.request_id(), request, &response);
  if (!recorded.ok()) return recorded.status();
  if (*recorded) return response;
  if (!request.plan_id().empty() && !IsValidResourceId(request.plan_id())) {
    return InvalidFieldError("plan_id",
                             "must be 2-63 characters of a-z, 0-9 and '-', starting with a letter");
  }
  absl::StatusOr<CheckedPlan> checked = Check(request.plan(), "plan", call);
  if (!checked.ok()) return checked.status();
  if (absl::Status allowed = CheckContentWriteOf(call, resource, *checked); !allowed.ok()) {
    return allowed;
  }
  const std::string id = request.plan_id().empty()
                             ? GenerateResourceId(absl::StrCat(checked->unit_display_name, " ",
                                                               checked->plan.period()))
                             : request.plan_id();
  absl::Status status = storage::RunIdempotent(
      db_, "CreatePlan", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<std::optional<PlanRow>> existing = store_.Find(txn, id);
        if (!existing.ok()) return existing.status();
        if (existing->has_value()) {
          return WithErrorInfo(
              absl::AlreadyExistsError(absl::StrCat(PlanName(id), " already exists")),
              "ALREADY_EXISTS", {{"resource", PlanName(id)}});
        }
        return StoreRevision(txn, id, *checked, 1, v1::PLAN_STATUS_DRAFT, nullptr, "", call,
                             static_cast<v1::Plan*>(out));
      },
      call.audit);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Plan> PlanRegistry::GetPlan(const v1::GetPlanRequest& request,
                                               const CallContext& call) {
  absl::StatusOr<std::string> id = ParseResourceName(request.name(), "plans", "name");
  if (!id.ok()) return id.status();
  if (request.revision() < 0) return InvalidFieldError("revision", "must not be negative");
  v1::Plan plan;
  PlanRow current;
  // Who may read it: the agencies named in the revision asked for, and in
  // the current one.
  std::vector<std::string> readers;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::optional<PlanRow>> row = store_.Find(txn, *id);
    if (!row.ok()) return row.status();
    if (!row->has_value()) return ResourceNotFoundError(kPlanType, request.name());
    current = **row;
    const int64_t revision = request.revision() == 0 ? current.revision : request.revision();
    absl::StatusOr<std::optional<v1::Plan>> found = store_.FindRevision(txn, *id, revision);
    if (!found.ok()) return found.status();
    if (!found->has_value()) {
      return ResourceNotFoundError(kPlanType, request.name(),
                                   absl::StrCat("has no revision ", revision));
    }
    plan = std::move(**found);
    if (PlanAccess::Narrows(call)) {
      readers = ReadersOf(plan);
      if (revision != current.revision) {
        absl::StatusOr<std::optional<v1::Plan>> latest =
            store_.FindRevision(txn, *id, current.revision);
        if (!latest.ok()) return latest.status();
        if (latest->has_value()) {
          for (std::string& reader : ReadersOf(**latest)) readers.push_back(std::move(reader));
        }
      }
    }
    Hydrate(current, revision == current.revision, &plan);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (absl::Status allowed = access_.CheckRead(call, current, std::move(readers)); !allowed.ok()) {
    return allowed;
  }
  return plan;
}

absl::StatusOr<std::vector<UnitScope>> PlanRegistry::UnitScopes(
    const std::string& unit, absl::CivilDay as_of, const CallContext& call,
    std::vector<std::string>* warnings) {
  absl::StatusOr<agencies::v1::Unit> resolved = directory_.GetUnit(unit, as_of, call.deadline);
  if (resolved.ok()) {
    std::vector<UnitScope> scopes;
    auto add = [&scopes](const std::string& path, const google::type::Date& from,
                         const google::type::Date& to) {
      absl::StatusOr<time::Validity> validity =
          time::Validity::FromProto(from, to, "valid_from", "valid_to");
      if (!validity.ok()) return;
      scopes.push_back({path, validity->StoredFrom(), validity->StoredTo()});
    };
    add(resolved->path(), resolved->valid_from(), resolved->valid_to());
    // Units the reform merged into this one: their plans belong here too.
    for (const agencies::v1::UnitRef& ref : resolved->predecessors()) {
      add(ref.path(), ref.valid_from(), ref.valid_to());
    }
    std::lock_guard<std::mutex> lock(scopes_mu_);
    scope_cache_[absl::StrCat(unit, "@", time::FormatDate(as_of))] = scopes;
    return scopes;
  }
  if (!absl::IsUnavailable(resolved.status())) return resolved.status();
  {
    std::lock_guard<std::mutex> lock(scopes_mu_);
    auto cached = scope_cache_.find(absl::StrCat(unit, "@", time::FormatDate(as_of)));
    if (cached != scope_cache_.end()) {
      warnings->push_back(
          "interplan-agencies is unreachable: the unit's subtree comes from an earlier answer");
      return cached->second;
    }
  }
  // No answer and none remembered: find the unit in the stored plans'
  // paths (its code as a path segment). Older and newer units reusing the
  // code cannot be told apart this way, so say so.
  const std::string code = unit.substr(6);
  std::vector<UnitScope> scopes;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::vector<storage::Row>> rows =
        txn.Query("SELECT DISTINCT unit_path FROM plans");
    if (!rows.ok()) return rows.status();
    std::set<std::string> prefixes;
    for (const storage::Row& row : *rows) {
      std::vector<std::string> parts = absl::StrSplit(row[0].AsText(), '/');
      for (size_t i = 0; i < parts.size(); ++i) {
        if (parts[i] != code) continue;
        prefixes.insert(absl::StrJoin(parts.begin(), parts.begin() + i + 1, "/"));
      }
    }
    for (const std::string& prefix : prefixes) {
      scopes.push_back({prefix, time::kOpenStart, time::kOpenEnd});
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  warnings->push_back(
      absl::StrCat("interplan-agencies is unreachable: the subtree of ", unit,
                   " comes from stored plans' units and may mix units that reused the code"));
  if (scopes.empty()) scopes.push_back({code, "9999-12-31", "0001-01-01"});  // matches nothing
  return scopes;
}

absl::StatusOr<std::vector<std::pair<PlanRow, v1::Plan>>> PlanRegistry::ReadablePlans(
    PlanQuery query, const ListWindow& window, const CallContext& call) {
  // Batches are read until the page (plus one, to tell whether there is
  // more) is full, and the plans the caller may not read are left out
  // (deciding may ask interplan-agencies, so it happens between
  // transactions).
  PlanAccess::Reader reader = access_.ReaderFor(call);
  std::vector<std::pair<PlanRow, v1::Plan>> page;
  bool exhausted = false;
  while (!exhausted && static_cast<int>(page.size()) <= window.page_size()) {
    std::vector<std::pair<PlanRow, v1::Plan>> batch;
    absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
      batch.clear();
      absl::StatusOr<std::vector<PlanRow>> rows = store_.List(txn, query);
      if (!rows.ok()) return rows.status();
      for (PlanRow& row : *rows) {
        absl::StatusOr<std::optional<v1::Plan>> plan =
            store_.FindRevision(txn, row.id, row.revision);
        if (!plan.ok()) return plan.status();
        if (!plan->has_value()) return absl::DataLossError(absl::StrCat("plan ", row.id));
        batch.emplace_back(std::move(row), std::move(**plan));
      }
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    exhausted = window.Exhausted(static_cast<int>(batch.size()));
    for (auto& [row, plan] : batch) {
      query.after_id = row.id;
      absl::StatusOr<bool> readable =
          reader.MayRead(row, reader.narrows() ? ReadersOf(plan) : std::vector<std::string>());
      if (!readable.ok()) return readable.status();
      if (!*readable) continue;
      page.emplace_back(std::move(row), std::move(plan));
      if (static_cast<int>(page.size()) > window.page_size()) break;
    }
  }
  return page;
}

absl::StatusOr<v1::ListPlansResponse> PlanRegistry::ListPlans(const v1::ListPlansRequest& request,
                                                              const CallContext& call) {
  FieldViolations violations;
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  violations.AddFrom("", as_of.status());
  const ListWindow window = ListWindow::Of(request, request.page_size(), request.page_token(),
                                           kDefaultPageSize, kMaxPageSize, &violations);
  if (!request.unit().empty()) {
    violations.AddFrom("", ParseResourceName(request.unit(), "units", "unit").status());
  }
  std::string issuer_id;
  if (!request.issuer().empty()) {
    absl::StatusOr<std::string> id = ParseResourceName(request.issuer(), "agencies", "issuer");
    violations.AddFrom("", id.status());
    if (id.ok()) issuer_id = *id;
  }
  if (request.year() < 0 || request.year() > 9999) violations.Add("year", "must be 1..9999");
  if (!v1::PlanStatus_IsValid(request.status())) violations.Add("status", "unknown status");
  if (!v1::PlanContent_IsValid(request.content())) violations.Add("content", "unknown value");
  absl::StatusOr<std::vector<std::string>> words = SearchWords(request.query());
  violations.AddFrom("", words.status());
  if (!violations.empty()) return violations.ToStatus();

  v1::ListPlansResponse response;
  PlanQuery plan_query;
  if (!request.unit().empty()) {
    std::vector<std::string> warnings;
    const absl::CivilDay day = as_of->value_or(today_());
    absl::StatusOr<std::vector<UnitScope>> scopes =
        UnitScopes(request.unit(), day, call, &warnings);
    if (!scopes.ok()) return scopes.status();
    if (absl::Status allowed = access_.CheckUnitFilter(call, request.unit(), *scopes, day);
        !allowed.ok()) {
      return allowed;
    }
    plan_query.scopes = std::move(*scopes);
    for (std::string& w : warnings) response.add_warnings(std::move(w));
  }
  plan_query.year = request.year();
  plan_query.status = request.status();
  plan_query.content = request.content();
  plan_query.issuer_id = issuer_id;
  plan_query.words = *std::move(words);
  plan_query.after_id = window.after();
  plan_query.limit = window.fetch_limit();
  absl::StatusOr<std::vector<std::pair<PlanRow, v1::Plan>>> page =
      ReadablePlans(std::move(plan_query), window, call);
  if (!page.ok()) return page.status();
  const bool more = window.TrimToPage(*page);
  for (auto& [row, plan] : *page) {
    v1::Plan* out = response.add_plans();
    *out = std::move(plan);
    Hydrate(row, true, out);
  }
  if (more) response.set_next_page_token(window.TokenAfter(page->back().first.id));
  return response;
}

absl::StatusOr<v1::Plan> PlanRegistry::UpdatePlan(const v1::UpdatePlanRequest& request,
                                                  const CallContext& call) {
  FieldViolations violations;
  absl::StatusOr<std::string> id = ParseResourceName(request.plan().name(), "plans", "plan.name");
  violations.AddFrom("", id.status());
  if (request.update_mask().paths().empty()) {
    violations.Add("update_mask", "name the fields to change, or \"*\" for all");
  }
  bool everything = false;
  for (const std::string& path : request.update_mask().paths()) {
    if (path == "*") {
      everything = true;
      continue;
    }
    const google::protobuf::FieldDescriptor* field = v1::Plan::descriptor()->FindFieldByName(path);
    if (field == nullptr || OutputOnlyFields().count(path) > 0) {
      violations.Add("update_mask", absl::StrCat("\"", path, "\" is not an updatable field"));
    }
  }
  if (!violations.empty()) return violations.ToStatus();

  // Read, merge and check outside the transaction (the check calls
  // interplan-agencies); the write then requires nothing to have changed.
  PlanRow current;
  v1::Plan merged;
  absl::Status status = ReadWritable(*id, request.plan().name(), call, &current, &merged);
  if (!status.ok()) return status;
  v1::Plan response;
  absl::StatusOr<bool> recorded =
      storage::FindRecordedResponse(db_, "UpdatePlan", request.request_id(), request, &response);
  if (!recorded.ok()) return recorded.status();
  if (*recorded) return response;
  if (!request.plan().etag().empty() && request.plan().etag() != Etag(current)) {
    return EtagMismatchError(request.plan().name());
  }
  if (current.status != v1::PLAN_STATUS_DRAFT) {
    return StatusError(current, "only drafts can be updated; amend an issued plan");
  }
  if (everything) {
    merged = request.plan();
  } else {
    google::protobuf::util::FieldMaskUtil::MergeOptions options;
    options.set_replace_message_fields(true);
    options.set_replace_repeated_fields(true);
    google::protobuf::util::FieldMaskUtil::MergeMessageTo(request.plan(), request.update_mask(),
                                                          options, &merged);
  }
  absl::StatusOr<CheckedPlan> checked = Check(merged, "plan", call);
  if (!checked.ok()) return checked.status();
  // The caller must also be allowed to write what the plan becomes.
  status = CheckContentWriteOf(call, request.plan().name(), *checked);
  if (!status.ok()) return status;
  status = storage::RunIdempotent(
      db_, "UpdatePlan", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<std::optional<PlanRow>> row = store_.Find(txn, *id);
        if (!row.ok()) return row.status();
        if (!row->has_value()) return ResourceNotFoundError(kPlanType, request.plan().name());
        if ((*row)->generation != current.generation) {
          return EtagMismatchError(request.plan().name());
        }
        return StoreRevision(txn, *id, *checked, current.revision, v1::PLAN_STATUS_DRAFT, &current,
                             "", call, static_cast<v1::Plan*>(out));
      },
      call.audit);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Plan> PlanRegistry::AmendPlan(const v1::AmendPlanRequest& request,
                                                 const CallContext& call) {
  absl::StatusOr<std::string> id = ParseResourceName(request.plan().name(), "plans", "plan.name");
  if (!id.ok()) return id.status();
  absl::StatusOr<std::string> reason = text::CleanText(request.reason());
  if (!reason.ok()) return InvalidFieldError("reason", std::string(reason.status().message()));

  PlanRow current;
  v1::Plan latest;
  absl::Status status = ReadWritable(*id, request.plan().name(), call, &current, &latest);
  if (!status.ok()) return status;
  v1::Plan response;
  absl::StatusOr<bool> recorded =
      storage::FindRecordedResponse(db_, "AmendPlan", request.request_id(), request, &response);
  if (!recorded.ok()) return recorded.status();
  if (*recorded) return response;
  if (!request.plan().etag().empty() && request.plan().etag() != Etag(current)) {
    return EtagMismatchError(request.plan().name());
  }
  if (current.status != v1::PLAN_STATUS_ISSUED && current.status != v1::PLAN_STATUS_AMENDED) {
    return StatusError(current, "only an issued plan can be amended (update a draft instead)");
  }
  absl::StatusOr<CheckedPlan> checked = Check(request.plan(), "plan", call);
  if (!checked.ok()) return checked.status();
  // The caller must also be allowed to write what the plan becomes.
  status = CheckContentWriteOf(call, request.plan().name(), *checked);
  if (!status.ok()) return status;
  status = storage::RunIdempotent(
      db_, "AmendPlan", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<std::optional<PlanRow>> row = store_.Find(txn, *id);
        if (!row.ok()) return row.status();
        if (!row->has_value()) return ResourceNotFoundError(kPlanType, request.plan().name());
        if ((*row)->generation != current.generation) {
          return EtagMismatchError(request.plan().name());
        }
        return StoreRevision(txn, *id, *checked, current.revision + 1, v1::PLAN_STATUS_AMENDED,
                             &current, *reason, call, static_cast<v1::Plan*>(out));
      },
      call.audit);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Plan> PlanRegistry::Transition(const std::string& method,
                                                  const std::string& name, const std::string& etag,
                                                  const std::string& request_id,
                                                  const google::protobuf::Message& request,
                                                  const std::string& reason,
                                                  const std::set<v1::PlanStatus>& from,
                                                  v1::PlanStatus to, const CallContext& call) {
  absl::StatusOr<std::string> id = ParseResourceName(name, "plans", "name");
  if (!id.ok()) return id.status();
  absl::StatusOr<std::string> clean_reason = text::CleanText(reason);
  if (!clean_reason.ok()) {
    return InvalidFieldError("reason", std::string(clean_reason.status().message()));
  }

  PlanRow current;
  v1::Plan latest;
  absl::Status status = ReadWritable(*id, name, call, &current, &latest);
  if (!status.ok()) return status;
  v1::Plan response;
  absl::StatusOr<bool> recorded =
      storage::FindRecordedResponse(db_, method, request_id, request, &response);
  if (!recorded.ok()) return recorded.status();
  if (*recorded) return response;
  if (!etag.empty() && etag != Etag(current)) return EtagMismatchError(name);
  if (from.count(current.status) == 0) {
    return StatusError(current, absl::StrCat("cannot become ", api::ShortEnumName(to)));
  }
  // Issuing re-checks the references: agencies may have changed since the
  // draft was written.
  CheckedPlan checked;
  checked.plan = latest;
  checked.unit_path = current.unit_path;
  checked.reference_date = current.reference_date;
  checked.first_year = current.first_year;
  checked.last_year = current.last_year;
  checked.search_text = current.search_text;
  if (to == v1::PLAN_STATUS_ISSUED) {
    absl::StatusOr<CheckedPlan> rechecked = Check(latest, "plan", call);
    if (!rechecked.ok()) return rechecked.status();
    checked = std::move(*rechecked);
  }
  status = storage::RunIdempotent(
      db_, method, request_id, request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<std::optional<PlanRow>> row = store_.Find(txn, *id);
        if (!row.ok()) return row.status();
        if (!row->has_value()) return ResourceNotFoundError(kPlanType, name);
        if ((*row)->generation != current.generation) return EtagMismatchError(name);
        return StoreRevision(txn, *id, checked, current.revision, to, &current,
                             clean_reason->empty() ? latest.revision_reason() : *clean_reason, call,
                             static_cast<v1::Plan*>(out));
      },
      call.audit);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Plan> PlanRegistry::IssuePlan(const v1::IssuePlanRequest& request,
                                                 const CallContext& call) {
  return Transition("IssuePlan", request.name(), request.etag(), request.request_id(), request, "",
                    {v1::PLAN_STATUS_DRAFT}, v1::PLAN_STATUS_ISSUED, call);
}

absl::StatusOr<v1::Plan> PlanRegistry::WithdrawPlan(const v1::WithdrawPlanRequest& request,
                                                    const CallContext& call) {
  return Transition("WithdrawPlan", request.name(), request.etag(), request.request_id(), request,
                    request.reason(),
                    {v1::PLAN_STATUS_DRAFT, v1::PLAN_STATUS_ISSUED, v1::PLAN_STATUS_AMENDED},
                    v1::PLAN_STATUS_WITHDRAWN, call);
}

absl::StatusOr<v1::Plan> PlanRegistry::ClosePlan(const v1::ClosePlanRequest& request,
                                                 const CallContext& call) {
  return Transition("ClosePlan", request.name(), request.etag(), request.request_id(), request, "",
                    {v1::PLAN_STATUS_ISSUED, v1::PLAN_STATUS_AMENDED}, v1::PLAN_STATUS_CLOSED,
                    call);
}

absl::StatusOr<v1::ListPlanRevisionsResponse> PlanRegistry::ListPlanRevisions(
    const v1::ListPlanRevisionsRequest& request, const CallContext& call) {
  FieldViolations violations;
  absl::StatusOr<std::string> id = ParseResourceName(request.name(), "plans", "name");
  violations.AddFrom("", id.status());
  const ListWindow window = ListWindow::Of(request, request.page_size(), request.page_token(),
                                           kDefaultPageSize, kMaxPageSize, &violations);
  int64_t after_revision = 0;
  if (!window.after().empty() && !absl::SimpleAtoi(window.after(), &after_revision)) {
    violations.Add("page_token", "is not a token this service issued");
  }
  if (!violations.empty()) return violations.ToStatus();
  // The history is readable by whoever may read the plan as it is now.
  if (PlanAccess::Narrows(call)) {
    v1::GetPlanRequest current;
    current.set_name(request.name());
    absl::StatusOr<v1::Plan> readable = GetPlan(current, call);
    if (!readable.ok()) return readable.status();
  }
  v1::ListPlanRevisionsResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    response.Clear();
    absl::StatusOr<std::optional<PlanRow>> row = store_.Find(txn, *id);
    if (!row.ok()) return row.status();
    if (!row->has_value()) return ResourceNotFoundError(kPlanType, request.name());
    absl::StatusOr<std::vector<v1::Plan>> plans =
        store_.ListRevisions(txn, *id, after_revision, window.fetch_limit());
    if (!plans.ok()) return plans.status();
    const bool more = window.TrimToPage(*plans);
    for (v1::Plan& plan : *plans) {
      const bool latest = plan.revision() == (*row)->revision;
      v1::Plan* out = response.add_plans();
      *out = std::move(plan);
      Hydrate(**row, latest, out);
    }
    if (more) {
      response.set_next_page_token(
          window.TokenAfter(absl::StrCat(response.plans().rbegin()->revision())));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::ValidatePlanResponse> PlanRegistry::ValidatePlan(
    const v1::ValidatePlanRequest& request, const CallContext& call) {
  // The answer a push of this plan would get: a caller who may not push
  // it hears so here, as it would from CreatePlan.
  if (absl::Status allowed = access_.CheckDraftWrite(call, "plans", request.plan());
      !allowed.ok()) {
    return allowed;
  }
  FieldViolations violations;
  std::vector<std::string> missing;
  CheckedPlan checked;
  absl::Status status = CheckInto(request.plan(), "plan", call, violations, &missing, &checked);
  if (!status.ok()) return status;
  if (violations.empty()) {
    if (absl::Status allowed = CheckContentWriteOf(call, "plans", checked); !allowed.ok()) {
      return allowed;
    }
  }
  v1::ValidatePlanResponse response;
  response.set_valid(violations.empty());
  for (const FieldViolation& v : violations.violations()) {
    auto* out = response.add_violations();
    out->set_field(v.field);
    out->set_description(v.description);
  }
  for (std::string& m : missing) response.add_missing(std::move(m));
  return response;
}

absl::StatusOr<v1::ListAssignmentsResponse> PlanRegistry::ListAssignments(
    const v1::ListAssignmentsRequest& request, const CallContext& call) {
  FieldViolations violations;
  absl::StatusOr<std::string> agency_id = ParseResourceName(request.agency(), "agencies", "agency");
  violations.AddFrom("", agency_id.status());
  if (request.year() < 0 || request.year() > 9999) violations.Add("year", "must be 1..9999");
  const ListWindow window =
      ListWindow::Of(request, request.page_size(), request.page_token(), 100, 1000, &violations);
  DutyCursor after;
  if (!window.after().empty()) {
    std::vector<std::string> parts = absl::StrSplit(window.after(), absl::MaxSplits('|', 1));
    if (parts.size() != 2 || !absl::SimpleAtoi(parts[1], &after.seq)) {
      violations.Add("page_token", "is not a token this service issued");
    } else {
      after.plan_id = parts[0];
    }
  }
  if (!violations.empty()) return violations.ToStatus();

  absl::StatusOr<std::vector<ListedDuty>> page =
      ReadableDuties(*agency_id, request.year(), std::move(after), window, call);
  if (!page.ok()) return page.status();
  const bool more = window.TrimToPage(*page);
  v1::ListAssignmentsResponse response;
  for (const ListedDuty& listed : *page) {
    const auto& [row, plan] = *listed.plan;
    v1::AgencyAssignment* out = response.add_assignments();
    out->set_plan(PlanName(row.id));
    out->set_revision(row.revision);
    out->set_plan_title(plan.title());
    out->set_plan_unit(plan.unit());
    out->set_plan_period(plan.period());
    DescribeDuty(plan, listed.duty.duty, out);
  }
  if (more) {
    response.set_next_page_token(
        window.TokenAfter(absl::StrCat(page->back().duty.plan_id, "|", page->back().duty.seq)));
  }
  return response;
}

absl::StatusOr<std::vector<PlanRegistry::ListedDuty>> PlanRegistry::ReadDutyBatch(
    const std::string& agency_id, int year, const DutyCursor& after, int limit, int* fetched) {
  std::vector<ListedDuty> batch;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    batch.clear();
    absl::StatusOr<std::vector<DutyRow>> duties =
        store_.ListDuties(txn, agency_id, {v1::PLAN_STATUS_ISSUED, v1::PLAN_STATUS_AMENDED}, year,
                          after.plan_id, after.seq, limit);
    if (!duties.ok()) return duties.status();
    *fetched = static_cast<int>(duties->size());
    std::map<std::string, std::shared_ptr<const std::pair<PlanRow, v1::Plan>>> plans;
    for (DutyRow& duty : *duties) {
      auto it = plans.find(duty.plan_id);
      if (it == plans.end()) {
        absl::StatusOr<std::optional<PlanRow>> row = store_.Find(txn, duty.plan_id);
        if (!row.ok()) return row.status();
        std::shared_ptr<const std::pair<PlanRow, v1::Plan>> found;
        if (row->has_value()) {
          absl::StatusOr<std::optional<v1::Plan>> plan =
              store_.FindRevision(txn, duty.plan_id, (*row)->revision);
          if (!plan.ok()) return plan.status();
          if (plan->has_value()) {
            found = std::make_shared<const std::pair<PlanRow, v1::Plan>>(**row, std::move(**plan));
          }
        }
        it = plans.emplace(duty.plan_id, std::move(found)).first;
      }
      batch.push_back({std::move(duty), it->second});
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return batch;
}

absl::StatusOr<std::vector<PlanRegistry::ListedDuty>> PlanRegistry::ReadableDuties(
    const std::string& agency_id, int year, DutyCursor after, const ListWindow& window,
    const CallContext& call) {
  // The page (plus one, to tell whether there is more) of the duties in
  // plans the caller may read, read in batches as ListPlans does.
  PlanAccess::Reader reader = access_.ReaderFor(call);
  std::map<std::string, bool> readable;  // by plan id
  std::vector<ListedDuty> page;
  bool exhausted = false;
  while (!exhausted && static_cast<int>(page.size()) <= window.page_size()) {
    int fetched = 0;
    absl::StatusOr<std::vector<ListedDuty>> batch =
        ReadDutyBatch(agency_id, year, after, window.fetch_limit(), &fetched);
    if (!batch.ok()) return batch.status();
    exhausted = window.Exhausted(fetched);
    for (ListedDuty& listed : *batch) {
      after = {listed.duty.plan_id, listed.duty.seq};
      if (listed.plan == nullptr) continue;
      auto decided = readable.find(listed.duty.plan_id);
      if (decided == readable.end()) {
        const auto& [row, plan] = *listed.plan;
        absl::StatusOr<bool> may =
            reader.MayRead(row, reader.narrows() ? ReadersOf(plan) : std::vector<std::string>());
        if (!may.ok()) return may.status();
        decided = readable.emplace(listed.duty.plan_id, *may).first;
      }
      if (!decided->second) continue;
      page.push_back(std::move(listed));
      if (static_cast<int>(page.size()) > window.page_size()) break;
    }
  }
  return page;
}

absl::StatusOr<v1::ListPlanDigestsResponse> PlanRegistry::NarrowDigests(
    const CallContext& call, v1::ListPlanDigestsResponse all) {
  PlanAccess::Reader reader = access_.ReaderFor(call);
  if (!reader.narrows()) return all;
  v1::ListPlanDigestsResponse kept;
  kept.set_next_page_token(all.next_page_token());
  for (v1::PlanDigest& digest : *all.mutable_digests()) {
    PlanRow row;
    row.id = std::string(absl::StripPrefix(digest.name(), "plans/"));
    row.unit_path = digest.unit_path();
    const google::type::Date& day = digest.reference_date();
    row.reference_date = absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
    std::vector<std::string> readers(digest.agencies().begin(), digest.agencies().end());
    absl::StatusOr<bool> may = reader.MayRead(row, readers);
    if (!may.ok()) return may.status();
    if (*may) *kept.add_digests() = std::move(digest);
  }
  return kept;
}

absl::StatusOr<v1::ListPlanChangesResponse> PlanRegistry::ListPlanChanges(
    const v1::ListPlanChangesRequest& request, const CallContext& call) {
  if (absl::Status allowed = access_.CheckFeed(call, "plans"); !allowed.ok()) return allowed;
  FieldViolations violations;
  if (request.after_sequence() < 0) violations.Add("after_sequence", "must not be negative");
  absl::StatusOr<int> page_size = EffectivePageSize(request.page_size(), 100, 1000);
  violations.AddFrom("", page_size.status());
  if (!violations.empty()) return violations.ToStatus();
  v1::ListPlanChangesResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    response.Clear();
    response.set_last_sequence(request.after_sequence());
    absl::StatusOr<std::vector<PlanRow>> rows =
        store_.ListChanges(txn, request.after_sequence(), *page_size);
    if (!rows.ok()) return rows.status();
    for (const PlanRow& row : *rows) {
      absl::StatusOr<std::optional<v1::Plan>> plan = store_.FindRevision(txn, row.id, row.revision);
      if (!plan.ok()) return plan.status();
      if (!plan->has_value()) return absl::DataLossError(absl::StrCat("plan ", row.id));
      v1::Plan* out = response.add_plans();
      *out = std::move(**plan);
      Hydrate(row, true, out);
      response.set_last_sequence(row.change_seq);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::ListPlanDigestsResponse> PlanRegistry::ListPlanDigests(
    const v1::ListPlanDigestsRequest& request) {
  FieldViolations violations;
  if (request.year() < 0 || request.year() > 9999) violations.Add("year", "must be 1..9999");
  const ListWindow window =
      ListWindow::Of(request, request.page_size(), request.page_token(), 1000, 20000, &violations);
  if (!violations.empty()) return violations.ToStatus();
  v1::ListPlanDigestsResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    response.Clear();
    absl::StatusOr<std::vector<std::pair<std::string, std::string>>> rows =
        store_.ListDigests(txn, request.year(), window.after(), window.fetch_limit());
    if (!rows.ok()) return rows.status();
    const bool more = window.TrimToPage(*rows);
    for (const auto& [id, bytes] : *rows) {
      if (!response.add_digests()->ParseFromString(bytes)) {
        return absl::DataLossError(absl::StrCat("digest of plan ", id));
      }
    }
    if (more) {
      response.set_next_page_token(window.TokenAfter(rows->back().first));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

}  // namespace interplan::plans
