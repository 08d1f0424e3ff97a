#include "gateway/view_builder.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/api/enum_names.h"
#include "common/api/resource_name.h"
#include "common/errors/errors.h"
#include "common/logging/log.h"
#include "common/text/utf8.h"
#include "common/time/date.h"
#include "common/time/partial_date.h"
#include "common/time/period.h"
#include "common/time/timestamp.h"
#include "common/time/unit_era.h"
#include "common/time/validity.h"
#include "gateway/fanout.h"
#include "gateway/indicator_figures.h"
#include "gateway/overview_rows.h"
#include "gateway/overview_sections.h"

namespace interplan::gateway {
namespace {

// An untitled assignment's title: the start of its content, cut at a
// character boundary (a cut inside a Vietnamese letter would leave invalid
// UTF-8, which no client can parse).
std::string TitleFromContent(const std::string& content) {
  std::string title = content.substr(0, 200);
  title.resize(text::ValidUtf8PrefixLength(title));
  return title;
}

namespace av1 = ::interplan::agencies::v1;
namespace pv1 = ::interplan::plans::v1;
namespace rv1 = ::interplan::reporting::v1;
namespace cv1 = ::interplan::campaigns::v1;

constexpr int kMaxUnits = 1000;

// Whether a plan's period ("2022", "2019/2020", "2022-H1") overlaps `year`;
// an unreadable period is kept.
bool PeriodTouchesYear(const std::string& period, int year) {
  absl::StatusOr<time::Period> parsed = time::Period::Parse(period);
  absl::StatusOr<time::Period> whole = time::Period::ForYear(year);
  if (!parsed.ok() || !whole.ok()) return true;
  return parsed->Overlaps(*whole);
}

// The day whose units a view of `year` shows: the one asked for, else the
// year's last day once the year has ended (a view of 2022 shows the 63
// provinces of 2022), else today.
absl::CivilDay ViewDay(int year, std::optional<absl::CivilDay> asked, absl::CivilDay today) {
  return time::HierarchyDay(asked, absl::CivilDay(year, 12, 31), today);
}

}  // namespace

struct ViewBuilder::Scope {
  int year = 0;
  // The day whose units the view shows (time::HierarchyDay of the year).
  absl::CivilDay as_of;
  // The day the caller asked for; unset, states are judged as of today.
  std::optional<absl::CivilDay> asked;
  std::string unit_code;  // "" for the nation
  Caller caller;
};

ViewBuilder::ViewBuilder(const ServiceClients& clients, std::vector<std::string> key_indicators)
    : agencies_(clients.agencies),
      plans_(clients.plans),
      reporting_(clients.reporting),
      campaigns_(clients.campaigns),
      key_indicators_(std::move(key_indicators)) {}

void ViewBuilder::WarnUnknownIndicator(const std::string& code) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!warned_.insert(code).second) return;
  LogWarning("key indicator unknown to interplan-reporting; shown without figures",
             {{"indicator", absl::StrCat("indicators/", code)}});
}

std::map<std::string, std::string> ViewBuilder::PlaceOlderUnits(
    const std::vector<std::string>& codes, absl::CivilDay older_day, absl::Time deadline,
    google::protobuf::RepeatedPtrField<v1::SectionStatus>* sections) {
  std::map<std::string, std::string> placed;
  std::vector<std::string> missing;
  const std::string suffix = absl::StrCat("@", time::FormatDate(older_day));
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const std::string& code : codes) {
      auto it = placed_.find(code + suffix);
      if (it != placed_.end()) {
        if (!it->second.empty()) placed[code] = it->second;
      } else {
        missing.push_back(code);
      }
    }
  }
  if (missing.empty()) return placed;
  Fanout fanout(deadline);
  av1::BatchGetUnitsRequest request;
  for (const std::string& code : missing) request.add_names(absl::StrCat("units/", code));
  time::DayToProto(older_day, request.mutable_as_of());
  auto* call = fanout.Start<av1::BatchGetUnitsRequest, av1::BatchGetUnitsResponse>(
      v1::SECTION_UNITS, "BatchGetUnits (successors)", request,
      [this](auto* q, auto* r, auto* c, auto cb) {
        agencies_.StartBatchGetUnits(q, r, c, std::move(cb));
      });
  fanout.Wait();
  fanout.ReportSections(sections);
  if (!call->ok()) return placed;
  std::lock_guard<std::mutex> lock(mu_);
  for (const av1::Unit& unit : call->response.units()) {
    std::string successor;
    for (const av1::UnitRef& ref : unit.successors()) {
      if (ref.level() != av1::UNIT_LEVEL_PROVINCE) continue;
      successor = CodeOf(ref.unit());
      break;
    }
    // Remembered either way: history does not change.
    placed_[unit.code() + suffix] = successor;
    if (!successor.empty()) placed[unit.code()] = successor;
  }
  return placed;
}

