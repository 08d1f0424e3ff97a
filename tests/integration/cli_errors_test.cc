// The `interplan` client explains itself (issue 19): per-command help, an
// unknown word named with the nearest known one, local errors (a file, its
// JSON) worded as such with the system's reason and the line and column,
// a server's field violations each once, a hint to set INTERPLAN_API_KEY,
// --json errors as one JSON object on stderr, and an exit status by kind
// of failure. The real binary against the real interplan-agencies and
// interplan-plans with authentication on.
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "interplan/plans/v1/plans.pb.h"
#include "tests/support/secured_suite.h"
#include "tests/support/service_process.h"

namespace interplan {
namespace {

using testing::CommandResult;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::SecuredSuite;
using ::testing::StartsWith;

// How often `part` occurs in `text`.
int Count(const std::string& text, const std::string& part) {
  int n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

int Lines(const std::string& text) {
  return static_cast<int>(
      std::vector<std::string>(absl::StrSplit(text, '\n', absl::SkipEmpty())).size());
}

class CliErrorsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<SecuredSuite>> suite = SecuredSuite::Start({.plans = true});
    ASSERT_TRUE(suite.ok()) << suite.status();
    suite_ = suite->release();
    absl::StatusOr<std::string> dir = testing::MakeTempDir("cli-errors");
    ASSERT_TRUE(dir.ok()) << dir.status();
    dir_ = new std::string(*dir);
  }
  static void TearDownTestSuite() {
    testing::RemoveTree(*dir_);
    delete dir_;
    delete suite_;
  }

  // A file in the test's folder with `content`; its path.
  static std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = absl::StrCat(*dir_, "/", name);
    std::ofstream(path, std::ios::trunc) << content;
    return path;
  }

  // `interplan args` with the suite's addresses and `key` (none when "").
  static CommandResult Run(const std::vector<std::string>& args, const std::string& key = "",
                           std::map<std::string, std::string> more_env = {}) {
    std::map<std::string, std::string> env = suite_->ClientEnv(key);
    if (key.empty()) env["INTERPLAN_API_KEY"] = "";
    for (auto& [name, value] : more_env) env[name] = value;
    absl::StatusOr<CommandResult> result = testing::RunClient(args, env);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : CommandResult{-1, ""};
  }

  // The same, stdout and stderr apart.
  struct Streams {
    int exit_code;
    std::string out;
    std::string err;
  };
  static Streams RunApart(const std::vector<std::string>& args, const std::string& key = "") {
    const std::string err_path = absl::StrCat(*dir_, "/stderr");
    testing::SubprocessOptions options;
    options.argv = {"/bin/sh", "-c", absl::StrCat("exec \"$0\" \"$@\" 2>", err_path),
                    testing::BuildPath("tools/interplan/interplan")};
    options.argv.insert(options.argv.end(), args.begin(), args.end());
    options.env = suite_->ClientEnv(key);
    if (key.empty()) options.env["INTERPLAN_API_KEY"] = "";
    absl::StatusOr<CommandResult> result = testing::RunCommand(options);
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return {-1, "", ""};
    return {result->exit_code, result->output, testing::ReadFileOrEmpty(err_path)};
  }

  static std::string Key(const std::string& agency) {
    absl::StatusOr<std::string> key = suite_->KeyFor(agency);
    EXPECT_TRUE(key.ok()) << key.status();
    return key.ok() ? *key : "";
  }

  static SecuredSuite* suite_;
  static std::string* dir_;
};

SecuredSuite* CliErrorsTest::suite_ = nullptr;
std::string* CliErrorsTest::dir_ = nullptr;

TEST_F(CliErrorsTest, HelpOfOneCommandIsThatCommandsUsage) {
  CommandResult help = Run({"plans", "push", "--help"});
  EXPECT_EQ(help.exit_code, 0) << help.output;
  EXPECT_THAT(help.output,
              StartsWith("usage: interplan plans push FILE [--issue] [--reason TEXT]"));
  EXPECT_THAT(help.output, HasSubstr("--reason TEXT"));
  EXPECT_THAT(help.output, HasSubstr("Example:\n  interplan plans push "));
  EXPECT_THAT(help.output, HasSubstr("{\"year\": 2023, \"month\": 3, \"day\": 1}"));
  EXPECT_THAT(help.output, Not(HasSubstr("units list")));

  CommandResult spelled = Run({"help", "plans", "push"});
  EXPECT_EQ(spelled.exit_code, 0) << spelled.output;
  EXPECT_EQ(spelled.output, help.output);

  CommandResult group = Run({"plans", "--help"});
  EXPECT_EQ(group.exit_code, 0) << group.output;
  EXPECT_THAT(group.output, HasSubstr("plans validate FILE"));
  EXPECT_THAT(group.output, Not(HasSubstr("units list")));

  CommandResult global = Run({"--help"});
  EXPECT_EQ(global.exit_code, 0) << global.output;
  EXPECT_THAT(global.output, HasSubstr("units list"));
  EXPECT_THAT(global.output, HasSubstr("plans push FILE"));
  EXPECT_THAT(global.output, HasSubstr("Exit status:"));
  EXPECT_THAT(global.output, HasSubstr("  3  not found"));
}

