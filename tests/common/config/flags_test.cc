#include "common/config/flags.h"

#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace interplan {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// An environment holding exactly `variables`.
EnvironmentReader FakeEnvironment(std::map<std::string, std::string> variables) {
  return [variables](absl::string_view name) -> std::optional<std::string> {
    auto it = variables.find(std::string(name));
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
}

// A server's typical flags, with their defaults.
struct Config {
  std::string listen = "0.0.0.0:50051";
  int64_t port = 50051;
  int64_t max_message_bytes = 4 << 20;
  absl::Duration drain_timeout = absl::Seconds(10);
  bool verbose = false;
  bool tls = true;
  std::string database_url = "sqlite:data";
};

class FlagsTest : public ::testing::Test {
 protected:
  FlagsTest() : flags_("interplan-test") {
    flags_.AddString("listen", &config_.listen, "address to listen on");
    flags_.AddInt("port", &config_.port, "port number", 1, 65535);
    flags_.AddInt("max_message_bytes", &config_.max_message_bytes, "largest message accepted", 1024,
                  64 << 20);
    flags_.AddDuration("drain_timeout", &config_.drain_timeout, "how long to drain on SIGTERM");
    flags_.AddBool("verbose", &config_.verbose, "log every call");
    flags_.AddBool("tls", &config_.tls, "serve TLS");
    flags_.AddString(
        "database_url", &config_.database_url, "where the data lives",
        "INTERPLAN_DATABASE_URL_OVERRIDE", [](const std::string& url) -> absl::Status {
          if (absl::StartsWith(url, "sqlite:") || absl::StartsWith(url, "postgres://")) {
            return absl::OkStatus();
          }
          return absl::InvalidArgumentError("expected sqlite:<dir> or postgres://...");
        });
  }

  absl::Status Parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    return flags_.Parse(args, FakeEnvironment(std::move(env)));
  }

  Config config_;
  Flags flags_;
};

TEST_F(FlagsTest, DefaultsStayWhenNothingIsGiven) {
  ASSERT_TRUE(Parse({}).ok());
  EXPECT_EQ(config_.listen, "0.0.0.0:50051");
  EXPECT_EQ(config_.port, 50051);
  EXPECT_EQ(config_.drain_timeout, absl::Seconds(10));
  EXPECT_FALSE(config_.verbose);
  EXPECT_TRUE(config_.tls);
  EXPECT_THAT(flags_.positional(), IsEmpty());
  EXPECT_FALSE(flags_.help_requested());
}

TEST_F(FlagsTest, EnvironmentOverridesDefault) {
  ASSERT_TRUE(Parse({}, {{"INTERPLAN_LISTEN", "127.0.0.1:6000"},
                         {"INTERPLAN_PORT", "6000"},
                         {"INTERPLAN_MAX_MESSAGE_BYTES", "2048"},
                         {"INTERPLAN_DRAIN_TIMEOUT", "1m30s"},
                         {"INTERPLAN_VERBOSE", "true"},
                         {"INTERPLAN_TLS", "off"}})
                  .ok());
  EXPECT_EQ(config_.listen, "127.0.0.1:6000");
  EXPECT_EQ(config_.port, 6000);
  EXPECT_EQ(config_.max_message_bytes, 2048);
  EXPECT_EQ(config_.drain_timeout, absl::Seconds(90));
  EXPECT_TRUE(config_.verbose);
  EXPECT_FALSE(config_.tls);
}

TEST_F(FlagsTest, CommandLineOverridesEnvironment) {
  ASSERT_TRUE(Parse({"--listen=10.0.0.1:7000", "--port", "7000", "--noverbose"},
                    {{"INTERPLAN_LISTEN", "127.0.0.1:6000"},
                     {"INTERPLAN_PORT", "6000"},
                     {"INTERPLAN_VERBOSE", "true"}})
                  .ok());
  EXPECT_EQ(config_.listen, "10.0.0.1:7000");
  EXPECT_EQ(config_.port, 7000);
  EXPECT_FALSE(config_.verbose);
}

TEST_F(FlagsTest, EnvironmentIsNotReadForAFlagTheCommandLineSets) {
  // The variable is malformed, but the command line wins, so it is never parsed.
  ASSERT_TRUE(Parse({"--port=7000"}, {{"INTERPLAN_PORT", "not a number"}}).ok());
  EXPECT_EQ(config_.port, 7000);
}

