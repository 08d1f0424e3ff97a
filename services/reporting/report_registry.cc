#include "services/reporting/report_registry.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/api/enum_names.h"
#include "common/api/list_window.h"
#include "common/api/resource_name.h"
#include "common/api/text_fields.h"
#include "common/errors/errors.h"
#include "common/logging/log.h"
#include "common/storage/request_log.h"
#include "common/time/date.h"
#include "common/time/period.h"
#include "common/time/timestamp.h"
#include "common/time/unit_era.h"
#include "common/time/validity.h"
#include "services/reporting/agency_validity.h"
#include "services/reporting/report_validator.h"

namespace interplan::reporting {
namespace {

namespace pv1 = ::interplan::plans::v1;

constexpr char kObligationType[] = "interplan.reporting.v1.Obligation";

std::string ReportId(const std::string& obligation_id) { return "r" + obligation_id.substr(1); }

void SetDate(const std::string& stored, google::type::Date* out) {
  absl::StatusOr<absl::CivilDay> day = time::ParseDate(stored);
  if (day.ok()) time::DayToProto(*day, out);
}

v1::ObligationState StateOn(const ObligationRow& o, const std::string& day) {
  if (o.cancelled) return v1::OBLIGATION_STATE_CANCELLED;
  if (o.ceased) return v1::OBLIGATION_STATE_NOT_EXPECTED;
  const bool submitted = !o.first_submit_date.empty() && o.first_submit_date <= day;
  if (submitted) {
    switch (o.report_status) {
      case v1::REPORT_STATUS_ACCEPTED:
        return v1::OBLIGATION_STATE_ACCEPTED;
      case v1::REPORT_STATUS_RETURNED:
        return v1::OBLIGATION_STATE_RETURNED;
      default:
        return v1::OBLIGATION_STATE_SUBMITTED;
    }
  }
  return o.due_date < day ? v1::OBLIGATION_STATE_MISSING : v1::OBLIGATION_STATE_PENDING;
}

void ObligationToProto(const ObligationRow& o, const std::string& day, v1::Obligation* out) {
  out->set_name(absl::StrCat("obligations/", o.id));
  out->set_plan(absl::StrCat("plans/", o.plan_id));
  out->set_plan_revision(o.plan_revision);
  out->set_agency(absl::StrCat("agencies/", o.agency_id));
  out->set_recipient(absl::StrCat("agencies/", o.recipient_id));
  out->set_kind(o.kind);
  out->set_period(o.period);
  SetDate(o.due_date, out->mutable_due_date());
  SetDate(o.exception_until.empty() ? o.lock_date : std::max(o.lock_date, o.exception_until),
          out->mutable_lock_date());
  out->set_exception_open(!o.exception_until.empty());
  out->set_state(StateOn(o, day));
  if (!o.unit_code.empty()) out->set_unit(absl::StrCat("units/", o.unit_code));
  out->set_unit_path(o.unit_path);
  if (!o.report_id.empty()) out->set_report(absl::StrCat("reports/", o.report_id));
  if (o.first_submit_micros > 0) {
    *out->mutable_first_submit_time() = time::TimestampFromMicros(o.first_submit_micros);
    out->set_on_time(o.first_submit_date <= o.due_date);
  }
  out->set_due_text(o.due_text);
}

// The version of `report` a submission stores for obligation `row`:
// what the obligation says filled in, as version `version` in `status`,
// submitted at `submitted_at`. `submit_day` is that day, which decides on
// time or late unless the obligation was first submitted before.
v1::Report SubmittedVersion(const v1::Report& report, const ObligationRow& row,
                            const std::string& report_id, v1::ReportStatus status, int64_t version,
                            absl::Time submitted_at, const std::string& submit_day) {
  v1::Report stored = report;
  stored.set_name(absl::StrCat("reports/", report_id));
  stored.set_obligation(absl::StrCat("obligations/", row.id));
  stored.set_plan(absl::StrCat("plans/", row.plan_id));
  stored.set_agency(absl::StrCat("agencies/", row.agency_id));
  stored.set_period(row.period);
  stored.set_kind(row.kind);
  stored.set_status(status);
  stored.set_version(static_cast<int>(version));
  stored.clear_history();
  stored.clear_return_reason();
  *stored.mutable_submit_time() = time::ToTimestamp(submitted_at);
  SetDate(row.due_date, stored.mutable_due_date());
  const std::string first_day = row.first_submit_date.empty() ? submit_day : row.first_submit_date;
  stored.set_on_time(first_day <= row.due_date);
  return stored;
}

v1::ReportTransition Transition(v1::ReportStatus from, v1::ReportStatus to, const std::string& by,
                                int64_t time_micros, int64_t version) {
  v1::ReportTransition transition;
  transition.set_from(from);
  transition.set_to(to);
  transition.set_by(by);
  *transition.mutable_time() = time::TimestampFromMicros(time_micros);
  transition.set_version(static_cast<int>(version));
  return transition;
}

}  // namespace

ReportRegistry::ReportRegistry(storage::Database& db, storage::GroupCommitter& committer,
                               IndicatorCatalogue& catalogue, RememberingAgenciesClient& registry,
                               PlanFeed& feed, RollupEngine& rollups, Clock now,
                               absl::Duration agency_max_age)
    : db_(db),
      committer_(committer),
      catalogue_(catalogue),
      registry_(registry),
      feed_(feed),
      rollups_(rollups),
      now_(now ? std::move(now) : Clock(&absl::Now)),
      agencies_(registry),
      agency_max_age_(agency_max_age),
      access_(registry, agencies_, agency_max_age),
      compliance_(db, registry, agencies_, agency_max_age),
      progress_(db, catalogue, registry, feed) {
  // Records renewed at half their allowed age: reads never wait for one.
  agencies_.StartRefreshing(agency_max_age_ / 2);
}

absl::CivilDay ReportRegistry::Today() const { return time::TodayAt(now_()); }

absl::Status ReportRegistry::Write(absl::FunctionRef<absl::Status(storage::Transaction&)> work) {
  return db_.WriteReadCommitted(work);
}

void ReportRegistry::SyncQuietly(const CallContext& call) {
  absl::StatusOr<int> synced =
      feed_.SyncIfChanged(std::min(call.deadline, absl::Now() + absl::Seconds(5)));
  if (!synced.ok() && !absl::IsUnavailable(synced.status())) {
    LogWarning("plan feed sync failed", {{"error", synced.status().ToString()}});
  }
}

absl::StatusOr<v1::ListObligationsResponse> ReportRegistry::ListObligations(
    const v1::ListObligationsRequest& request, const CallContext& call) {
  absl::StatusOr<ObligationListing> listing = CheckListObligationsRequest(request);
  if (!listing.ok()) return listing.status();
  SyncQuietly(call);
  ObligationFilter filter = listing->filter;
  const ListWindow& window = listing->window;
  const int page_size = window.page_size();
  filter.limit = window.fetch_limit();
  const std::string day = time::FormatDate(listing->as_of.value_or(Today()));
  // Only what the caller may read, each obligation as of its due date:
  // batches are read until a page (and one more, to know there is more)
  // is filled or the obligations run out.
  ReportAccess::Reader reader = access_.ReaderFor(call);
  std::vector<ObligationRow> rows;
  for (;;) {
    std::vector<ObligationRow> batch;
    absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
      absl::StatusOr<std::vector<ObligationRow>> found = obligations_.List(txn, filter);
      if (!found.ok()) return found.status();
      batch = std::move(*found);
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    const bool exhausted = window.Exhausted(static_cast<int>(batch.size()));
    if (!batch.empty()) filter.after_id = batch.back().id;
    for (ObligationRow& row : batch) {
      absl::StatusOr<bool> readable = reader.MayRead(row);
      if (!readable.ok()) return readable.status();
      if (*readable) rows.push_back(std::move(row));
      if (static_cast<int>(rows.size()) > page_size) break;
    }
    if (exhausted || static_cast<int>(rows.size()) > page_size) break;
  }
  const bool more = window.TrimToPage(rows);
  // Whether each is still owed, by its agency as interplan-agencies knows
  // it now (outside the read: the registry remembers what it learns).
  absl::Status known = ApplyAgencyValidity(agencies_, agency_max_age_, call.deadline, rows);
  if (!known.ok()) {
    LogWarning("obligations listed without the agencies' current validity",
               {{"error", known.ToString()}});
  }
  v1::ListObligationsResponse response;
  for (const ObligationRow& row : rows) ObligationToProto(row, day, response.add_obligations());
  if (more) response.set_next_page_token(window.TokenAfter(rows.back().id));
  return response;
}

absl::StatusOr<v1::Obligation> ReportRegistry::OpenException(
    const v1::OpenExceptionRequest& request, const CallContext& call) {
  absl::StatusOr<ExceptionRequest> checked = CheckOpenExceptionRequest(request);
  if (!checked.ok()) return checked.status();
  const std::string& id = checked->obligation_id;
  const std::string day = time::FormatDate(Today());
  // The agency's record, to say whether the obligation is still owed;
  // asked before the write, which must not wait on interplan-agencies.
  std::vector<ObligationRow> found;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::optional<ObligationRow>> row = obligations_.Find(txn, id);
    if (!row.ok()) return row.status();
    if (row->has_value()) found = {**row};
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  // The recipient acts (an unknown obligation is NOT_FOUND below).
  if (!found.empty()) {
    absl::Status allowed = access_.CheckRecipientAct(call, found.front(), request.obligation());
    if (!allowed.ok()) return allowed;
  }
  KnownAgencies agencies;
  if (!found.empty()) {
    absl::Status known =
        ApplyAgencyValidity(agencies_, absl::ZeroDuration(), call.deadline, found, &agencies);
    if (!known.ok()) {
      LogWarning("exception opened without the agency's current validity",
                 {{"error", known.ToString()}});
    }
  }
  v1::Obligation response;
  status = storage::RunIdempotentWith(
      db_,
      [this](absl::FunctionRef<absl::Status(storage::Transaction&)> work) { return Write(work); },
      "OpenException", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        // The obligation's row lock: the exception is judged on the
        // obligation as it is (not cancelled meanwhile by a plan change,
        // its lock date as stored), and two exceptions opened at once are
        // applied one after the other.
        absl::StatusOr<std::optional<ObligationRow>> row = obligations_.FindForUpdate(txn, id);
        if (!row.ok()) return row.status();
        if (!row->has_value()) return ResourceNotFoundError(kObligationType, request.obligation());
        auto agency = agencies.find((*row)->agency_id);
        if (agency != agencies.end()) {
          absl::StatusOr<absl::CivilDay> due = time::ParseDate((*row)->due_date);
          if (due.ok() && AgencyCeasedBefore(agency->second->agency, *due)) (*row)->ceased = true;
        }
        const std::string& until_text = checked->until;
        absl::Status set = CheckExceptionUntil(**row, until_text);
        if (!set.ok()) return set;
        set = obligations_.SetException(txn, id, until_text);
        if (!set.ok()) return set;
        (*row)->exception_until = until_text;
        ObligationToProto(**row, day, static_cast<v1::Obligation*>(out));
        return absl::OkStatus();
      },
      call.audit);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<ObligationRow> ReportRegistry::ObligationFor(const v1::Report& report,
                                                            const CallContext& call) {
  if (!report.obligation().empty()) return NamedObligation(report, call);
  return ObligationByKey(report, call);
}

absl::StatusOr<ObligationRow> ReportRegistry::NamedObligation(const v1::Report& report,
                                                              const CallContext& call) {
  absl::StatusOr<std::string> id =
      ParseResourceName(report.obligation(), "obligations", "report.obligation");
  if (!id.ok()) return id.status();
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::optional<ObligationRow> found;
    absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
      absl::StatusOr<std::optional<ObligationRow>> row = obligations_.Find(txn, *id);
      if (!row.ok()) return row.status();
      found = std::move(*row);
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    if (found.has_value()) return *found;
    if (attempt == 0) SyncQuietly(call);
  }
  return InvalidFieldError("report.obligation",
                           absl::StrCat("unknown obligation ", report.obligation()));
}

