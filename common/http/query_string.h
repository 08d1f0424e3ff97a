// Decoding of URL query strings ("a=1&name=%C4%90%E1%BB%93ng+Nai") in the
// application/x-www-form-urlencoded convention browsers and curl use.
#ifndef INTERPLAN_COMMON_HTTP_QUERY_STRING_H_
#define INTERPLAN_COMMON_HTTP_QUERY_STRING_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interplan::http {

// Replaces each "%XY" (two hex digits) with its byte and, when
// `plus_is_space`, each '+' with ' '. A '%' not followed by two hex digits
// is INVALID_ARGUMENT. The result is bytes: it is not checked for UTF-8.
absl::StatusOr<std::string> PercentDecode(absl::string_view encoded, bool plus_is_space);

// Splits `query` (the text after '?', without it) on '&' into key=value
// pairs and decodes both sides. A pair without '=' has an empty value;
// empty pairs ("a=1&&b=2") are skipped. A key given twice ("year=2022&
// year=2023") is INVALID_ARGUMENT naming it: no value silently wins. A
// name or value that decodes to invalid UTF-8 or holds a NUL byte is
// INVALID_ARGUMENT naming the parameter as sent (still percent-encoded, so
// the message itself is printable ASCII).
absl::StatusOr<std::map<std::string, std::string>> ParseQueryString(absl::string_view query);

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_QUERY_STRING_H_
