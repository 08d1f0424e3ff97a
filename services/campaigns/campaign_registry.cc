#include "services/campaigns/campaign_registry.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/api/page_token.h"
#include "common/api/resource_name.h"
#include "common/api/text_fields.h"
#include "common/errors/errors.h"
#include "common/errors/grpc_status.h"
#include "common/storage/like_pattern.h"
#include "common/storage/request_log.h"
#include "common/text/clean_text.h"
#include "common/time/date.h"
#include "common/time/partial_date.h"
#include "common/time/timestamp.h"
#include "common/time/validity.h"

namespace interplan::campaigns {
namespace {

namespace av1 = ::interplan::agencies::v1;
namespace pv1 = ::interplan::plans::v1;

constexpr char kCampaignType[] = "interplan.campaigns.v1.Campaign";
constexpr char kActivityType[] = "interplan.campaigns.v1.Activity";

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

struct CampaignDays {
  absl::CivilDay start;
  absl::CivilDay end;
};

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

// a + b for counts that are not negative, stopping at the largest int64_t
// instead of wrapping around.
int64_t SaturatingSum(int64_t a, int64_t b) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  return a > kMax - b ? kMax : a + b;
}

// Whether `path` is `root` or below it ("" is the nation, above everything).
bool Within(absl::string_view path, absl::string_view root) {
  return root.empty() || path == root ||
         (absl::StartsWith(path, root) && path.size() > root.size() && path[root.size()] == '/');
}

// Why `agency` was not in force on `day`, as interplan-plans says it of the
// agencies a plan names; nullopt when it was. Its validity is whole days, or
// a month or a year when only that is known: a partial start counts from its
// earliest day, a partial end to its latest.
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

}  // namespace

CampaignRegistry::CampaignRegistry(storage::Database& db, RememberingAgenciesClient& registry,
                                   PlansClient& plans)
    : db_(db), registry_(registry), access_(registry), plans_(plans) {}