absl::StatusOr<ObligationRow> ReportRegistry::ObligationByKey(const v1::Report& report,
                                                              const CallContext& call) {
  FieldViolations violations;
  absl::StatusOr<std::string> plan_id = ParseResourceName(report.plan(), "plans", "report.plan");
  violations.AddFrom("", plan_id.status());
  absl::StatusOr<std::string> agency_id =
      ParseResourceName(report.agency(), "agencies", "report.agency");
  violations.AddFrom("", agency_id.status());
  absl::StatusOr<time::Period> period = time::Period::Parse(report.period());
  if (!period.ok()) violations.Add("report.period", std::string(period.status().message()));
  if (report.kind() == v1::REPORT_KIND_UNSPECIFIED) violations.Add("report.kind", "is required");
  if (!violations.empty()) return violations.ToStatus();

  for (int attempt = 0; attempt < 2; ++attempt) {
    bool plan_known = false;
    bool period_known = false;
    std::vector<ObligationRow> matches;
    absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
      absl::StatusOr<std::optional<pv1::Plan>> plan = feed_.FollowedPlan(txn, *plan_id);
      if (!plan.ok()) return plan.status();
      plan_known = plan->has_value();
      ObligationFilter filter;
      filter.plan_id = *plan_id;
      filter.period = period->ToString();
      absl::StatusOr<std::vector<ObligationRow>> in_period = obligations_.List(txn, filter);
      if (!in_period.ok()) return in_period.status();
      for (ObligationRow& row : *in_period) {
        if (row.kind != report.kind()) continue;
        period_known = true;
        if (row.agency_id == *agency_id) matches.push_back(std::move(row));
      }
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    if (matches.size() == 1) return matches.front();
    if (matches.size() > 1) {
      return InvalidFieldError(
          "report.obligation",
          absl::StrCat(report.agency(), " owes this report to ", matches.size(),
                       " recipients; name the obligation (interplan obligations lists them)"));
    }
    if (attempt == 0) {
      SyncQuietly(call);
      continue;
    }
    if (!plan_known) {
      return InvalidFieldError("report.plan",
                               absl::StrCat("unknown plan ", report.plan(), " (or not issued)"));
    }
    if (!period_known) {
      return InvalidFieldError(
          "report.period",
          absl::StrCat(report.plan(), " sets no ", api::ShortEnumName(report.kind()),
                       " report for period ", period->ToString()));
    }
    return InvalidFieldError(
        "report.agency",
        absl::StrCat(report.agency(), " owes no ", api::ShortEnumName(report.kind()),
                     " report for ", period->ToString(), " under ", report.plan()));
  }
  return absl::InternalError("unreachable");
}

