// SQL access to campaigns, activities and their versions: every statement
// the campaigns service runs on its own tables, each behind a named
// method that runs inside the caller's transaction. Nothing else: no
// checks, no access rules, no paging tokens.
#ifndef INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_STORE_H_
#define INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/storage/database.h"
#include "interplan/campaigns/v1/campaigns.pb.h"

namespace interplan::campaigns {

// Which campaigns a listing returns, by id after `after_id`, at most `limit`.
struct CampaignFilter {
  std::string after_id;
  v1::CampaignKind kind = v1::CAMPAIGN_KIND_UNSPECIFIED;  // any kind
  int32_t year = 0;                                       // any year
  std::string series;                                     // any series
  int64_t limit = 0;
};

// A listed campaign or activity with the id it is ordered by.
struct ListedCampaign {
  std::string id;
  v1::Campaign campaign;
};
struct ListedActivity {
  std::string id;
  v1::Activity activity;
};

// Which current activities of one campaign a listing returns, by id after
// `after_id`, at most `limit`. Paths are unit paths on the campaign's
// first day; a subtree is the unit with that path and those below it.
struct ActivityFilter {
  std::string campaign_id;
  std::string after_id;
  // Only activities counted in this subtree.
  std::optional<std::string> unit_path;
  // When set, only activities organised by `readable_agency` (when not
  // empty) or counted in the subtree of one of `readable_roots`; none
  // when both are empty.
  bool only_readable = false;
  std::string readable_agency;
  std::vector<std::string> readable_roots;
  std::string organiser_id;  // any organiser when empty
  // Only activities held at this unit: its venue, or its unit when it
  // names no venue. Any when empty.
  std::string venue_code;
  int64_t limit = 0;
};

// What the activities table says of an activity's current version.
struct ActivityHead {
  int64_t version = 0;
  std::string organiser_id;
  std::string unit_code;
};

// The sums of a campaign's current activities of one type counted at one
// unit path.
struct ActivityTotals {
  std::string unit_path;
  v1::ActivityType type = v1::ACTIVITY_TYPE_UNSPECIFIED;
  int64_t activities = 0;
  int64_t female = 0;
  int64_t male = 0;
  int64_t unspecified = 0;
  int64_t participants = 0;
  int64_t people_reached = 0;
  int64_t media_items = 0;
  int64_t spend_vnd = 0;
};

class CampaignStore {
 public:
  // Campaign `id`; DATA_LOSS when its stored form does not parse.
  absl::StatusOr<std::optional<v1::Campaign>> FindCampaign(storage::Transaction& txn,
                                                           const std::string& id);
  // The id of the instance of `series` for `year`, if there is one.
  absl::StatusOr<std::optional<std::string>> FindSeriesInstanceId(storage::Transaction& txn,
                                                                  const std::string& series,
                                                                  int32_t year);
  // The instance of `series` for `year`, if there is one.
  absl::StatusOr<std::optional<v1::Campaign>> FindSeriesInstance(storage::Transaction& txn,
                                                                 const std::string& series,
                                                                 int32_t year);
  // The campaign of `kind` for `year`: a series instance (the national
  // one) before a one-off, then by id. nullopt also when it does not parse.
  absl::StatusOr<std::optional<v1::Campaign>> FindKindInstance(storage::Transaction& txn,
                                                               v1::CampaignKind kind, int32_t year);
  // Stores `campaign` as `id`, running from `start` to `end`; false when
  // `id` is taken.
  absl::StatusOr<bool> InsertCampaign(storage::Transaction& txn, const std::string& id,
                                      const v1::Campaign& campaign, absl::CivilDay start,
                                      absl::CivilDay end, int64_t create_time_micros);
  absl::StatusOr<std::vector<ListedCampaign>> ListCampaigns(storage::Transaction& txn,
                                                            const CampaignFilter& filter);

  // Stores the first version of an activity counted at `unit_path`.
  absl::Status InsertActivity(storage::Transaction& txn, const std::string& campaign_id,
                              const std::string& activity_id, const v1::Activity& activity,
                              const std::string& unit_path);
  // Stores a new version of an activity, which becomes its current one.
  absl::Status ReplaceActivity(storage::Transaction& txn, const std::string& campaign_id,
                               const std::string& activity_id, const v1::Activity& activity,
                               const std::string& unit_path);
  absl::StatusOr<std::optional<ActivityHead>> FindActivityHead(storage::Transaction& txn,
                                                               const std::string& campaign_id,
                                                               const std::string& activity_id);
  // Version `version` of an activity, its current one when 0; DATA_LOSS
  // when its stored form does not parse.
  absl::StatusOr<std::optional<v1::Activity>> FindActivity(storage::Transaction& txn,
                                                           const std::string& campaign_id,
                                                           const std::string& activity_id,
                                                           int64_t version);
  absl::StatusOr<std::vector<ListedActivity>> ListActivities(storage::Transaction& txn,
                                                             const ActivityFilter& filter);
  // The sums of the current activities of `campaign_id` counted in the
  // subtree of `root_path` ("": everywhere), by unit path and type.
  absl::StatusOr<std::vector<ActivityTotals>> SumActivities(storage::Transaction& txn,
                                                            const std::string& campaign_id,
                                                            const std::string& root_path);

 private:
  // Adds the rows of an activity's version and of its current numbers.
  absl::Status WriteActivity(storage::Transaction& txn, const std::string& campaign_id,
                             const std::string& activity_id, const v1::Activity& activity,
                             const std::string& unit_path, bool insert);
};

}  // namespace interplan::campaigns

#endif  // INTERPLAN_SERVICES_CAMPAIGNS_CAMPAIGN_STORE_H_
