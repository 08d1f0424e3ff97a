#include "services/campaigns/schema.h"

#include <string>

#include "common/clients/remembering_agencies_client.h"
#include "common/storage/request_log.h"

namespace interplan::campaigns {

std::vector<storage::Migration> CampaignsMigrations() {
  return {
      {1, "request_log", std::string(storage::kRequestLogSchema)},
      {2, "registry cache", std::string(kAgenciesMemorySchema)},
      {3, "campaigns",
       // One serialized interplan.campaigns.v1.Campaign per row, with what
       // listings and summaries filter on. A series has one instance a year.
       "CREATE TABLE campaigns ("
       " id TEXT PRIMARY KEY,"
       " kind INTEGER NOT NULL,"
       " series TEXT NOT NULL,"
       " year INTEGER NOT NULL,"
       " start_date TEXT NOT NULL,"
       " end_date TEXT NOT NULL,"
       " data BYTEA NOT NULL,"
       " create_time_micros BIGINT NOT NULL);"
       "CREATE UNIQUE INDEX campaigns_one_per_year ON campaigns (series, year)"
       " WHERE series <> '';"
       "CREATE INDEX campaigns_by_kind ON campaigns (kind, year);"
       // The current version of each activity, with its numbers for sums;
       // unit_path is its unit's place in the hierarchy on the campaign's
       // first day.
       "CREATE TABLE activities ("
       " campaign_id TEXT NOT NULL,"
       " activity_id TEXT NOT NULL,"
       " version INTEGER NOT NULL,"
       " organiser_id TEXT NOT NULL,"
       " unit_code TEXT NOT NULL,"
       " unit_path TEXT NOT NULL,"
       " type INTEGER NOT NULL,"
       " female BIGINT NOT NULL,"
       " male BIGINT NOT NULL,"
       " unspecified BIGINT NOT NULL,"
       " participants BIGINT NOT NULL,"
       " people_reached BIGINT NOT NULL,"
       " media_items BIGINT NOT NULL,"
       " spend_vnd BIGINT NOT NULL,"
       " PRIMARY KEY (campaign_id, activity_id));"
       "CREATE INDEX activities_by_path ON activities (campaign_id, unit_path);"
       // Every version of every activity, corrections included.
       "CREATE TABLE activity_versions ("
       " campaign_id TEXT NOT NULL,"
       " activity_id TEXT NOT NULL,"
       " version INTEGER NOT NULL,"
       " data BYTEA NOT NULL,"
       " PRIMARY KEY (campaign_id, activity_id, version))"},
      // Who asked for each write, and what came of it (audit_log.h).
      storage::AuditMigration(4),
      // Where an activity was held when not in its unit (Activity.venue):
      // data only, never summed by.
      {5, "activity venue",
       "ALTER TABLE activities ADD COLUMN venue_code TEXT NOT NULL DEFAULT ''"},
  };
}

}  // namespace interplan::campaigns
