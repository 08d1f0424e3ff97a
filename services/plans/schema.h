// The plans service's database schema, as numbered migrations.
#ifndef INTERPLAN_SERVICES_PLANS_SCHEMA_H_
#define INTERPLAN_SERVICES_PLANS_SCHEMA_H_

#include <vector>

#include "common/storage/database.h"

namespace interplan::plans {

std::vector<storage::Migration> PlansMigrations();

}  // namespace interplan::plans

#endif  // INTERPLAN_SERVICES_PLANS_SCHEMA_H_
