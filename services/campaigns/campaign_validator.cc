#include "services/campaigns/campaign_validator.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api/list_window.h"
#include "common/api/resource_name.h"
#include "common/api/text_fields.h"
#include "common/text/clean_text.h"
#include "common/time/date.h"
#include "common/time/partial_date.h"
#include "common/time/validity.h"

namespace interplan::campaigns {
namespace {

namespace av1 = ::interplan::agencies::v1;
namespace pv1 = ::interplan::plans::v1;

// The most one activity may count. Ten times Vietnam's population for
// people, and amounts far above any activity's: a count past them is a
// typing or encoding error, and with them a summary's sums over up to
// hundreds of thousands of activities stay within 64 bits.
constexpr int64_t kMaxPeople = 1'000'000'000;
constexpr int64_t kMaxMediaItems = 1'000'000;
constexpr int64_t kMaxSpendVnd = 10'000'000'000'000;  // 10 000 tỷ đồng

bool IsSlug(absl::string_view s) { return s.empty() || IsValidResourceId(s); }

// A month/day of a recurrence, checked on a leap year.
bool ValidDayOfYear(int month, int day) {
  return month >= 1 && day >= 1 && time::PartialDate::Create(2024, month, day).ok();
}

// The day `month`/`day` of `year`, a valid day of the year on a leap year
// (ValidDayOfYear): 29 February in a common year is the 28th, not the 1st of
// March absl::CivilDay would make of it.
absl::CivilDay ClampedDay(int64_t year, int month, int day) {
  const absl::CivilDay result(year, month, day);
  if (result.month() == month) return result;
  return absl::CivilDay(year, month + 1, 1) - 1;
}

absl::CivilDay RecurrenceStart(const v1::Recurrence& r, int year) {
  return ClampedDay(year, r.start_month(), r.start_day());
}

// The window's end, in the next year when it wraps (15/12 - 15/01).
absl::CivilDay RecurrenceEnd(const v1::Recurrence& r, int year) {
  const bool wraps = r.end_month() < r.start_month() ||
                     (r.end_month() == r.start_month() && r.end_day() < r.start_day());
  return ClampedDay(wraps ? year + 1 : year, r.end_month(), r.end_day());
}

// a + b for counts that are not negative, stopping at the largest int64_t
// instead of wrapping around.
int64_t SaturatingSum(int64_t a, int64_t b) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  return a > kMax - b ? kMax : a + b;
}

// The fields of a new campaign other than its dates and plan tasks.
void CheckCampaignFields(const v1::CreateCampaignRequest& request, const v1::Campaign& campaign,
                         FieldViolations& violations) {
  if (campaign.display_name().empty()) violations.Add("campaign.display_name", "is required");
  if (campaign.kind() == v1::CAMPAIGN_KIND_UNSPECIFIED ||
      !v1::CampaignKind_IsValid(campaign.kind())) {
    violations.Add("campaign.kind", "is required");
  }
  if (!IsSlug(campaign.series())) {
    violations.Add("campaign.series", "must be 2-63 characters of a-z, 0-9 and '-'");
  }
  if (!request.campaign_id().empty() && !IsValidResourceId(request.campaign_id())) {
    violations.Add("campaign_id", "must be 2-63 characters of a-z, 0-9 and '-'");
  }
  if (campaign.organiser().empty()) {
    violations.Add("campaign.organiser", "is required");
  } else {
    violations.AddFrom(
        "", ParseResourceName(campaign.organiser(), "agencies", "campaign.organiser").status());
  }
  if (!campaign.scope().empty()) {
    violations.AddFrom("", ParseResourceName(campaign.scope(), "units", "campaign.scope").status());
  }
}

// The days of a recurring campaign's instance, from its recurrence and
// year; dates it gives must agree. Computed only when nothing so far is
// wrong.
std::optional<CampaignDays> RecurringDays(const v1::Campaign& campaign,
                                          FieldViolations& violations) {
  const v1::Recurrence& r = campaign.recurrence();
  if (!ValidDayOfYear(r.start_month(), r.start_day())) {
    violations.Add("campaign.recurrence.start_month", "not a day of the year");
  }
  if (!ValidDayOfYear(r.end_month(), r.end_day())) {
    violations.Add("campaign.recurrence.end_month", "not a day of the year");
  }
  if (campaign.year() < 1 || campaign.year() > 9998) {
    violations.Add("campaign.year", "a recurring campaign's instance needs its year");
  }
  if (campaign.series().empty()) {
    violations.Add("campaign.series", "a recurring campaign needs a series name");
  }
  if (!violations.empty()) return std::nullopt;
  const CampaignDays days{RecurrenceStart(r, campaign.year()), RecurrenceEnd(r, campaign.year())};
  for (const auto& [date, computed, field] :
       {std::tuple{campaign.start_date(), days.start, "campaign.start_date"},
        std::tuple{campaign.end_date(), days.end, "campaign.end_date"}}) {
    absl::StatusOr<std::optional<absl::CivilDay>> given = time::OptionalDayFromProto(date, field);
    if (!given.ok()) {
      violations.AddFrom("", given.status());
    } else if (given->has_value() && **given != computed) {
      violations.Add(field, absl::StrCat("the recurrence makes it ", time::FormatDate(computed)));
    }
  }
  return days;
}

// The days of a one-off campaign, as given. The year it is filed under
// (summaries by kind and year) is that of its start unless given; one
// running over the new year may be filed under either.
std::optional<CampaignDays> GivenDays(v1::Campaign& campaign, FieldViolations& violations) {
  absl::StatusOr<time::Validity> dates = time::Validity::FromProto(
      campaign.start_date(), campaign.end_date(), "campaign.start_date", "campaign.end_date");
  if (!dates.ok()) {
    violations.AddFrom("", dates.status());
    return std::nullopt;
  }
  if (!dates->from.has_value() || !dates->to.has_value()) {
    violations.Add(dates->from.has_value() ? "campaign.end_date" : "campaign.start_date",
                   "is required");
    return std::nullopt;
  }
  const CampaignDays days{*dates->from, *dates->to};
  if (campaign.year() == 0) {
    campaign.set_year(static_cast<int32_t>(days.start.year()));
  } else if (campaign.year() < days.start.year() || campaign.year() > days.end.year()) {
    const std::string span = absl::StrCat("a campaign from ", time::FormatDate(days.start), " to ",
                                          time::FormatDate(days.end), " is of ", days.start.year());
    violations.Add("campaign.year", days.start.year() == days.end.year()
                                        ? span
                                        : absl::StrCat(span, " or ", days.end.year()));
  }
  return days;
}

void CheckPlanTaskNames(const v1::Campaign& campaign, FieldViolations& violations) {
  for (int i = 0; i < campaign.plan_tasks_size(); ++i) {
    const v1::PlanTaskLink& link = campaign.plan_tasks(i);
    violations.AddFrom("", ParseResourceName(link.plan(), "plans",
                                             absl::StrCat("campaign.plan_tasks[", i, "].plan"))
                               .status());
    if (link.task().empty()) {
      violations.Add(absl::StrCat("campaign.plan_tasks[", i, "].task"), "is required");
    }
  }
}

// Whether `plan` has a task with code `code`, in any section.
bool PlanHasTask(const pv1::Plan& plan, const std::string& code) {
  bool found = false;
  std::function<void(const pv1::Section&)> look = [&](const pv1::Section& section) {
    for (const pv1::Task& task : section.tasks()) found = found || task.code() == code;
    for (const pv1::Section& sub : section.sections()) look(sub);
  };
  for (const pv1::Section& section : plan.sections()) look(section);
  return found;
}

// Adds `field`'s violation when `organiser` (named `name`) is unknown or
// not in force on `day`; whether it is in force.
bool CheckOrganiserInForce(const std::optional<av1::Agency>& organiser, const std::string& name,
                           absl::CivilDay day, const std::string& field,
                           FieldViolations& violations) {
  if (!organiser.has_value()) {
    violations.Add(field, absl::StrCat("unknown agency ", name));
    return false;
  }
  if (std::optional<std::string> why = NotInForce(*organiser, day)) {
    violations.Add(field, *why);
    return false;
  }
  return true;
}

// An activity's type, organiser, unit and venue names.
void CheckActivityNames(const v1::Activity& activity, const std::string& path,
                        FieldViolations& violations) {
  if (activity.type() == v1::ACTIVITY_TYPE_UNSPECIFIED ||
      !v1::ActivityType_IsValid(activity.type())) {
    violations.Add(path + ".type", "is required");
  }
  if (activity.organiser().empty()) {
    violations.Add(path + ".organiser", "is required");
  } else {
    violations.AddFrom(
        "", ParseResourceName(activity.organiser(), "agencies", path + ".organiser").status());
  }
  if (activity.unit().empty()) {
    violations.Add(path + ".unit", "is required: the unit of the organiser's it counts in");
  } else {
    violations.AddFrom("", ParseResourceName(activity.unit(), "units", path + ".unit").status());
  }
  if (!activity.venue().empty()) {
    violations.AddFrom("", ParseResourceName(activity.venue(), "units", path + ".venue").status());
  }
}

// An activity's dates, inside the campaign's; the end defaults to the
// start. Its first day when it has one.
std::optional<absl::CivilDay> CheckActivityDates(const CampaignDays& days, v1::Activity& activity,
                                                 const std::string& path,
                                                 FieldViolations& violations) {
  absl::StatusOr<time::Validity> dates = time::Validity::FromProto(
      activity.start_date(), activity.end_date(), path + ".start_date", path + ".end_date");
  if (!dates.ok()) {
    violations.AddFrom("", dates.status());
    return std::nullopt;
  }
  if (!dates->from.has_value()) {
    violations.Add(path + ".start_date", "is required");
    return std::nullopt;
  }
  if (!dates->to.has_value()) {
    dates->to = dates->from;
    time::DayToProto(*dates->to, activity.mutable_end_date());
  }
  const std::string window =
      absl::StrCat(time::FormatDate(days.start), "..", time::FormatDate(days.end));
  if (*dates->from < days.start || *dates->from > days.end) {
    violations.Add(path + ".start_date", absl::StrCat("is outside the campaign (", window, ")"));
  }
  if (*dates->to < days.start || *dates->to > days.end) {
    violations.Add(path + ".end_date", absl::StrCat("is outside the campaign (", window, ")"));
  }
  return dates->from;
}

// One count: not negative, not past `max`; whether it is fine.
bool CheckCount(int64_t value, const std::string& path, absl::string_view field, int64_t max,
                FieldViolations& violations) {
  if (value < 0) {
    violations.Add(absl::StrCat(path, field), "must not be negative");
    return false;
  }
  if (value > max) {
    violations.Add(absl::StrCat(path, field), absl::StrCat("must be at most ", max));
    return false;
  }
  return true;
}

// An activity's counts; a total left at 0 becomes the sum by sex.
void CheckActivityCounts(v1::Activity& activity, const std::string& path,
                         FieldViolations& violations) {
  v1::Participants& p = *activity.mutable_participants();
  const bool female_ok =
      CheckCount(p.female(), path, ".participants.female", kMaxPeople, violations);
  const bool male_ok = CheckCount(p.male(), path, ".participants.male", kMaxPeople, violations);
  const bool unspecified_ok =
      CheckCount(p.unspecified(), path, ".participants.unspecified", kMaxPeople, violations);
  const bool total_ok = CheckCount(p.total(), path, ".participants.total", kMaxPeople, violations);
  CheckCount(activity.people_reached(), path, ".people_reached", kMaxPeople, violations);
  CheckCount(activity.media_items(), path, ".media_items", kMaxMediaItems, violations);
  CheckCount(activity.spend_vnd(), path, ".spend_vnd", kMaxSpendVnd, violations);
  // The three by sex against the total (which, left at 0, is their sum).
  // Not when one is negative (named above: the sum means nothing) or the
  // total is already named; counts past their bound are still compared,
  // without wrapping around.
  if (p.female() < 0 || p.male() < 0 || p.unspecified() < 0 || !total_ok) return;
  const int64_t by_sex = SaturatingSum(SaturatingSum(p.female(), p.male()), p.unspecified());
  const std::string sum = by_sex == std::numeric_limits<int64_t>::max()
                              ? "female + male + unspecified"
                              : absl::StrCat("female + male + unspecified = ", by_sex);
  if (p.total() != 0 && by_sex > p.total()) {
    violations.Add(path + ".participants.total",
                   absl::StrCat(sum, " is more than the total ", p.total()));
  } else if (p.total() == 0 && female_ok && male_ok && unspecified_ok) {
    if (by_sex > kMaxPeople) {
      violations.Add(
          path + ".participants.total",
          absl::StrCat(sum, " is more than ", kMaxPeople, ", the most one activity may count"));
    } else {
      p.set_total(by_sex);
    }
  }
}

// The unit's path, when it is inside the campaign's scope and the
// jurisdiction of the organiser (whose own unit has `organiser_path`).
std::optional<std::string> CheckActivityUnit(const v1::Activity& activity,
                                             const ActivityPlaces& places,
                                             const std::optional<std::string>& organiser_path,
                                             const std::string& path, FieldViolations& violations) {
  const absl::StatusOr<std::string>& unit_path = places.unit_path;
  if (!unit_path.ok()) {
    violations.Add(path + ".unit", std::string(unit_path.status().message()));
  } else if (!Within(*unit_path, places.scope_path)) {
    violations.Add(path + ".unit",
                   absl::StrCat(activity.unit(), " is outside the campaign's scope"));
  } else if (organiser_path.has_value() && !Within(*unit_path, *organiser_path)) {
    // An activity counts where its organiser is: held elsewhere, it names
    // the place as its venue.
    const std::string& organiser_unit = places.organiser->unit();
    violations.Add(path + ".unit",
                   absl::StrCat(activity.unit(), " is outside the jurisdiction of ",
                                activity.organiser(), " (", organiser_unit, "): record it in ",
                                organiser_unit, " and name where it was held as venue"));
  } else {
    return *unit_path;
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<CampaignDays> DaysOf(const v1::Campaign& campaign) {
  absl::StatusOr<std::optional<absl::CivilDay>> start =
      time::OptionalDayFromProto(campaign.start_date(), "start_date");
  absl::StatusOr<std::optional<absl::CivilDay>> end =
      time::OptionalDayFromProto(campaign.end_date(), "end_date");
  if (!start.ok() || !end.ok() || !start->has_value() || !end->has_value()) {
    return absl::DataLossError("stored campaign without dates");
  }
  return CampaignDays{**start, **end};
}

bool Within(absl::string_view path, absl::string_view root) {
  return root.empty() || path == root ||
         (absl::StartsWith(path, root) && path.size() > root.size() && path[root.size()] == '/');
}

absl::Status UnknownUnitAsInvalid(const absl::Status& status) {
  return absl::IsNotFound(status) ? InvalidFieldError("unit", std::string(status.message()))
                                  : status;
}

absl::StatusOr<NewCampaign> CheckNewCampaign(const v1::CreateCampaignRequest& request) {
  NewCampaign checked;
  v1::Campaign& campaign = checked.campaign;
  campaign = request.campaign();
  campaign.clear_name();
  campaign.clear_create_time();
  FieldViolations violations;
  CleanTextFields(&campaign, "campaign", violations);
  CheckCampaignFields(request, campaign, violations);
  // Dates: from the recurrence and the year, or given.
  std::optional<CampaignDays> days = campaign.has_recurrence() ? RecurringDays(campaign, violations)
                                                               : GivenDays(campaign, violations);
  CheckPlanTaskNames(campaign, violations);
  if (!violations.empty()) return violations.ToStatus();
  checked.days = *days;
  time::DayToProto(days->start, campaign.mutable_start_date());
  time::DayToProto(days->end, campaign.mutable_end_date());
  return checked;
}

// Its validity is whole days, or a month or a year when only that is
// known: a partial start counts from its earliest day, a partial end to
// its latest.
std::optional<std::string> NotInForce(const av1::Agency& agency, absl::CivilDay day) {
  absl::StatusOr<time::PartialDate> from = time::PartialDate::FromProto(agency.valid_from());
  absl::StatusOr<time::PartialDate> to = time::PartialDate::FromProto(agency.valid_to());
  if (from.ok() && from->IsSet() && *from->EarliestDay() > day) {
    return absl::StrCat(agency.name(), " did not exist yet on ", time::FormatDate(day), " (from ",
                        from->ToString(), ")");
  }
  if (to.ok() && to->IsSet() && *to->LatestDay() < day) {
    return absl::StrCat(
        agency.name(), " had ceased by ", time::FormatDate(day), " (last day ", to->ToString(), ")",
        agency.successor().empty() ? "" : absl::StrCat("; its successor is ", agency.successor()));
  }
  return std::nullopt;
}

absl::Status CheckCampaignPlaces(const NewCampaign& checked, const CampaignPlaces& places) {
  const v1::Campaign& campaign = checked.campaign;
  FieldViolations violations;
  CheckOrganiserInForce(places.organiser, campaign.organiser(), checked.days.start,
                        "campaign.organiser", violations);
  if (!places.scope_path.ok()) {
    violations.Add("campaign.scope", std::string(places.scope_path.status().message()));
  }
  if (places.organiser_path.has_value() &&
      (!places.organiser_path->ok() || !Within(**places.organiser_path, *places.scope_path))) {
    violations.Add(
        "campaign.organiser",
        absl::StrCat(campaign.organiser(), " is outside the campaign's scope ", campaign.scope()));
  }
  for (int i = 0; i < campaign.plan_tasks_size() && i < static_cast<int>(places.plans.size());
       ++i) {
    const v1::PlanTaskLink& link = campaign.plan_tasks(i);
    if (!places.plans[i].has_value()) {
      violations.Add(absl::StrCat("campaign.plan_tasks[", i, "].plan"),
                     absl::StrCat("unknown plan ", link.plan()));
    } else if (!PlanHasTask(*places.plans[i], link.task())) {
      violations.Add(absl::StrCat("campaign.plan_tasks[", i, "].task"),
                     absl::StrCat(link.plan(), " has no task ", link.task()));
    }
  }
  return violations.ToStatus();
}

absl::Status SeriesTakenError(const v1::Campaign& campaign, const std::string& existing_id) {
  return InvalidFieldError(
      "campaign.year", absl::StrCat("series ", campaign.series(), " already has its instance for ",
                                    campaign.year(), ": campaigns/", existing_id));
}

absl::StatusOr<ActivityContent> CheckActivityContent(const CampaignDays& days,
                                                     const v1::Activity& input,
                                                     const std::string& path) {
  ActivityContent content;
  v1::Activity& activity = content.activity;
  activity = input;
  FieldViolations violations;
  CleanTextFields(&activity, path, violations);
  CheckActivityNames(activity, path, violations);
  std::optional<absl::CivilDay> first_day = CheckActivityDates(days, activity, path, violations);
  CheckActivityCounts(activity, path, violations);
  for (int i = 0; i < activity.evidence_links_size(); ++i) {
    const std::string& link = activity.evidence_links(i);
    if (!absl::StartsWith(link, "https://") && !absl::StartsWith(link, "http://")) {
      violations.Add(absl::StrCat(path, ".evidence_links[", i, "]"), "must be an http(s) link");
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  content.first_day = *first_day;
  return content;
}

absl::StatusOr<std::string> CheckActivityPlaces(const ActivityContent& content,
                                                const ActivityPlaces& places,
                                                const std::string& path) {
  const v1::Activity& activity = content.activity;
  FieldViolations violations;
  // The organiser's own unit's path, when it has one: the activity counts
  // inside it.
  std::optional<std::string> organiser_path;
  if (CheckOrganiserInForce(places.organiser, activity.organiser(), content.first_day,
                            path + ".organiser", violations) &&
      places.organiser_path.has_value()) {
    const absl::StatusOr<std::string>& path_then = *places.organiser_path;
    if (!path_then.ok() || !Within(*path_then, places.scope_path)) {
      violations.Add(path + ".organiser",
                     absl::StrCat(activity.organiser(), " is outside the campaign's scope"));
    } else {
      organiser_path = *path_then;
    }
  }
  std::optional<std::string> unit_path =
      CheckActivityUnit(activity, places, organiser_path, path, violations);
  if (places.venue_path.has_value() && !places.venue_path->ok()) {
    violations.Add(path + ".venue", std::string(places.venue_path->status().message()));
  }
  if (!violations.empty()) return violations.ToStatus();
  return *unit_path;
}

absl::StatusOr<Correction> CheckCorrection(const v1::CorrectActivityRequest& request) {
  const std::vector<std::string> parts = absl::StrSplit(request.activity().name(), '/');
  if (parts.size() != 4 || parts[0] != "campaigns" || parts[2] != "activities" ||
      parts[1].empty() || parts[3].empty()) {
    return InvalidFieldError("activity.name", "is not of the form campaigns/{id}/activities/{id}");
  }
  absl::StatusOr<std::string> reason = text::CleanText(request.reason());
  if (!reason.ok()) return InvalidFieldError("reason", std::string(reason.status().message()));
  if (reason->empty()) return InvalidFieldError("reason", "say what the correction changes");
  return Correction{ActivityId{parts[1], parts[3]}, *std::move(reason)};
}

absl::StatusOr<ActivityId> CheckGetActivity(const v1::GetActivityRequest& request) {
  const std::vector<std::string> parts = absl::StrSplit(request.name(), '/');
  if (parts.size() != 4 || parts[0] != "campaigns" || parts[2] != "activities") {
    return InvalidFieldError("name", "is not of the form campaigns/{id}/activities/{id}");
  }
  if (request.version() < 0) return InvalidFieldError("version", "must not be negative");
  return ActivityId{parts[1], parts[3]};
}

absl::StatusOr<ListWindow> CheckListCampaigns(const v1::ListCampaignsRequest& request) {
  FieldViolations violations;
  const ListWindow window =
      ListWindow::Of(request, request.page_size(), request.page_token(), 100, 1000, &violations);
  if (!v1::CampaignKind_IsValid(request.kind())) violations.Add("kind", "unknown kind");
  if (!violations.empty()) return violations.ToStatus();
  return window;
}

absl::StatusOr<ActivityListing> CheckListActivities(const v1::ListActivitiesRequest& request) {
  FieldViolations violations;
  const ListWindow window =
      ListWindow::Of(request, request.page_size(), request.page_token(), 100, 1000, &violations);
  if (!request.unit().empty()) {
    violations.AddFrom("", ParseResourceName(request.unit(), "units", "unit").status());
  }
  if (!request.organiser().empty()) {
    violations.AddFrom("",
                       ParseResourceName(request.organiser(), "agencies", "organiser").status());
  }
  absl::StatusOr<std::string> venue = std::string();
  if (!request.venue().empty()) {
    venue = ParseResourceName(request.venue(), "units", "venue");
    violations.AddFrom("", venue.status());
  }
  if (!violations.empty()) return violations.ToStatus();
  return ActivityListing{window, *std::move(venue)};
}

absl::StatusOr<std::string> CheckSummaryRequest(const v1::SummarizeCampaignRequest& request) {
  FieldViolations violations;
  std::string unit_code;
  if (!request.unit().empty()) {
    absl::StatusOr<std::string> code = ParseResourceName(request.unit(), "units", "unit");
    violations.AddFrom("", code.status());
    if (code.ok()) unit_code = *code;
  }
  if (request.campaign().empty() &&
      (request.kind() == v1::CAMPAIGN_KIND_UNSPECIFIED || request.year() == 0)) {
    violations.Add("campaign", "name a campaign, or a kind and a year");
  }
  if (!violations.empty()) return violations.ToStatus();
  return unit_code;
}

absl::Status CheckUnitInCampaignScope(const std::string& unit, const std::string& unit_path,
                                      const v1::Campaign& campaign, const std::string& scope_path) {
  if (Within(unit_path, scope_path)) return absl::OkStatus();
  return InvalidFieldError("unit", absl::StrCat(unit, " is outside the scope ", campaign.scope(),
                                                " of ", campaign.name()));
}

}  // namespace interplan::campaigns
