// LIKE patterns with the user's '%', '_' and '\' matching themselves, on
// SQLite and PostgreSQL alike.
#include "common/storage/like_pattern.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/database_fixture.h"

namespace interplan::storage {
namespace {

TEST(LikeEscapeTest, EscapesTheWildcardsAndTheEscape) {
  EXPECT_EQ(LikeEscape("100%_a\\b"), "100\\%\\_a\\\\b");
  EXPECT_EQ(LikeEscape("plain"), "plain");
}

class LikePatternTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Database>> db = testing::OpenFreshDatabase(GetParam());
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->Migrate({{1, "names", "CREATE TABLE names (name TEXT NOT NULL)"}}).ok());
    ASSERT_TRUE(db_->Write([](Transaction& txn) -> absl::Status {
                     for (const char* name : {" quy 100% hoc phi", " quy 100 hoc phi", " a_b",
                                              " axb", " back\\slash", " backslash"}) {
                       absl::StatusOr<int64_t> added =
                           txn.Execute("INSERT INTO names VALUES ($1)", {name});
                       if (!added.ok()) return added.status();
                     }
                     return absl::OkStatus();
                   })
                    .ok());
  }

  std::unique_ptr<Database> db_;
};

TEST_P(LikePatternTest, AnEscapedPatternMatchesOnlyLiterally) {
  Database& db = *db_;
  auto matches = [&](const std::string& word) {
    std::vector<std::string> found;
    EXPECT_TRUE(db.Read([&](Transaction& txn) -> absl::Status {
                    absl::StatusOr<std::vector<Row>> rows =
                        txn.Query(absl::StrCat("SELECT name FROM names WHERE name LIKE $1",
                                               kLikeEscapeClause, " ORDER BY name"),
                                  {absl::StrCat("%", LikeEscape(word), "%")});
                    if (!rows.ok()) return rows.status();
                    for (const Row& row : *rows) found.push_back(row[0].AsText());
                    return absl::OkStatus();
                  }).ok());
    return found;
  };
  EXPECT_EQ(matches("%"), std::vector<std::string>{" quy 100% hoc phi"});
  EXPECT_EQ(matches("_"), std::vector<std::string>{" a_b"});
  EXPECT_EQ(matches("\\"), std::vector<std::string>{" back\\slash"});
  EXPECT_EQ(matches("100"), (std::vector<std::string>{" quy 100 hoc phi", " quy 100% hoc phi"}));
}

INSTANTIATE_TEST_SUITE_P(Engines, LikePatternTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace interplan::storage
