#include "gateway/view_builder.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/api/resource_name.h"
#include "common/errors/errors.h"
#include "common/logging/log.h"
#include "common/time/date.h"
#include "common/time/partial_date.h"
#include "common/time/period.h"
#include "common/time/timestamp.h"
#include "common/time/validity.h"
#include "gateway/fanout.h"
#include "gateway/indicator_figures.h"

namespace interplan::gateway {
namespace {

namespace av1 = ::interplan::agencies::v1;
namespace pv1 = ::interplan::plans::v1;
namespace rv1 = ::interplan::reporting::v1;
namespace cv1 = ::interplan::campaigns::v1;

constexpr int kMaxUnits = 1000;

std::optional<absl::CivilDay> DayOf(const type::v1::PartialDate& date) {
  absl::StatusOr<time::PartialDate> partial = time::PartialDate::FromProto(date);
  if (!partial.ok() || !partial->IsSet()) return std::nullopt;
  return partial->LatestDay();
}

absl::CivilDay StartOf(const type::v1::PartialDate& from) {
  std::optional<absl::CivilDay> day = DayOf(from);
  return day.has_value() ? *day : absl::CivilDay(1, 1, 1);
}

bool Later(const type::v1::PartialDate& a, const type::v1::PartialDate& b) {
  return std::tuple(a.year(), a.month(), a.day()) > std::tuple(b.year(), b.month(), b.day());
}

std::string CodeOf(const std::string& name) { return name.substr(name.find('/') + 1); }

void AddCompliance(const std::string& period, const rv1::ComplianceCounts& c,
                   v1::OverviewRow* row) {
  v1::ComplianceFigures* f = row->add_compliance();
  f->set_period(period);
  f->set_expected(c.expected());
  f->set_submitted(c.submitted());
  f->set_on_time(c.on_time());
  f->set_late(c.late());
  f->set_missing(c.missing());
  f->set_pending(c.pending());
  f->set_accepted(c.accepted());
  f->set_returned(c.returned());
  f->set_submission_rate(c.submission_rate());
}

// Campaign figures of one unit (or of a whole view), added up.
struct CampaignSums {
  int64_t activities = 0;
  int64_t female = 0, male = 0, unspecified = 0, participants = 0;
  int64_t reached = 0, spend = 0;

  static CampaignSums Of(int64_t activities, const cv1::Participants& p, int64_t reached,
                         int64_t spend) {
    return {activities, p.female(), p.male(), p.unspecified(), p.total(), reached, spend};
  }
  CampaignSums& operator-=(const CampaignSums& o) {
    activities -= o.activities;
    female -= o.female;
    male -= o.male;
    unspecified -= o.unspecified;
    participants -= o.participants;
    reached -= o.reached;
    spend -= o.spend;
    return *this;
  }
};

void AddCampaign(const std::string& campaign, const CampaignSums& sums, v1::OverviewRow* row) {
  v1::CampaignFigures* f = row->mutable_campaigns();
  f->set_campaign(campaign);
  f->set_activities(f->activities() + sums.activities);
  f->set_female(f->female() + sums.female);
  f->set_male(f->male() + sums.male);
  f->set_unspecified(f->unspecified() + sums.unspecified);
  f->set_participants(f->participants() + sums.participants);
  f->set_people_reached(f->people_reached() + sums.reached);
  f->set_spend_vnd(f->spend_vnd() + sums.spend);
}

// Whether a plan's period ("2022", "2019/2020", "2022-H1") overlaps `year`;
// an unreadable period is kept.
bool PeriodTouchesYear(const std::string& period, int year) {
  absl::StatusOr<time::Period> parsed = time::Period::Parse(period);
  absl::StatusOr<time::Period> whole = time::Period::ForYear(year);
  if (!parsed.ok() || !whole.ok()) return true;
  return parsed->Overlaps(*whole);
}

}  // namespace

struct ViewBuilder::Scope {
  int year = 0;
  absl::CivilDay as_of;
  std::string unit_code;  // "" for the nation
  Caller caller;
};

ViewBuilder::ViewBuilder(const ServiceChannels& channels, std::vector<std::string> key_indicators)
    : units_(av1::UnitService::NewStub(channels.agencies)),
      agencies_(av1::AgencyService::NewStub(channels.agencies)),
      plans_(pv1::PlanService::NewStub(channels.plans)),
      reporting_(rv1::ReportingService::NewStub(channels.reporting)),
      campaigns_(cv1::CampaignService::NewStub(channels.campaigns)),
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
      v1::UNITS, "BatchGetUnits (successors)", request, [this](auto* c, auto* q, auto* r, auto cb) {
        units_->async()->BatchGetUnits(c, q, r, std::move(cb));
      });
  fanout.Wait();
  fanout.ReportSections(sections);
  if (!call->ok()) return placed;
  std::lock_guard<std::mutex> lock(mu_);
  for (const av1::Unit& unit : call->response.units()) {
    std::string successor;
    for (const av1::UnitRef& ref : unit.successors()) {
      if (ref.level() != av1::PROVINCE_LEVEL) continue;
      successor = CodeOf(ref.unit());
      break;
    }
    // Remembered either way: history does not change.
    placed_[unit.code() + suffix] = successor;
    if (!successor.empty()) placed[unit.code()] = successor;
  }
  return placed;
}

