// Reads the all-digit fields that dates, periods and due rules are written
// with ("2024", "05", "15"): ASCII digits only, no sign, no spaces.
#ifndef INTERPLAN_COMMON_TIME_DIGITS_H_
#define INTERPLAN_COMMON_TIME_DIGITS_H_

#include <optional>

#include "absl/strings/string_view.h"

namespace interplan::time {

// The value of `text` when it is one to nine ASCII digits, otherwise
// nullopt. Leading zeros are allowed ("05" is 5); the caller checks widths.
std::optional<int> ParseDigits(absl::string_view text);

// ParseDigits, but only when `text` is exactly `width` characters long.
std::optional<int> ParseFixedWidthDigits(absl::string_view text, int width);

}  // namespace interplan::time

#endif  // INTERPLAN_COMMON_TIME_DIGITS_H_