absl::StatusOr<ReportRegistry::SubmissionReads> ReportRegistry::ReadForSubmission(
    const v1::SubmitReportRequest& request, const ObligationRow& obligation) {
  SubmissionReads reads;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    // Both in one round trip.
    absl::StatusOr<std::vector<std::vector<storage::Row>>> rows =
        txn.QueryAll({storage::RecordedResponseStatement("SubmitReport", request.request_id()),
                      PlanFeed::FollowedPlanStatement(obligation.plan_id)});
    if (!rows.ok()) return rows.status();
    absl::Status looked = storage::RecordedResponseIn((*rows)[0], request.request_id(), request,
                                                      &reads.response, &reads.recorded);
    if (!looked.ok()) return looked;
    absl::StatusOr<std::optional<pv1::Plan>> followed = PlanFeed::FollowedPlanIn((*rows)[1]);
    if (!followed.ok()) return followed.status();
    if (followed->has_value()) reads.plan = std::move(**followed);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return reads;
}

absl::Status ReportRegistry::CheckSubmissionContent(const v1::Report& report,
                                                    const ObligationRow& obligation,
                                                    const pv1::Plan& plan, const CallContext& call,
                                                    FieldViolations& violations) {
  // The plan, to check task codes; the catalogue, to check values.
  CheckReportContent(
      report, catalogue_, plan,
      obligation.unit_code.empty() ? "" : absl::StrCat("units/", obligation.unit_code), violations);
  // Locations must be units in force at the end of the period.
  absl::StatusOr<absl::CivilDay> period_last = time::ParseDate(obligation.period_last);
  if (!period_last.ok()) return period_last.status();
  for (int i = 0; i < report.values_size(); ++i) {
    const std::string& location = report.values(i).location();
    if (location.empty() || !absl::StartsWith(location, "units/")) continue;
    absl::StatusOr<std::optional<agencies::v1::Unit>> unit =
        registry_.UnitAt(location.substr(6), *period_last, call.deadline);
    if (!unit.ok()) return unit.status();
    if (!unit->has_value()) {
      violations.Add(absl::StrCat("report.values[", i, "].location"),
                     absl::StrCat(location, " did not exist on ", obligation.period_last));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Report> ReportRegistry::SubmitReport(const v1::SubmitReportRequest& request,
                                                        const CallContext& call) {
  // Who submits comes first: a requested-only body learns nothing more,
  // and a retry is answered only to whoever may make it.
  absl::Status allowed = access_.CheckSubmitter(
      call, request.report().obligation().empty() ? "reports" : request.report().obligation());
  if (!allowed.ok()) return allowed;
  v1::Report report = request.report();
  FieldViolations violations;
  CleanTextFields(&report, "report", violations);
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<ObligationRow> obligation = ObligationFor(report, call);
  if (!obligation.ok()) return obligation.status();
  allowed = access_.CheckSubmit(call, *obligation);
  if (!allowed.ok()) return allowed;

  absl::StatusOr<SubmissionReads> reads = ReadForSubmission(request, *obligation);
  if (!reads.ok()) return reads.status();
  if (!reads->recorded.ok()) return reads->recorded.status();
  if (*reads->recorded) return reads->response;
  absl::Status checked = CheckNotCancelled(*obligation);
  if (!checked.ok()) return checked;
  checked = CheckSubmissionContent(report, *obligation, reads->plan, call, violations);
  if (!checked.ok()) return checked;
  // When it is submitted: now, or for a paper report entered later, the
  // day it was handed in (never in the future). That day decides on time
  // or late; entry itself is judged on the day the report reaches the
  // service, so a paper report handed in before the lock date but typed
  // in after it needs an exception like any other late entry.
  const absl::Time now = now_();
  const absl::Time submitted_at = SubmittedAt(report, now, violations);
  if (!violations.empty()) return violations.ToStatus();
  checked = CheckEntryOpen(*obligation, time::FormatDate(time::TodayAt(now)));
  if (!checked.ok()) return checked;
  return WriteSubmission(request, report, obligation->id, submitted_at, now, call);
}

absl::StatusOr<v1::Report> ReportRegistry::WriteSubmission(const v1::SubmitReportRequest& request,
                                                           const v1::Report& report,
                                                           const std::string& obligation_id,
                                                           absl::Time submitted_at, absl::Time now,
                                                           const CallContext& call) {
  v1::Report response;
  // SQLite commits one fsync at a time: share commits between concurrent
  // submissions. PostgreSQL already groups WAL flushes of concurrent
  // transactions, and batching there only serialises them (bench/). There
  // the recorded answer was looked up just before (ReadForSubmission).
  const bool sqlite = db_.engine() == storage::Engine::kSqlite;
  absl::Status status = storage::RunIdempotentWith(
      db_,
      [this, sqlite](absl::FunctionRef<absl::Status(storage::Transaction&)> work) {
        return sqlite ? committer_.Write(work) : Write(work);
      },
      "SubmitReport", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        return StoreSubmission(txn, report, obligation_id, submitted_at, now, call,
                               static_cast<v1::Report*>(out));
      },
      call.audit,
      sqlite ? storage::RecordedLookup::kInTheWrite : storage::RecordedLookup::kDoneByCaller);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<ReportRegistry::LockedObligation> ReportRegistry::LockObligation(
    storage::Transaction& txn, const std::string& obligation_id, const std::string& report_id,
    absl::Status missing) {
  // In this order: the state is read after the lock is granted, so it is
  // what the previous holder committed (READ COMMITTED reads anew per
  // statement).
  absl::StatusOr<std::vector<std::vector<storage::Row>>> rows =
      txn.QueryAll({ObligationStore::FindForUpdateStatement(txn.engine(), obligation_id),
                    ReportStore::FindStateStatement(report_id)});
  if (!rows.ok()) return rows.status();
  std::optional<ObligationRow> obligation = ObligationStore::FoundObligation((*rows)[0]);
  if (!obligation.has_value()) return missing;
  return LockedObligation{std::move(*obligation), ReportStore::FoundState((*rows)[1])};
}

absl::Status ReportRegistry::StoreSubmission(storage::Transaction& txn, const v1::Report& report,
                                             const std::string& obligation_id,
                                             absl::Time submitted_at, absl::Time now,
                                             const CallContext& call, v1::Report* out) {
  // The obligation's row lock, before anything is read: submissions and
  // reviews of this obligation's report run one after the other, so the
  // report state checked below (only a new or returned report may be
  // submitted: a submission never overtakes an acceptance, two never make
  // the same version) and the next version and transition numbers are
  // those the previous writer committed.
  const std::string report_id = ReportId(obligation_id);
  absl::StatusOr<LockedObligation> locked =
      LockObligation(txn, obligation_id, report_id, absl::AbortedError("obligation vanished"));
  if (!locked.ok()) return locked.status();
  ObligationRow row = std::move(locked->obligation);
  const std::optional<ReportState>& existing = locked->report;
  // Checked before the write on what was read then; again under the lock,
  // in case a plan change cancelled it meanwhile.
  absl::Status status = CheckNotCancelled(row);
  if (!status.ok()) return status;
  status = CheckResubmittable(report_id, existing);
  if (!status.ok()) return status;
  const bool first = !existing.has_value();
  const int64_t version = first ? 1 : existing->version + 1;
  const v1::ReportStatus from = first ? v1::REPORT_STATUS_UNSPECIFIED : existing->status;
  const v1::ReportStatus to = from == v1::REPORT_STATUS_RETURNED ? v1::REPORT_STATUS_RESUBMITTED
                                                                 : v1::REPORT_STATUS_SUBMITTED;
  const std::string submit_day = time::FormatDate(time::TodayAt(submitted_at));
  v1::Report stored =
      SubmittedVersion(report, row, report_id, to, version, submitted_at, submit_day);
  const int64_t update_micros = absl::ToUnixMicros(now);
  const v1::ReportTransition transition =
      Transition(from, to, call.CallerName(), update_micros, version);
  ReportRecord record;
  record.id = report_id;
  record.obligation_id = row.id;
  record.plan_id = row.plan_id;
  record.agency_id = row.agency_id;
  record.period = row.period;
  record.version = version;
  record.status = to;
  record.update_time_micros = update_micros;
  status = reports_.SaveSubmission(txn, record, first, stored, transition);
  if (!status.ok()) return status;
  row.report_id = report_id;
  row.report_status = to;
  if (row.first_submit_date.empty()) {
    row.first_submit_date = submit_day;
    row.first_submit_micros = absl::ToUnixMicros(submitted_at);
  }
  status = obligations_.SetReport(txn, row);
  if (!status.ok()) return status;
  *stored.add_history() = transition;
  out->CopyFrom(stored);
  return absl::OkStatus();
}

absl::StatusOr<v1::Report> ReportRegistry::GetReport(const v1::GetReportRequest& request,
                                                     const CallContext& call) {
  absl::StatusOr<std::string> id = ParseResourceName(request.name(), "reports", "name");
  if (!id.ok()) return id.status();
  if (request.version() < 0) return InvalidFieldError("version", "must not be negative");
  ReportAccess::Reader reader = access_.ReaderFor(call);
  v1::Report report;
  std::optional<ObligationRow> obligation;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<v1::Report> loaded = reports_.Load(txn, *id, request.version());
    if (!loaded.ok()) return loaded.status();
    report = std::move(*loaded);
    if (reader.everything()) return absl::OkStatus();
    absl::StatusOr<std::optional<ObligationRow>> found =
        obligations_.Find(txn, std::string(absl::StripPrefix(report.obligation(), "obligations/")));
    if (!found.ok()) return found.status();
    if (!found->has_value()) return absl::DataLossError("report without obligation");
    obligation = std::move(*found);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (obligation.has_value()) {
    absl::Status allowed = reader.CheckRead(*obligation, absl::StrCat("reports/", *id));
    if (!allowed.ok()) return allowed;
  }
  return report;
}

absl::StatusOr<std::vector<std::string>> ReportRegistry::ReadableReportIds(
    ReportFilter filter, const ListWindow& window, const CallContext& call) {
  // Only reports the caller may read, each as of its obligation's due
  // date, batch after batch until the page is full or the reports run out.
  ReportAccess::Reader reader = access_.ReaderFor(call);
  const int page_size = window.page_size();
  std::vector<std::string> ids;
  for (;;) {
    std::vector<ListedReport> batch;
    std::vector<std::optional<ObligationRow>> obligations;
    absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
      obligations.clear();
      absl::StatusOr<std::vector<ListedReport>> listed = reports_.List(txn, filter);
      if (!listed.ok()) return listed.status();
      batch = std::move(*listed);
      if (reader.everything()) return absl::OkStatus();
      for (const ListedReport& report : batch) {
        absl::StatusOr<std::optional<ObligationRow>> found =
            obligations_.Find(txn, report.obligation_id);
        if (!found.ok()) return found.status();
        obligations.push_back(std::move(*found));
      }
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    const bool exhausted = window.Exhausted(static_cast<int>(batch.size()));
    if (!batch.empty()) filter.after_id = batch.back().id;
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!reader.everything()) {
        if (!obligations[i].has_value()) continue;
        absl::StatusOr<bool> readable = reader.MayRead(*obligations[i]);
        if (!readable.ok()) return readable.status();
        if (!*readable) continue;
      }
      ids.push_back(std::move(batch[i].id));
      if (static_cast<int>(ids.size()) > page_size) break;
    }
    if (exhausted || static_cast<int>(ids.size()) > page_size) break;
  }
  return ids;
}

absl::StatusOr<v1::ListReportsResponse> ReportRegistry::ListReports(
    const v1::ListReportsRequest& request, const CallContext& call) {
  absl::StatusOr<ReportListing> listing = CheckListReportsRequest(request);
  if (!listing.ok()) return listing.status();
  // The ids of the page (and one more, to know there is more).
  absl::StatusOr<std::vector<std::string>> ids =
      ReadableReportIds(listing->filter, listing->window, call);
  if (!ids.ok()) return ids.status();
  const bool more = listing->window.TrimToPage(*ids);
  v1::ListReportsResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    response.Clear();
    for (const std::string& id : *ids) {
      absl::StatusOr<v1::Report> report = reports_.Load(txn, id, 0);
      if (!report.ok()) return report.status();
      *response.add_reports() = std::move(*report);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (more) response.set_next_page_token(listing->window.TokenAfter(ids->back()));
  return response;
}

absl::StatusOr<ReportRegistry::ReviewSubject> ReportRegistry::ReadReviewSubject(
    const std::string& id, const std::string& method, const std::string& request_id,
    const google::protobuf::Message& request) {
  ReviewSubject subject;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    // In one round trip: the recorded answer, the report (three
    // statements) and its obligation.
    std::vector<storage::Statement> statements = ReportStore::LoadStatements(id, 0);
    const size_t obligation_at = statements.size();
    statements.push_back(ObligationStore::FindOfReportStatement(id));
    const size_t recorded_at = statements.size();
    statements.push_back(storage::RecordedResponseStatement(method, request_id));
    absl::StatusOr<std::vector<std::vector<storage::Row>>> rows = txn.QueryAll(statements);
    if (!rows.ok()) return rows.status();
    absl::Status looked = storage::RecordedResponseIn((*rows)[recorded_at], request_id, request,
                                                      &subject.response, &subject.recorded);
    if (!looked.ok()) return looked;
    ReportState state;
    absl::StatusOr<v1::Report> loaded = ReportStore::LoadFrom(id, 0, *rows, 0, &state);
    if (!loaded.ok()) return loaded.status();
    subject.current = std::move(*loaded);
    subject.accepted_version = state.accepted_version;
    std::optional<ObligationRow> found = ObligationStore::FoundObligation((*rows)[obligation_at]);
    if (!found.has_value()) return absl::DataLossError("report without obligation");
    subject.obligation = std::move(*found);
    if (subject.accepted_version > 0) {
      absl::StatusOr<v1::Report> old =
          reports_.Load(txn, id, static_cast<int>(subject.accepted_version));
      if (!old.ok()) return old.status();
      subject.previously_accepted = std::move(*old);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return subject;
}

absl::StatusOr<ReportRegistry::RollupChanges> ReportRegistry::PlanRollupChanges(
    const ReviewSubject& subject, bool accept, const CallContext& call) {
  RollupChanges changes;
  if (!accept) return changes;
  absl::StatusOr<std::vector<PlannedValue>> planned =
      rollups_.Plan(subject.current, subject.obligation, Today(), call.deadline);
  if (!planned.ok()) return planned.status();
  changes.add = std::move(*planned);
  if (subject.accepted_version > 0) {
    absl::StatusOr<std::vector<PlannedValue>> old =
        rollups_.Plan(subject.previously_accepted, subject.obligation, Today(), call.deadline);
    if (!old.ok()) return old.status();
    changes.take_back = std::move(*old);
  }
  return changes;
}

absl::StatusOr<v1::Report> ReportRegistry::Review(const std::string& method,
                                                  const std::string& name,
                                                  const std::string& request_id,
                                                  const google::protobuf::Message& request,
                                                  bool accept, const std::string& reason,
                                                  const CallContext& call) {
  absl::StatusOr<std::string> id = ParseResourceName(name, "reports", "name");
  if (!id.ok()) return id.status();
  absl::StatusOr<std::string> clean_reason = CheckReviewReason(reason, accept);
  if (!clean_reason.ok()) return clean_reason.status();
  // Read the report (and the version accepted before, if any) and work out
  // its roll-up changes before the write: that may ask interplan-agencies.
  absl::StatusOr<ReviewSubject> subject = ReadReviewSubject(*id, method, request_id, request);
  if (!subject.ok()) return subject.status();
  // The recipient reviews; a retry is answered only to whoever may make it.
  absl::Status status =
      access_.CheckRecipientAct(call, subject->obligation, absl::StrCat("reports/", *id));
  if (!status.ok()) return status;
  if (!subject->recorded.ok()) return subject->recorded.status();
  if (*subject->recorded) return subject->response;
  v1::Report response;
  status = CheckReviewable(name, subject->current.status(), accept);
  if (!status.ok()) return status;
  absl::StatusOr<RollupChanges> changes = PlanRollupChanges(*subject, accept, call);
  if (!changes.ok()) return changes.status();
  status = storage::RunIdempotentWith(
      db_,
      [this](absl::FunctionRef<absl::Status(storage::Transaction&)> work) { return Write(work); },
      method, request_id, request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        return StoreReview(txn, name, *id, *subject, accept, *clean_reason, *changes, call,
                           static_cast<v1::Report*>(out));
      },
      // ReadReviewSubject looked; a duplicate since fails on the report's state.
      call.audit, storage::RecordedLookup::kDoneByCaller);
  if (!status.ok()) return status;
  return response;
}

absl::Status ReportRegistry::StoreReview(storage::Transaction& txn, const std::string& name,
                                         const std::string& id, const ReviewSubject& subject,
                                         bool accept, const std::string& reason,
                                         const RollupChanges& changes, const CallContext& call,
                                         v1::Report* out) {
  const v1::Report& current = subject.current;
  // The obligation's row lock, before the report's state is read: a review
  // and a submission (or another review) of this report run one after the
  // other, so the state compared below is the one this review moves on
  // from. Two acceptances of one version never both add to the roll-ups,
  // an acceptance and a return never both win, and a resubmission never
  // slips between the check and the acceptance.
  absl::StatusOr<LockedObligation> locked = LockObligation(
      txn, subject.obligation.id, id, absl::DataLossError("report without obligation"));
  if (!locked.ok()) return locked.status();
  if (!locked->report.has_value()) return absl::DataLossError(absl::StrCat(name, " has no state"));
  const ReportState& state = *locked->report;
  if (state.version != current.version() || state.status != current.status() ||
      state.accepted_version != subject.accepted_version) {
    return WithErrorInfo(
        absl::AbortedError(absl::StrCat(name, " changed while it was being reviewed; look again")),
        "CONCURRENT_CHANGE");
  }
  const absl::Time now = now_();
  const int64_t now_micros = absl::ToUnixMicros(now);
  ReportState reviewed;
  reviewed.version = current.version();
  reviewed.status = accept ? v1::REPORT_STATUS_ACCEPTED : v1::REPORT_STATUS_RETURNED;
  reviewed.accepted_version = accept ? current.version() : subject.accepted_version;
  v1::ReportTransition transition = Transition(current.status(), reviewed.status, call.CallerName(),
                                               now_micros, current.version());
  transition.set_reason(reason);
  absl::Status status = reports_.SaveReview(txn, id, reviewed, now_micros, transition);
  if (!status.ok()) return status;
  ObligationRow updated = std::move(locked->obligation);
  updated.report_status = reviewed.status;
  status = obligations_.SetReport(txn, updated);
  if (!status.ok()) return status;
  // The report as ReportStore::Load would read it back: under the lock its
  // state is the one read before the write (checked above), so it is that
  // report with the new status and transition.
  out->CopyFrom(current);
  out->set_status(reviewed.status);
  if (!accept) out->set_return_reason(reason);
  *out->add_history() = transition;
  if (!accept) return absl::OkStatus();
  // Last: every acceptance changes the nation's and its province's rows
  // (of its report's shard), whose locks (in key order, RollupEngine::Apply)
  // are then held only from here to the commit.
  return rollups_.Apply(txn, changes.take_back, changes.add, now, RollupShardOf(id, txn.engine()));
}

absl::StatusOr<v1::Report> ReportRegistry::AcceptReport(const v1::AcceptReportRequest& request,
                                                        const CallContext& call) {
  return Review("AcceptReport", request.name(), request.request_id(), request, true, "", call);
}

absl::StatusOr<v1::Report> ReportRegistry::ReturnReport(const v1::ReturnReportRequest& request,
                                                        const CallContext& call) {
  return Review("ReturnReport", request.name(), request.request_id(), request, false,
                request.reason(), call);
}

absl::StatusOr<v1::Compliance> ReportRegistry::GetCompliance(
    const v1::GetComplianceRequest& request, const CallContext& call) {
  FieldViolations violations;
  const absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  violations.AddFrom("", as_of.status());
  const absl::StatusOr<std::optional<absl::CivilDay>> units_as_of =
      time::OptionalDayFromProto(request.units_as_of(), "units_as_of");
  violations.AddFrom("", units_as_of.status());
  const std::optional<absl::CivilDay> asked = as_of.ok() ? *as_of : std::nullopt;
  const absl::CivilDay today = Today();
  const absl::CivilDay units_day =
      units_as_of.ok() && units_as_of->has_value()
          ? **units_as_of
          : time::HierarchyDay(asked, time::PeriodLastDay(request.period()), today);
  // What the caller may read in the units of that day: a caller who does
  // not read everything names a unit in its scope, or none and gets its
  // own subtree (units/<its root>); with no subtree as of that day, only
  // the obligations its own agency owes.
  absl::StatusOr<access::ReadScope> scope = access_.ScopeOf(call, units_day);
  if (!scope.ok()) return scope.status();
  absl::StatusOr<std::string> unit_name =
      access_.UnitToRead(call, *scope, request.unit(), units_day);
  if (!unit_name.ok()) return unit_name.status();
  ComplianceQuery query =
      CheckComplianceRequest(request, *unit_name, asked.value_or(today), violations);
  query.units_day = units_day;
  if (!violations.empty()) return violations.ToStatus();
  SyncQuietly(call);
  return compliance_.Compute(query, *scope, call.deadline);
}

absl::StatusOr<v1::Rollup> ReportRegistry::GetRollup(const v1::GetRollupRequest& request,
                                                     const CallContext& call) {
  // The unit must be in the caller's scope as of the roll-up's day (a
  // malformed as_of is the engine's to refuse, and it reads nothing).
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  if (!as_of.ok()) return rollups_.GetRollup(request, Today(), call.deadline);
  const absl::CivilDay day =
      time::HierarchyDay(*as_of, time::PeriodLastDay(request.period()), Today());
  absl::StatusOr<access::ReadScope> scope = access_.ScopeOf(call, day);
  if (!scope.ok()) return scope.status();
  if (scope->everything) return rollups_.GetRollup(request, Today(), call.deadline);
  absl::StatusOr<std::string> unit = access_.UnitToRead(call, *scope, request.unit(), day);
  if (!unit.ok()) return unit.status();
  if (unit->empty()) {
    return access::PermissionDeniedError(
        "units", "OUTSIDE_JURISDICTION",
        absl::StrCat(call.principal->agency, " has no unit to read roll-ups of as of ",
                     time::FormatDate(day), "; national roll-ups are for the ministry"));
  }
  v1::GetRollupRequest scoped = request;
  scoped.set_unit(*unit);
  return rollups_.GetRollup(scoped, Today(), call.deadline);
}

absl::StatusOr<v1::TargetProgress> ReportRegistry::GetTargetProgress(
    const v1::GetTargetProgressRequest& request, const CallContext& call) {
  FieldViolations violations;
  absl::StatusOr<std::string> plan_id = ParseResourceName(request.plan(), "plans", "plan");
  violations.AddFrom("", plan_id.status());
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  violations.AddFrom("", as_of.status());
  if (!violations.empty()) return violations.ToStatus();
  SyncQuietly(call);
  const absl::CivilDay day = as_of->value_or(Today());
  absl::StatusOr<TargetProgressCalculator::PlanNode> plan =
      progress_.FindPlan(*plan_id, request.plan(), call.deadline);
  if (!plan.ok()) return plan.status();
  // Read by whoever may read the plan's unit as of the plan's reference
  // date, its issuer and the agencies it assigns duties to.
  absl::Status allowed =
      access_.CheckRead(call, TargetProgressCalculator::ReadTarget(*plan, request.plan()));
  if (!allowed.ok()) return allowed;
  return progress_.Progress(*plan, request.plan(), day);
}

}  // namespace interplan::reporting
