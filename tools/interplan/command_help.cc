#include "tools/interplan/command_help.h"

#include <algorithm>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "tools/interplan/cli_errors.h"
#include "tools/interplan/exit_codes.h"

namespace interplan::cli {
namespace {

// Flags every command takes.
const std::vector<FlagHelp>& GlobalFlags() {
  static const std::vector<FlagHelp>* flags = new std::vector<FlagHelp>{
      {"json", "", "JSON output: one object per line on stdout; an error as one object on stderr"},
      {"timeout", "SECONDS", "the deadline of each call (default 60)"},
      {"help", "", "this help"}};
  return *flags;
}

std::vector<std::string> Split(const std::string& text) {
  return absl::StrSplit(text, ' ', absl::SkipEmpty());
}

// The first word of a command's path: its group ("plans").
std::string GroupOf(const CommandHelp& command) { return Split(command.path).front(); }

// The edit distance between two words (Levenshtein), for suggestions.
size_t Distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// " (did you mean plans?)" for the nearest candidate close enough, or "".
std::string Suggestion(const std::string& word, const std::vector<std::string>& candidates,
                       const std::string& prefix = "") {
  const std::string* best = nullptr;
  size_t best_distance = 0;
  for (const std::string& candidate : candidates) {
    size_t distance = Distance(word, candidate);
    if (word.size() >= 2 && absl::StartsWith(candidate, word)) distance = 1;
    if (best == nullptr || distance < best_distance) {
      best = &candidate;
      best_distance = distance;
    }
  }
  if (best == nullptr || best_distance > std::max<size_t>(2, word.size() / 3)) return "";
  return absl::StrCat(" (did you mean ", prefix, *best, "?)");
}

std::vector<std::string> Groups() {
  std::vector<std::string> groups;
  for (const CommandHelp& command : Commands()) {
    const std::string group = GroupOf(command);
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
  }
  return groups;
}

// The second words of a group's commands ("push", "validate", ...).
std::vector<std::string> Verbs(const std::string& group) {
  std::vector<std::string> verbs;
  for (const CommandHelp& command : Commands()) {
    std::vector<std::string> words = Split(command.path);
    if (words.size() == 2 && words[0] == group) verbs.push_back(words[1]);
  }
  return verbs;
}

std::string Synopsis(const CommandHelp& command) {
  std::string line = absl::StrCat("interplan ", command.path);
  if (!command.arguments.empty()) absl::StrAppend(&line, " ", command.arguments);
  for (const FlagHelp& flag : command.flags) {
    absl::StrAppend(&line, " [--", flag.name, flag.value.empty() ? "" : " ", flag.value, "]");
  }
  return line;
}

std::string SeeHelp(const CommandHelp& command) {
  return absl::StrCat("usage: ", Synopsis(command), "\n(more: interplan ", command.path,
                      " --help)");
}

}  // namespace

bool IsGroup(const std::string& word) {
  const std::vector<std::string> groups = Groups();
  return std::find(groups.begin(), groups.end(), word) != groups.end();
}

absl::StatusOr<const CommandHelp*> FindCommand(const std::vector<std::string>& words) {
  if (words.empty()) return UsageError("no command given; `interplan --help` lists them");
  if (!IsGroup(words[0])) {
    return UsageError(absl::StrCat("unknown command: ", words[0], Suggestion(words[0], Groups()),
                                   "\n`interplan --help` lists the commands"));
  }
  const std::vector<std::string> verbs = Verbs(words[0]);
  if (verbs.empty()) {
    for (const CommandHelp& command : Commands()) {
      if (command.path == words[0]) return &command;
    }
  }
  if (words.size() < 2) {
    return UsageError(absl::StrCat("interplan ", words[0],
                                   " needs a command: ", absl::StrJoin(verbs, ", "),
                                   "\n(more: interplan ", words[0], " --help)"));
  }
  for (const CommandHelp& command : Commands()) {
    if (command.path == absl::StrCat(words[0], " ", words[1])) return &command;
  }
  return UsageError(absl::StrCat("unknown command: ", words[0], " ", words[1],
                                 Suggestion(words[1], verbs, words[0] + " "), "\n(more: interplan ",
                                 words[0], " --help)"));
}

absl::Status CheckCommandLine(const CommandHelp& command, const Args& args) {
  // Options first: an unknown one may have taken the next word as its value.
  std::vector<std::string> known;
  for (const auto* flags : {&command.flags, &GlobalFlags()}) {
    for (const FlagHelp& flag : *flags) known.push_back(flag.name);
  }
  for (const std::string& name : args.OptionNames()) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    return UsageError(absl::StrCat("interplan ", command.path, ": unknown option --", name,
                                   Suggestion(name, known, "--"), "\n", SeeHelp(command)));
  }
  const std::vector<std::string> argument_names = Split(command.arguments);
  const size_t path_words = Split(command.path).size();
  const int given = static_cast<int>(args.positional().size() - path_words);
  if (given < command.min_words) {
    std::vector<std::string> missing(argument_names.begin() + given,
                                     argument_names.begin() + command.min_words);
    return UsageError(absl::StrCat("interplan ", command.path, ": missing ",
                                   absl::StrJoin(missing, " "), "\n", SeeHelp(command)));
  }
  if (command.max_words >= 0 && given > command.max_words) {
    return UsageError(
        absl::StrCat("interplan ", command.path, ": unexpected argument \"",
                     args.Word(path_words + command.max_words), "\"",
                     command.max_words == 1 ? " (quote words that belong together)" : "", "\n",
                     SeeHelp(command)));
  }
  return args.CheckValues();
}

