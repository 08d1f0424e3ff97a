#include "tools/interplan/cli_args.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tools/interplan/cli_errors.h"

namespace interplan::cli {

absl::StatusOr<Args> Args::Parse(int argc, char** argv, const std::set<std::string>& switches) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (!absl::StartsWith(arg, "--") || arg == "--") {
      args.positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::string value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (switches.count(name) == 0) {
      if (i + 1 >= argc) {
        // Reported by CheckValues, after an unknown option is: "--isue"
        // at the end is a typo of the switch --issue, not a missing value.
        args.missing_value_ = name;
      } else {
        value = argv[++i];
      }
    } else {
      value = "true";
    }
    args.options_[name] = value;
  }
  return args;
}

std::string Args::Word(size_t i) const { return i < positional_.size() ? positional_[i] : ""; }

std::optional<std::string> Args::Get(const std::string& option) const {
  auto it = options_.find(option);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

absl::Status Args::CheckValues() const {
  if (missing_value_.empty()) return absl::OkStatus();
  return UsageError(absl::StrCat("--", missing_value_, " needs a value"));
}

std::vector<std::string> Args::OptionNames() const {
  std::vector<std::string> names;
  for (const auto& [name, value] : options_) names.push_back(name);
  return names;
}

absl::Status Args::CheckKnown(const std::set<std::string>& known) const {
  for (const auto& [name, value] : options_) {
    if (known.count(name) == 0) {
      return UsageError(absl::StrCat("unknown option --", name));
    }
  }
  return absl::OkStatus();
}

}  // namespace interplan::cli
