#include "services/reporting/report_registry.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/api/page_token.h"
#include "common/api/resource_name.h"
#include "common/api/text_fields.h"
#include "common/errors/errors.h"
#include "common/logging/log.h"
#include "common/storage/request_log.h"
#include "common/text/clean_text.h"
#include "common/time/date.h"
#include "common/time/partial_date.h"
#include "common/time/period.h"
#include "common/time/timestamp.h"
#include "common/time/validity.h"
#include "services/reporting/agency_validity.h"
#include "services/reporting/report_validator.h"

namespace interplan::reporting {
namespace {

namespace pv1 = ::interplan::plans::v1;

constexpr char kReportType[] = "interplan.reporting.v1.Report";
constexpr char kObligationType[] = "interplan.reporting.v1.Obligation";

std::string ReportId(const std::string& obligation_id) { return "r" + obligation_id.substr(1); }

void SetDate(const std::string& stored, type::v1::PartialDate* out) {
  absl::StatusOr<absl::CivilDay> day = time::ParseDate(stored);
  if (day.ok()) time::DayToProto(*day, out);
}

v1::ObligationState StateOn(const ObligationRow& o, const std::string& day) {
  if (o.cancelled) return v1::CANCELLED;
  if (o.ceased) return v1::NOT_EXPECTED;
  const bool submitted = !o.first_submit_date.empty() && o.first_submit_date <= day;
  if (submitted) {
    switch (o.report_status) {
      case v1::ACCEPTED_REPORT:
        return v1::ACCEPTED;
      case v1::RETURNED_REPORT:
        return v1::RETURNED;
      default:
        return v1::SUBMITTED;
    }
  }
  return o.due_date < day ? v1::MISSING : v1::PENDING;
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
      access_(registry, agencies_, agency_max_age) {
  // Records renewed at half their allowed age: reads never wait for one.
  agencies_.StartRefreshing(agency_max_age_ / 2);
}

absl::CivilDay ReportRegistry::Today() const { return time::TodayAt(now_()); }

void ReportRegistry::SyncQuietly(const CallContext& call) {
  absl::StatusOr<int> synced = feed_.Sync(std::min(call.deadline, absl::Now() + absl::Seconds(5)));
  if (!synced.ok() && !absl::IsUnavailable(synced.status())) {
    LogWarning("plan feed sync failed", {{"error", synced.status().ToString()}});
  }
}

absl::StatusOr<v1::ListObligationsResponse> ReportRegistry::ListObligations(
    const v1::ListObligationsRequest& request, const CallContext& call) {
  FieldViolations violations;
  ObligationFilter filter;
  if (!request.agency().empty()) {
    absl::StatusOr<std::string> id = ParseResourceName(request.agency(), "agencies", "agency");
    violations.AddFrom("", id.status());
    if (id.ok()) filter.agency_id = *id;
  }
  if (!request.plan().empty()) {
    absl::StatusOr<std::string> id = ParseResourceName(request.plan(), "plans", "plan");
    violations.AddFrom("", id.status());
    if (id.ok()) filter.plan_id = *id;
  }
  if (!request.period().empty()) {
    absl::StatusOr<time::Period> period = time::Period::Parse(request.period());
    if (!period.ok()) {
      violations.Add("period", std::string(period.status().message()));
    } else {
      filter.period = period->ToString();
    }
  }
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  violations.AddFrom("", as_of.status());
  absl::StatusOr<int> page_size = EffectivePageSize(request.page_size(), 200, 1000);
  violations.AddFrom("", page_size.status());
  absl::StatusOr<std::string> after =
      DecodePageToken(request.page_token(), FilterFingerprint(request));
  violations.AddFrom("", after.status());
  if (!violations.empty()) return violations.ToStatus();
  SyncQuietly(call);
  filter.after_id = *after;
  filter.limit = *page_size + 1;
  const std::string day = time::FormatDate(as_of->value_or(Today()));
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
    const bool exhausted = static_cast<int>(batch.size()) < filter.limit;
    if (!batch.empty()) filter.after_id = batch.back().id;
    for (ObligationRow& row : batch) {
      absl::StatusOr<bool> readable = reader.MayRead(row);
      if (!readable.ok()) return readable.status();
      if (*readable) rows.push_back(std::move(row));
      if (static_cast<int>(rows.size()) > *page_size) break;
    }
    if (exhausted || static_cast<int>(rows.size()) > *page_size) break;
  }
  const bool more = static_cast<int>(rows.size()) > *page_size;
  if (more) rows.pop_back();
  // Whether each is still owed, by its agency as interplan-agencies knows
  // it now (outside the read: the registry remembers what it learns).
  absl::Status known = ApplyAgencyValidity(agencies_, agency_max_age_, call.deadline, rows);
  if (!known.ok()) {
    LogWarning("obligations listed without the agencies' current validity",
               {{"error", known.ToString()}});
  }
  v1::ListObligationsResponse response;
  for (const ObligationRow& row : rows) ObligationToProto(row, day, response.add_obligations());
  if (more) {
    response.set_next_page_token(EncodePageToken(FilterFingerprint(request), rows.back().id));
  }
  return response;
}

absl::StatusOr<v1::Obligation> ReportRegistry::OpenException(
    const v1::OpenExceptionRequest& request, const CallContext& call) {
  FieldViolations violations;
  absl::StatusOr<std::string> id =
      ParseResourceName(request.obligation(), "obligations", "obligation");
  violations.AddFrom("", id.status());
  absl::StatusOr<std::optional<absl::CivilDay>> until =
      time::OptionalDayFromProto(request.until(), "until");
  violations.AddFrom("", until.status());
  if (until.ok() && !until->has_value()) violations.Add("until", "is required");
  if (!violations.empty()) return violations.ToStatus();
  const std::string day = time::FormatDate(Today());
  // The agency's record, to say whether the obligation is still owed;
  // asked before the write, which must not wait on interplan-agencies.
  std::vector<ObligationRow> found;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::optional<ObligationRow>> row = obligations_.Find(txn, *id);
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
  status = storage::RunIdempotent(
      db_, "OpenException", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<std::optional<ObligationRow>> row = obligations_.Find(txn, *id);
        if (!row.ok()) return row.status();
        if (!row->has_value()) return ResourceNotFoundError(kObligationType, request.obligation());
        auto agency = agencies.find((*row)->agency_id);
        if (agency != agencies.end()) {
          absl::StatusOr<absl::CivilDay> due = time::ParseDate((*row)->due_date);
          if (due.ok() && AgencyCeasedBefore(agency->second->agency, *due)) (*row)->ceased = true;
        }
        const std::string until_text = time::FormatDate(**until);
        if (until_text <= (*row)->lock_date) {
          return InvalidFieldError("until",
                                   absl::StrCat("must be after the lock date ", (*row)->lock_date));
        }
        absl::Status set = obligations_.SetException(txn, *id, until_text);
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
  if (!report.obligation().empty()) {
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
          absl::StrCat(report.plan(), " sets no ", v1::ReportKind_Name(report.kind()),
                       " report for period ", period->ToString()));
    }
    return InvalidFieldError(
        "report.agency",
        absl::StrCat(report.agency(), " owes no ", v1::ReportKind_Name(report.kind()),
                     " report for ", period->ToString(), " under ", report.plan()));
  }
  return absl::InternalError("unreachable");
}

absl::StatusOr<v1::Report> ReportRegistry::LoadReport(storage::Transaction& txn,
                                                      const std::string& id, int version) {
  absl::StatusOr<std::vector<storage::Row>> current =
      txn.Query("SELECT version, status FROM reports WHERE id = $1", {id});
  if (!current.ok()) return current.status();
  if (current->empty()) return ResourceNotFoundError(kReportType, absl::StrCat("reports/", id));
  const int64_t latest = (*current)[0][0].AsInt();
  const int64_t wanted = version == 0 ? latest : version;
  absl::StatusOr<std::vector<storage::Row>> rows = txn.Query(
      "SELECT data FROM report_versions WHERE report_id = $1 AND version = $2", {id, wanted});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) {
    return ResourceNotFoundError(kReportType, absl::StrCat("reports/", id),
                                 absl::StrCat("has no version ", wanted));
  }
  v1::Report report;
  if (!report.ParseFromString((*rows)[0][0].AsBytes())) {
    return absl::DataLossError("stored report does not parse");
  }
  if (wanted == latest) {
    report.set_status(static_cast<v1::ReportStatus>((*current)[0][1].AsInt()));
  }
  absl::StatusOr<std::vector<storage::Row>> history =
      txn.Query("SELECT data FROM report_transitions WHERE report_id = $1 ORDER BY seq", {id});
  if (!history.ok()) return history.status();
  report.clear_history();
  for (const storage::Row& row : *history) {
    v1::ReportTransition* transition = report.add_history();
    transition->ParseFromString(row[0].AsBytes());
    if (transition->to() == v1::RETURNED_REPORT) report.set_return_reason(transition->reason());
  }
  return report;
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