// The calls of one overview, started together.
struct ViewBuilder::OverviewCalls {
  Fanout::Call<av1::ListUnitsRequest, av1::ListUnitsResponse>* rows = nullptr;
  Fanout::Call<av1::GetUnitRequest, av1::Unit>* unit = nullptr;  // null for the nation
  Fanout::Call<pv1::ListPlanDigestsRequest, pv1::ListPlanDigestsResponse>* digests = nullptr;
  std::vector<std::string> periods;
  std::vector<Fanout::Call<rv1::GetComplianceRequest, rv1::Compliance>*> compliance;
  std::vector<Fanout::Call<rv1::GetIndicatorRequest, rv1::Indicator>*> indicators;
  std::vector<Fanout::Call<rv1::GetRollupRequest, rv1::Rollup>*> rollups;
  Fanout::Call<cv1::SummarizeCampaignRequest, cv1::CampaignSummary>* campaign = nullptr;
};

namespace {

// The response of a call that answered, moved out; nullopt otherwise.
template <typename Request, typename Response>
std::optional<Response> TakeAnswer(Fanout::Call<Request, Response>* call) {
  if (call == nullptr || !call->ok()) return std::nullopt;
  return std::move(call->response);
}

}  // namespace

void ViewBuilder::StartUnitCalls(const Scope& scope, Fanout* fanout, OverviewCalls* calls) {
  const bool national = scope.unit_code.empty();
  const std::string unit_name = national ? "" : absl::StrCat("units/", scope.unit_code);
  av1::ListUnitsRequest rows_request;
  if (!national) rows_request.set_parent(unit_name);
  rows_request.set_level(national ? av1::UNIT_LEVEL_PROVINCE : av1::UNIT_LEVEL_UNSPECIFIED);
  time::DayToProto(scope.as_of, rows_request.mutable_as_of());
  rows_request.set_page_size(kMaxUnits);
  calls->rows = fanout->Start<av1::ListUnitsRequest, av1::ListUnitsResponse>(
      v1::SECTION_UNITS, "ListUnits", rows_request, [this](auto* q, auto* r, auto* c, auto cb) {
        agencies_.StartListUnits(q, r, c, std::move(cb));
      });
  if (national) return;
  av1::GetUnitRequest request;
  request.set_name(unit_name);
  time::DayToProto(scope.as_of, request.mutable_as_of());
  calls->unit = fanout->Start<av1::GetUnitRequest, av1::Unit>(
      v1::SECTION_UNITS, "GetUnit", request, [this](auto* q, auto* r, auto* c, auto cb) {
        agencies_.StartGetUnit(q, r, c, std::move(cb));
      });
}

void ViewBuilder::StartPlanCalls(const Scope& scope, Fanout* fanout, OverviewCalls* calls) {
  pv1::ListPlanDigestsRequest digests_request;
  digests_request.set_year(scope.year);
  digests_request.set_page_size(20000);
  calls->digests = fanout->Start<pv1::ListPlanDigestsRequest, pv1::ListPlanDigestsResponse>(
      v1::SECTION_PLANS, "ListPlanDigests", digests_request,
      [this](auto* q, auto* r, auto* c, auto cb) {
        plans_.StartListPlanDigests(q, r, c, std::move(cb));
      });
}