TEST_F(FlagsTest, UsesAnExplicitVariableName) {
  ASSERT_TRUE(Parse({}, {{"INTERPLAN_DATABASE_URL", "postgres://ignored"},
                         {"INTERPLAN_DATABASE_URL_OVERRIDE", "postgres://db/plans"}})
                  .ok());
  EXPECT_EQ(config_.database_url, "postgres://db/plans");
}

TEST_F(FlagsTest, AcceptsNameEqualsValueAndNameSpaceValue) {
  ASSERT_TRUE(Parse({"--listen=[::]:9000", "--drain_timeout", "500ms"}).ok());
  EXPECT_EQ(config_.listen, "[::]:9000");
  EXPECT_EQ(config_.drain_timeout, absl::Milliseconds(500));
}

TEST_F(FlagsTest, ValueMayContainEqualsSigns) {
  ASSERT_TRUE(Parse({"--database_url=postgres://db/plans?sslmode=require"}).ok());
  EXPECT_EQ(config_.database_url, "postgres://db/plans?sslmode=require");
}

TEST_F(FlagsTest, EmptyValueAfterEqualsIsAValue) {
  ASSERT_TRUE(Parse({"--listen="}).ok());
  EXPECT_EQ(config_.listen, "");
}

TEST_F(FlagsTest, BooleanFlagAndItsNegation) {
  ASSERT_TRUE(Parse({"--verbose", "--notls"}).ok());
  EXPECT_TRUE(config_.verbose);
  EXPECT_FALSE(config_.tls);

  ASSERT_TRUE(Parse({"--noverbose", "--tls"}).ok());
  EXPECT_FALSE(config_.verbose);
  EXPECT_TRUE(config_.tls);
}

TEST_F(FlagsTest, BooleanFlagTakesAnExplicitValue) {
  ASSERT_TRUE(Parse({"--verbose=yes", "--tls=false"}).ok());
  EXPECT_TRUE(config_.verbose);
  EXPECT_FALSE(config_.tls);
  ASSERT_TRUE(Parse({"--verbose=0", "--tls=ON"}).ok());
  EXPECT_FALSE(config_.verbose);
  EXPECT_TRUE(config_.tls);
}

TEST_F(FlagsTest, BareBooleanFlagDoesNotSwallowTheNextArgument) {
  ASSERT_TRUE(Parse({"--verbose", "false"}).ok());
  EXPECT_TRUE(config_.verbose);
  EXPECT_THAT(flags_.positional(), ElementsAre("false"));
}

TEST_F(FlagsTest, NegationIsOnlyForBooleans) {
  absl::Status status = Parse({"--nolisten"});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("unknown flag"));
  EXPECT_EQ(config_.listen, "0.0.0.0:50051");
}

TEST_F(FlagsTest, DashesInNamesAreUnderscores) {
  ASSERT_TRUE(
      Parse({"--max-message-bytes=8192", "--drain-timeout", "2s", "--database-url=sqlite:/d"})
          .ok());
  EXPECT_EQ(config_.max_message_bytes, 8192);
  EXPECT_EQ(config_.drain_timeout, absl::Seconds(2));
  EXPECT_EQ(config_.database_url, "sqlite:/d");
}

TEST_F(FlagsTest, DashedFlagOnTheCommandLineStillBeatsTheEnvironment) {
  ASSERT_TRUE(Parse({"--max-message-bytes=8192"}, {{"INTERPLAN_MAX_MESSAGE_BYTES", "4096"}}).ok());
  EXPECT_EQ(config_.max_message_bytes, 8192);
}

TEST_F(FlagsTest, UnknownFlagIsAnError) {
  absl::Status status = Parse({"--lisen=1.2.3.4:5"});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("--lisen"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("interplan-test --help"));
}

TEST_F(FlagsTest, MissingValueIsAnError) {
  absl::Status status = Parse({"--verbose", "--listen"});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("--listen"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("needs a value"));
}

