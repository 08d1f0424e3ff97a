// Resource names (AIP-122): "units/79", "agencies/dong-nai-ubnd". Parses a
// name of one collection into its id, with an error naming the field.
#ifndef INTERPLAN_COMMON_API_RESOURCE_NAME_H_
#define INTERPLAN_COMMON_API_RESOURCE_NAME_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interplan {

// The id in "<collection>/<id>": INVALID_ARGUMENT naming `field` when the
// name is empty, of another collection, or has an empty or nested id.
absl::StatusOr<std::string> ParseResourceName(absl::string_view name, absl::string_view collection,
                                              absl::string_view field);

std::string ResourceName(absl::string_view collection, absl::string_view id);

// Client-chosen ids (AIP-122): 2-63 characters of a-z, 0-9 and '-',
// starting with a letter and not ending with '-'.
bool IsValidResourceId(absl::string_view id);

// A readable id made from `words` (accent-folded, spaces to '-', at most
// 40 characters) and a random suffix: "tinh-quang-ngai-2022-k3x9qa".
std::string GenerateResourceId(absl::string_view words);

}  // namespace interplan

#endif  // INTERPLAN_COMMON_API_RESOURCE_NAME_H_
