#include "common/time/digits.h"

#include "absl/strings/string_view.h"

namespace interplan::time {

std::optional<int> ParseDigits(absl::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<int> ParseFixedWidthDigits(absl::string_view text, int width) {
  if (static_cast<int>(text.size()) != width) return std::nullopt;
  return ParseDigits(text);
}

}  // namespace interplan::time