  v1::Report response;
  absl::StatusOr<bool> recorded =
      storage::FindRecordedResponse(db_, "SubmitReport", request.request_id(), request, &response);
  if (!recorded.ok()) return recorded.status();
  if (*recorded) return response;
  if (obligation->cancelled) {
    return WithErrorInfo(absl::FailedPreconditionError(absl::StrCat(
                             "obligations/", obligation->id,
                             " was cancelled: its plan was withdrawn or amended without it")),
                         "OBLIGATION_CANCELLED");
  }
  // The plan, to check task codes; the catalogue, to check values.
  pv1::Plan plan;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::optional<pv1::Plan>> followed =
        feed_.FollowedPlan(txn, obligation->plan_id);
    if (!followed.ok()) return followed.status();
    if (followed->has_value()) plan = std::move(**followed);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  CheckReportContent(
      report, catalogue_, plan,
      obligation->unit_code.empty() ? "" : absl::StrCat("units/", obligation->unit_code),
      violations);
  // Locations must be units in force at the end of the period.
  absl::StatusOr<absl::CivilDay> period_last = time::ParseDate(obligation->period_last);
  if (!period_last.ok()) return period_last.status();
  for (int i = 0; i < report.values_size(); ++i) {
    const std::string& location = report.values(i).location();
    if (location.empty() || !absl::StartsWith(location, "units/")) continue;
    absl::StatusOr<std::optional<agencies::v1::Unit>> unit =
        registry_.UnitAt(location.substr(6), *period_last, call.deadline);
    if (!unit.ok()) return unit.status();
    if (!unit->has_value()) {
      violations.Add(absl::StrCat("report.values[", i, "].location"),
                     absl::StrCat(location, " did not exist on ", obligation->period_last));
    }
  }
  // When it is submitted: now, or for a paper report entered later, the
  // day it was handed in (never in the future). That day decides on time
  // or late; entry itself is judged on the day the report reaches the
  // service, so a paper report handed in before the lock date but typed
  // in after it needs an exception like any other late entry.
  const absl::Time now = now_();
  absl::Time submitted_at = now;
  if (report.has_submitted_at()) {
    // To the microsecond, as it is stored.
    submitted_at =
        absl::FromUnixMicros(absl::ToUnixMicros(time::FromTimestamp(report.submitted_at())));
    if (submitted_at > now) violations.Add("report.submitted_at", "is in the future");
  }
  if (!violations.empty()) return violations.ToStatus();
  const std::string submit_day = time::FormatDate(time::TodayAt(submitted_at));
  const std::string entry_day = time::FormatDate(time::TodayAt(now));
  const std::string open_until = std::max(obligation->lock_date, obligation->exception_until);
  if (entry_day > open_until) {
    return WithErrorInfo(absl::FailedPreconditionError(absl::StrCat(
                             "entry for obligations/", obligation->id, " closed after ", open_until,
                             " (this report reached the service on ", entry_day,
                             "); the recipient can open an exception")),
                         "ENTRY_LOCKED",
                         {{"obligation", absl::StrCat("obligations/", obligation->id)}});
  }