void ViewBuilder::StartComplianceCalls(const Scope& scope, Fanout* fanout, OverviewCalls* calls) {
  const std::string year = absl::StrCat(scope.year);
  calls->periods = {absl::StrCat(year, "-H1"), year};
  for (const std::string& period : calls->periods) {
    rv1::GetComplianceRequest request;
    if (!scope.unit_code.empty()) request.set_unit(absl::StrCat("units/", scope.unit_code));
    request.set_period(period);
    request.set_exact_period(true);
    request.set_omit_agencies(true);
    if (scope.asked.has_value()) time::DayToProto(*scope.asked, request.mutable_as_of());
    time::DayToProto(scope.as_of, request.mutable_units_as_of());
    calls->compliance.push_back(fanout->Start<rv1::GetComplianceRequest, rv1::Compliance>(
        v1::SECTION_REPORTING, absl::StrCat("GetCompliance ", period), request,
        [this](auto* q, auto* r, auto* c, auto cb) {
          reporting_.StartGetCompliance(q, r, c, std::move(cb));
        }));
  }
}

void ViewBuilder::StartIndicatorCalls(const Scope& scope, Fanout* fanout, OverviewCalls* calls) {
  for (const std::string& code : key_indicators_) {
    rv1::GetIndicatorRequest get;
    get.set_name(absl::StrCat("indicators/", code));
    // An unknown key indicator is the gateway's configuration, not an
    // outage: the indicator is shown without figures.
    calls->indicators.push_back(fanout->Start<rv1::GetIndicatorRequest, rv1::Indicator>(
        v1::SECTION_REPORTING, absl::StrCat("GetIndicator ", code), get,
        [this](auto* q, auto* r, auto* c, auto cb) {
          reporting_.StartGetIndicator(q, r, c, std::move(cb));
        },
        /*not_found_is_answer=*/true));
    rv1::GetRollupRequest rollup;
    rollup.set_indicator(absl::StrCat("indicators/", code));
    if (!scope.unit_code.empty()) rollup.set_unit(absl::StrCat("units/", scope.unit_code));
    rollup.set_period(absl::StrCat(scope.year));
    time::DayToProto(scope.as_of, rollup.mutable_as_of());
    rollup.set_by_child(true);
    calls->rollups.push_back(fanout->Start<rv1::GetRollupRequest, rv1::Rollup>(
        v1::SECTION_REPORTING, absl::StrCat("GetRollup ", code), rollup,
        [this](auto* q, auto* r, auto* c, auto cb) {
          reporting_.StartGetRollup(q, r, c, std::move(cb));
        }));
  }
}

void ViewBuilder::StartCampaignCall(const Scope& scope, Fanout* fanout, OverviewCalls* calls) {
  cv1::SummarizeCampaignRequest summary_request;
  summary_request.set_kind(cv1::CAMPAIGN_KIND_ACTION_MONTH_GENDER_EQUALITY);
  summary_request.set_year(scope.year);
  if (!scope.unit_code.empty()) summary_request.set_unit(absl::StrCat("units/", scope.unit_code));
  // NOT_FOUND: no Action Month that year, which is an answer.
  calls->campaign = fanout->Start<cv1::SummarizeCampaignRequest, cv1::CampaignSummary>(
      v1::SECTION_CAMPAIGNS, "SummarizeCampaign", summary_request,
      [this](auto* q, auto* r, auto* c, auto cb) {
        campaigns_.StartSummarizeCampaign(q, r, c, std::move(cb));
      },
      /*not_found_is_answer=*/true);
}

void ViewBuilder::ExcuseUnknownIndicators(const OverviewCalls& calls) {
  // The roll-up of an unknown key indicator fails too; that is not the
  // reporting service's fault either.
  for (size_t i = 0; i < key_indicators_.size(); ++i) {
    if (!calls.indicators[i]->not_found()) continue;
    calls.rollups[i]->counts_for_section = false;
    WarnUnknownIndicator(key_indicators_[i]);
  }
}