absl::StatusOr<v1::Overview> ViewBuilder::Build(const Scope& scope, absl::Time deadline) {
  const bool national = scope.unit_code.empty();
  const std::string unit_name = national ? "" : absl::StrCat("units/", scope.unit_code);
  const std::string year = absl::StrCat(scope.year);
  Fanout fanout(deadline, scope.caller);
  type::v1::PartialDate as_of;
  time::DayToProto(scope.as_of, &as_of);

  // Round 1: everything at once.
  av1::ListUnitsRequest rows_request;
  if (!national) rows_request.set_parent(unit_name);
  rows_request.set_level(national ? av1::PROVINCE_LEVEL : av1::UNIT_LEVEL_UNSPECIFIED);
  *rows_request.mutable_as_of() = as_of;
  rows_request.set_page_size(kMaxUnits);
  auto* rows_call = fanout.Start<av1::ListUnitsRequest, av1::ListUnitsResponse>(
      v1::UNITS, "ListUnits", rows_request, [this](auto* c, auto* q, auto* r, auto cb) {
        units_->async()->ListUnits(c, q, r, std::move(cb));
      });
  Fanout::Call<av1::GetUnitRequest, av1::Unit>* unit_call = nullptr;
  if (!national) {
    av1::GetUnitRequest request;
    request.set_name(unit_name);
    *request.mutable_as_of() = as_of;
    unit_call = fanout.Start<av1::GetUnitRequest, av1::Unit>(
        v1::UNITS, "GetUnit", request, [this](auto* c, auto* q, auto* r, auto cb) {
          units_->async()->GetUnit(c, q, r, std::move(cb));
        });
  }
  pv1::ListPlanDigestsRequest digests_request;
  digests_request.set_year(scope.year);
  digests_request.set_page_size(20000);
  auto* digests_call = fanout.Start<pv1::ListPlanDigestsRequest, pv1::ListPlanDigestsResponse>(
      v1::PLANS, "ListPlanDigests", digests_request, [this](auto* c, auto* q, auto* r, auto cb) {
        plans_->async()->ListPlanDigests(c, q, r, std::move(cb));
      });
  const std::vector<std::string> periods = {absl::StrCat(year, "-H1"), year};
  std::vector<Fanout::Call<rv1::GetComplianceRequest, rv1::Compliance>*> compliance_calls;
  for (const std::string& period : periods) {
    rv1::GetComplianceRequest request;
    request.set_unit(unit_name);
    request.set_period(period);
    request.set_exact_period(true);
    request.set_omit_agencies(true);
    *request.mutable_as_of() = as_of;
    compliance_calls.push_back(fanout.Start<rv1::GetComplianceRequest, rv1::Compliance>(
        v1::REPORTING, absl::StrCat("GetCompliance ", period), request,
        [this](auto* c, auto* q, auto* r, auto cb) {
          reporting_->async()->GetCompliance(c, q, r, std::move(cb));
        }));
  }
  std::vector<Fanout::Call<rv1::GetIndicatorRequest, rv1::Indicator>*> indicator_calls;
  std::vector<Fanout::Call<rv1::GetRollupRequest, rv1::Rollup>*> rollup_calls;
  for (const std::string& code : key_indicators_) {
    rv1::GetIndicatorRequest get;
    get.set_name(absl::StrCat("indicators/", code));
    // An unknown key indicator is the gateway's configuration, not an
    // outage: the indicator is shown without figures.
    indicator_calls.push_back(fanout.Start<rv1::GetIndicatorRequest, rv1::Indicator>(
        v1::REPORTING, absl::StrCat("GetIndicator ", code), get,
        [this](auto* c, auto* q, auto* r, auto cb) {
          reporting_->async()->GetIndicator(c, q, r, std::move(cb));
        },
        /*not_found_is_answer=*/true));
    rv1::GetRollupRequest rollup;
    rollup.set_indicator(absl::StrCat("indicators/", code));
    rollup.set_unit(unit_name);
    rollup.set_period(year);
    *rollup.mutable_as_of() = as_of;
    rollup.set_by_child(true);
    rollup_calls.push_back(fanout.Start<rv1::GetRollupRequest, rv1::Rollup>(
        v1::REPORTING, absl::StrCat("GetRollup ", code), rollup,
        [this](auto* c, auto* q, auto* r, auto cb) {
          reporting_->async()->GetRollup(c, q, r, std::move(cb));
        }));
  }
  cv1::SummarizeCampaignRequest summary_request;
  summary_request.set_kind(cv1::ACTION_MONTH_GENDER_EQUALITY);
  summary_request.set_year(scope.year);
  summary_request.set_unit(unit_name);
  // NOT_FOUND: no Action Month that year, which is an answer.
  auto* campaign_call = fanout.Start<cv1::SummarizeCampaignRequest, cv1::CampaignSummary>(
      v1::CAMPAIGNS, "SummarizeCampaign", summary_request,
      [this](auto* c, auto* q, auto* r, auto cb) {
        campaigns_->async()->SummarizeCampaign(c, q, r, std::move(cb));
      },
      /*not_found_is_answer=*/true);
  fanout.Wait();

  // A unit that does not exist on as_of is the caller's mistake.
  if (unit_call != nullptr && unit_call->not_found()) {
    return InvalidFieldError(
        "unit", absl::StrCat(unit_name, " does not exist on ", time::FormatDate(scope.as_of)));
  }
  // The roll-up of an unknown key indicator fails too; that is not the
  // reporting service's fault either.
  for (size_t i = 0; i < key_indicators_.size(); ++i) {
    if (!indicator_calls[i]->not_found()) continue;
    rollup_calls[i]->counts_for_section = false;
    WarnUnknownIndicator(key_indicators_[i]);
  }
  v1::Overview overview;
  overview.set_year(scope.year);
  *overview.mutable_as_of() = as_of;
  overview.set_unit(unit_name);
  *overview.mutable_assembled_at() = time::ToTimestamp(absl::Now());
  fanout.ReportSections(overview.mutable_sections());
  overview.set_display_name(national          ? "Việt Nam"
                            : unit_call->ok() ? unit_call->response.display_name()
                                              : unit_name);

  // The rows, and the first day of their hierarchy.
  std::map<std::string, v1::OverviewRow*> rows;
  absl::CivilDay era_start(1, 1, 1);
  std::string scope_path = national ? "" : scope.unit_code;
  if (unit_call != nullptr && unit_call->ok()) {
    scope_path = unit_call->response.path();
    era_start = StartOf(unit_call->response.valid_from());
  }
  if (rows_call->ok()) {
    for (const av1::Unit& unit : rows_call->response.units()) {
      v1::OverviewRow* row = overview.add_rows();
      row->set_unit(unit.name());
      row->set_display_name(unit.display_name());
      rows[unit.code()] = row;
      era_start = std::max(era_start, StartOf(unit.valid_from()));
    }
  }
  v1::OverviewRow* own = nullptr;  // the province's own bodies
  if (!national) {
    own = overview.add_rows();
    own->set_unit(unit_name);
    own->set_display_name(absl::StrCat(overview.display_name(), " (cấp tỉnh)"));
    rows[scope.unit_code] = own;
  }
  v1::OverviewRow* totals = overview.mutable_totals();
  totals->set_unit(unit_name);
  totals->set_display_name(overview.display_name());

  // Where a unit of an older hierarchy goes: placed through its successor
  // province (only as deep as a province: an old district's successor is
  // its new province).
  const absl::CivilDay older_day = era_start - 1;
  std::set<std::string> older_codes;
  if (digests_call->ok()) {
    for (const pv1::PlanDigest& d : digests_call->response.digests()) {
      std::optional<absl::CivilDay> day = DayOf(d.reference_date());
      if (day.has_value() && *day < era_start) {
        older_codes.insert(d.unit_path().substr(0, d.unit_path().find('/')));
      }
    }
  }
  std::optional<absl::CivilDay> campaign_start;
  if (campaign_call->ok()) {
    // The campaign's first day tells the hierarchy its units belong to.
    campaign_start = DayOf(campaign_call->response.current().start_date());
    if (campaign_start.has_value() && *campaign_start < era_start) {
      for (const auto& child : campaign_call->response.current().children()) {
        older_codes.insert(CodeOf(child.unit()));
      }
    }
  }
  std::map<std::string, std::string> placed;
  if (!older_codes.empty() && era_start > absl::CivilDay(1, 1, 1)) {
    placed = PlaceOlderUnits(std::vector<std::string>(older_codes.begin(), older_codes.end()),
                             older_day, deadline, overview.mutable_sections());
  }
  // The row a path of the as_of hierarchy falls in ("" when outside).
  auto row_of_path = [&](const std::string& path) -> std::string {
    if (national) return path.substr(0, path.find('/'));
    if (path == scope_path) return scope.unit_code;
    if (!absl::StartsWith(path, scope_path + "/")) return "";
    const std::string rest = path.substr(scope_path.size() + 1);
    return rest.substr(0, rest.find('/'));
  };
  auto row_of_older = [&](const std::string& province) -> std::string {
    auto it = placed.find(province);
    if (it == placed.end()) return "";
    if (national) return it->second;
    return it->second == scope.unit_code ? scope.unit_code : "";
  };

  // Plans.
  if (digests_call->ok()) {
    std::map<std::string, std::set<std::string>> agencies_by_row;
    std::set<std::string> all_agencies;
    // Present, with zeros, in every row: the plans service answered.
    totals->mutable_plans();
    for (auto& [key, row] : rows) row->mutable_plans();
    for (const pv1::PlanDigest& d : digests_call->response.digests()) {
      if (d.status() == pv1::WITHDRAWN) continue;
      std::optional<absl::CivilDay> day = DayOf(d.reference_date());
      const bool older = day.has_value() && *day < era_start;
      const std::string key = older ? row_of_older(d.unit_path().substr(0, d.unit_path().find('/')))
                                    : row_of_path(d.unit_path());
      if (key.empty()) continue;
      const bool draft = d.status() == pv1::DRAFT;
      std::vector<v1::OverviewRow*> targets = {totals};
      auto row = rows.find(key);
      if (row != rows.end()) targets.push_back(row->second);
      for (v1::OverviewRow* target : targets) {
        v1::PlanFigures* f = target->mutable_plans();
        if (draft) {
          f->set_drafts(f->drafts() + 1);
          continue;
        }
        f->set_plans(f->plans() + 1);
        f->set_tasks(f->tasks() + d.tasks());
        // The most recent plan by issue date; one with no printed date
        // only until a dated one comes.
        const bool dated = d.issue_date().year() != 0;
        if (f->latest_status().empty() ||
            (dated &&
             (!f->has_latest_issue_date() || Later(d.issue_date(), f->latest_issue_date())))) {
          if (dated) *f->mutable_latest_issue_date() = d.issue_date();
          f->set_latest_status(pv1::PlanStatus_Name(d.status()));
        }
      }
      if (!draft) {
        agencies_by_row[key].insert(d.agencies().begin(), d.agencies().end());
        all_agencies.insert(d.agencies().begin(), d.agencies().end());
      }
    }
    for (const auto& [key, agencies] : agencies_by_row) {
      auto row = rows.find(key);
      if (row != rows.end()) {
        row->second->mutable_plans()->set_assigned_agencies(static_cast<int32_t>(agencies.size()));
      }
    }
    totals->mutable_plans()->set_assigned_agencies(static_cast<int32_t>(all_agencies.size()));
  }

  // Compliance, per period.
  for (size_t i = 0; i < periods.size(); ++i) {
    const auto* call = compliance_calls[i];
    if (!call->ok()) continue;
    AddCompliance(periods[i], call->response.total(), totals);
    std::map<std::string, const rv1::ComplianceCounts*> groups;
    for (const auto& group : call->response.by_child_unit()) {
      if (!group.key().empty()) groups[CodeOf(group.key())] = &group.counts();
    }
    for (auto& [key, row] : rows) {
      auto group = groups.find(key);
      AddCompliance(periods[i], group != groups.end() ? *group->second : rv1::ComplianceCounts(),
                    row);
    }
  }

  // Key indicators.
  for (size_t i = 0; i < key_indicators_.size(); ++i) {
    const auto* indicator = indicator_calls[i];
    const auto* rollup = rollup_calls[i];
    const std::string name = absl::StrCat("indicators/", key_indicators_[i]);
    // Named once for the whole view; the rows carry only figures.
    v1::IndicatorInfo* info = overview.add_indicators();
    info->set_indicator(name);
    if (indicator->ok()) {
      info->set_display_name(indicator->response.display_name_vi());
      v1::IndicatorFigures target;
      SetTarget(indicator->response, scope.year, &target);
      info->set_target(target.target());
      info->set_target_year(target.target_year());
      info->set_comparison(target.comparison());
    }
    auto figures_for = [&](v1::OverviewRow* row,
                           const google::protobuf::RepeatedPtrField<rv1::RollupValue>* values) {
      v1::IndicatorFigures* f = row->add_indicators();
      f->set_indicator(name);
      if (values != nullptr) SetRollupValue(*values, f);
      if (indicator->ok()) SetTarget(indicator->response, scope.year, f);
    };
    figures_for(totals, rollup->ok() ? &rollup->response.values() : nullptr);
    std::map<std::string, const rv1::Rollup::Child*> children;
    if (rollup->ok()) {
      for (const auto& child : rollup->response.children()) children[CodeOf(child.unit())] = &child;
    }
    // The province's own bodies are no child in the roll-up: theirs is
    // what the province holds beyond its children.
    google::protobuf::RepeatedPtrField<rv1::RollupValue> own_values;
    if (own != nullptr && rollup->ok() && indicator->ok()) {
      std::optional<rv1::RollupValue> own_total = OwnTotal(rollup->response, indicator->response);
      if (own_total.has_value()) *own_values.Add() = *own_total;
    }
    for (auto& [key, row] : rows) {
      if (row == own) {
        figures_for(row, rollup->ok() ? &own_values : nullptr);
        continue;
      }
      auto child = children.find(key);
      figures_for(row, child != children.end() ? &child->second->values() : nullptr);
    }
  }

  // The Action Month.
  if (campaign_call->ok() && campaign_call->response.has_current()) {
    const cv1::CampaignFigures& current = campaign_call->response.current();
    const CampaignSums whole = CampaignSums::Of(current.activities(), current.participants(),
                                                current.people_reached(), current.spend_vnd());
    AddCampaign(current.campaign(), whole, totals);
    // Every row answered: zeros are real zeros here.
    for (auto& [key, row] : rows) AddCampaign(current.campaign(), CampaignSums(), row);
    const bool older = campaign_start.has_value() && *campaign_start < era_start;
    CampaignSums remainder = whole;  // what no child holds: the unit's own
    for (const auto& child : current.children()) {
      const CampaignSums sums = CampaignSums::Of(child.activities(), child.participants(),
                                                 child.people_reached(), child.spend_vnd());
      remainder -= sums;
      const std::string code = CodeOf(child.unit());
      const std::string key = older ? row_of_older(code) : code;
      auto row = rows.find(key);
      if (row == rows.end()) continue;
      AddCampaign(current.campaign(), sums, row->second);
    }
    if (own != nullptr && remainder.activities > 0) {
      AddCampaign(current.campaign(), remainder, own);
    }
  }
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
  return Build({request.year(), as_of->value_or(today), "", caller}, deadline);
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
  return Build({request.year(), as_of->value_or(today), *code, caller}, deadline);
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
  type::v1::PartialDate day;
  time::DayToProto(as_of->value_or(today), &day);
  Fanout fanout(deadline, caller);
  rv1::GetIndicatorRequest get;
  get.set_name(request.indicator());
  auto* indicator = fanout.Start<rv1::GetIndicatorRequest, rv1::Indicator>(
      v1::REPORTING, "GetIndicator", get, [this](auto* c, auto* q, auto* r, auto cb) {
        reporting_->async()->GetIndicator(c, q, r, std::move(cb));
      });
  rv1::GetRollupRequest rollup_request;
  rollup_request.set_indicator(request.indicator());
  rollup_request.set_period(absl::StrCat(request.year()));
  *rollup_request.mutable_as_of() = day;
  rollup_request.set_by_child(true);
  auto* rollup = fanout.Start<rv1::GetRollupRequest, rv1::Rollup>(
      v1::REPORTING, "GetRollup", rollup_request, [this](auto* c, auto* q, auto* r, auto cb) {
        reporting_->async()->GetRollup(c, q, r, std::move(cb));
      });
  av1::ListUnitsRequest provinces_request;
  provinces_request.set_level(av1::PROVINCE_LEVEL);
  *provinces_request.mutable_as_of() = day;
  provinces_request.set_page_size(kMaxUnits);
  auto* provinces = fanout.Start<av1::ListUnitsRequest, av1::ListUnitsResponse>(
      v1::UNITS, "ListUnits", provinces_request, [this](auto* c, auto* q, auto* r, auto cb) {
        units_->async()->ListUnits(c, q, r, std::move(cb));
      });
  fanout.Wait();
  if (indicator->status.error_code() == grpc::StatusCode::NOT_FOUND) {
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
      v1::UNITS, "GetAgency", get, [this](auto* c, auto* q, auto* r, auto cb) {
        agencies_->async()->GetAgency(c, q, r, std::move(cb));
      });
  pv1::ListAssignmentsRequest assignments_request;
  assignments_request.set_agency(request.agency());
  assignments_request.set_year(request.year());
  assignments_request.set_page_size(1000);
  auto* assignments = fanout.Start<pv1::ListAssignmentsRequest, pv1::ListAssignmentsResponse>(
      v1::PLANS, "ListAssignments", assignments_request,
      [this](auto* c, auto* q, auto* r, auto cb) {
        plans_->async()->ListAssignments(c, q, r, std::move(cb));
      });
  rv1::ListObligationsRequest obligations_request;
  obligations_request.set_agency(request.agency());
  obligations_request.set_page_size(1000);
  auto* obligations = fanout.Start<rv1::ListObligationsRequest, rv1::ListObligationsResponse>(
      v1::REPORTING, "ListObligations", obligations_request,
      [this](auto* c, auto* q, auto* r, auto cb) {
        reporting_->async()->ListObligations(c, q, r, std::move(cb));
      });
  fanout.Wait();
  if (agency->status.error_code() == grpc::StatusCode::NOT_FOUND) {
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
      out->set_kind(pv1::AssignmentKind_Name(a.kind()));
      out->set_code(a.code());
      out->set_title(a.title().empty() ? a.content().substr(0, 200) : a.title());
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
      out->set_kind(rv1::ReportKind_Name(o.kind()));
      out->set_period(o.period());
      *out->mutable_due_date() = o.due_date();
      out->set_state(rv1::ObligationState_Name(o.state()));
      out->set_report(o.report());
    }
  }
  return workload;
}

}  // namespace interplan::gateway
