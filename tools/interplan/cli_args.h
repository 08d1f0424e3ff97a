// The client's command line: positional words and --options, in any order.
#ifndef INTERPLAN_TOOLS_INTERPLAN_CLI_ARGS_H_
#define INTERPLAN_TOOLS_INTERPLAN_CLI_ARGS_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace interplan::cli {

class Args {
 public:
  // `switches` are options that take no value (--json, --all).
  static absl::StatusOr<Args> Parse(int argc, char** argv, const std::set<std::string>& switches);

  const std::vector<std::string>& positional() const { return positional_; }
  // The i-th positional word, or "".
  std::string Word(size_t i) const;
  bool Has(const std::string& option) const { return options_.count(option) > 0; }
  std::optional<std::string> Get(const std::string& option) const;
  // A usage error when the last option, which takes a value, has none.
  absl::Status CheckValues() const;
  // The names of the options given, in name order.
  std::vector<std::string> OptionNames() const;
  // Options not in `known`, so a typo is reported instead of ignored.
  absl::Status CheckKnown(const std::set<std::string>& known) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> options_;
  std::string missing_value_;  // the option at the end without its value
};

}  // namespace interplan::cli

#endif  // INTERPLAN_TOOLS_INTERPLAN_CLI_ARGS_H_