OverviewAnswers ViewBuilder::TakeAnswers(const Scope& scope, OverviewCalls* calls) {
  OverviewAnswers answers;
  answers.year = scope.year;
  answers.as_of = scope.as_of;
  answers.unit_code = scope.unit_code;
  answers.rows = TakeAnswer(calls->rows);
  answers.unit = TakeAnswer(calls->unit);
  answers.digests = TakeAnswer(calls->digests);
  for (size_t i = 0; i < calls->periods.size(); ++i) {
    answers.compliance.push_back({calls->periods[i], TakeAnswer(calls->compliance[i])});
  }
  for (size_t i = 0; i < key_indicators_.size(); ++i) {
    answers.key_indicators.push_back(
        {key_indicators_[i], TakeAnswer(calls->indicators[i]), TakeAnswer(calls->rollups[i])});
  }
  answers.campaign = TakeAnswer(calls->campaign);
  return answers;
}

absl::StatusOr<OverviewAnswers> ViewBuilder::GatherOverview(const Scope& scope,
                                                            absl::Time deadline) {
  Fanout fanout(deadline, scope.caller);
  OverviewCalls calls;
  StartUnitCalls(scope, &fanout, &calls);
  StartPlanCalls(scope, &fanout, &calls);
  StartComplianceCalls(scope, &fanout, &calls);
  StartIndicatorCalls(scope, &fanout, &calls);
  StartCampaignCall(scope, &fanout, &calls);
  fanout.Wait();
  // A unit that does not exist on as_of is the caller's mistake.
  if (calls.unit != nullptr && calls.unit->not_found()) {
    return InvalidFieldError("unit", absl::StrCat("units/", scope.unit_code, " does not exist on ",
                                                  time::FormatDate(scope.as_of)));
  }
  ExcuseUnknownIndicators(calls);
  OverviewAnswers answers = TakeAnswers(scope, &calls);
  fanout.ReportSections(&answers.sections);
  return answers;
}

absl::StatusOr<v1::Overview> ViewBuilder::Build(const Scope& scope, absl::Time deadline) {
  absl::StatusOr<OverviewAnswers> answers = GatherOverview(scope, deadline);
  if (!answers.ok()) return answers.status();
  v1::Overview overview = StartOverview(*answers);
  OverviewRows rows = IndexRows(*answers, &overview);
  // Units of an older hierarchy are placed through their successor
  // province before their figures can go anywhere.
  const std::vector<std::string> older_codes = OlderUnitCodes(*answers, rows);
  if (!older_codes.empty()) {
    rows.placed =
        PlaceOlderUnits(older_codes, rows.era_start - 1, deadline, overview.mutable_sections());
  }
  FillPlans(*answers, rows);
  FillCompliance(*answers, rows);
  FillKeyIndicators(*answers, rows, &overview);
  FillActionMonth(*answers, rows);
  return overview;
}

absl::StatusOr<v1::Overview> ViewBuilder::NationalOverview(
    const v1::GetNationalOverviewRequest& request, absl::CivilDay today, absl::Time deadline,
    const Caller& caller) {
  FieldViolations violations;
  if (request.year() < 1 || request.year() > 9999) violations.Add("year", "is required (1..9999)");
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  violations.AddFrom("", as_of.status());
  if (!violations.empty()) return violations.ToStatus();
  return Build({request.year(), ViewDay(request.year(), *as_of, today), *as_of, "", caller},
               deadline);
}

absl::StatusOr<v1::Overview> ViewBuilder::ProvinceOverview(
    const v1::GetProvinceOverviewRequest& request, absl::CivilDay today, absl::Time deadline,
    const Caller& caller) {
  FieldViolations violations;
  if (request.year() < 1 || request.year() > 9999) violations.Add("year", "is required (1..9999)");
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  violations.AddFrom("", as_of.status());
  absl::StatusOr<std::string> code = ParseResourceName(request.unit(), "units", "unit");
  violations.AddFrom("", code.status());
  if (!violations.empty()) return violations.ToStatus();
  return Build({request.year(), ViewDay(request.year(), *as_of, today), *as_of, *code, caller},
               deadline);
}

