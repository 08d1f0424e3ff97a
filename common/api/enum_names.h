// Enum values as people read and type them. The API names every value with
// its enum's prefix (AIP-126: PLAN_STATUS_ISSUED, UNIT_LEVEL_COMMUNE); a
// table, a sentence or a command-line filter says "issued" or "commune".
// These turn one form into the other, for any generated enum.
#ifndef INTERPLAN_COMMON_API_ENUM_NAMES_H_
#define INTERPLAN_COMMON_API_ENUM_NAMES_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/generated_enum_reflection.h"

namespace interplan::api {

// "PLAN_STATUS_" for PlanStatus, "KIND_" for ImportFinding.Kind: the enum's
// name in UPPER_SNAKE_CASE and an underscore.
std::string EnumValuePrefix(const google::protobuf::EnumDescriptor& descriptor);

// The value's name without its enum's prefix: PLAN_STATUS_ISSUED ->
// "ISSUED". A number the enum does not declare reads as the number.
std::string ShortEnumName(const google::protobuf::EnumDescriptor& descriptor, int number);

// The value `text` names, in full or without the prefix, in any case and
// with '-' or '_' between words: "issued", "ISSUED", "plan-status-issued"
// and "PLAN_STATUS_ISSUED" are PLAN_STATUS_ISSUED. nullopt when no value
// has that name.
std::optional<int> ParseEnumName(const google::protobuf::EnumDescriptor& descriptor,
                                 absl::string_view text);

template <typename Enum>
std::string ShortEnumName(Enum value) {
  return ShortEnumName(*google::protobuf::GetEnumDescriptor<Enum>(), static_cast<int>(value));
}

// As above, for a generated enum type; false (and *value untouched) when no
// value has that name.
template <typename Enum>
bool ParseEnumName(absl::string_view text, Enum* value) {
  std::optional<int> number = ParseEnumName(*google::protobuf::GetEnumDescriptor<Enum>(), text);
  if (!number.has_value()) return false;
  *value = static_cast<Enum>(*number);
  return true;
}

}  // namespace interplan::api

#endif  // INTERPLAN_COMMON_API_ENUM_NAMES_H_