TEST_F(FlagsTest, BadIntegerOnTheCommandLineNamesTheFlag) {
  absl::Status status = Parse({"--port=50o51"});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("--port"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("\"50o51\""));
  EXPECT_THAT(std::string(status.message()), HasSubstr("command line"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("integer"));
  EXPECT_EQ(config_.port, 50051);
}

TEST_F(FlagsTest, BadIntegerInTheEnvironmentNamesFlagAndVariable) {
  absl::Status status = Parse({}, {{"INTERPLAN_PORT", "fifty"}});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("--port"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("INTERPLAN_PORT"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("\"fifty\""));
  EXPECT_EQ(config_.port, 50051);
}

TEST_F(FlagsTest, OutOfRangeIntegerIsAnError) {
  absl::Status status = Parse({"--port=70000"});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("--port"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("[1, 65535]"));
  EXPECT_EQ(config_.port, 50051);

  EXPECT_FALSE(Parse({"--port=0"}).ok());
  EXPECT_FALSE(Parse({"--port=99999999999999999999"}).ok());
  ASSERT_TRUE(Parse({"--port=1"}).ok());
  EXPECT_EQ(config_.port, 1);
  ASSERT_TRUE(Parse({"--port=65535"}).ok());
  EXPECT_EQ(config_.port, 65535);

  absl::Status env = Parse({}, {{"INTERPLAN_MAX_MESSAGE_BYTES", "10"}});
  EXPECT_EQ(env.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(env.message()), HasSubstr("--max_message_bytes"));
  EXPECT_THAT(std::string(env.message()), HasSubstr("INTERPLAN_MAX_MESSAGE_BYTES"));
}

TEST_F(FlagsTest, BadDurationIsAnError) {
  for (const char* bad : {"10", "-5s", "soon", "5 s"}) {
    SCOPED_TRACE(bad);
    absl::Status status = Parse({std::string("--drain_timeout=") + bad});
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(status.message()), HasSubstr("--drain_timeout"));
  }
  EXPECT_EQ(config_.drain_timeout, absl::Seconds(10));

  absl::Status env = Parse({}, {{"INTERPLAN_DRAIN_TIMEOUT", "ten seconds"}});
  EXPECT_EQ(env.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(env.message()), HasSubstr("--drain_timeout"));
  EXPECT_THAT(std::string(env.message()), HasSubstr("INTERPLAN_DRAIN_TIMEOUT"));
  EXPECT_EQ(config_.drain_timeout, absl::Seconds(10));
}

TEST_F(FlagsTest, ZeroDurationIsAccepted) {
  ASSERT_TRUE(Parse({"--drain_timeout=0"}).ok());
  EXPECT_EQ(config_.drain_timeout, absl::ZeroDuration());
}

TEST_F(FlagsTest, BadBooleanIsAnError) {
  absl::Status status = Parse({"--verbose=maybe"});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("--verbose"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("\"maybe\""));

  absl::Status env = Parse({}, {{"INTERPLAN_TLS", "perhaps"}});
  EXPECT_EQ(env.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(env.message()), HasSubstr("--tls"));
  EXPECT_THAT(std::string(env.message()), HasSubstr("INTERPLAN_TLS"));
  EXPECT_TRUE(config_.tls);
}

TEST_F(FlagsTest, ValidatorRejectsAValue) {
  absl::Status status = Parse({"--database_url=mysql://db"});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("--database_url"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("expected sqlite:<dir>"));
  EXPECT_EQ(config_.database_url, "sqlite:data");

  absl::Status env = Parse({}, {{"INTERPLAN_DATABASE_URL_OVERRIDE", "mysql://db"}});
  EXPECT_EQ(env.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(env.message()), HasSubstr("--database_url"));
  EXPECT_THAT(std::string(env.message()), HasSubstr("INTERPLAN_DATABASE_URL_OVERRIDE"));
  EXPECT_EQ(config_.database_url, "sqlite:data");
}

TEST_F(FlagsTest, KeepsPositionalArguments) {
  ASSERT_TRUE(Parse({"units", "--port=6000", "list", "-", "--", "--verbose", "x"}).ok());
  EXPECT_THAT(flags_.positional(), ElementsAre("units", "list", "-", "--verbose", "x"));
  EXPECT_EQ(config_.port, 6000);
  EXPECT_FALSE(config_.verbose);  // after "--" it is an argument, not a flag

  ASSERT_TRUE(Parse({"other"}).ok());
  EXPECT_THAT(flags_.positional(), ElementsAre("other"));
}

TEST_F(FlagsTest, HelpIsRequestedNotAnError) {
  ASSERT_TRUE(Parse({"--port=6000", "--help"}).ok());
  EXPECT_TRUE(flags_.help_requested());
  EXPECT_EQ(config_.port, 6000);

  Config other;
  Flags short_form("x");
  short_form.AddBool("verbose", &other.verbose, "log every call");
  ASSERT_TRUE(short_form.Parse({"-h"}, FakeEnvironment({})).ok());
  EXPECT_TRUE(short_form.help_requested());
}

TEST_F(FlagsTest, UsageListsEveryFlagWithItsVariableAndDefault) {
  const std::string usage = flags_.Usage();
  EXPECT_THAT(usage, HasSubstr("interplan-test"));
  EXPECT_THAT(usage, HasSubstr("--listen"));
  EXPECT_THAT(usage, HasSubstr("address to listen on"));
  EXPECT_THAT(usage, HasSubstr("INTERPLAN_LISTEN"));
  EXPECT_THAT(usage, HasSubstr("\"0.0.0.0:50051\""));
  EXPECT_THAT(usage, HasSubstr("--port"));
  EXPECT_THAT(usage, HasSubstr("INTERPLAN_PORT"));
  EXPECT_THAT(usage, HasSubstr("\"50051\""));
  EXPECT_THAT(usage, HasSubstr("--max_message_bytes"));
  EXPECT_THAT(usage, HasSubstr("INTERPLAN_MAX_MESSAGE_BYTES"));
  EXPECT_THAT(usage, HasSubstr("--drain_timeout"));
  EXPECT_THAT(usage, HasSubstr("INTERPLAN_DRAIN_TIMEOUT"));
  EXPECT_THAT(usage, HasSubstr("\"10s\""));
  EXPECT_THAT(usage, HasSubstr("--verbose"));
  EXPECT_THAT(usage, HasSubstr("INTERPLAN_VERBOSE"));
  EXPECT_THAT(usage, HasSubstr("\"false\""));
  EXPECT_THAT(usage, HasSubstr("--tls"));
  EXPECT_THAT(usage, HasSubstr("INTERPLAN_TLS"));
  EXPECT_THAT(usage, HasSubstr("--database_url"));
  EXPECT_THAT(usage, HasSubstr("INTERPLAN_DATABASE_URL_OVERRIDE"));
}

TEST_F(FlagsTest, UsageShowsDefaultsNotParsedValues) {
  ASSERT_TRUE(Parse({"--port=6000"}).ok());
  EXPECT_THAT(flags_.Usage(), HasSubstr("\"50051\""));
  EXPECT_THAT(flags_.Usage(), ::testing::Not(HasSubstr("\"6000\"")));
}

TEST(FlagsArgvTest, ReadsArgvAndTheProcessEnvironment) {
  // A variable name no real deployment uses.
  ASSERT_EQ(setenv("INTERPLAN_FLAGS_TEST_ONLY_NAME", "from-env", 1), 0);
  std::string name = "default";
  std::string listen = "default";
  Flags flags("prog");
  flags.AddString("name", &name, "a name", "INTERPLAN_FLAGS_TEST_ONLY_NAME");
  flags.AddString("listen", &listen, "where", "INTERPLAN_FLAGS_TEST_ONLY_LISTEN");
  std::string arg0 = "prog", arg1 = "--listen=:1", arg2 = "rest";
  char* argv[] = {arg0.data(), arg1.data(), arg2.data()};
  absl::Status status = flags.Parse(3, argv);
  unsetenv("INTERPLAN_FLAGS_TEST_ONLY_NAME");
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(name, "from-env");
  EXPECT_EQ(listen, ":1");
  EXPECT_THAT(flags.positional(), ElementsAre("rest"));  // argv[0] is not one
}

TEST(FlagsDefaultVariableTest, DashesInARegisteredNameBecomeUnderscores) {
  std::string dir = "default";
  Flags flags("prog");
  flags.AddString("data-dir", &dir, "where the data lives");
  ASSERT_TRUE(flags.Parse({}, FakeEnvironment({{"INTERPLAN_DATA_DIR", "/var/x"}})).ok());
  EXPECT_EQ(dir, "/var/x");
  EXPECT_THAT(flags.Usage(), HasSubstr("INTERPLAN_DATA_DIR"));
}

TEST(FlagsDefaultVariableTest, FlagRegisteredWithADashCanBeSetOnTheCommandLine) {
  std::string dir = "default";
  Flags flags("prog");
  flags.AddString("data-dir", &dir, "where the data lives");
  absl::Status status = flags.Parse({"--data-dir=/srv/a"}, FakeEnvironment({}));
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(dir, "/srv/a");
}

}  // namespace
}  // namespace interplan
