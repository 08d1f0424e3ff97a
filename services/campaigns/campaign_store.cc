#include "services/campaigns/campaign_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/storage/like_pattern.h"
#include "common/time/date.h"

namespace interplan::campaigns {
namespace {

using storage::Blob;
using storage::Params;
using storage::Row;
using storage::Transaction;

// The current version of each activity: its numbers (a) and its message (v).
constexpr char kCurrentActivities[] =
    "activities a JOIN activity_versions v ON"
    " v.campaign_id = a.campaign_id AND v.activity_id = a.activity_id AND v.version = a.version";

// The campaign in the single column of the first of `rows`, if any;
// DATA_LOSS when it does not parse.
absl::StatusOr<std::optional<v1::Campaign>> FirstCampaign(const std::vector<Row>& rows) {
  if (rows.empty()) return std::optional<v1::Campaign>();
  v1::Campaign campaign;
  if (!campaign.ParseFromString(rows[0][0].AsBytes())) {
    return absl::DataLossError("stored campaign does not parse");
  }
  return std::optional<v1::Campaign>(std::move(campaign));
}

// " AND (<column> = $n OR <column> LIKE $m ESCAPE ...)" for the subtree
// of `path`, its parameters added to `params`.
std::string SubtreeCondition(absl::string_view column, const std::string& path, Params& params) {
  params.push_back(path);
  std::string condition = absl::StrCat(column, " = $", params.size());
  params.push_back(absl::StrCat(storage::LikeEscape(path), "/%"));
  absl::StrAppend(&condition, " OR ", column, " LIKE $", params.size(), storage::kLikeEscapeClause);
  return condition;
}

}  // namespace

absl::StatusOr<std::optional<v1::Campaign>> CampaignStore::FindCampaign(Transaction& txn,
                                                                        const std::string& id) {
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query("SELECT data FROM campaigns WHERE id = $1", {id});
  if (!rows.ok()) return rows.status();
  return FirstCampaign(*rows);
}

absl::StatusOr<std::optional<std::string>> CampaignStore::FindSeriesInstanceId(
    Transaction& txn, const std::string& series, int32_t year) {
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query("SELECT id FROM campaigns WHERE series = $1 AND year = $2", {series, year});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>((*rows)[0][0].AsText());
}

absl::StatusOr<std::optional<v1::Campaign>> CampaignStore::FindSeriesInstance(
    Transaction& txn, const std::string& series, int32_t year) {
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query("SELECT data FROM campaigns WHERE series = $1 AND year = $2", {series, year});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<v1::Campaign>();
  v1::Campaign campaign;
  campaign.ParseFromString((*rows)[0][0].AsBytes());
  return std::optional<v1::Campaign>(std::move(campaign));
}

absl::StatusOr<std::optional<v1::Campaign>> CampaignStore::FindKindInstance(Transaction& txn,
                                                                            v1::CampaignKind kind,
                                                                            int32_t year) {
  absl::StatusOr<std::vector<Row>> rows = txn.Query(
      "SELECT data FROM campaigns WHERE kind = $1 AND year = $2"
      " ORDER BY CASE WHEN series = '' THEN 1 ELSE 0 END, id LIMIT 1",
      {static_cast<int64_t>(kind), year});
  if (!rows.ok()) return rows.status();
  v1::Campaign campaign;
  if (rows->empty() || !campaign.ParseFromString((*rows)[0][0].AsBytes())) {
    return std::optional<v1::Campaign>();
  }
  return std::optional<v1::Campaign>(std::move(campaign));
}

absl::StatusOr<bool> CampaignStore::InsertCampaign(Transaction& txn, const std::string& id,
                                                   const v1::Campaign& campaign,
                                                   absl::CivilDay start, absl::CivilDay end,
                                                   int64_t create_time_micros) {
  absl::StatusOr<int64_t> inserted = txn.Execute(
      "INSERT INTO campaigns (id, kind, series, year, start_date, end_date, data,"
      " create_time_micros) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
      " ON CONFLICT (id) DO NOTHING",
      {id, static_cast<int64_t>(campaign.kind()), campaign.series(), campaign.year(),
       time::FormatDate(start), time::FormatDate(end), Blob{campaign.SerializeAsString()},
       create_time_micros});
  if (!inserted.ok()) return inserted.status();
  return *inserted != 0;
}

absl::StatusOr<std::vector<ListedCampaign>> CampaignStore::ListCampaigns(
    Transaction& txn, const CampaignFilter& filter) {
  Params params = {filter.after_id};
  std::string where = "id > $1";
  if (filter.kind != v1::CAMPAIGN_KIND_UNSPECIFIED) {
    params.push_back(static_cast<int64_t>(filter.kind));
    absl::StrAppend(&where, " AND kind = $", params.size());
  }
  if (filter.year != 0) {
    params.push_back(filter.year);
    absl::StrAppend(&where, " AND year = $", params.size());
  }
  if (!filter.series.empty()) {
    params.push_back(filter.series);
    absl::StrAppend(&where, " AND series = $", params.size());
  }
  params.push_back(filter.limit);
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query(absl::StrCat("SELECT id, data FROM campaigns WHERE ", where, " ORDER BY id LIMIT $",
                             params.size()),
                params);
  if (!rows.ok()) return rows.status();
  std::vector<ListedCampaign> listed(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    listed[i].id = (*rows)[i][0].AsText();
    listed[i].campaign.ParseFromString((*rows)[i][1].AsBytes());
  }
  return listed;
}

absl::Status CampaignStore::InsertActivity(Transaction& txn, const std::string& campaign_id,
                                           const std::string& activity_id,
                                           const v1::Activity& activity,
                                           const std::string& unit_path) {
  return WriteActivity(txn, campaign_id, activity_id, activity, unit_path, /*insert=*/true);
}

absl::Status CampaignStore::ReplaceActivity(Transaction& txn, const std::string& campaign_id,
                                            const std::string& activity_id,
                                            const v1::Activity& activity,
                                            const std::string& unit_path) {
  return WriteActivity(txn, campaign_id, activity_id, activity, unit_path, /*insert=*/false);
}

absl::Status CampaignStore::WriteActivity(Transaction& txn, const std::string& campaign_id,
                                          const std::string& activity_id, const v1::Activity& a,
                                          const std::string& unit_path, bool insert) {
  const v1::Participants& p = a.participants();
  const Params params = {campaign_id,
                         activity_id,
                         a.version(),
                         a.organiser().substr(9),
                         a.unit().substr(6),
                         unit_path,
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
          {campaign_id, activity_id, a.version(), Blob{a.SerializeAsString()}})
      .status();
}

absl::StatusOr<std::optional<ActivityHead>> CampaignStore::FindActivityHead(
    Transaction& txn, const std::string& campaign_id, const std::string& activity_id) {
  absl::StatusOr<std::vector<Row>> rows = txn.Query(
      "SELECT version, organiser_id, unit_code FROM activities"
      " WHERE campaign_id = $1 AND activity_id = $2",
      {campaign_id, activity_id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<ActivityHead>();
  const Row& row = (*rows)[0];
  return std::optional<ActivityHead>(
      ActivityHead{row[0].AsInt(), row[1].AsText(), row[2].AsText()});
}

absl::StatusOr<std::optional<v1::Activity>> CampaignStore::FindActivity(
    Transaction& txn, const std::string& campaign_id, const std::string& activity_id,
    int64_t version) {
  absl::StatusOr<std::vector<Row>> rows =
      version == 0 ? txn.Query(absl::StrCat("SELECT v.data FROM ", kCurrentActivities,
                                            " WHERE a.campaign_id = $1 AND a.activity_id = $2"),
                               {campaign_id, activity_id})
                   : txn.Query(
                         "SELECT data FROM activity_versions WHERE campaign_id = $1 AND"
                         " activity_id = $2 AND version = $3",
                         {campaign_id, activity_id, version});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<v1::Activity>();
  v1::Activity activity;
  if (!activity.ParseFromString((*rows)[0][0].AsBytes())) {
    return absl::DataLossError("stored activity does not parse");
  }
  return std::optional<v1::Activity>(std::move(activity));
}

absl::StatusOr<std::vector<ListedActivity>> CampaignStore::ListActivities(
    Transaction& txn, const ActivityFilter& filter) {
  Params params = {filter.campaign_id, filter.after_id};
  std::string where = "a.campaign_id = $1 AND a.activity_id > $2";
  if (filter.unit_path.has_value()) {
    absl::StrAppend(&where, " AND (", SubtreeCondition("a.unit_path", *filter.unit_path, params),
                    ")");
  } else if (filter.only_readable) {
    std::vector<std::string> readable;
    if (!filter.readable_agency.empty()) {
      params.push_back(filter.readable_agency);
      readable.push_back(absl::StrCat("a.organiser_id = $", params.size()));
    }
    for (const std::string& root : filter.readable_roots) {
      readable.push_back(SubtreeCondition("a.unit_path", root, params));
    }
    if (readable.empty()) return std::vector<ListedActivity>();  // nothing is readable
    absl::StrAppend(&where, " AND (", absl::StrJoin(readable, " OR "), ")");
  }
  if (!filter.organiser_id.empty()) {
    params.push_back(filter.organiser_id);
    absl::StrAppend(&where, " AND a.organiser_id = $", params.size());
  }
  if (!filter.venue_code.empty()) {
    params.push_back(filter.venue_code);
    absl::StrAppend(&where, " AND (a.venue_code = $", params.size(),
                    " OR (a.venue_code = '' AND a.unit_code = $", params.size(), "))");
  }
  params.push_back(filter.limit);
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query(absl::StrCat("SELECT a.activity_id, v.data FROM ", kCurrentActivities, " WHERE ",
                             where, " ORDER BY a.activity_id LIMIT $", params.size()),
                params);
  if (!rows.ok()) return rows.status();
  std::vector<ListedActivity> listed(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    listed[i].id = (*rows)[i][0].AsText();
    listed[i].activity.ParseFromString((*rows)[i][1].AsBytes());
  }
  return listed;
}

absl::StatusOr<std::vector<ActivityTotals>> CampaignStore::SumActivities(
    Transaction& txn, const std::string& campaign_id, const std::string& root_path) {
  Params params = {campaign_id};
  std::string where = "campaign_id = $1";
  if (!root_path.empty()) {
    absl::StrAppend(&where, " AND (", SubtreeCondition("unit_path", root_path, params), ")");
  }
  absl::StatusOr<std::vector<Row>> rows =
      txn.Query(absl::StrCat("SELECT unit_path, type, COUNT(*), SUM(female), SUM(male),"
                             " SUM(unspecified), SUM(participants), SUM(people_reached),"
                             " SUM(media_items), SUM(spend_vnd) FROM activities WHERE ",
                             where, " GROUP BY unit_path, type"),
                params);
  if (!rows.ok()) return rows.status();
  std::vector<ActivityTotals> totals;
  totals.reserve(rows->size());
  for (const Row& row : *rows) {
    ActivityTotals t;
    t.unit_path = row[0].AsText();
    t.type = static_cast<v1::ActivityType>(row[1].AsInt());
    t.activities = row[2].AsInt();
    t.female = row[3].AsInt();
    t.male = row[4].AsInt();
    t.unspecified = row[5].AsInt();
    t.participants = row[6].AsInt();
    t.people_reached = row[7].AsInt();
    t.media_items = row[8].AsInt();
    t.spend_vnd = row[9].AsInt();
    totals.push_back(std::move(t));
  }
  return totals;
}

}  // namespace interplan::campaigns
