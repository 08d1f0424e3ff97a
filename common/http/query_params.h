// A route's query parameters, read strictly: each is known by its
// snake_case name ("as_of") and accepted in lowerCamelCase too ("asOf"),
// as proto3's JSON mapping spells field names; a parameter the route does
// not take, or one given under both spellings, is refused naming it, so
// that a misspelt parameter is never silently ignored.
#ifndef INTERPLAN_COMMON_HTTP_QUERY_PARAMS_H_
#define INTERPLAN_COMMON_HTTP_QUERY_PARAMS_H_

#include <map>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/http/http_message.h"

namespace interplan::http {

// "as_of" -> "asOf" (the proto3 JSON name of a snake_case field).
std::string LowerCamelCase(absl::string_view snake_case);

class QueryParams {
 public:
  // The parameters of `request`, by snake_case name. INVALID_ARGUMENT with
  // a google.rpc.BadRequest field violation for every parameter not in
  // `known` (snake_case names) and every one given under both spellings.
  static absl::StatusOr<QueryParams> Read(const HttpRequest& request,
                                          const std::set<std::string>& known);

  // The value of `name` (snake_case); null when it was not given.
  const std::string* Find(const std::string& name) const;
  const std::map<std::string, std::string>& values() const { return values_; }

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_QUERY_PARAMS_H_