  const std::string report_id = ReportId(obligation->id);
  status = storage::RunIdempotentWith(
      db_,
      // SQLite commits one fsync at a time: share commits between concurrent
      // submissions. PostgreSQL already groups WAL flushes of concurrent
      // transactions, and batching there only serialises them (bench/).
      [this](absl::FunctionRef<absl::Status(storage::Transaction&)> work) {
        return db_.engine() == storage::Engine::kSqlite ? committer_.Write(work) : db_.Write(work);
      },
      "SubmitReport", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<std::optional<ObligationRow>> current =
            obligations_.Find(txn, obligation->id);
        if (!current.ok()) return current.status();
        if (!current->has_value()) return absl::AbortedError("obligation vanished");
        ObligationRow row = **current;
        absl::StatusOr<std::vector<storage::Row>> existing =
            txn.Query("SELECT version, status FROM reports WHERE id = $1", {report_id});
        if (!existing.ok()) return existing.status();
        int version = 1;
        v1::ReportStatus from = v1::REPORT_STATUS_UNSPECIFIED;
        if (!existing->empty()) {
          from = static_cast<v1::ReportStatus>((*existing)[0][1].AsInt());
          if (from != v1::RETURNED_REPORT && from != v1::DRAFT) {
            return WithErrorInfo(absl::FailedPreconditionError(absl::StrCat(
                                     "reports/", report_id, " is ", v1::ReportStatus_Name(from),
                                     "; only a returned report can be submitted again")),
                                 "REPORT_STATUS");
          }
          version = static_cast<int>((*existing)[0][0].AsInt()) + 1;
        }
        const v1::ReportStatus to =
            from == v1::RETURNED_REPORT ? v1::RESUBMITTED : v1::SUBMITTED_REPORT;
        v1::Report stored = report;
        stored.set_name(absl::StrCat("reports/", report_id));
        stored.set_obligation(absl::StrCat("obligations/", row.id));
        stored.set_plan(absl::StrCat("plans/", row.plan_id));
        stored.set_agency(absl::StrCat("agencies/", row.agency_id));
        stored.set_period(row.period);
        stored.set_kind(row.kind);
        stored.set_status(to);
        stored.set_version(version);
        stored.clear_history();
        stored.clear_return_reason();
        *stored.mutable_submit_time() = time::ToTimestamp(submitted_at);
        SetDate(row.due_date, stored.mutable_due_date());
        const std::string first_day =
            row.first_submit_date.empty() ? submit_day : row.first_submit_date;
        stored.set_on_time(first_day <= row.due_date);
        const int64_t update_micros = absl::ToUnixMicros(now);
        absl::Status s;
        if (existing->empty()) {
          s = txn.Execute(
                     "INSERT INTO reports (id, obligation_id, plan_id, agency_id, period, version,"
                     " status, accepted_version, update_time_micros)"
                     " VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8)",
                     {report_id, row.id, row.plan_id, row.agency_id, row.period, version,
                      static_cast<int64_t>(to), update_micros})
                  .status();
        } else {
          s = txn.Execute(
                     "UPDATE reports SET version = $2, status = $3, update_time_micros = $4"
                     " WHERE id = $1",
                     {report_id, version, static_cast<int64_t>(to), update_micros})
                  .status();
        }
        if (!s.ok()) return s;
        s = txn.Execute(
                   "INSERT INTO report_versions (report_id, version, data) VALUES ($1, $2, $3)",
                   {report_id, version, storage::Blob{stored.SerializeAsString()}})
                .status();
        if (!s.ok()) return s;
        v1::ReportTransition transition;
        transition.set_from(from);
        transition.set_to(to);
        transition.set_by(call.CallerName());
        *transition.mutable_time() = time::TimestampFromMicros(update_micros);
        transition.set_version(version);
        // A new report has no transitions yet (they are written with it):
        // counting them would only read, and lock, keys nobody has.
        int64_t seq = 1;
        if (!existing->empty()) {
          absl::StatusOr<storage::Row> count = txn.QueryRow(
              "SELECT COUNT(*) FROM report_transitions WHERE report_id = $1", {report_id});
          if (!count.ok()) return count.status();
          seq = (*count)[0].AsInt() + 1;
        }
        s = txn.Execute("INSERT INTO report_transitions (report_id, seq, data) VALUES ($1, $2, $3)",
                        {report_id, seq, storage::Blob{transition.SerializeAsString()}})
                .status();
        if (!s.ok()) return s;
        row.report_id = report_id;
        row.report_status = to;
        if (row.first_submit_date.empty()) {
          row.first_submit_date = submit_day;
          row.first_submit_micros = absl::ToUnixMicros(submitted_at);
        }
        s = obligations_.SetReport(txn, row);
        if (!s.ok()) return s;
        *stored.add_history() = transition;
        static_cast<v1::Report*>(out)->CopyFrom(stored);
        return absl::OkStatus();
      },
      call.audit);
  if (!status.ok()) return status;
  return response;
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
    absl::StatusOr<v1::Report> loaded = LoadReport(txn, *id, request.version());
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