TEST_F(CliErrorsTest, AnUnknownWordIsNamedWithTheNearestKnownOne) {
  CommandResult command = Run({"plan", "list"});
  EXPECT_EQ(command.exit_code, 2) << command.output;
  EXPECT_THAT(command.output, StartsWith("error: unknown command: plan (did you mean plans?)\n"));
  EXPECT_LE(Lines(command.output), 2) << command.output;

  CommandResult verb = Run({"plans", "pus", "plan.json"});
  EXPECT_EQ(verb.exit_code, 2) << verb.output;
  EXPECT_THAT(verb.output, HasSubstr("unknown command: plans pus (did you mean plans push?)"));
  EXPECT_LE(Lines(verb.output), 2) << verb.output;

  CommandResult option = Run({"plans", "push", "plan.json", "--isue"});
  EXPECT_EQ(option.exit_code, 2) << option.output;
  EXPECT_THAT(option.output, HasSubstr("unknown option --isue (did you mean --issue?)"));

  CommandResult missing = Run({"plans", "push"});
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_THAT(missing.output, HasSubstr("interplan plans push: missing FILE"));

  CommandResult bad_value = Run({"units", "list", "--as-of", "2023-02-30"});
  EXPECT_EQ(bad_value.exit_code, 2) << bad_value.output;
  EXPECT_THAT(bad_value.output, HasSubstr("--as-of"));

  CommandResult nothing = Run({});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_THAT(nothing.output, HasSubstr("usage: interplan"));
}

TEST_F(CliErrorsTest, AFileThatCannotBeReadIsALocalErrorWithTheSystemsReason) {
  const std::string path = absl::StrCat(*dir_, "/no-such-plan.json");
  CommandResult missing = Run({"plans", "push", path});
  EXPECT_EQ(missing.exit_code, 3) << missing.output;
  EXPECT_EQ(missing.output,
            absl::StrCat("error: cannot open ", path, ": No such file or directory\n"));

  CommandResult directory = Run({"reports", "submit", *dir_});
  EXPECT_NE(directory.exit_code, 0) << directory.output;
  EXPECT_EQ(directory.output, absl::StrCat("error: cannot read ", *dir_, ": Is a directory\n"));
}

TEST_F(CliErrorsTest, JsonSyntaxErrorsHaveTheirLineAndColumn) {
  const std::string path = WriteFile("syntax.json",
                                     "{\n"
                                     "  \"planId\": \"x\",\n"
                                     "  \"plan\": {\"title\": \"Kế hoạch\" \"period\": \"2022\"}\n"
                                     "}\n");
  CommandResult pushed = Run({"plans", "push", path});
  EXPECT_EQ(pushed.exit_code, 6) << pushed.output;
  // Column 32 counts "ế" as one: the column an editor shows.
  EXPECT_EQ(pushed.output,
            absl::StrCat("error: ", path,
                         ": not JSON: line 3, column 32: expected ',' or '}' after an object "
                         "member\n"));
}

TEST_F(CliErrorsTest, ADateWrittenAsTextGivesThePathAndTheShapeExpected) {
  const std::string path =
      WriteFile("date.json", R"({"planId": "x", "plan": {"issueDate": "2023-03-01"}})");
  CommandResult pushed = Run({"plans", "push", path});
  EXPECT_EQ(pushed.exit_code, 6) << pushed.output;
  EXPECT_THAT(pushed.output, HasSubstr("plan.issueDate: a date is written as an object, e.g. "
                                       "{\"year\": 2023, \"month\": 3, \"day\": 1}"));
  EXPECT_THAT(pushed.output, HasSubstr("not the string \"2023-03-01\""));
  EXPECT_THAT(pushed.output, Not(HasSubstr("type.googleapis.com")));
  EXPECT_THAT(pushed.output, Not(HasSubstr("INVALID_ARGUMENT")));
}

TEST_F(CliErrorsTest, AnInvalidPlansViolationsArePrintedOnceEach) {
  std::ifstream in(testing::SourcePath("tests/fixtures/plans/004_lai_chau_2024.json"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  plans::v1::CreatePlanRequest plan;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(text, &plan).ok());
  plan.set_plan_id("cli-errors-invalid");
  plan.mutable_plan()->clear_title();
  plan.mutable_plan()->mutable_sections(0)->mutable_sections(0)->mutable_tasks(0)->clear_lead();
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(plan, &json).ok());
  const std::string path = WriteFile("invalid-plan.json", json);

  CommandResult pushed = Run({"plans", "push", path}, Key("lai-chau-so-noi-vu"));
  EXPECT_EQ(pushed.exit_code, 6) << pushed.output;
  EXPECT_THAT(pushed.output, StartsWith("error: INVALID_ARGUMENT: 2 problems:\n"));
  EXPECT_EQ(Count(pushed.output, "plan.title: is required"), 1) << pushed.output;
  EXPECT_EQ(Count(pushed.output, "plan.sections[0].sections[0].tasks[0].lead"), 1) << pushed.output;

  CommandResult validated = Run({"plans", "validate", path}, Key("lai-chau-so-noi-vu"));
  EXPECT_EQ(validated.exit_code, 6) << validated.output;
  EXPECT_EQ(Count(validated.output, "plan.title: is required"), 1) << validated.output;
}

