#include "services/campaigns/campaign_registry.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/enum_names.h"
#include "common/api/list_window.h"
#include "common/api/resource_name.h"
#include "common/errors/errors.h"
#include "common/storage/request_log.h"
#include "common/time/timestamp.h"

namespace interplan::campaigns {
namespace {

constexpr char kCampaignType[] = "interplan.campaigns.v1.Campaign";
constexpr char kActivityType[] = "interplan.campaigns.v1.Activity";

}  // namespace

CampaignRegistry::CampaignRegistry(storage::Database& db, RememberingAgenciesClient& registry,
                                   PlansClient& plans)
    : db_(db),
      references_(registry, plans),
      access_(registry),
      summarizer_(db, store_, references_) {}

absl::StatusOr<v1::Campaign> CampaignRegistry::LoadCampaign(const std::string& name,
                                                            const std::string& field) {
  absl::StatusOr<std::string> id = ParseResourceName(name, "campaigns", field);
  if (!id.ok()) return id.status();
  std::optional<v1::Campaign> campaign;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::optional<v1::Campaign>> found = store_.FindCampaign(txn, *id);
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
  absl::StatusOr<std::string> path = references_.PathOn(unit_name, day, call);
  if (!path.ok()) return UnknownUnitAsInvalid(path.status());
  absl::Status allowed = CampaignAccess::CheckUnitInScope(scope, call, unit_name, *path);
  if (!allowed.ok()) return allowed;
  return path;
}

absl::StatusOr<v1::Campaign> CampaignRegistry::CreateCampaign(
    const v1::CreateCampaignRequest& request, const CallContext& call) {
  v1::Campaign response;
  absl::StatusOr<bool> recorded = storage::FindRecordedResponse(
      db_, "CreateCampaign", request.request_id(), request, &response);
  if (!recorded.ok()) return recorded.status();
  if (*recorded) return AnswerRecordedCreate(response, call);
  // The campaign as sent, its organiser and scope, whether the caller may
  // create it, and only then the plans it names, looked up for it.
  absl::StatusOr<NewCampaign> checked = CheckNewCampaign(request);
  if (!checked.ok()) return checked.status();
  absl::StatusOr<CampaignPlaces> places = references_.PlaceCampaign(*checked, call);
  if (!places.ok()) return places.status();
  absl::Status allowed = MayCreate(request, *checked, *places, call);
  if (!allowed.ok()) return allowed;
  absl::Status completed = references_.CompleteCampaignPlaces(*checked, *places, call);
  if (!completed.ok()) return completed;
  absl::Status valid = CheckCampaignPlaces(*checked, *places);
  if (!valid.ok()) return valid;
  return InsertCampaign(request, *checked, call);
}

absl::StatusOr<v1::Campaign> CampaignRegistry::AnswerRecordedCreate(const v1::Campaign& recorded,
                                                                    const CallContext& call) {
  // A retry is answered only to a caller who may make the request.
  if (call.principal.has_value()) {
    absl::StatusOr<CampaignDays> days = DaysOf(recorded);
    if (!days.ok()) return days.status();
    absl::StatusOr<std::string> scope_path =
        references_.PathOn(recorded.scope(), days->start, call);
    if (!scope_path.ok() && !absl::IsNotFound(scope_path.status())) return scope_path.status();
    absl::Status allowed =
        access_.MayCreate(call, recorded.name(), recorded, scope_path.value_or(""), days->start);
    if (!allowed.ok()) return allowed;
  }
  return recorded;
}

absl::Status CampaignRegistry::MayCreate(const v1::CreateCampaignRequest& request,
                                         const NewCampaign& checked, const CampaignPlaces& places,
                                         const CallContext& call) {
  // A scope that did not exist is the request's mistake, named with the
  // others.
  if (!places.scope_path.ok()) return absl::OkStatus();
  const std::string resource = request.campaign_id().empty()
                                   ? std::string("campaigns")
                                   : absl::StrCat("campaigns/", request.campaign_id());
  return access_.MayCreate(call, resource, checked.campaign, *places.scope_path,
                           checked.days.start);
}

absl::StatusOr<v1::Campaign> CampaignRegistry::InsertCampaign(
    const v1::CreateCampaignRequest& request, const NewCampaign& checked, const CallContext& call) {
  const v1::Campaign& campaign = checked.campaign;
  const std::string id =
      !request.campaign_id().empty()
          ? request.campaign_id()
          : GenerateResourceId(campaign.series().empty()
                                   ? campaign.display_name()
                                   : absl::StrCat(campaign.series(), " ", campaign.year()));
  v1::Campaign response;
  absl::Status status = storage::RunIdempotent(
      db_, "CreateCampaign", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        if (!campaign.series().empty()) {
          absl::StatusOr<std::optional<std::string>> same =
              store_.FindSeriesInstanceId(txn, campaign.series(), campaign.year());
          if (!same.ok()) return same.status();
          if (same->has_value()) return SeriesTakenError(campaign, **same);
        }
        v1::Campaign stored = campaign;
        stored.set_name(absl::StrCat("campaigns/", id));
        const int64_t now = absl::ToUnixMicros(absl::Now());
        *stored.mutable_create_time() = time::TimestampFromMicros(now);
        absl::StatusOr<bool> inserted =
            store_.InsertCampaign(txn, id, stored, checked.days.start, checked.days.end, now);
        if (!inserted.ok()) return inserted.status();
        if (!*inserted) {
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
  absl::StatusOr<ListWindow> window = CheckListCampaigns(request);
  if (!window.ok()) return window.status();
  CampaignFilter filter;
  filter.after_id = window->after();
  filter.kind = request.kind();
  filter.year = request.year();
  filter.series = request.series();
  filter.limit = window->fetch_limit();
  v1::ListCampaignsResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    response.Clear();
    absl::StatusOr<std::vector<ListedCampaign>> rows = store_.ListCampaigns(txn, filter);
    if (!rows.ok()) return rows.status();
    const bool more = window->TrimToPage(*rows);
    for (ListedCampaign& row : *rows) *response.add_campaigns() = std::move(row.campaign);
    if (more) response.set_next_page_token(window->TokenAfter(rows->back().id));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<CampaignRegistry::CheckedActivity> CampaignRegistry::CheckActivity(
    const v1::Campaign& campaign, const CampaignDays& days, const v1::Activity& activity,
    const CallContext& call) {
  absl::StatusOr<ActivityContent> content = CheckActivityContent(days, activity, "activity");
  if (!content.ok()) return content.status();
  // The organiser and the unit, inside the campaign's scope on its dates.
  absl::StatusOr<ActivityPlaces> places = references_.PlaceActivity(campaign, days, *content, call);
  if (!places.ok()) return places.status();
  absl::StatusOr<std::string> unit_path = CheckActivityPlaces(*content, *places, "activity");
  if (!unit_path.ok()) return unit_path.status();
  return CheckedActivity{std::move(content->activity), *std::move(unit_path)};
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
      CheckActivity(*campaign, *days, request.activity(), call);
  if (!checked.ok()) return checked.status();
  allowed = access_.MayWrite(call, resource, checked->activity, days->start);
  if (!allowed.ok()) return allowed;
  return InsertActivity(request, *campaign, *checked, call);
}

absl::StatusOr<v1::Activity> CampaignRegistry::InsertActivity(
    const v1::RecordActivityRequest& request, const v1::Campaign& campaign,
    const CheckedActivity& checked, const CallContext& call) {
  const std::string campaign_id = campaign.name().substr(10);
  const std::string activity_id = GenerateResourceId(
      checked.activity.title().empty() ? api::ShortEnumName(checked.activity.type())
                                       : checked.activity.title());
  v1::Activity response;
  absl::Status status = storage::RunIdempotent(
      db_, "RecordActivity", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        v1::Activity stored = checked.activity;
        stored.set_name(absl::StrCat(campaign.name(), "/activities/", activity_id));
        stored.set_version(1);
        stored.clear_correction_reason();
        *stored.mutable_record_time() = time::ToTimestamp(absl::Now());
        stored.set_recorded_by(call.CallerName());
        absl::Status s =
            store_.InsertActivity(txn, campaign_id, activity_id, stored, checked.unit_path);
        if (!s.ok()) return s;
        static_cast<v1::Activity*>(out)->CopyFrom(stored);
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
  absl::StatusOr<Correction> correction = CheckCorrection(request);
  if (!correction.ok()) return correction.status();
  absl::StatusOr<v1::Campaign> campaign =
      LoadCampaign(absl::StrCat("campaigns/", correction->id.campaign_id), "activity.name");
  if (!campaign.ok()) return campaign.status();
  absl::StatusOr<CampaignDays> days = DaysOf(*campaign);
  if (!days.ok()) return days.status();
  const std::string& name = request.activity().name();
  absl::Status allowed = access_.MayWriteAsSent(call, name, request.activity(), days->start);
  if (!allowed.ok()) return allowed;
  absl::StatusOr<CheckedActivity> checked =
      CheckActivity(*campaign, *days, request.activity(), call);
  if (!checked.ok()) return checked.status();
  absl::StatusOr<std::optional<v1::Activity>> stored_before =
      AuthorizeCorrection(correction->id, name, checked->activity, days->start, call);
  if (!stored_before.ok()) return stored_before.status();
  return ReplaceActivity(request, *correction, *checked, *stored_before, call);
}

absl::StatusOr<std::optional<v1::Activity>> CampaignRegistry::AuthorizeCorrection(
    const ActivityId& id, const std::string& name, const v1::Activity& corrected,
    absl::CivilDay campaign_start, const CallContext& call) {
  // Without a principal everything is allowed: the stored activity is not
  // read for it.
  if (!call.principal.has_value()) return std::optional<v1::Activity>();
  absl::StatusOr<v1::Activity> stored = LoadActivity(id, 0, name);
  if (!stored.ok()) return stored.status();
  absl::Status allowed = access_.MayCorrect(call, name, *stored, corrected, campaign_start);
  if (!allowed.ok()) return allowed;
  return std::optional<v1::Activity>(*std::move(stored));
}

absl::StatusOr<v1::Activity> CampaignRegistry::ReplaceActivity(
    const v1::CorrectActivityRequest& request, const Correction& correction,
    const CheckedActivity& checked, const std::optional<v1::Activity>& stored_before,
    const CallContext& call) {
  const std::string& name = request.activity().name();
  const ActivityId& id = correction.id;
  v1::Activity response;
  absl::Status status = storage::RunIdempotent(
      db_, "CorrectActivity", request.request_id(), request, &response,
      [&](storage::Transaction& txn, google::protobuf::Message* out) -> absl::Status {
        absl::StatusOr<std::optional<ActivityHead>> current =
            store_.FindActivityHead(txn, id.campaign_id, id.activity_id);
        if (!current.ok()) return current.status();
        if (!current->has_value()) return ResourceNotFoundError(kActivityType, name);
        // Authorized against what was stored then: moved since, it is
        // checked again on the retry.
        if (stored_before.has_value() &&
            ((*current)->organiser_id != stored_before->organiser().substr(9) ||
             (*current)->unit_code != stored_before->unit().substr(6))) {
          return absl::AbortedError(absl::StrCat(
              name,
              " was corrected by someone else meanwhile (its organiser or unit changed);"
              " read it again and retry"));
        }
        v1::Activity stored = checked.activity;
        stored.set_name(name);
        stored.set_version(static_cast<int32_t>((*current)->version) + 1);
        stored.set_correction_reason(correction.reason);
        *stored.mutable_record_time() = time::ToTimestamp(absl::Now());
        stored.set_recorded_by(call.CallerName());
        absl::Status s =
            store_.ReplaceActivity(txn, id.campaign_id, id.activity_id, stored, checked.unit_path);
        if (!s.ok()) return s;
        static_cast<v1::Activity*>(out)->CopyFrom(stored);
        return absl::OkStatus();
      },
      call.audit);
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Activity> CampaignRegistry::LoadActivity(const ActivityId& id, int64_t version,
                                                            const std::string& name) {
  v1::Activity activity;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    absl::StatusOr<std::optional<v1::Activity>> found =
        store_.FindActivity(txn, id.campaign_id, id.activity_id, version);
    if (!found.ok()) return found.status();
    if (!found->has_value()) return ResourceNotFoundError(kActivityType, name);
    activity = **std::move(found);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return activity;
}

absl::StatusOr<v1::Activity> CampaignRegistry::GetActivity(const v1::GetActivityRequest& request,
                                                           const CallContext& call) {
  absl::StatusOr<ActivityId> id = CheckGetActivity(request);
  if (!id.ok()) return id.status();
  absl::StatusOr<v1::Activity> activity = LoadActivity(*id, request.version(), request.name());
  if (!activity.ok()) return activity.status();
  absl::Status allowed = access_.MayRead(call, request.name(), *activity, absl::CivilDay());
  if (!allowed.ok()) return allowed;
  return activity;
}

absl::StatusOr<ActivityFilter> CampaignRegistry::FilterOf(const v1::ListActivitiesRequest& request,
                                                          const ActivityListing& listing,
                                                          const v1::Campaign& campaign,
                                                          absl::CivilDay start,
                                                          const access::ReadScope& scope,
                                                          const CallContext& call) {
  ActivityFilter filter;
  filter.campaign_id = campaign.name().substr(10);
  filter.after_id = listing.window.after();
  if (!request.unit().empty()) {
    absl::StatusOr<std::string> path = PathInScope(request.unit(), start, scope, call);
    if (!path.ok()) return path.status();
    filter.unit_path = *std::move(path);
  } else if (!scope.everything) {
    // No unit named: what the caller organised, and its jurisdiction.
    filter.only_readable = true;
    filter.readable_agency = scope.agency;
    filter.readable_roots = scope.roots;
  }
  if (!request.organiser().empty()) filter.organiser_id = request.organiser().substr(9);
  filter.venue_code = listing.venue_code;
  filter.limit = listing.window.fetch_limit();
  return filter;
}

absl::StatusOr<v1::ListActivitiesResponse> CampaignRegistry::ListActivities(
    const v1::ListActivitiesRequest& request, const CallContext& call) {
  absl::StatusOr<ActivityListing> listing = CheckListActivities(request);
  if (!listing.ok()) return listing.status();
  absl::StatusOr<v1::Campaign> campaign = LoadCampaign(request.parent(), "parent");
  if (!campaign.ok()) return campaign.status();
  absl::StatusOr<CampaignDays> days = DaysOf(*campaign);
  if (!days.ok()) return days.status();
  absl::StatusOr<access::ReadScope> scope = access_.ScopeOf(call, days->start);
  if (!scope.ok()) return scope.status();
  absl::StatusOr<ActivityFilter> filter =
      FilterOf(request, *listing, *campaign, days->start, *scope, call);
  if (!filter.ok()) return filter.status();
  const ListWindow& window = listing->window;
  v1::ListActivitiesResponse response;
  absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
    response.Clear();
    absl::StatusOr<std::vector<ListedActivity>> rows = store_.ListActivities(txn, *filter);
    if (!rows.ok()) return rows.status();
    const bool more = window.TrimToPage(*rows);
    for (ListedActivity& row : *rows) *response.add_activities() = std::move(row.activity);
    if (more) response.set_next_page_token(window.TokenAfter(rows->back().id));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::Campaign> CampaignRegistry::SummarizedCampaign(
    const v1::SummarizeCampaignRequest& request, std::string* unit_code_out) {
  absl::StatusOr<std::string> unit_code = CheckSummaryRequest(request);
  if (!unit_code.ok()) return unit_code.status();
  // The campaign: named, or the kind's instance for the year (a series
  // instance first: the national one).
  v1::Campaign campaign;
  if (!request.campaign().empty()) {
    absl::StatusOr<v1::Campaign> found = LoadCampaign(request.campaign(), "campaign");
    if (!found.ok()) return found.status();
    campaign = std::move(*found);
  } else {
    std::optional<v1::Campaign> found;
    absl::Status status = db_.Read([&](storage::Transaction& txn) -> absl::Status {
      absl::StatusOr<std::optional<v1::Campaign>> instance =
          store_.FindKindInstance(txn, request.kind(), request.year());
      if (!instance.ok()) return instance.status();
      found = *std::move(instance);
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    if (!found.has_value()) {
      return ResourceNotFoundError(
          kCampaignType, "campaigns/-",
          absl::StrCat("no ", api::ShortEnumName(request.kind()), " campaign in ", request.year()));
    }
    campaign = *std::move(found);
  }
  *unit_code_out = *std::move(unit_code);
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
  absl::StatusOr<std::string> scope_path = references_.PathOn(campaign->scope(), days->start, call);
  if (!scope_path.ok()) return scope_path.status();
  absl::StatusOr<std::optional<std::string>> unit =
      CampaignAccess::SummaryUnit(*scope, call, *campaign, *scope_path);
  if (!unit.ok()) return unit.status();
  if (!unit->has_value()) return request;
  v1::SummarizeCampaignRequest narrowed = request;
  narrowed.set_unit(**unit);
  return narrowed;
}

absl::Status CampaignRegistry::CheckSummaryUnit(const v1::Campaign& campaign,
                                                const std::string& unit, const CallContext& call) {
  absl::StatusOr<CampaignDays> days = DaysOf(campaign);
  if (!days.ok()) return days.status();
  absl::StatusOr<std::string> scope_path = references_.PathOn(campaign.scope(), days->start, call);
  if (!scope_path.ok()) return scope_path.status();
  absl::StatusOr<std::string> unit_path = references_.PathOn(unit, days->start, call);
  if (!unit_path.ok()) return UnknownUnitAsInvalid(unit_path.status());
  return CheckUnitInCampaignScope(unit, *unit_path, campaign, *scope_path);
}

absl::StatusOr<v1::CampaignSummary> CampaignRegistry::SummarizeCampaign(
    const v1::SummarizeCampaignRequest& request, const CallContext& call) {
  std::string unit_code;
  absl::StatusOr<v1::Campaign> campaign = SummarizedCampaign(request, &unit_code);
  if (!campaign.ok()) return campaign.status();
  if (!campaign->scope().empty()) {
    if (unit_code.empty()) {
      unit_code = campaign->scope().substr(6);
    } else {
      // A scoped campaign has no figures outside its scope: a unit there
      // is a mistake, not a place where nothing happened.
      absl::Status inside = CheckSummaryUnit(*campaign, request.unit(), call);
      if (!inside.ok()) return inside;
    }
  }
  return summarizer_.Summarize(*campaign, unit_code, call);
}

}  // namespace interplan::campaigns