absl::StatusOr<v1::ListReportsResponse> ReportRegistry::ListReports(
    const v1::ListReportsRequest& request, const CallContext& call) {
  FieldViolations violations;
  storage::Params params;
  std::string where = "1 = 1";
  auto next = [&params]() { return absl::StrCat("$", params.size()); };
  if (!request.plan().empty()) {
    absl::StatusOr<std::string> id = ParseResourceName(request.plan(), "plans", "plan");
    violations.AddFrom("", id.status());
    if (id.ok()) {
      params.push_back(*id);
      absl::StrAppend(&where, " AND plan_id = ", next());
    }
  }
  if (!request.agency().empty()) {
    absl::StatusOr<std::string> id = ParseResourceName(request.agency(), "agencies", "agency");
    violations.AddFrom("", id.status());
    if (id.ok()) {
      params.push_back(*id);
      absl::StrAppend(&where, " AND agency_id = ", next());
    }
  }
  if (!request.period().empty()) {
    absl::StatusOr<time::Period> period = time::Period::Parse(request.period());
    if (!period.ok()) {
      violations.Add("period", std::string(period.status().message()));
    } else {
      params.push_back(period->ToString());
      absl::StrAppend(&where, " AND period = ", next());
    }
  }
  if (request.status() != v1::REPORT_STATUS_UNSPECIFIED) {
    params.push_back(static_cast<int64_t>(request.status()));
    absl::StrAppend(&where, " AND status = ", next());
  }
  absl::StatusOr<int> page_size = EffectivePageSize(request.page_size(), 100, 1000);
  violations.AddFrom("", page_size.status());
  absl::StatusOr<std::string> after =
      DecodePageToken(request.page_token(), FilterFingerprint(request));
  violations.AddFrom("", after.status());
  if (!violations.empty()) return violations.ToStatus();
  const size_t after_param = params.size();
  params.push_back(*after);
  absl::StrAppend(&where, " AND id > ", next());
  params.push_back(static_cast<int64_t>(*page_size + 1));
  const std::string sql = absl::StrCat("SELECT id, obligation_id FROM reports WHERE ", where,
                                       " ORDER BY id LIMIT ", next());
  // The ids of the page (and one more, to know there is more): only
  // reports the caller may read, each as of its obligation's due date,
  // batch after batch until the page is full or the reports run out.
  ReportAccess::Reader reader = access_.ReaderFor(call);
  std::vector<std::string> ids;
  for (;;) {
    std::vector<std::string> batch;
    std::vector<std::optional<ObligationRow>> obligations;
    absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
      batch.clear();
      obligations.clear();
      absl::StatusOr<std::vector<storage::Row>> rows = txn.Query(sql, params);
      if (!rows.ok()) return rows.status();
      for (const storage::Row& row : *rows) {
        batch.push_back(row[0].AsText());
        if (reader.everything()) continue;
        absl::StatusOr<std::optional<ObligationRow>> found =
            obligations_.Find(txn, row[1].AsText());
        if (!found.ok()) return found.status();
        obligations.push_back(std::move(*found));
      }
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    const bool exhausted = static_cast<int>(batch.size()) < *page_size + 1;
    if (!batch.empty()) params[after_param] = batch.back();
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!reader.everything()) {
        if (!obligations[i].has_value()) continue;
        absl::StatusOr<bool> readable = reader.MayRead(*obligations[i]);
        if (!readable.ok()) return readable.status();
        if (!*readable) continue;
      }
      ids.push_back(std::move(batch[i]));
      if (static_cast<int>(ids.size()) > *page_size) break;
    }
    if (exhausted || static_cast<int>(ids.size()) > *page_size) break;
  }
  const bool more = static_cast<int>(ids.size()) > *page_size;
  if (more) ids.pop_back();
  v1::ListReportsResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    response.Clear();
    for (const std::string& id : ids) {
      absl::StatusOr<v1::Report> report = LoadReport(txn, id, 0);
      if (!report.ok()) return report.status();
      *response.add_reports() = std::move(*report);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (more) response.set_next_page_token(EncodePageToken(FilterFingerprint(request), ids.back()));
  return response;
}

