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
absl::StatusOr<std::string> ParseResourceName(absl::string_view name,
                                              absl::string_view collection,
                                              absl::string_view field);

std::string ResourceName(absl::string_view collection, absl::string_view id);

}  // namespace interplan

#endif  // INTERPLAN_COMMON_API_RESOURCE_NAME_H_
