#include "tests/support/database_fixture.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/support/postgres_server.h"
#include "tests/support/subprocess.h"

namespace interplan::testing {

namespace {

// Temporary SQLite folders, removed when the test process exits.
void RemoveAtExit(const std::string& dir) {
  static std::mutex mu;
  static std::vector<std::string>* dirs = nullptr;
  std::lock_guard<std::mutex> lock(mu);
  if (dirs == nullptr) {
    dirs = new std::vector<std::string>;
    std::atexit([] {
      for (const std::string& d : *dirs) RemoveTree(d);
    });
  }
  dirs->push_back(dir);
}

}  // namespace

std::string EngineName(storage::Engine engine) {
  return engine == storage::Engine::kSqlite ? "Sqlite" : "Postgres";
}

absl::StatusOr<std::unique_ptr<storage::Database>> OpenFreshDatabase(storage::Engine engine,
                                                                     std::string* url_out,
                                                                     std::string* schema_out) {
  static std::atomic<int> counter{0};
  const int n = ++counter;
  storage::DatabaseOptions options;
  if (engine == storage::Engine::kSqlite) {
    absl::StatusOr<std::string> dir = MakeTempDir("interplan-sqlite");
    if (!dir.ok()) return dir.status();
    RemoveAtExit(*dir);
    options.url = absl::StrCat("sqlite:", *dir, "/test.db");
  } else {
    absl::StatusOr<PostgresServer*> server = SharedPostgresServer();
    if (!server.ok()) return server.status();
    options.url = (*server)->Url("postgres");
    options.schema = absl::StrCat("test_", getpid(), "_", n);
  }
  if (url_out != nullptr) *url_out = options.url;
  if (schema_out != nullptr) *schema_out = options.schema;
  return storage::Database::Open(options);
}

}  // namespace interplan::testing
