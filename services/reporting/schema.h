// The reporting service's database schema, as numbered migrations.
#ifndef INTERPLAN_SERVICES_REPORTING_SCHEMA_H_
#define INTERPLAN_SERVICES_REPORTING_SCHEMA_H_

#include <vector>

#include "common/storage/database.h"

namespace interplan::reporting {

std::vector<storage::Migration> ReportingMigrations();

}  // namespace interplan::reporting

#endif  // INTERPLAN_SERVICES_REPORTING_SCHEMA_H_
