#include "common/http/query_params.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors/errors.h"

namespace interplan::http {

std::string LowerCamelCase(absl::string_view snake_case) {
  std::string out;
  bool upper = false;
  for (char c : snake_case) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper ? absl::ascii_toupper(static_cast<unsigned char>(c)) : c);
    upper = false;
  }
  return out;
}

absl::StatusOr<QueryParams> QueryParams::Read(const HttpRequest& request,
                                              const std::set<std::string>& known) {
  std::map<std::string, std::string> snake_of;  // every accepted spelling -> snake_case
  for (const std::string& name : known) {
    snake_of[name] = name;
    snake_of[LowerCamelCase(name)] = name;
  }
  QueryParams params;
  FieldViolations violations;
  for (const auto& [sent, value] : request.query) {
    auto it = snake_of.find(sent);
    if (it == snake_of.end()) {
      violations.Add(sent, absl::StrCat("is not a parameter of ", request.path, " (it takes ",
                                        known.empty() ? "none" : absl::StrJoin(known, ", "), ")"));
      continue;
    }
    if (!params.values_.emplace(it->second, value).second) {
      violations.Add(it->second, absl::StrCat("is given twice, as ", it->second, " and as ",
                                              LowerCamelCase(it->second)));
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  return params;
}

const std::string* QueryParams::Find(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

}  // namespace interplan::http