absl::StatusOr<v1::IndicatorProgress> ViewBuilder::IndicatorProgress(
    const v1::GetIndicatorProgressRequest& request, absl::CivilDay today, absl::Time deadline,
    const Caller& caller) {
  FieldViolations violations;
  if (request.year() < 1 || request.year() > 9999) violations.Add("year", "is required (1..9999)");
  absl::StatusOr<std::optional<absl::CivilDay>> as_of =
      time::OptionalDayFromProto(request.as_of(), "as_of");
  violations.AddFrom("", as_of.status());
  violations.AddFrom("",
                     ParseResourceName(request.indicator(), "indicators", "indicator").status());
  if (!violations.empty()) return violations.ToStatus();
  google::type::Date day;
  time::DayToProto(ViewDay(request.year(), *as_of, today), &day);
  Fanout fanout(deadline, caller);
  rv1::GetIndicatorRequest get;
  get.set_name(request.indicator());
  auto* indicator = fanout.Start<rv1::GetIndicatorRequest, rv1::Indicator>(
      v1::SECTION_REPORTING, "GetIndicator", get, [this](auto* q, auto* r, auto* c, auto cb) {
        reporting_.StartGetIndicator(q, r, c, std::move(cb));
      });
  rv1::GetRollupRequest rollup_request;
  rollup_request.set_indicator(request.indicator());
  rollup_request.set_period(absl::StrCat(request.year()));
  *rollup_request.mutable_as_of() = day;
  rollup_request.set_by_child(true);
  auto* rollup = fanout.Start<rv1::GetRollupRequest, rv1::Rollup>(
      v1::SECTION_REPORTING, "GetRollup", rollup_request,
      [this](auto* q, auto* r, auto* c, auto cb) {
        reporting_.StartGetRollup(q, r, c, std::move(cb));
      });
  av1::ListUnitsRequest provinces_request;
  provinces_request.set_level(av1::UNIT_LEVEL_PROVINCE);
  *provinces_request.mutable_as_of() = day;
  provinces_request.set_page_size(kMaxUnits);
  auto* provinces = fanout.Start<av1::ListUnitsRequest, av1::ListUnitsResponse>(
      v1::SECTION_UNITS, "ListUnits", provinces_request,
      [this](auto* q, auto* r, auto* c, auto cb) {
        agencies_.StartListUnits(q, r, c, std::move(cb));
      });
  fanout.Wait();
  if (absl::IsNotFound(indicator->status)) {
    return InvalidFieldError("indicator", absl::StrCat("unknown indicator ", request.indicator()));
  }
  v1::IndicatorProgress progress;
  progress.set_indicator(request.indicator());
  progress.set_year(request.year());
  *progress.mutable_as_of() = day;
  *progress.mutable_assembled_at() = time::ToTimestamp(absl::Now());
  fanout.ReportSections(progress.mutable_sections());
  if (indicator->ok()) progress.set_display_name(indicator->response.display_name_vi());
  v1::IndicatorFigures* national = progress.mutable_national();
  national->set_indicator(request.indicator());
  national->set_display_name(progress.display_name());
  if (rollup->ok()) SetRollupValue(rollup->response.values(), national);
  if (indicator->ok()) SetTarget(indicator->response, request.year(), national);
  std::map<std::string, const rv1::Rollup::Child*> children;
  if (rollup->ok()) {
    for (const auto& child : rollup->response.children()) children[CodeOf(child.unit())] = &child;
  }
  if (provinces->ok()) {
    for (const av1::Unit& unit : provinces->response.units()) {
      v1::IndicatorProgress::Province* p = progress.add_provinces();
      p->set_unit(unit.name());
      p->set_display_name(unit.display_name());
      v1::IndicatorFigures* f = p->mutable_figures();
      f->set_indicator(request.indicator());
      f->set_display_name(progress.display_name());
      auto child = children.find(unit.code());
      if (child != children.end()) SetRollupValue(child->second->values(), f);
      if (indicator->ok()) SetTarget(indicator->response, request.year(), f);
    }
  }
  return progress;
}

