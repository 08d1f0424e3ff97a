#include "common/config/flags.h"

#include <cstdlib>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace interplan {
namespace {

std::string DefaultEnvName(absl::string_view flag) {
  std::string env = absl::StrCat("INTERPLAN_", flag);
  absl::AsciiStrToUpper(&env);
  for (char& c : env) {
    if (c == '-') c = '_';
  }
  return env;
}

absl::Status ParseBool(absl::string_view text, bool* out) {
  std::string lower = absl::AsciiStrToLower(text);
  if (lower == "1" || lower == "true" || lower == "yes" || lower == "on") {
    *out = true;
  } else if (lower == "0" || lower == "false" || lower == "no" || lower == "off") {
    *out = false;
  } else {
    return absl::InvalidArgumentError("expected true or false");
  }
  return absl::OkStatus();
}

}  // namespace

EnvironmentReader ProcessEnvironment() {
  return [](absl::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Flags::Flags(std::string program) : program_(std::move(program)) {}

void Flags::Add(Flag flag) {
  // One spelling inside: "data-dir" and "data_dir" are the same flag.
  for (char& c : flag.name) {
    if (c == '-') c = '_';
  }
  if (flag.env.empty()) flag.env = DefaultEnvName(flag.name);
  flags_.push_back(std::move(flag));
}

void Flags::AddString(absl::string_view name, std::string* target, absl::string_view help,
                      absl::string_view env, Validator<std::string> validate) {
  Add({std::string(name), std::string(env), std::string(help), *target, false,
       [target, validate](absl::string_view text) -> absl::Status {
         std::string value(text);
         if (validate) {
           absl::Status status = validate(value);
           if (!status.ok()) return status;
         }
         *target = std::move(value);
         return absl::OkStatus();
       }});
}

void Flags::AddInt(absl::string_view name, int64_t* target, absl::string_view help, int64_t min,
                   int64_t max, absl::string_view env) {
  Add({std::string(name), std::string(env), std::string(help), absl::StrCat(*target), false,
       [target, min, max](absl::string_view text) -> absl::Status {
         int64_t value;
         if (!absl::SimpleAtoi(text, &value)) {
           return absl::InvalidArgumentError("expected an integer");
         }
         if (value < min || value > max) {
           return absl::InvalidArgumentError(
               absl::StrCat("expected a value in [", min, ", ", max, "]"));
         }
         *target = value;
         return absl::OkStatus();
       }});
}

void Flags::AddDuration(absl::string_view name, absl::Duration* target, absl::string_view help,
                        absl::string_view env) {
  Add({std::string(name), std::string(env), std::string(help), absl::FormatDuration(*target), false,
       [target](absl::string_view text) -> absl::Status {
         absl::Duration value;
         if (!absl::ParseDuration(text, &value) || value < absl::ZeroDuration()) {
           return absl::InvalidArgumentError(
               "expected a non-negative duration such as 500ms, 10s or 2m");
         }
         *target = value;
         return absl::OkStatus();
       }});
}

void Flags::AddBool(absl::string_view name, bool* target, absl::string_view help,
                    absl::string_view env) {
  Add({std::string(name), std::string(env), std::string(help), *target ? "true" : "false", true,
       [target](absl::string_view text) { return ParseBool(text, target); }});
}

const Flags::Flag* Flags::Find(absl::string_view name) const {
  for (const Flag& flag : flags_) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

absl::Status Flags::Annotate(const Flag& flag, absl::string_view source, absl::string_view value,
                             const absl::Status& error) {
  return absl::InvalidArgumentError(absl::StrCat("invalid value \"", value, "\" for --", flag.name,
                                                 " (", source, "): ", error.message()));
}

absl::Status Flags::Parse(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return Parse(args, ProcessEnvironment());
}

absl::Status Flags::Parse(const std::vector<std::string>& args,
                          const EnvironmentReader& environment) {
  std::set<std::string> given;
  positional_.clear();
  // Command line first, remembering which flags it set.
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      help_requested_ = true;
      continue;
    }
    if (arg == "--") {
      positional_.insert(positional_.end(), args.begin() + i + 1, args.end());
      break;
    }
    if (!absl::StartsWith(arg, "--")) {
      positional_.push_back(arg);
      continue;
    }
    absl::string_view body = absl::string_view(arg).substr(2);
    std::string name;
    std::optional<std::string> value;
    if (size_t eq = body.find('='); eq != absl::string_view::npos) {
      name = std::string(body.substr(0, eq));
      value = std::string(body.substr(eq + 1));
    } else {
      name = std::string(body);
    }
    for (char& c : name) {
      if (c == '-') c = '_';
    }
    const Flag* flag = Find(name);
    if (flag == nullptr && !value.has_value() && absl::StartsWith(name, "no")) {
      // --noverbose and --no-verbose both negate --verbose.
      const Flag* negated = Find(name.substr(absl::StartsWith(name, "no_") ? 3 : 2));
      if (negated != nullptr && negated->is_bool) {
        flag = negated;
        value = "false";
      }
    }
    if (flag == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag --", name, "; ", program_, " --help lists them"));
    }
    if (!value.has_value()) {
      if (flag->is_bool) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return absl::InvalidArgumentError(absl::StrCat("flag --", flag->name, " needs a value"));
      }
    }
    absl::Status status = flag->set(*value);
    if (!status.ok()) {
      return Annotate(*flag, "command line", *value, status);
    }
    given.insert(flag->name);
  }
  // Then the environment, for flags the command line did not set.
  for (const Flag& flag : flags_) {
    if (given.count(flag.name) > 0) continue;
    std::optional<std::string> value = environment(flag.env);
    if (!value.has_value()) continue;
    absl::Status status = flag.set(*value);
    if (!status.ok()) {
      return Annotate(flag, absl::StrCat("environment ", flag.env), *value, status);
    }
  }
  return absl::OkStatus();
}

std::string Flags::Usage() const {
  std::string out = absl::StrCat("usage: ", program_, " [flags]\n\nflags:\n");
  for (const Flag& flag : flags_) {
    absl::StrAppend(&out, absl::StrFormat("  --%-22s %s\n", flag.name, flag.help));
    absl::StrAppend(
        &out, absl::StrFormat("  %-24s env %s, default \"%s\"\n", "", flag.env, flag.default_text));
  }
  return out;
}

}  // namespace interplan
