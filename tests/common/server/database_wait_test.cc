// --database_wait: a real service binary started before its PostgreSQL
// answers keeps trying to open the database, and serves once the server
// is up, as containers started together (or a database restarted at the
// same time) need; with no wait it exits at once, naming the database.
#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/postgres_server.h"
#include "tests/support/service_process.h"
#include "tests/support/subprocess.h"

namespace interplan {
namespace {

using ::testing::HasSubstr;

TEST(DatabaseWaitTest, ServiceStartedBeforeItsDatabaseServesOnceTheDatabaseIsUp) {
  absl::StatusOr<int> port = testing::PickUnusedPort();
  ASSERT_TRUE(port.ok()) << port.status();
  absl::StatusOr<std::unique_ptr<testing::PostgresServer>> postgres;
  // The database comes up while the service is already trying it.
  std::thread database([&] {
    absl::SleepFor(absl::Seconds(1));
    postgres = testing::PostgresServer::Start(*port);
  });
  absl::StatusOr<std::unique_ptr<testing::ServiceProcess>> agencies =
      testing::ServiceProcess::Start(
          {.service = "agencies",
           .extra_args = {absl::StrCat("--database_url=postgres://postgres@127.0.0.1:", *port,
                                       "/postgres?connect_timeout=2"),
                          "--database_wait=60s"}});
  database.join();
  ASSERT_TRUE(postgres.ok()) << postgres.status();
  ASSERT_TRUE(agencies.ok()) << agencies.status();
  EXPECT_THAT((*agencies)->Log(), HasSubstr("database unavailable; trying again"));
}

TEST(DatabaseWaitTest, WithoutAWaitAnUnreachableDatabaseStopsTheStart) {
  absl::StatusOr<int> port = testing::PickUnusedPort();
  ASSERT_TRUE(port.ok()) << port.status();
  absl::StatusOr<std::unique_ptr<testing::ServiceProcess>> agencies =
      testing::ServiceProcess::Start(
          {.service = "agencies",
           .extra_args = {absl::StrCat("--database_url=postgres://postgres@127.0.0.1:", *port,
                                       "/postgres?connect_timeout=2"),
                          "--database_wait=0s"},
           .startup_timeout = absl::Seconds(8)});
  ASSERT_FALSE(agencies.ok());
  EXPECT_THAT(agencies.status().message(), HasSubstr("cannot connect to PostgreSQL"));
}

}  // namespace
}  // namespace interplan
