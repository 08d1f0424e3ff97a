// Opens a fresh, empty database on either engine for a store test, so one
// test suite runs unchanged on SQLite and on a real PostgreSQL server.
#ifndef INTERPLAN_TESTS_SUPPORT_DATABASE_FIXTURE_H_
#define INTERPLAN_TESTS_SUPPORT_DATABASE_FIXTURE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/storage/database.h"

namespace interplan::testing {

// Engine names for parameterized test names: "Sqlite", "Postgres".
std::string EngineName(storage::Engine engine);

// A database nobody else uses: a new SQLite file in a temporary directory,
// or a new schema on the shared PostgreSQL server of this test process.
// `url_out`, when given, receives the URL (and `schema_out` the schema) so
// a test can open the same database again, e.g. from a second process.
absl::StatusOr<std::unique_ptr<storage::Database>> OpenFreshDatabase(
    storage::Engine engine, std::string* url_out = nullptr, std::string* schema_out = nullptr);

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_DATABASE_FIXTURE_H_