TEST_F(CliErrorsTest, WithoutAKeyTheHintSaysHowToSetInterplanApiKey) {
  CommandResult no_key = Run({"plans", "get", "lai-chau-2024"});
  EXPECT_EQ(no_key.exit_code, 4) << no_key.output;
  EXPECT_THAT(no_key.output, HasSubstr("error: UNAUTHENTICATED: no API key was presented"));
  EXPECT_THAT(no_key.output, HasSubstr("hint: set INTERPLAN_API_KEY"));
  EXPECT_THAT(no_key.output, HasSubstr("export INTERPLAN_API_KEY="));
  EXPECT_THAT(no_key.output, Not(HasSubstr("metadata")));

  CommandResult unknown = Run({"plans", "get", "lai-chau-2024"}, "ipk_nosuchkey_secret");
  EXPECT_EQ(unknown.exit_code, 4) << unknown.output;
  EXPECT_THAT(unknown.output, HasSubstr("hint: the key in INTERPLAN_API_KEY was refused"));
}

TEST_F(CliErrorsTest, EachKindOfServerAnswerHasItsExitStatus) {
  const std::string province = Key("lai-chau-so-noi-vu");
  CommandResult not_found = Run({"plans", "get", "no-such-plan"}, province);
  EXPECT_EQ(not_found.exit_code, 3) << not_found.output;
  EXPECT_THAT(not_found.output, StartsWith("error: NOT_FOUND: "));

  CommandResult denied = Run({"keys", "list"}, province);
  EXPECT_EQ(denied.exit_code, 4) << denied.output;
  EXPECT_THAT(denied.output, StartsWith("error: PERMISSION_DENIED: "));

  const std::string agency = WriteFile(
      "agency.json", R"({"agencyId": "cli-errors-agency", "agency": {"displayName": "Cơ quan thử",)"
                     R"( "kind": "AGENCY_KIND_OTHER", "unit": "units/51"}})");
  CommandResult created = Run({"agencies", "create", agency}, suite_->operator_key());
  ASSERT_EQ(created.exit_code, 0) << created.output;
  CommandResult again = Run({"agencies", "create", agency}, suite_->operator_key());
  EXPECT_EQ(again.exit_code, 7) << again.output;
  EXPECT_THAT(again.output, StartsWith("error: ALREADY_EXISTS: "));

  absl::StatusOr<int> port = testing::PickUnusedPort();
  ASSERT_TRUE(port.ok());
  CommandResult down = Run({"--timeout", "3", "plans", "get", "lai-chau-2024"}, province,
                           {{"INTERPLAN_PLANS_ADDR", absl::StrCat("127.0.0.1:", *port)}});
  EXPECT_EQ(down.exit_code, 5) << down.output;
  EXPECT_THAT(down.output, HasSubstr("hint: "));
}

TEST_F(CliErrorsTest, JsonErrorsAreOneObjectOnStderr) {
  Streams not_found =
      RunApart({"--json", "plans", "get", "no-such-plan"}, Key("lai-chau-so-noi-vu"));
  EXPECT_EQ(not_found.exit_code, 3) << not_found.err;
  EXPECT_EQ(not_found.out, "");
  EXPECT_EQ(Lines(not_found.err), 1) << not_found.err;
  google::protobuf::Struct error;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(not_found.err, &error).ok())
      << not_found.err;
  const google::protobuf::Struct& body = error.fields().at("error").struct_value();
  EXPECT_EQ(body.fields().at("code").number_value(), 404);
  EXPECT_EQ(body.fields().at("status").string_value(), "NOT_FOUND");
  EXPECT_THAT(body.fields().at("message").string_value(), HasSubstr("no-such-plan"));
  EXPECT_GT(body.fields().at("details").list_value().values_size(), 0);

  Streams usage = RunApart({"--json", "plan", "list"});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_EQ(usage.out, "");
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(usage.err, &error).ok()) << usage.err;
  const google::protobuf::Struct& usage_body = error.fields().at("error").struct_value();
  EXPECT_EQ(usage_body.fields().at("code").number_value(), 400);
  EXPECT_THAT(usage_body.fields().at("message").string_value(), HasSubstr("did you mean plans?"));
  EXPECT_THAT(usage.err, HasSubstr("\"reason\":\"USAGE\""));
  EXPECT_THAT(usage.err, HasSubstr("\"domain\":\"client.interplan.gov.vn\""));
}

}  // namespace
}  // namespace interplan