absl::StatusOr<std::optional<v1::Campaign>> CampaignRegistry::FindCampaign(
    storage::Transaction& txn, const std::string& id) {
  absl::StatusOr<std::vector<storage::Row>> rows =
      txn.Query("SELECT data FROM campaigns WHERE id = $1", {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<v1::Campaign>();
  v1::Campaign campaign;
  if (!campaign.ParseFromString((*rows)[0][0].AsBytes())) {
    return absl::DataLossError("stored campaign does not parse");
  }
  return std::optional<v1::Campaign>(std::move(campaign));
}

absl::StatusOr<v1::Campaign> CampaignRegistry::LoadCampaign(const std::string& name,
                                                            const std::string& field) {
  absl::StatusOr<std::string> id = ParseResourceName(name, "campaigns", field);
  if (!id.ok()) return id.status();
  std::optional<v1::Campaign> campaign;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::optional<v1::Campaign>> found = FindCampaign(txn, *id);
    if (!found.ok()) return found.status();
    campaign = std::move(*found);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (!campaign.has_value()) return ResourceNotFoundError(kCampaignType, name);
  return *campaign;
}

absl::StatusOr<std::string> CampaignRegistry::PathInScope(const std::string& unit_name,
                                                          absl::CivilDay day,
                                                          const access::ReadScope& scope,
                                                          const CallContext& call) {
  absl::StatusOr<std::string> path = PathOn(unit_name, day, call);
  if (!path.ok()) {
    return absl::IsNotFound(path.status())
               ? InvalidFieldError("unit", std::string(path.status().message()))
               : path.status();
  }
  absl::Status allowed = CampaignAccess::CheckUnitInScope(scope, call, unit_name, *path);
  if (!allowed.ok()) return allowed;
  return path;
}

absl::StatusOr<std::string> CampaignRegistry::PathOn(const std::string& unit_name,
                                                     absl::CivilDay day, const CallContext& call) {
  if (unit_name.empty()) return std::string();
  absl::StatusOr<std::optional<av1::Unit>> unit =
      registry_.UnitAt(unit_name.substr(6), day, call.deadline);
  if (!unit.ok()) return unit.status();
  if (!unit->has_value()) {
    return absl::NotFoundError(
        absl::StrCat(unit_name, " did not exist on ", time::FormatDate(day)));
  }
  return (*unit)->path();
}

absl::StatusOr<v1::Campaign> CampaignRegistry::CreateCampaign(
    const v1::CreateCampaignRequest& request, const CallContext& call) {
  v1::Campaign response;
  absl::StatusOr<bool> recorded = storage::FindRecordedResponse(
      db_, "CreateCampaign", request.request_id(), request, &response);
  if (!recorded.ok()) return recorded.status();
  if (*recorded) {
    // A retry is answered only to a caller who may make the request.
    if (call.principal.has_value()) {
      absl::StatusOr<CampaignDays> days = DaysOf(response);
      if (!days.ok()) return days.status();
      absl::StatusOr<std::string> scope_path = PathOn(response.scope(), days->start, call);
      if (!scope_path.ok() && !absl::IsNotFound(scope_path.status())) {
        return scope_path.status();
      }
      absl::Status allowed =
          access_.MayCreate(call, response.name(), response, scope_path.value_or(""), days->start);
      if (!allowed.ok()) return allowed;
    }
    return response;
  }

  v1::Campaign campaign = request.campaign();
  campaign.clear_name();
  campaign.clear_create_time();
  FieldViolations violations;
  CleanTextFields(&campaign, "campaign", violations);
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
  // Dates: from the recurrence and the year, or given.
  std::optional<absl::CivilDay> start, end;
  if (campaign.has_recurrence()) {
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
    if (violations.empty()) {
      start = RecurrenceStart(r, campaign.year());
      end = RecurrenceEnd(r, campaign.year());
      for (const auto& [date, computed, field] :
           {std::tuple{campaign.start_date(), *start, "campaign.start_date"},
            std::tuple{campaign.end_date(), *end, "campaign.end_date"}}) {
        absl::StatusOr<std::optional<absl::CivilDay>> given =
            time::OptionalDayFromProto(date, field);
        if (!given.ok()) {
          violations.AddFrom("", given.status());
        } else if (given->has_value() && **given != computed) {
          violations.Add(field,
                         absl::StrCat("the recurrence makes it ", time::FormatDate(computed)));
        }
      }
    }
  } else {
    absl::StatusOr<time::Validity> dates = time::Validity::FromProto(
        campaign.start_date(), campaign.end_date(), "campaign.start_date", "campaign.end_date");
    if (!dates.ok()) {
      violations.AddFrom("", dates.status());
    } else if (!dates->from.has_value() || !dates->to.has_value()) {
      violations.Add(dates->from.has_value() ? "campaign.end_date" : "campaign.start_date",
                     "is required");
    } else {
      start = dates->from;
      end = dates->to;
      // The year it is filed under (summaries by kind and year): that of
      // its start unless given; one running over the new year may be
      // filed under either.
      if (campaign.year() == 0) {
        campaign.set_year(static_cast<int32_t>(start->year()));
      } else if (campaign.year() < start->year() || campaign.year() > end->year()) {
        violations.Add("campaign.year",
                       start->year() == end->year()
                           ? absl::StrCat("a campaign from ", time::FormatDate(*start), " to ",
                                          time::FormatDate(*end), " is of ", start->year())
                           : absl::StrCat("a campaign from ", time::FormatDate(*start), " to ",
                                          time::FormatDate(*end), " is of ", start->year(), " or ",
                                          end->year()));
      }
    }
  }
  for (int i = 0; i < campaign.plan_tasks_size(); ++i) {
    const v1::PlanTaskLink& link = campaign.plan_tasks(i);
    violations.AddFrom("", ParseResourceName(link.plan(), "plans",
                                             absl::StrCat("campaign.plan_tasks[", i, "].plan"))
                               .status());
    if (link.task().empty()) {
      violations.Add(absl::StrCat("campaign.plan_tasks[", i, "].task"), "is required");
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  time::DayToProto(*start, campaign.mutable_start_date());
  time::DayToProto(*end, campaign.mutable_end_date());

  // The organiser, the scope and the plan tasks, as of the first day.
  absl::StatusOr<std::map<std::string, av1::Agency>> agencies =
      registry_.Agencies({campaign.organiser().substr(9)}, call.deadline);
  if (!agencies.ok()) return agencies.status();
  auto organiser = agencies->find(campaign.organiser().substr(9));
  bool organiser_in_force = false;
  if (organiser == agencies->end()) {
    violations.Add("campaign.organiser", absl::StrCat("unknown agency ", campaign.organiser()));
  } else if (std::optional<std::string> why = NotInForce(organiser->second, *start)) {
    violations.Add("campaign.organiser", *why);
  } else {
    organiser_in_force = true;
  }
  absl::StatusOr<std::string> scope_path = PathOn(campaign.scope(), *start, call);
  if (!scope_path.ok()) {
    if (!absl::IsNotFound(scope_path.status())) return scope_path.status();
    violations.Add("campaign.scope", std::string(scope_path.status().message()));
  } else {
    // Whether the caller may create it, before the plans it names are
    // looked up for it.
    absl::Status allowed = access_.MayCreate(
        call,
        request.campaign_id().empty() ? std::string("campaigns")
                                      : absl::StrCat("campaigns/", request.campaign_id()),
        campaign, *scope_path, *start);
    if (!allowed.ok()) return allowed;
  }
  if (organiser_in_force && scope_path.ok() && !organiser->second.unit().empty()) {
    absl::StatusOr<std::string> organiser_path = PathOn(organiser->second.unit(), *start, call);
    if (!organiser_path.ok() && !absl::IsNotFound(organiser_path.status())) {
      return organiser_path.status();
    }
    if (!organiser_path.ok() || !Within(*organiser_path, *scope_path)) {
      violations.Add("campaign.organiser",
                     absl::StrCat(campaign.organiser(), " is outside the campaign's scope ",
                                  campaign.scope()));
    }
  }
  for (int i = 0; i < campaign.plan_tasks_size(); ++i) {
    const v1::PlanTaskLink& link = campaign.plan_tasks(i);
    pv1::GetPlanRequest get;
    get.set_name(link.plan());
    absl::StatusOr<pv1::Plan> plan = plans_.GetPlan(get, call.deadline);
    if (absl::IsNotFound(plan.status())) {
      violations.Add(absl::StrCat("campaign.plan_tasks[", i, "].plan"),
                     absl::StrCat("unknown plan ", link.plan()));
      continue;
    }
    if (!plan.ok()) {
      return UnavailableError(
          absl::StrCat("interplan-plans is unavailable, so plan tasks cannot be checked: ",
                       plan.status().message()),
          absl::Seconds(2));
    }
    bool found = false;
    std::function<void(const pv1::Section&)> look = [&](const pv1::Section& section) {
      for (const pv1::Task& task : section.tasks()) found = found || task.code() == link.task();
      for (const pv1::Section& sub : section.sections()) look(sub);
    };
    for (const pv1::Section& section : plan->sections()) look(section);
    if (!found) {
      violations.Add(absl::StrCat("campaign.plan_tasks[", i, "].task"),
                     absl::StrCat(link.plan(), " has no task ", link.task()));
    }
  }
  if (!violations.empty()) return violations.ToStatus();

  const std::string id =
      !request.campaign_id().empty()
          ? request.campaign_id()
          : GenerateResourceId(campaign.series().empty()
                                   ? campaign.display_name()
                                   : absl::StrCat(campaign.series(), " ", campaign.year()));
  absl::Status status = storage::RunIdempotent(
      db_, "CreateCampaign", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        if (!campaign.series().empty()) {
          absl::StatusOr<std::vector<storage::Row>> same =
              txn.Query("SELECT id FROM campaigns WHERE series = $1 AND year = $2",
                        {campaign.series(), campaign.year()});
          if (!same.ok()) return same.status();
          if (!same->empty()) {
            return InvalidFieldError(
                "campaign.year",
                absl::StrCat("series ", campaign.series(), " already has its instance for ",
                             campaign.year(), ": campaigns/", (*same)[0][0].AsText()));
          }
        }
        v1::Campaign stored = campaign;
        stored.set_name(absl::StrCat("campaigns/", id));
        const int64_t now = absl::ToUnixMicros(absl::Now());
        *stored.mutable_create_time() = time::TimestampFromMicros(now);
        absl::StatusOr<int64_t> inserted = txn.Execute(
            "INSERT INTO campaigns (id, kind, series, year, start_date, end_date, data,"
            " create_time_micros) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            " ON CONFLICT (id) DO NOTHING",
            {id, static_cast<int64_t>(stored.kind()), stored.series(), stored.year(),
             time::FormatDate(*start), time::FormatDate(*end),
             storage::Blob{stored.SerializeAsString()}, now});
        if (!inserted.ok()) return inserted.status();
        if (*inserted == 0) {
          return WithErrorInfo(
              absl::AlreadyExistsError(absl::StrCat(stored.name(), " already exists")),
              "ALREADY_EXISTS", {{"resource", stored.name()}});
        }
        static_cast<v1::Campaign*>(out)->CopyFrom(stored);
        return absl::OkStatus();
      },
      call.audit);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Campaign> CampaignRegistry::GetCampaign(const v1::GetCampaignRequest& request) {
  return LoadCampaign(request.name(), "name");
}

absl::StatusOr<v1::ListCampaignsResponse> CampaignRegistry::ListCampaigns(
    const v1::ListCampaignsRequest& request) {
  FieldViolations violations;
  absl::StatusOr<int> page_size = EffectivePageSize(request.page_size(), 100, 1000);
  violations.AddFrom("", page_size.status());
  absl::StatusOr<std::string> after =
      DecodePageToken(request.page_token(), FilterFingerprint(request));
  violations.AddFrom("", after.status());
  if (!v1::CampaignKind_IsValid(request.kind())) violations.Add("kind", "unknown kind");
  if (!violations.empty()) return violations.ToStatus();
  storage::Params params = {*after};
  std::string where = "id > $1";
  if (request.kind() != v1::CAMPAIGN_KIND_UNSPECIFIED) {
    params.push_back(static_cast<int64_t>(request.kind()));
    absl::StrAppend(&where, " AND kind = $", params.size());
  }
  if (request.year() != 0) {
    params.push_back(request.year());
    absl::StrAppend(&where, " AND year = $", params.size());
  }
  if (!request.series().empty()) {
    params.push_back(request.series());
    absl::StrAppend(&where, " AND series = $", params.size());
  }
  params.push_back(static_cast<int64_t>(*page_size + 1));
  const std::string sql = absl::StrCat("SELECT id, data FROM campaigns WHERE ", where,
                                       " ORDER BY id LIMIT $", params.size());
  v1::ListCampaignsResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    response.Clear();
    absl::StatusOr<std::vector<storage::Row>> rows = txn.Query(sql, params);
    if (!rows.ok()) return rows.status();
    const bool more = static_cast<int>(rows->size()) > *page_size;
    if (more) rows->pop_back();
    for (const storage::Row& row : *rows) {
      response.add_campaigns()->ParseFromString(row[1].AsBytes());
    }
    if (more) {
      response.set_next_page_token(
          EncodePageToken(FilterFingerprint(request), rows->back()[0].AsText()));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<CampaignRegistry::CheckedActivity> CampaignRegistry::CheckActivity(
    const v1::Campaign& campaign, const v1::Activity& input, const std::string& path,
    const CallContext& call) {
  absl::StatusOr<CampaignDays> days = DaysOf(campaign);
  if (!days.ok()) return days.status();
  CheckedActivity checked;
  v1::Activity& activity = checked.activity;
  activity = input;
  FieldViolations violations;
  CleanTextFields(&activity, path, violations);
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
  absl::StatusOr<time::Validity> dates = time::Validity::FromProto(
      activity.start_date(), activity.end_date(), path + ".start_date", path + ".end_date");
  if (!dates.ok()) {
    violations.AddFrom("", dates.status());
  } else if (!dates->from.has_value()) {
    violations.Add(path + ".start_date", "is required");
  } else {
    if (!dates->to.has_value()) {
      dates->to = dates->from;
      time::DayToProto(*dates->to, activity.mutable_end_date());
    }
    const std::string window =
        absl::StrCat(time::FormatDate(days->start), "..", time::FormatDate(days->end));
    if (*dates->from < days->start || *dates->from > days->end) {
      violations.Add(path + ".start_date", absl::StrCat("is outside the campaign (", window, ")"));
    }
    if (*dates->to < days->start || *dates->to > days->end) {
      violations.Add(path + ".end_date", absl::StrCat("is outside the campaign (", window, ")"));
    }
  }
  v1::Participants& p = *activity.mutable_participants();
  // Each count: not negative, not past its bound; whether it is fine.
  auto check_count = [&](int64_t value, absl::string_view field, int64_t max) {
    if (value < 0) {
      violations.Add(absl::StrCat(path, field), "must not be negative");
      return false;
    }
    if (value > max) {
      violations.Add(absl::StrCat(path, field), absl::StrCat("must be at most ", max));
      return false;
    }
    return true;
  };
  const bool female_ok = check_count(p.female(), ".participants.female", kMaxPeople);
  const bool male_ok = check_count(p.male(), ".participants.male", kMaxPeople);
  const bool unspecified_ok = check_count(p.unspecified(), ".participants.unspecified", kMaxPeople);
  const bool total_ok = check_count(p.total(), ".participants.total", kMaxPeople);
  check_count(activity.people_reached(), ".people_reached", kMaxPeople);
  check_count(activity.media_items(), ".media_items", kMaxMediaItems);
  check_count(activity.spend_vnd(), ".spend_vnd", kMaxSpendVnd);
  // The three by sex against the total (which, left at 0, is their sum).
  // Not when one is negative (named above: the sum means nothing) or the
  // total is already named; counts past their bound are still compared,
  // without wrapping around.
  if (p.female() >= 0 && p.male() >= 0 && p.unspecified() >= 0 && total_ok) {
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
  for (int i = 0; i < activity.evidence_links_size(); ++i) {
    const std::string& link = activity.evidence_links(i);
    if (!absl::StartsWith(link, "https://") && !absl::StartsWith(link, "http://")) {
      violations.Add(absl::StrCat(path, ".evidence_links[", i, "]"), "must be an http(s) link");
    }
  }
  if (!violations.empty()) return violations.ToStatus();

  // The organiser and the unit, inside the campaign's scope on its dates.
  absl::StatusOr<std::map<std::string, av1::Agency>> agencies =
      registry_.Agencies({activity.organiser().substr(9)}, call.deadline);
  if (!agencies.ok()) return agencies.status();
  auto organiser = agencies->find(activity.organiser().substr(9));
  absl::StatusOr<std::string> scope = PathOn(campaign.scope(), days->start, call);
  if (!scope.ok()) return scope.status();
  auto inside = [&](const std::string& p) { return Within(p, *scope); };
  // The organiser's own unit's path, when it has one: the activity counts
  // inside it.
  std::optional<std::string> organiser_path;
  if (organiser == agencies->end()) {
    violations.Add(path + ".organiser", absl::StrCat("unknown agency ", activity.organiser()));
  } else if (std::optional<std::string> why = NotInForce(organiser->second, *dates->from)) {
    // In force on the day the activity started.
    violations.Add(path + ".organiser", *why);
  } else if (!organiser->second.unit().empty()) {
    absl::StatusOr<std::string> path_then = PathOn(organiser->second.unit(), days->start, call);
    if (!path_then.ok() && !absl::IsNotFound(path_then.status())) return path_then.status();
    if (!path_then.ok() || !inside(*path_then)) {
      violations.Add(path + ".organiser",
                     absl::StrCat(activity.organiser(), " is outside the campaign's scope"));
    } else {
      organiser_path = *path_then;
    }
  }
  absl::StatusOr<std::string> unit_path =
      PlacedPath(activity.unit(), days->start, dates->from, call);
  if (!unit_path.ok()) {
    if (!absl::IsNotFound(unit_path.status())) return unit_path.status();
    violations.Add(path + ".unit", std::string(unit_path.status().message()));
  } else if (!inside(*unit_path)) {
    violations.Add(path + ".unit",
                   absl::StrCat(activity.unit(), " is outside the campaign's scope"));
  } else if (organiser_path.has_value() && !Within(*unit_path, *organiser_path)) {
    // An activity counts where its organiser is: held elsewhere, it names
    // the place as its venue.
    violations.Add(
        path + ".unit",
        absl::StrCat(activity.unit(), " is outside the jurisdiction of ", activity.organiser(),
                     " (", organiser->second.unit(), "): record it in ", organiser->second.unit(),
                     " and name where it was held as venue"));
  } else {
    checked.unit_path = *unit_path;
  }
  if (!activity.venue().empty()) {
    absl::StatusOr<std::string> venue_path =
        PlacedPath(activity.venue(), days->start, dates->from, call);
    if (!venue_path.ok()) {
      if (!absl::IsNotFound(venue_path.status())) return venue_path.status();
      violations.Add(path + ".venue", std::string(venue_path.status().message()));
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  return checked;
}

absl::StatusOr<std::string> CampaignRegistry::PlacedPath(const std::string& unit_name,
                                                         absl::CivilDay campaign_start,
                                                         std::optional<absl::CivilDay> first_day,
                                                         const CallContext& call) {
  absl::StatusOr<std::string> path = PathOn(unit_name, campaign_start, call);
  if (!path.ok() && absl::IsNotFound(path.status()) && first_day.has_value()) {
    path = PathOn(unit_name, *first_day, call);
  }
  return path;
}

absl::Status CampaignRegistry::StoreActivity(storage::Transaction& txn,
                                             const std::string& campaign_id,
                                             const std::string& activity_id,
                                             const CheckedActivity& checked, bool insert) {
  const v1::Activity& a = checked.activity;
  const v1::Participants& p = a.participants();
  const storage::Params params = {campaign_id,
                                  activity_id,
                                  a.version(),
                                  a.organiser().substr(9),
                                  a.unit().substr(6),
                                  checked.unit_path,
                                  static_cast<int64_t>(a.type()),
                                  p.female(),
                                  p.male(),
                                  p.unspecified(),
                                  p.total(),
                                  a.people_reached(),
                                  a.media_items(),
                                  a.spend_vnd(),
                                  a.venue().empty() ? "" : a.venue().substr(6)};
  absl::Status status =
      insert ? txn.Execute(
                      "INSERT INTO activities (campaign_id, activity_id, version, organiser_id,"
                      " unit_code, unit_path, type, female, male, unspecified, participants,"
                      " people_reached, media_items, spend_vnd, venue_code) VALUES ($1, $2, $3,"
                      " $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
                      params)
                   .status()
             : txn.Execute(
                      "UPDATE activities SET version = $3, organiser_id = $4, unit_code = $5,"
                      " unit_path = $6, type = $7, female = $8, male = $9, unspecified = $10,"
                      " participants = $11, people_reached = $12, media_items = $13,"
                      " spend_vnd = $14, venue_code = $15"
                      " WHERE campaign_id = $1 AND activity_id = $2",
                      params)
                   .status();
  if (!status.ok()) return status;
  return txn
      .Execute(
          "INSERT INTO activity_versions (campaign_id, activity_id, version, data)"
          " VALUES ($1, $2, $3, $4)",
          {campaign_id, activity_id, a.version(), storage::Blob{a.SerializeAsString()}})
      .status();
}

absl::StatusOr<v1::Activity> CampaignRegistry::RecordActivity(
    const v1::RecordActivityRequest& request, const CallContext& call) {
  v1::Activity response;
  absl::StatusOr<bool> recorded = storage::FindRecordedResponse(
      db_, "RecordActivity", request.request_id(), request, &response);
  if (!recorded.ok()) return recorded.status();
  if (*recorded) {
    // A retry is answered only to a caller who may make the request.
    absl::Status allowed = access_.MayWrite(call, response.name(), response, absl::CivilDay());
    if (!allowed.ok()) return allowed;
    return response;
  }
  absl::StatusOr<v1::Campaign> campaign = LoadCampaign(request.parent(), "parent");
  if (!campaign.ok()) return campaign.status();
  absl::StatusOr<CampaignDays> days = DaysOf(*campaign);
  if (!days.ok()) return days.status();
  // Who may record it comes before what is wrong with it, and again for
  // the activity as checked.
  const std::string resource = absl::StrCat(campaign->name(), "/activities");
  absl::Status allowed = access_.MayWriteAsSent(call, resource, request.activity(), days->start);
  if (!allowed.ok()) return allowed;
  absl::StatusOr<CheckedActivity> checked =
      CheckActivity(*campaign, request.activity(), "activity", call);
  if (!checked.ok()) return checked.status();
  allowed = access_.MayWrite(call, resource, checked->activity, days->start);
  if (!allowed.ok()) return allowed;
  const std::string campaign_id = campaign->name().substr(10);
  const std::string activity_id = GenerateResourceId(
      checked->activity.title().empty() ? v1::ActivityType_Name(checked->activity.type())
                                        : checked->activity.title());
  absl::Status status = storage::RunIdempotent(
      db_, "RecordActivity", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        CheckedActivity stored = *checked;
        stored.activity.set_name(absl::StrCat(campaign->name(), "/activities/", activity_id));
        stored.activity.set_version(1);
        stored.activity.clear_correction_reason();
        *stored.activity.mutable_record_time() = time::ToTimestamp(absl::Now());
        stored.activity.set_recorded_by(call.CallerName());
        absl::Status s = StoreActivity(txn, campaign_id, activity_id, stored, true);
        if (!s.ok()) return s;
        static_cast<v1::Activity*>(out)->CopyFrom(stored.activity);
        return absl::OkStatus();
      },
      call.audit);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Activity> CampaignRegistry::CorrectActivity(
    const v1::CorrectActivityRequest& request, const CallContext& call) {
  v1::Activity response;
  absl::StatusOr<bool> recorded = storage::FindRecordedResponse(
      db_, "CorrectActivity", request.request_id(), request, &response);
  if (!recorded.ok()) return recorded.status();
  if (*recorded) {
    // A retry is answered only to a caller who may make the request.
    absl::Status allowed = access_.MayWrite(call, response.name(), response, absl::CivilDay());
    if (!allowed.ok()) return allowed;
    return response;
  }
  const std::vector<std::string> parts = absl::StrSplit(request.activity().name(), '/');
  if (parts.size() != 4 || parts[0] != "campaigns" || parts[2] != "activities" ||
      parts[1].empty() || parts[3].empty()) {
    return InvalidFieldError("activity.name", "is not of the form campaigns/{id}/activities/{id}");
  }
  absl::StatusOr<std::string> reason = text::CleanText(request.reason());
  if (!reason.ok()) return InvalidFieldError("reason", std::string(reason.status().message()));
  if (reason->empty()) return InvalidFieldError("reason", "say what the correction changes");
  absl::StatusOr<v1::Campaign> campaign =
      LoadCampaign(absl::StrCat("campaigns/", parts[1]), "activity.name");
  if (!campaign.ok()) return campaign.status();
  absl::StatusOr<CampaignDays> days = DaysOf(*campaign);
  if (!days.ok()) return days.status();
  const std::string& name = request.activity().name();
  if (absl::Status allowed = access_.MayWriteAsSent(call, name, request.activity(), days->start);
      !allowed.ok()) {
    return allowed;
  }
  absl::StatusOr<CheckedActivity> checked =
      CheckActivity(*campaign, request.activity(), "activity", call);
  if (!checked.ok()) return checked.status();
  // The caller must be allowed the activity as it is and as it will be:
  // nobody takes another's activity over by rewriting its organiser.
  std::optional<v1::Activity> stored_before;
  if (call.principal.has_value()) {
    absl::StatusOr<v1::Activity> stored = LoadActivity(parts[1], parts[3], name);
    if (!stored.ok()) return stored.status();
    for (const v1::Activity* activity : {&*stored, &checked->activity}) {
      absl::Status allowed = access_.MayWrite(call, name, *activity, days->start);
      if (!allowed.ok()) return allowed;
    }
    stored_before = std::move(*stored);
  }
  absl::Status status = storage::RunIdempotent(
      db_, "CorrectActivity", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<std::vector<storage::Row>> current = txn.Query(
            "SELECT version, organiser_id, unit_code FROM activities"
            " WHERE campaign_id = $1 AND activity_id = $2",
            {parts[1], parts[3]});
        if (!current.ok()) return current.status();
        if (current->empty()) {
          return ResourceNotFoundError(kActivityType, request.activity().name());
        }
        // Authorized against what was stored then: moved since, it is
        // checked again on the retry.
        if (stored_before.has_value() &&
            ((*current)[0][1].AsText() != stored_before->organiser().substr(9) ||
             (*current)[0][2].AsText() != stored_before->unit().substr(6))) {
          return absl::AbortedError(absl::StrCat(
              name,
              " was corrected by someone else meanwhile (its organiser or unit changed);"
              " read it again and retry"));
        }
        CheckedActivity stored = *checked;
        stored.activity.set_name(request.activity().name());
        stored.activity.set_version(static_cast<int32_t>((*current)[0][0].AsInt()) + 1);
        stored.activity.set_correction_reason(*reason);
        *stored.activity.mutable_record_time() = time::ToTimestamp(absl::Now());
        stored.activity.set_recorded_by(call.CallerName());
        absl::Status s = StoreActivity(txn, parts[1], parts[3], stored, false);
        if (!s.ok()) return s;
        static_cast<v1::Activity*>(out)->CopyFrom(stored.activity);
        return absl::OkStatus();
      },
      call.audit);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Activity> CampaignRegistry::LoadActivity(const std::string& campaign_id,
                                                            const std::string& activity_id,
                                                            const std::string& name) {
  v1::Activity activity;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::vector<storage::Row>> rows = txn.Query(
        "SELECT v.data FROM activities a JOIN activity_versions v ON"
        " v.campaign_id = a.campaign_id AND v.activity_id = a.activity_id AND"
        " v.version = a.version WHERE a.campaign_id = $1 AND a.activity_id = $2",
        {campaign_id, activity_id});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return ResourceNotFoundError(kActivityType, name);
    if (!activity.ParseFromString((*rows)[0][0].AsBytes())) {
      return absl::DataLossError("stored activity does not parse");
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return activity;
}

absl::StatusOr<v1::Activity> CampaignRegistry::GetActivity(const v1::GetActivityRequest& request,
                                                           const CallContext& call) {
  const std::vector<std::string> parts = absl::StrSplit(request.name(), '/');
  if (parts.size() != 4 || parts[0] != "campaigns" || parts[2] != "activities") {
    return InvalidFieldError("name", "is not of the form campaigns/{id}/activities/{id}");
  }
  if (request.version() < 0) return InvalidFieldError("version", "must not be negative");
  v1::Activity activity;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::vector<storage::Row>> rows =
        request.version() == 0
            ? txn.Query(
                  "SELECT v.data FROM activities a JOIN activity_versions v ON"
                  " v.campaign_id = a.campaign_id AND v.activity_id = a.activity_id AND"
                  " v.version = a.version WHERE a.campaign_id = $1 AND a.activity_id = $2",
                  {parts[1], parts[3]})
            : txn.Query(
                  "SELECT data FROM activity_versions WHERE campaign_id = $1 AND"
                  " activity_id = $2 AND version = $3",
                  {parts[1], parts[3], request.version()});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return ResourceNotFoundError(kActivityType, request.name());
    activity.ParseFromString((*rows)[0][0].AsBytes());
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  absl::Status allowed = access_.MayRead(call, request.name(), activity, absl::CivilDay());
  if (!allowed.ok()) return allowed;
  return activity;
}

absl::StatusOr<v1::ListActivitiesResponse> CampaignRegistry::ListActivities(
    const v1::ListActivitiesRequest& request, const CallContext& call) {
  FieldViolations violations;
  absl::StatusOr<int> page_size = EffectivePageSize(request.page_size(), 100, 1000);
  violations.AddFrom("", page_size.status());
  absl::StatusOr<std::string> after =
      DecodePageToken(request.page_token(), FilterFingerprint(request));
  violations.AddFrom("", after.status());
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
  absl::StatusOr<v1::Campaign> campaign = LoadCampaign(request.parent(), "parent");
  if (!campaign.ok()) return campaign.status();
  absl::StatusOr<CampaignDays> days = DaysOf(*campaign);
  if (!days.ok()) return days.status();
  absl::StatusOr<access::ReadScope> scope = access_.ScopeOf(call, days->start);
  if (!scope.ok()) return scope.status();
  storage::Params params = {campaign->name().substr(10), *after};
  std::string where = "a.campaign_id = $1 AND a.activity_id > $2";
  if (!request.unit().empty()) {
    absl::StatusOr<std::string> path = PathInScope(request.unit(), days->start, *scope, call);
    if (!path.ok()) return path.status();
    params.push_back(*path);
    absl::StrAppend(&where, " AND (a.unit_path = $", params.size());
    params.push_back(absl::StrCat(storage::LikeEscape(*path), "/%"));
    absl::StrAppend(&where, " OR a.unit_path LIKE $", params.size(), storage::kLikeEscapeClause,
                    ")");
  } else if (!scope->everything) {
    // No unit named: what the caller organised, and its jurisdiction.
    std::vector<std::string> readable;
    if (!scope->agency.empty()) {
      params.push_back(scope->agency);
      readable.push_back(absl::StrCat("a.organiser_id = $", params.size()));
    }
    for (const std::string& root : scope->roots) {
      params.push_back(root);
      readable.push_back(absl::StrCat("a.unit_path = $", params.size()));
      params.push_back(absl::StrCat(storage::LikeEscape(root), "/%"));
      readable.push_back(
          absl::StrCat("a.unit_path LIKE $", params.size(), storage::kLikeEscapeClause));
    }
    if (readable.empty()) return v1::ListActivitiesResponse();
    absl::StrAppend(&where, " AND (", absl::StrJoin(readable, " OR "), ")");
  }
  if (!request.organiser().empty()) {
    params.push_back(request.organiser().substr(9));
    absl::StrAppend(&where, " AND a.organiser_id = $", params.size());
  }
  if (!venue->empty()) {
    params.push_back(*venue);
    absl::StrAppend(&where, " AND (a.venue_code = $", params.size(),
                    " OR (a.venue_code = '' AND a.unit_code = $", params.size(), "))");
  }
  params.push_back(static_cast<int64_t>(*page_size + 1));
  const std::string sql = absl::StrCat(
      "SELECT a.activity_id, v.data FROM activities a JOIN activity_versions v ON"
      " v.campaign_id = a.campaign_id AND v.activity_id = a.activity_id AND v.version = a.version"
      " WHERE ",
      where, " ORDER BY a.activity_id LIMIT $", params.size());
  v1::ListActivitiesResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    response.Clear();
    absl::StatusOr<std::vector<storage::Row>> rows = txn.Query(sql, params);
    if (!rows.ok()) return rows.status();
    const bool more = static_cast<int>(rows->size()) > *page_size;
    if (more) rows->pop_back();
    for (const storage::Row& row : *rows) {
      response.add_activities()->ParseFromString(row[1].AsBytes());
    }
    if (more) {
      response.set_next_page_token(
          EncodePageToken(FilterFingerprint(request), rows->back()[0].AsText()));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::CampaignFigures> CampaignRegistry::Figures(const v1::Campaign& campaign,
                                                              const std::string& unit_code,
                                                              const CallContext& call) {
  absl::StatusOr<CampaignDays> days = DaysOf(campaign);
  if (!days.ok()) return days.status();
  absl::StatusOr<std::string> root =
      PathOn(unit_code.empty() ? "" : absl::StrCat("units/", unit_code), days->start, call);
  if (!root.ok()) return root.status();
  v1::CampaignFigures figures;
  figures.set_campaign(campaign.name());
  figures.set_year(campaign.year());
  *figures.mutable_start_date() = campaign.start_date();
  *figures.mutable_end_date() = campaign.end_date();
  std::vector<storage::Row> rows;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    storage::Params params = {campaign.name().substr(10)};
    std::string where = "campaign_id = $1";
    if (!root->empty()) {
      params.push_back(*root);
      params.push_back(absl::StrCat(storage::LikeEscape(*root), "/%"));
      absl::StrAppend(&where, " AND (unit_path = $2 OR unit_path LIKE $3",
                      storage::kLikeEscapeClause, ")");
    }
    absl::StatusOr<std::vector<storage::Row>> found =
        txn.Query(absl::StrCat("SELECT unit_path, type, COUNT(*), SUM(female), SUM(male),"
                               " SUM(unspecified), SUM(participants), SUM(people_reached),"
                               " SUM(media_items), SUM(spend_vnd) FROM activities WHERE ",
                               where, " GROUP BY unit_path, type"),
                  params);
    if (!found.ok()) return found.status();
    rows = std::move(*found);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;

  std::map<int, int64_t> by_type;
  std::map<std::string, v1::CampaignFigures::ChildFigures> children;
  v1::Participants& total = *figures.mutable_participants();
  for (const storage::Row& row : rows) {
    const std::string path = row[0].AsText();
    const int64_t count = row[2].AsInt();
    by_type[static_cast<int>(row[1].AsInt())] += count;
    figures.set_activities(figures.activities() + count);
    total.set_female(total.female() + row[3].AsInt());
    total.set_male(total.male() + row[4].AsInt());
    total.set_unspecified(total.unspecified() + row[5].AsInt());
    total.set_total(total.total() + row[6].AsInt());
    figures.set_people_reached(figures.people_reached() + row[7].AsInt());
    figures.set_media_items(figures.media_items() + row[8].AsInt());
    figures.set_spend_vnd(figures.spend_vnd() + row[9].AsInt());
    // The child of the root this path falls under.
    const std::string rest = root->empty()   ? path
                             : path == *root ? ""
                                             : path.substr(root->size() + 1);
    if (rest.empty()) continue;
    const std::string child = rest.substr(0, rest.find('/'));
    v1::CampaignFigures::ChildFigures& c = children[child];
    c.set_activities(c.activities() + count);
    v1::Participants& cp = *c.mutable_participants();
    cp.set_female(cp.female() + row[3].AsInt());
    cp.set_male(cp.male() + row[4].AsInt());
    cp.set_unspecified(cp.unspecified() + row[5].AsInt());
    cp.set_total(cp.total() + row[6].AsInt());
    c.set_people_reached(c.people_reached() + row[7].AsInt());
    c.set_spend_vnd(c.spend_vnd() + row[9].AsInt());
  }
  for (const auto& [type, count] : by_type) {
    v1::CampaignFigures::TypeCount* t = figures.add_by_type();
    t->set_type(static_cast<v1::ActivityType>(type));
    t->set_activities(count);
  }
  absl::StatusOr<std::vector<av1::Unit>> units =
      registry_.Children(unit_code, days->start, call.deadline);
  if (!units.ok()) return units.status();
  figures.set_child_units(static_cast<int32_t>(units->size()));
  for (const av1::Unit& unit : *units) {
    auto it = children.find(unit.code());
    if (it == children.end()) {
      figures.add_units_without_activity(unit.name());
      continue;
    }
    it->second.set_unit(unit.name());
    it->second.set_display_name(unit.display_name());
    *figures.add_children() = it->second;
  }
  return figures;
}

absl::StatusOr<v1::Campaign> CampaignRegistry::SummarizedCampaign(
    const v1::SummarizeCampaignRequest& request, std::string* unit_code_out) {
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
  // The campaign: named, or the kind's instance for the year (a series
  // instance first: the national one).
  v1::Campaign campaign;
  if (!request.campaign().empty()) {
    absl::StatusOr<v1::Campaign> found = LoadCampaign(request.campaign(), "campaign");
    if (!found.ok()) return found.status();
    campaign = std::move(*found);
  } else {
    bool found = false;
    absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
      absl::StatusOr<std::vector<storage::Row>> rows = txn.Query(
          "SELECT data FROM campaigns WHERE kind = $1 AND year = $2"
          " ORDER BY CASE WHEN series = '' THEN 1 ELSE 0 END, id LIMIT 1",
          {static_cast<int64_t>(request.kind()), request.year()});
      if (!rows.ok()) return rows.status();
      if (rows->empty()) return absl::OkStatus();
      found = campaign.ParseFromString((*rows)[0][0].AsBytes());
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    if (!found) {
      return ResourceNotFoundError(kCampaignType, "campaigns/-",
                                   absl::StrCat("no ", v1::CampaignKind_Name(request.kind()),
                                                " campaign in ", request.year()));
    }
  }
  *unit_code_out = std::move(unit_code);
  return campaign;
}

absl::StatusOr<v1::SummarizeCampaignRequest> CampaignRegistry::NarrowSummary(
    const v1::SummarizeCampaignRequest& request, const CallContext& call) {
  if (!call.principal.has_value()) return request;
  std::string unit_code;
  absl::StatusOr<v1::Campaign> campaign = SummarizedCampaign(request, &unit_code);
  if (!campaign.ok()) return campaign.status();
  absl::StatusOr<CampaignDays> days = DaysOf(*campaign);
  if (!days.ok()) return days.status();
  absl::StatusOr<access::ReadScope> scope = access_.ScopeOf(call, days->start);
  if (!scope.ok()) return scope.status();
  if (scope->everything) return request;
  if (!unit_code.empty()) {
    absl::StatusOr<std::string> path = PathInScope(request.unit(), days->start, *scope, call);
    if (!path.ok()) return path.status();
    return request;
  }
  absl::StatusOr<std::string> scope_path = PathOn(campaign->scope(), days->start, call);
  if (!scope_path.ok()) return scope_path.status();
  absl::StatusOr<std::optional<std::string>> unit =
      CampaignAccess::SummaryUnit(*scope, call, *campaign, *scope_path);
  if (!unit.ok()) return unit.status();
  if (!unit->has_value()) return request;
  v1::SummarizeCampaignRequest narrowed = request;
  narrowed.set_unit(**unit);
  return narrowed;
}

absl::StatusOr<v1::CampaignSummary> CampaignRegistry::SummarizeCampaign(
    const v1::SummarizeCampaignRequest& request, const CallContext& call) {
  std::string unit_code;
  absl::StatusOr<v1::Campaign> found = SummarizedCampaign(request, &unit_code);
  if (!found.ok()) return found.status();
  v1::Campaign campaign = std::move(*found);
  absl::StatusOr<CampaignDays> days = DaysOf(campaign);
  if (!days.ok()) return days.status();
  if (!campaign.scope().empty()) {
    if (unit_code.empty()) {
      unit_code = campaign.scope().substr(6);
    } else {
      // A scoped campaign has no figures outside its scope: a unit there
      // is a mistake, not a place where nothing happened.
      absl::StatusOr<std::string> scope_path = PathOn(campaign.scope(), days->start, call);
      if (!scope_path.ok()) return scope_path.status();
      absl::StatusOr<std::string> unit_path = PathOn(request.unit(), days->start, call);
      if (!unit_path.ok()) {
        return absl::IsNotFound(unit_path.status())
                   ? InvalidFieldError("unit", std::string(unit_path.status().message()))
                   : unit_path.status();
      }
      if (!Within(*unit_path, *scope_path)) {
        return InvalidFieldError("unit", absl::StrCat(request.unit(), " is outside the scope ",
                                                      campaign.scope(), " of ", campaign.name()));
      }
    }
  }
  v1::CampaignSummary summary;
  summary.set_unit(unit_code.empty() ? "" : absl::StrCat("units/", unit_code));
  absl::StatusOr<v1::CampaignFigures> current = Figures(campaign, unit_code, call);
  if (!current.ok()) {
    return absl::IsNotFound(current.status())
               ? InvalidFieldError("unit", std::string(current.status().message()))
               : current.status();
  }
  *summary.mutable_current() = std::move(*current);
  if (!unit_code.empty()) {
    absl::StatusOr<std::optional<av1::Unit>> unit =
        registry_.UnitAt(unit_code, days->start, call.deadline);
    if (unit.ok() && unit->has_value()) summary.set_unit_display_name((*unit)->display_name());
  } else {
    summary.set_unit_display_name("Việt Nam");
  }
  if (!campaign.series().empty()) {
    std::optional<v1::Campaign> previous;
    absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
      absl::StatusOr<std::vector<storage::Row>> rows =
          txn.Query("SELECT data FROM campaigns WHERE series = $1 AND year = $2",
                    {campaign.series(), campaign.year() - 1});
      if (!rows.ok()) return rows.status();
      if (rows->empty()) return absl::OkStatus();
      previous.emplace();
      previous->ParseFromString((*rows)[0][0].AsBytes());
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    if (previous.has_value()) {
      absl::StatusOr<v1::CampaignFigures> figures = Figures(*previous, unit_code, call);
      // The unit may not have existed in the previous year's hierarchy.
      if (figures.ok()) {
        *summary.mutable_previous() = std::move(*figures);
      } else if (!absl::IsNotFound(figures.status())) {
        return figures.status();
      }
    }
  }
  return summary;
}

}  // namespace interplan::campaigns
