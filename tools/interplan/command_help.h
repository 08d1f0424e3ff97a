// What every command of `interplan` takes: its words, its flags with what
// they mean, and an example. The one place the command line is described:
// `interplan --help`, `interplan COMMAND --help`, the check of a command
// line before it runs (unknown commands and flags, missing words) and the
// suggestion for a misspelt word all read it.
#ifndef INTERPLAN_TOOLS_INTERPLAN_COMMAND_HELP_H_
#define INTERPLAN_TOOLS_INTERPLAN_COMMAND_HELP_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/interplan/cli_args.h"

namespace interplan::cli {

struct FlagHelp {
  std::string name;   // "as-of" for --as-of
  std::string value;  // "DATE"; "" for a switch
  std::string text;   // what it does
};

struct CommandHelp {
  std::string path;       // "plans push": the command's words
  std::string arguments;  // "FILE": the words after them
  int min_words = 0;      // how many of those are required
  int max_words = 0;      // how many may be given; -1: any number
  std::vector<FlagHelp> flags;
  std::string summary;  // one line
  std::string example;  // a command line
};

// Every command, in the order `interplan --help` lists them.
const std::vector<CommandHelp>& Commands();

// The command the positional words name ("plans", "push", "x.json" ->
// "plans push"). A usage error when they name none: the unknown word, the
// nearest known one ("unknown command: plan (did you mean plans?)"), or
// the commands of a group given without one.
absl::StatusOr<const CommandHelp*> FindCommand(const std::vector<std::string>& words);

// Whether `args` fits `command`: the number of words after its path and
// its flags (and the global ones); a usage error naming what does not.
absl::Status CheckCommandLine(const CommandHelp& command, const Args& args);

// `interplan --help`; `interplan plans push --help`; `interplan plans
// --help` (the group's commands).
std::string GlobalUsage();
std::string CommandUsage(const CommandHelp& command);
std::string GroupUsage(const std::string& group);
// Whether `word` is a command group ("plans") or a command without
// subcommands ("progress").
bool IsGroup(const std::string& word);

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_COMMAND_HELP_H_
