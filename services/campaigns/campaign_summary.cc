#include "services/campaigns/campaign_summary.h"

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/campaigns/campaign_validator.h"

namespace interplan::campaigns {
namespace {

namespace av1 = ::interplan::agencies::v1;

void AddParticipants(const ActivityTotals& totals, v1::Participants& participants) {
  participants.set_female(participants.female() + totals.female);
  participants.set_male(participants.male() + totals.male);
  participants.set_unspecified(participants.unspecified() + totals.unspecified);
  participants.set_total(participants.total() + totals.participants);
}

// Adds `rows` (sums by unit path and type, all inside the subtree of
// `root`) to `figures`, and to `children` under the child of `root` each
// falls under.
void AddTotals(const std::vector<ActivityTotals>& rows, const std::string& root,
               v1::CampaignFigures& figures,
               std::map<std::string, v1::CampaignFigures::ChildFigures>& children) {
  std::map<int, int64_t> by_type;
  for (const ActivityTotals& row : rows) {
    by_type[static_cast<int>(row.type)] += row.activities;
    figures.set_activities(figures.activities() + row.activities);
    AddParticipants(row, *figures.mutable_participants());
    figures.set_people_reached(figures.people_reached() + row.people_reached);
    figures.set_media_items(figures.media_items() + row.media_items);
    figures.set_spend_vnd(figures.spend_vnd() + row.spend_vnd);
    // The child of the root this path falls under.
    const std::string& path = row.unit_path;
    const std::string rest = root.empty() ? path : path == root ? "" : path.substr(root.size() + 1);
    if (rest.empty()) continue;
    v1::CampaignFigures::ChildFigures& child = children[rest.substr(0, rest.find('/'))];
    child.set_activities(child.activities() + row.activities);
    AddParticipants(row, *child.mutable_participants());
    child.set_people_reached(child.people_reached() + row.people_reached);
    child.set_spend_vnd(child.spend_vnd() + row.spend_vnd);
  }
  for (const auto& [type, count] : by_type) {
    v1::CampaignFigures::TypeCount* t = figures.add_by_type();
    t->set_type(static_cast<v1::ActivityType>(type));
    t->set_activities(count);
  }
}

// Sets the child units of the summarised unit in `figures`: each with its
// share, or among those without activity.
void AddChildUnits(const std::vector<av1::Unit>& units,
                   std::map<std::string, v1::CampaignFigures::ChildFigures>& children,
                   v1::CampaignFigures& figures) {
  figures.set_child_units(static_cast<int32_t>(units.size()));
  for (const av1::Unit& unit : units) {
    auto it = children.find(unit.code());
    if (it == children.end()) {
      figures.add_units_without_activity(unit.name());
      continue;
    }
    it->second.set_unit(unit.name());
    it->second.set_display_name(unit.display_name());
    *figures.add_children() = it->second;
  }
}

}  // namespace

CampaignSummarizer::CampaignSummarizer(storage::Database& db, CampaignStore& store,
                                       CampaignReferences& references)
    : db_(db), store_(store), references_(references) {}

absl::StatusOr<v1::CampaignSummary> CampaignSummarizer::Summarize(const v1::Campaign& campaign,
                                                                  const std::string& unit_code,
                                                                  const CallContext& call) {
  absl::StatusOr<CampaignDays> days = DaysOf(campaign);
  if (!days.ok()) return days.status();
  v1::CampaignSummary summary;
  summary.set_unit(unit_code.empty() ? "" : absl::StrCat("units/", unit_code));
  absl::StatusOr<v1::CampaignFigures> current = Figures(campaign, unit_code, call);
  if (!current.ok()) return UnknownUnitAsInvalid(current.status());
  *summary.mutable_current() = std::move(*current);
  if (!unit_code.empty()) {
    absl::StatusOr<std::optional<av1::Unit>> unit =
        references_.UnitAt(unit_code, days->start, call);
    if (unit.ok() && unit->has_value()) summary.set_unit_display_name((*unit)->display_name());
  } else {
    summary.set_unit_display_name("Việt Nam");
  }
  if (!campaign.series().empty()) {
    absl::Status previous = AddPreviousYear(campaign, unit_code, summary, call);
    if (!previous.ok()) return previous;
  }
  return summary;
}

absl::Status CampaignSummarizer::AddPreviousYear(const v1::Campaign& campaign,
                                                 const std::string& unit_code,
                                                 v1::CampaignSummary& summary,
                                                 const CallContext& call) {
  std::optional<v1::Campaign> previous;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::optional<v1::Campaign>> found =
        store_.FindSeriesInstance(txn, campaign.series(), campaign.year() - 1);
    if (!found.ok()) return found.status();
    previous = *std::move(found);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!previous.has_value()) return absl::OkStatus();
  absl::StatusOr<v1::CampaignFigures> figures = Figures(*previous, unit_code, call);
  // The unit may not have existed in the previous year's hierarchy.
  if (figures.ok()) {
    *summary.mutable_previous() = std::move(*figures);
  } else if (!absl::IsNotFound(figures.status())) {
    return figures.status();
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::CampaignFigures> CampaignSummarizer::Figures(const v1::Campaign& campaign,
                                                                const std::string& unit_code,
                                                                const CallContext& call) {
  absl::StatusOr<CampaignDays> days = DaysOf(campaign);
  if (!days.ok()) return days.status();
  absl::StatusOr<std::string> root = references_.PathOn(
      unit_code.empty() ? "" : absl::StrCat("units/", unit_code), days->start, call);
  if (!root.ok()) return root.status();
  v1::CampaignFigures figures;
  figures.set_campaign(campaign.name());
  figures.set_year(campaign.year());
  *figures.mutable_start_date() = campaign.start_date();
  *figures.mutable_end_date() = campaign.end_date();
  std::vector<ActivityTotals> rows;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::vector<ActivityTotals>> found =
        store_.SumActivities(txn, campaign.name().substr(10), *root);
    if (!found.ok()) return found.status();
    rows = *std::move(found);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  std::map<std::string, v1::CampaignFigures::ChildFigures> children;
  AddTotals(rows, *root, figures, children);
  absl::StatusOr<std::vector<av1::Unit>> units = references_.Children(unit_code, days->start, call);
  if (!units.ok()) return units.status();
  AddChildUnits(*units, children, figures);
  return figures;
}

}  // namespace interplan::campaigns