absl::StatusOr<v1::AgencyWorkload> ViewBuilder::AgencyWorkload(
    const v1::GetAgencyWorkloadRequest& request, absl::Time deadline, const Caller& caller) {
  FieldViolations violations;
  violations.AddFrom("", ParseResourceName(request.agency(), "agencies", "agency").status());
  if (request.year() < 0 || request.year() > 9999) {
    violations.Add("year", "must be 1..9999, or 0 for every year");
  }
  if (!violations.empty()) return violations.ToStatus();
  Fanout fanout(deadline, caller);
  av1::GetAgencyRequest get;
  get.set_name(request.agency());
  auto* agency = fanout.Start<av1::GetAgencyRequest, av1::Agency>(
      v1::SECTION_UNITS, "GetAgency", get, [this](auto* q, auto* r, auto* c, auto cb) {
        agencies_.StartGetAgency(q, r, c, std::move(cb));
      });
  pv1::ListAssignmentsRequest assignments_request;
  assignments_request.set_agency(request.agency());
  assignments_request.set_year(request.year());
  assignments_request.set_page_size(1000);
  auto* assignments = fanout.Start<pv1::ListAssignmentsRequest, pv1::ListAssignmentsResponse>(
      v1::SECTION_PLANS, "ListAssignments", assignments_request,
      [this](auto* q, auto* r, auto* c, auto cb) {
        plans_.StartListAssignments(q, r, c, std::move(cb));
      });
  rv1::ListObligationsRequest obligations_request;
  obligations_request.set_agency(request.agency());
  obligations_request.set_page_size(1000);
  auto* obligations = fanout.Start<rv1::ListObligationsRequest, rv1::ListObligationsResponse>(
      v1::SECTION_REPORTING, "ListObligations", obligations_request,
      [this](auto* q, auto* r, auto* c, auto cb) {
        reporting_.StartListObligations(q, r, c, std::move(cb));
      });
  fanout.Wait();
  if (absl::IsNotFound(agency->status)) {
    return ResourceNotFoundError("interplan.agencies.v1.Agency", request.agency());
  }
  v1::AgencyWorkload workload;
  workload.set_agency(request.agency());
  workload.set_year(request.year());
  *workload.mutable_assembled_at() = time::ToTimestamp(absl::Now());
  fanout.ReportSections(workload.mutable_sections());
  if (agency->ok()) workload.set_display_name(agency->response.display_name());
  if (assignments->ok()) {
    for (const pv1::AgencyAssignment& a : assignments->response.assignments()) {
      v1::AgencyWorkload::Assignment* out = workload.add_assignments();
      out->set_plan(a.plan());
      out->set_kind(api::ShortEnumName(a.kind()));
      out->set_code(a.code());
      out->set_title(a.title().empty() ? TitleFromContent(a.content()) : a.title());
      *out->mutable_due_date() = a.due_date().year() != 0 ? a.due_date() : a.end_date();
    }
  }
  if (obligations->ok()) {
    for (const rv1::Obligation& o : obligations->response.obligations()) {
      // Periods of the year ("2022-H1", "2022") and periods spanning it
      // ("2016/2020" for 2018).
      if (request.year() != 0 && !PeriodTouchesYear(o.period(), request.year())) continue;
      v1::AgencyWorkload::Obligation* out = workload.add_obligations();
      out->set_obligation(o.name());
      out->set_plan(o.plan());
      out->set_kind(api::ShortEnumName(o.kind()));
      out->set_period(o.period());
      *out->mutable_due_date() = o.due_date();
      out->set_state(api::ShortEnumName(o.state()));
      out->set_report(o.report());
    }
  }
  return workload;
}

}  // namespace interplan::gateway
