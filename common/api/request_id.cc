#include "common/api/request_id.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"

namespace interplan::api {
namespace {

bool IsIdCharacter(char c) { return c >= 0x21 && c <= 0x7e; }

}  // namespace

bool IsValidRequestId(absl::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id) {
    if (!IsIdCharacter(c)) return false;
  }
  return true;
}

absl::Status CheckRequestId(absl::string_view id, absl::string_view field) {
  if (id.empty()) {
    return InvalidFieldError(std::string(field), "must not be empty");
  }
  if (id.size() > kMaxRequestIdLength) {
    return InvalidFieldError(
        std::string(field),
        absl::StrCat("must be at most ", kMaxRequestIdLength, " characters, not ", id.size()));
  }
  for (size_t i = 0; i < id.size(); ++i) {
    if (!IsIdCharacter(id[i])) {
      return InvalidFieldError(
          std::string(field),
          absl::StrCat("must be printable ASCII without spaces (byte ", i + 1, " is not)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace interplan::api
