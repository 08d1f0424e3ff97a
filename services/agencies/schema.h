// The agencies service's database schema, as numbered migrations.
#ifndef INTERPLAN_SERVICES_AGENCIES_SCHEMA_H_
#define INTERPLAN_SERVICES_AGENCIES_SCHEMA_H_

#include <vector>

#include "common/storage/database.h"

namespace interplan::agencies {

std::vector<storage::Migration> AgenciesMigrations();

}  // namespace interplan::agencies

#endif  // INTERPLAN_SERVICES_AGENCIES_SCHEMA_H_
