#include "common/http/query_string.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/text/utf8.h"

namespace interplan::http {
namespace {

// The value of hex digit `c`, or -1.
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// INVALID_ARGUMENT naming `raw_key` when `decoded` (its name or value) is
// not UTF-8 text without NUL.
absl::Status CheckText(absl::string_view raw_key, absl::string_view what,
                       absl::string_view decoded) {
  if (!text::IsValidUtf8(decoded)) {
    return absl::InvalidArgumentError(
        absl::StrCat("query parameter \"", raw_key, "\": the ", what, " is not valid UTF-8"));
  }
  if (decoded.find('\0') != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("query parameter \"", raw_key, "\": the ", what, " holds a NUL byte"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> PercentDecode(absl::string_view encoded, bool plus_is_space) {
  std::string decoded;
  decoded.reserve(encoded.size());
  for (size_t i = 0; i < encoded.size(); ++i) {
    const char c = encoded[i];
    if (c == '+' && plus_is_space) {
      decoded.push_back(' ');
    } else if (c == '%') {
      const int high = i + 1 < encoded.size() ? HexValue(encoded[i + 1]) : -1;
      const int low = i + 2 < encoded.size() ? HexValue(encoded[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("bad percent-escape at offset ", i, " of \"", encoded, "\""));
      }
      decoded.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      decoded.push_back(c);
    }
  }
  return decoded;
}

absl::StatusOr<std::map<std::string, std::string>> ParseQueryString(absl::string_view query) {
  std::map<std::string, std::string> result;
  for (absl::string_view pair : absl::StrSplit(query, '&')) {
    if (pair.empty()) continue;
    const size_t equals = pair.find('=');
    absl::string_view raw_key = pair.substr(0, equals);
    absl::string_view raw_value =
        equals == absl::string_view::npos ? absl::string_view() : pair.substr(equals + 1);
    absl::StatusOr<std::string> key = PercentDecode(raw_key, true);
    if (!key.ok()) return key.status();
    absl::StatusOr<std::string> value = PercentDecode(raw_value, true);
    if (!value.ok()) return value.status();
    if (absl::Status s = CheckText(raw_key, "name", *key); !s.ok()) return s;
    if (absl::Status s = CheckText(raw_key, "value", *value); !s.ok()) return s;
    auto [it, added] = result.emplace(*std::move(key), *std::move(value));
    if (!added) {
      return absl::InvalidArgumentError(
          absl::StrCat("query parameter \"", raw_key, "\" is given more than once"));
    }
  }
  return result;
}

}  // namespace interplan::http
