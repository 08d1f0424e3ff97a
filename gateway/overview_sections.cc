#include "gateway/overview_sections.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/enum_names.h"
#include "common/time/date.h"
#include "common/time/timestamp.h"
#include "common/time/validity.h"
#include "gateway/indicator_figures.h"

namespace interplan::gateway {
namespace {

namespace pv1 = ::interplan::plans::v1;
namespace rv1 = ::interplan::reporting::v1;
namespace cv1 = ::interplan::campaigns::v1;

bool Later(const google::type::Date& a, const google::type::Date& b) {
  return std::tuple(a.year(), a.month(), a.day()) > std::tuple(b.year(), b.month(), b.day());
}

// One plan of `digest` counted into `figures`.
void AddPlan(const pv1::PlanDigest& digest, v1::PlanFigures* figures) {
  if (digest.status() == pv1::PLAN_STATUS_DRAFT) {
    figures->set_drafts(figures->drafts() + 1);
    return;
  }
  figures->set_plans(figures->plans() + 1);
  if (digest.content() == pv1::PLAN_CONTENT_HEADER_ONLY) {
    figures->set_header_only(figures->header_only() + 1);
  }
  figures->set_tasks(figures->tasks() + digest.tasks());
  // The most recent plan by issue date; one with no printed date only
  // until a dated one comes.
  const bool dated = digest.issue_date().year() != 0;
  if (figures->latest_status().empty() ||
      (dated && (!figures->has_latest_issue_date() ||
                 Later(digest.issue_date(), figures->latest_issue_date())))) {
    if (dated) *figures->mutable_latest_issue_date() = digest.issue_date();
    figures->set_latest_status(api::ShortEnumName(digest.status()));
  }
}

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