std::string CommandUsage(const CommandHelp& command) {
  std::string summary = command.summary;
  summary[0] = absl::ascii_toupper(summary[0]);
  std::string text = absl::StrCat("usage: ", Synopsis(command), "\n\n", summary, ".\n");
  if (absl::StrContains(command.arguments, "FILE") && command.path != "reference import") {
    absl::StrAppend(
        &text,
        "\nFILE is protobuf JSON: field names in lowerCamelCase (or as in the .proto);\n"
        "enum values by name; a date is an object, e.g. \"issueDate\": {\"year\": "
        "2023, \"month\": 3, \"day\": 1}\n(not \"2023-03-01\"; a month or a year "
        "leaves out day, or month and day).\n");
  }
  absl::StrAppend(&text, "\nFlags:\n");
  for (const auto* flags : {&command.flags, &GlobalFlags()}) {
    for (const FlagHelp& flag : *flags) {
      const std::string name =
          absl::StrCat("--", flag.name, flag.value.empty() ? "" : " ", flag.value);
      absl::StrAppend(&text, absl::StrFormat("  %-20s %s\n", name, flag.text));
    }
  }
  absl::StrAppend(&text, "\nExample:\n  ", command.example, "\n");
  return text;
}

std::string GroupUsage(const std::string& group) {
  std::string text = absl::StrCat("usage: interplan ", group, " COMMAND ...\n\n");
  for (const CommandHelp& command : Commands()) {
    if (GroupOf(command) != group) continue;
    absl::StrAppend(
        &text, absl::StrFormat("  %-34s %s\n", absl::StrCat(command.path, " ", command.arguments),
                               command.summary));
  }
  absl::StrAppend(&text, "\n`interplan ", group,
                  " COMMAND --help` for its flags and an example.\n");
  return text;
}

std::string GlobalUsage() {
  std::string text = "usage: interplan [--json] [--timeout SECONDS] COMMAND ...\n\nCommands:\n";
  for (const CommandHelp& command : Commands()) {
    absl::StrAppend(
        &text, absl::StrFormat("  %-34s %s\n", absl::StrCat(command.path, " ", command.arguments),
                               command.summary));
  }
  absl::StrAppend(
      &text,
      "\n`interplan COMMAND --help` (e.g. `interplan plans push --help`, or `interplan help\n"
      "plans push`) for a command's flags and an example.\n\n"
      "Environment:\n"
      "  INTERPLAN_API_KEY          the API key the client presents (ipk_...)\n"
      "  INTERPLAN_<SERVICE>_ADDR   a service's address, host:port (default localhost:<port>);\n"
      "                             SERVICE: AGENCIES, PLANS, REPORTING, CAMPAIGNS, GATEWAY\n\n",
      ExitCodeTable());
  return text;
}

}  // namespace interplan::cli
