// The campaigns service's database schema, as numbered migrations.
#ifndef INTERPLAN_SERVICES_CAMPAIGNS_SCHEMA_H_
#define INTERPLAN_SERVICES_CAMPAIGNS_SCHEMA_H_

#include <vector>

#include "common/storage/database.h"

namespace interplan::campaigns {

std::vector<storage::Migration> CampaignsMigrations();

}  // namespace interplan::campaigns

#endif  // INTERPLAN_SERVICES_CAMPAIGNS_SCHEMA_H_