  static CampaignSums Of(const cv1::CampaignFigures& f) {
    const cv1::Participants& p = f.participants();
    return {f.activities(), p.female(),         p.male(),     p.unspecified(),
            p.total(),      f.people_reached(), f.spend_vnd()};
  }
  static CampaignSums Of(const cv1::CampaignFigures::ChildFigures& f) {
    const cv1::Participants& p = f.participants();
    return {f.activities(), p.female(),         p.male(),     p.unspecified(),
            p.total(),      f.people_reached(), f.spend_vnd()};
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

using RollupValues = google::protobuf::RepeatedPtrField<rv1::RollupValue>;

// The indicator named once for the whole view; the rows carry only figures.
void AddIndicatorInfo(const OverviewAnswers::KeyIndicator& key, const std::string& name, int year,
                      v1::Overview* overview) {
  v1::IndicatorInfo* info = overview->add_indicators();
  info->set_indicator(name);
  if (!key.indicator.has_value()) return;
  info->set_display_name(key.indicator->display_name_vi());
  v1::IndicatorFigures target;
  SetTarget(*key.indicator, year, &target);
  info->set_target(target.target());
  info->set_target_year(target.target_year());
  info->set_comparison(target.comparison());
}

void AddIndicatorFigures(const OverviewAnswers::KeyIndicator& key, const std::string& name,
                         int year, const RollupValues* values, v1::OverviewRow* row) {
  v1::IndicatorFigures* f = row->add_indicators();
  f->set_indicator(name);
  if (values != nullptr) SetRollupValue(*values, f);
  if (key.indicator.has_value()) SetTarget(*key.indicator, year, f);
}

void FillKeyIndicator(const OverviewAnswers::KeyIndicator& key, int year, const OverviewRows& rows,
                      v1::Overview* overview) {
  const std::string name = absl::StrCat("indicators/", key.code);
  AddIndicatorInfo(key, name, year, overview);
  const bool rolled_up = key.rollup.has_value();
  AddIndicatorFigures(key, name, year, rolled_up ? &key.rollup->values() : nullptr, rows.totals);
  std::map<std::string, const rv1::Rollup::Child*> children;
  if (rolled_up) {
    for (const auto& child : key.rollup->children()) children[CodeOf(child.unit())] = &child;
  }
  // The province's own bodies are no child in the roll-up: theirs is what
  // the province holds beyond its children.
  RollupValues own_values;
  if (rows.own != nullptr && rolled_up && key.indicator.has_value()) {
    std::optional<rv1::RollupValue> own_total = OwnTotal(*key.rollup, *key.indicator);
    if (own_total.has_value()) *own_values.Add() = *own_total;
  }
  for (const auto& [code, row] : rows.rows) {
    if (row == rows.own) {
      AddIndicatorFigures(key, name, year, rolled_up ? &own_values : nullptr, row);
      continue;
    }
    auto child = children.find(code);
    AddIndicatorFigures(key, name, year,
                        child != children.end() ? &child->second->values() : nullptr, row);
  }
}

}  // namespace

v1::Overview StartOverview(const OverviewAnswers& answers) {
  v1::Overview overview;
  overview.set_year(answers.year);
  time::DayToProto(answers.as_of, overview.mutable_as_of());
  overview.set_unit(answers.unit_name());
  *overview.mutable_assembled_at() = time::ToTimestamp(absl::Now());
  *overview.mutable_sections() = answers.sections;
  overview.set_display_name(answers.national()         ? "Việt Nam"
                            : answers.unit.has_value() ? answers.unit->display_name()
                                                       : answers.unit_name());
  return overview;
}

void FillPlans(const OverviewAnswers& answers, const OverviewRows& rows) {
  if (!answers.digests.has_value()) return;
  std::map<std::string, std::set<std::string>> agencies_by_row;
  std::set<std::string> all_agencies;
  // Present, with zeros, in every row: the plans service answered.
  rows.totals->mutable_plans();
  for (const auto& [code, row] : rows.rows) row->mutable_plans();
  for (const pv1::PlanDigest& d : answers.digests->digests()) {
    if (d.status() == pv1::PLAN_STATUS_WITHDRAWN) continue;
    std::optional<absl::CivilDay> day = DayOf(d.reference_date());
    const bool older = day.has_value() && *day < rows.era_start;
    const std::string key = older
                                ? rows.RowOfOlder(d.unit_path().substr(0, d.unit_path().find('/')))
                                : rows.RowOfPath(d.unit_path());
    if (key.empty()) continue;
    AddPlan(d, rows.totals->mutable_plans());
    if (v1::OverviewRow* row = rows.Find(key); row != nullptr) AddPlan(d, row->mutable_plans());
    if (d.status() != pv1::PLAN_STATUS_DRAFT) {
      agencies_by_row[key].insert(d.agencies().begin(), d.agencies().end());
      all_agencies.insert(d.agencies().begin(), d.agencies().end());
    }
  }
  for (const auto& [key, agencies] : agencies_by_row) {
    if (v1::OverviewRow* row = rows.Find(key); row != nullptr) {
      row->mutable_plans()->set_assigned_agencies(static_cast<int32_t>(agencies.size()));
    }
  }
  rows.totals->mutable_plans()->set_assigned_agencies(static_cast<int32_t>(all_agencies.size()));
}

void FillCompliance(const OverviewAnswers& answers, const OverviewRows& rows) {
  for (const OverviewAnswers::PeriodCompliance& period : answers.compliance) {
    if (!period.compliance.has_value()) continue;
    AddCompliance(period.period, period.compliance->total(), rows.totals);
    std::map<std::string, const rv1::ComplianceCounts*> groups;
    for (const auto& group : period.compliance->by_child_unit()) {
      if (!group.key().empty()) groups[CodeOf(group.key())] = &group.counts();
    }
    for (const auto& [code, row] : rows.rows) {
      auto group = groups.find(code);
      AddCompliance(period.period, group != groups.end() ? *group->second : rv1::ComplianceCounts(),
                    row);
    }
  }
}

void FillKeyIndicators(const OverviewAnswers& answers, const OverviewRows& rows,
                       v1::Overview* overview) {
  for (const OverviewAnswers::KeyIndicator& key : answers.key_indicators) {
    FillKeyIndicator(key, answers.year, rows, overview);
  }
}

void FillActionMonth(const OverviewAnswers& answers, const OverviewRows& rows) {
  if (!answers.campaign.has_value() || !answers.campaign->has_current()) return;
  const cv1::CampaignFigures& current = answers.campaign->current();
  const CampaignSums whole = CampaignSums::Of(current);
  AddCampaign(current.campaign(), whole, rows.totals);
  // Every row answered: zeros are real zeros here.
  for (const auto& [code, row] : rows.rows) AddCampaign(current.campaign(), CampaignSums(), row);
  const std::optional<absl::CivilDay> start = DayOf(current.start_date());
  const bool older = start.has_value() && *start < rows.era_start;
  CampaignSums remainder = whole;  // what no child holds: the unit's own
  for (const auto& child : current.children()) {
    const CampaignSums sums = CampaignSums::Of(child);
    remainder -= sums;
    const std::string code = CodeOf(child.unit());
    v1::OverviewRow* row = rows.Find(older ? rows.RowOfOlder(code) : code);
    if (row != nullptr) AddCampaign(current.campaign(), sums, row);
  }
  if (rows.own != nullptr && remainder.activities > 0) {
    AddCampaign(current.campaign(), remainder, rows.own);
  }
}

}  // namespace interplan::gateway
