// CleanText: the check and normalization every free-text field goes through on
// its way into Interplan (names, titles, descriptions).
#ifndef INTERPLAN_COMMON_TEXT_CLEAN_TEXT_H_
#define INTERPLAN_COMMON_TEXT_CLEAN_TEXT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interplan::text {

// Returns `input` in NFC with leading and trailing white space (Unicode
// White_Space) removed. Fails with InvalidArgument when `input` is not valid
// UTF-8 or contains a control character other than '\n' and '\t' (C0, DEL or
// C1). The message names the problem and its byte offset but not the field,
// e.g. "is not valid UTF-8 (byte offset 17)"; callers prefix the field name.
absl::StatusOr<std::string> CleanText(absl::string_view input);

}  // namespace interplan::text

#endif  // INTERPLAN_COMMON_TEXT_CLEAN_TEXT_H_
