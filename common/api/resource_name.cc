#include "common/api/resource_name.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"

namespace interplan {

absl::StatusOr<std::string> ParseResourceName(absl::string_view name,
                                              absl::string_view collection,
                                              absl::string_view field) {
  const std::string prefix = absl::StrCat(collection, "/");
  if (name.empty()) {
    return InvalidFieldError(std::string(field),
                             absl::StrCat("is required (", prefix, "{id})"));
  }
  if (!absl::StartsWith(name, prefix) || name.size() == prefix.size() ||
      absl::StrContains(name.substr(prefix.size()), "/")) {
    return InvalidFieldError(
        std::string(field),
        absl::StrCat("\"", name, "\" is not a name of the form ", prefix, "{id}"));
  }
  return std::string(name.substr(prefix.size()));
}

std::string ResourceName(absl::string_view collection, absl::string_view id) {
  return absl::StrCat(collection, "/", id);
}

}  // namespace interplan
