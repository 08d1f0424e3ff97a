// Command-line flags with INTERPLAN_* environment-variable equivalents.
// Precedence: a flag on the command line, then its variable, then the
// default. A malformed value stops start-up with a message naming both the
// flag and the variable, so an operator knows what to fix.
#ifndef INTERPLAN_COMMON_CONFIG_FLAGS_H_
#define INTERPLAN_COMMON_CONFIG_FLAGS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace interplan {

// Reads an environment variable; injectable for tests.
using EnvironmentReader = std::function<std::optional<std::string>(absl::string_view name)>;

// The process environment.
EnvironmentReader ProcessEnvironment();

class Flags {
 public:
  // Checks a parsed value; a non-OK status stops start-up.
  template <typename T>
  using Validator = std::function<absl::Status(const T&)>;

  explicit Flags(std::string program);

  // `env` defaults to INTERPLAN_<NAME> with the name upper-cased. The
  // target holds the default on entry.
  void AddString(absl::string_view name, std::string* target, absl::string_view help,
                 absl::string_view env = "", Validator<std::string> validate = nullptr);
  void AddInt(absl::string_view name, int64_t* target, absl::string_view help, int64_t min,
              int64_t max, absl::string_view env = "");
  void AddDuration(absl::string_view name, absl::Duration* target, absl::string_view help,
                   absl::string_view env = "");
  void AddBool(absl::string_view name, bool* target, absl::string_view help,
               absl::string_view env = "");

  // Accepts --name=value, --name value, and --name / --noname for booleans.
  // Other arguments are kept as positional().
  absl::Status Parse(int argc, char** argv);
  absl::Status Parse(const std::vector<std::string>& args, const EnvironmentReader& environment);

  bool help_requested() const { return help_requested_; }
  const std::vector<std::string>& positional() const { return positional_; }
  // Every flag, its variable, default and help.
  std::string Usage() const;

 private:
  struct Flag {
    std::string name;
    std::string env;
    std::string help;
    std::string default_text;
    bool is_bool = false;
    // Parses and stores a value; the error says what was expected.
    std::function<absl::Status(absl::string_view)> set;
  };

  void Add(Flag flag);
  const Flag* Find(absl::string_view name) const;
  static absl::Status Annotate(const Flag& flag, absl::string_view source, absl::string_view value,
                               const absl::Status& error);

  std::string program_;
  std::vector<Flag> flags_;
  std::vector<std::string> positional_;
  bool help_requested_ = false;
};

}  // namespace interplan

#endif  // INTERPLAN_COMMON_CONFIG_FLAGS_H_
