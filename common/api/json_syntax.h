// Where a text stops being JSON (RFC 8259), by line and column, for people
// who wrote the file by hand: protobuf's parser says only that it failed.
#ifndef INTERPLAN_COMMON_API_JSON_SYNTAX_H_
#define INTERPLAN_COMMON_API_JSON_SYNTAX_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace interplan {

struct JsonSyntaxError {
  int line = 1;         // from 1
  int column = 1;       // from 1, in code points
  std::string message;  // "expected ',' or '}' after an object member"
};

// The first syntax error of `text` (one JSON value, whitespace around it),
// or nullopt when it is JSON.
std::optional<JsonSyntaxError> FindJsonSyntaxError(absl::string_view text);

}  // namespace interplan

#endif  // INTERPLAN_COMMON_API_JSON_SYNTAX_H_