absl::StatusOr<v1::Report> ReportRegistry::Review(const std::string& method,
                                                  const std::string& name,
                                                  const std::string& request_id,
                                                  const google::protobuf::Message& request,
                                                  bool accept, const std::string& reason,
                                                  const CallContext& call) {
  absl::StatusOr<std::string> id = ParseResourceName(name, "reports", "name");
  if (!id.ok()) return id.status();
  absl::StatusOr<std::string> clean_reason = text::CleanText(reason);
  if (!clean_reason.ok()) {
    return InvalidFieldError("reason", std::string(clean_reason.status().message()));
  }
  if (!accept && clean_reason->empty()) {
    return InvalidFieldError("reason", "say why the report goes back");
  }
  // Read the report (and the version accepted before, if any) and work out
  // its roll-up changes before the write: that may ask interplan-agencies.
  v1::Report current;
  int64_t accepted_version = 0;
  ObligationRow obligation;
  v1::Report previously_accepted;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<v1::Report> loaded = LoadReport(txn, *id, 0);
    if (!loaded.ok()) return loaded.status();
    current = std::move(*loaded);
    absl::StatusOr<storage::Row> row =
        txn.QueryRow("SELECT accepted_version FROM reports WHERE id = $1", {*id});
    if (!row.ok()) return row.status();
    accepted_version = (*row)[0].AsInt();
    absl::StatusOr<std::optional<ObligationRow>> found =
        obligations_.Find(txn, current.obligation().substr(12));
    if (!found.ok()) return found.status();
    if (!found->has_value()) return absl::DataLossError("report without obligation");
    obligation = **found;
    if (accepted_version > 0) {
      absl::StatusOr<v1::Report> old = LoadReport(txn, *id, static_cast<int>(accepted_version));
      if (!old.ok()) return old.status();
      previously_accepted = std::move(*old);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  // The recipient reviews; a retry is answered only to whoever may make it.
  status = access_.CheckRecipientAct(call, obligation, absl::StrCat("reports/", *id));
  if (!status.ok()) return status;
  v1::Report response;
  absl::StatusOr<bool> recorded =
      storage::FindRecordedResponse(db_, method, request_id, request, &response);
  if (!recorded.ok()) return recorded.status();
  if (*recorded) return response;
  if (current.status() != v1::SUBMITTED_REPORT && current.status() != v1::RESUBMITTED) {
    return WithErrorInfo(
        absl::FailedPreconditionError(
            absl::StrCat(name, " is ", v1::ReportStatus_Name(current.status()),
                         "; only a submitted report can be ", accept ? "accepted" : "returned")),
        "REPORT_STATUS");
  }
  std::vector<PlannedValue> add, take_back;
  if (accept) {
    absl::StatusOr<std::vector<PlannedValue>> planned =
        rollups_.Plan(current, obligation, Today(), call.deadline);
    if (!planned.ok()) return planned.status();
    add = std::move(*planned);
    if (accepted_version > 0) {
      absl::StatusOr<std::vector<PlannedValue>> old =
          rollups_.Plan(previously_accepted, obligation, Today(), call.deadline);
      if (!old.ok()) return old.status();
      take_back = std::move(*old);
    }
  }
  const v1::ReportStatus to = accept ? v1::ACCEPTED_REPORT : v1::RETURNED_REPORT;
  status = storage::RunIdempotent(
      db_, method, request_id, request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<storage::Row> row = txn.QueryRow(
            "SELECT version, status, accepted_version FROM reports WHERE id = $1", {*id});
        if (!row.ok()) return row.status();
        if ((*row)[0].AsInt() != current.version() ||
            (*row)[1].AsInt() != static_cast<int64_t>(current.status()) ||
            (*row)[2].AsInt() != accepted_version) {
          return WithErrorInfo(absl::AbortedError(absl::StrCat(
                                   name, " changed while it was being reviewed; look again")),
                               "CONCURRENT_CHANGE");
        }
        const absl::Time now = now_();
        const int64_t now_micros = absl::ToUnixMicros(now);
        absl::Status s =
            txn.Execute(
                   "UPDATE reports SET status = $2, accepted_version = $3, update_time_micros = $4"
                   " WHERE id = $1",
                   {*id, static_cast<int64_t>(to),
                    accept ? static_cast<int64_t>(current.version()) : accepted_version,
                    now_micros})
                .status();
        if (!s.ok()) return s;
        if (accept) {
          s = rollups_.Apply(txn, take_back, -1, now);
          if (!s.ok()) return s;
          s = rollups_.Apply(txn, add, +1, now);
          if (!s.ok()) return s;
        }
        v1::ReportTransition transition;
        transition.set_from(current.status());
        transition.set_to(to);
        transition.set_by(call.CallerName());
        *transition.mutable_time() = time::TimestampFromMicros(now_micros);
        transition.set_reason(*clean_reason);
        transition.set_version(current.version());
        absl::StatusOr<storage::Row> seq =
            txn.QueryRow("SELECT COUNT(*) FROM report_transitions WHERE report_id = $1", {*id});
        if (!seq.ok()) return seq.status();
        s = txn.Execute("INSERT INTO report_transitions (report_id, seq, data) VALUES ($1, $2, $3)",
                        {*id, (*seq)[0].AsInt() + 1, storage::Blob{transition.SerializeAsString()}})
                .status();
        if (!s.ok()) return s;
        ObligationRow updated = obligation;
        updated.report_status = to;
        s = obligations_.SetReport(txn, updated);
        if (!s.ok()) return s;
        absl::StatusOr<v1::Report> reloaded = LoadReport(txn, *id, 0);
        if (!reloaded.ok()) return reloaded.status();
        static_cast<v1::Report*>(out)->CopyFrom(*reloaded);
        return absl::OkStatus();
      },
      call.audit);
  if (!status.ok()) return status;
  return response;
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

absl::StatusOr<v1::Rollup> ReportRegistry::GetRollup(const v1::GetRollupRequest& request,
                                                     const CallContext& call) {
  // The unit must be in the caller's scope as of the roll-up's day (a
  // malformed as_of is the engine's to refuse, and it reads nothing).
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  if (!as_of.ok()) return rollups_.GetRollup(request, Today(), call.deadline);
  const absl::CivilDay day = as_of->value_or(Today());
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

}  // namespace interplan::reporting
