#include "common/api/known_enums.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "google/protobuf/descriptor.h"

namespace interplan::api {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Nesting beyond this is not walked (protobuf itself refuses to parse
// messages nested 100 deep).
constexpr int kMaxDepth = 100;

void AddIfUnknown(const FieldDescriptor& field, int value, const std::string& path,
                  FieldViolations& violations) {
  if (field.enum_type()->FindValueByNumber(value) != nullptr) return;
  violations.Add(path, absl::StrCat(value, " is not a value of ", field.enum_type()->full_name()));
}

// The key of a map entry, as a path segment: [7] or ["2022"].
std::string MapKeySegment(const Message& entry) {
  const FieldDescriptor* key = entry.GetDescriptor()->map_key();
  const Reflection* reflection = entry.GetReflection();
  switch (key->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return absl::StrCat("[\"", reflection->GetString(entry, key), "\"]");
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat("[", reflection->GetInt32(entry, key), "]");
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat("[", reflection->GetInt64(entry, key), "]");
    case FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrCat("[", reflection->GetUInt32(entry, key), "]");
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat("[", reflection->GetUInt64(entry, key), "]");
    case FieldDescriptor::CPPTYPE_BOOL:
      return reflection->GetBool(entry, key) ? "[true]" : "[false]";
    default:
      return "[?]";
  }
}

void CheckMessage(const Message& message, const std::string& prefix, int depth,
                  FieldViolations& violations);

void CheckRepeated(const Message& message, const FieldDescriptor& field, const std::string& path,
                   int depth, FieldViolations& violations) {
  const Reflection* reflection = message.GetReflection();
  const int size = reflection->FieldSize(message, &field);
  for (int i = 0; i < size; ++i) {
    if (field.cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
      AddIfUnknown(field, reflection->GetRepeatedEnumValue(message, &field, i),
                   absl::StrCat(path, "[", i, "]"), violations);
      continue;
    }
    const Message& element = reflection->GetRepeatedMessage(message, &field, i);
    if (field.is_map()) {
      // The entry's value stands at the map's path with the key appended.
      const FieldDescriptor* value = field.message_type()->map_value();
      const std::string entry_path = absl::StrCat(path, MapKeySegment(element));
      if (value->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
        AddIfUnknown(*value, element.GetReflection()->GetEnumValue(element, value), entry_path,
                     violations);
      } else if (value->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        CheckMessage(element.GetReflection()->GetMessage(element, value), entry_path + ".",
                     depth + 1, violations);
      }
      continue;
    }
    CheckMessage(element, absl::StrCat(path, "[", i, "]."), depth + 1, violations);
  }
}

void CheckMessage(const Message& message, const std::string& prefix, int depth,
                  FieldViolations& violations) {
  if (depth > kMaxDepth) return;
  const Descriptor* descriptor = message.GetDescriptor();
  const Reflection* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    const FieldDescriptor::CppType type = field->cpp_type();
    if (type != FieldDescriptor::CPPTYPE_ENUM && type != FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    const std::string path = absl::StrCat(prefix, field->name());
    if (field->is_repeated()) {
      CheckRepeated(message, *field, path, depth, violations);
    } else if (type == FieldDescriptor::CPPTYPE_ENUM) {
      AddIfUnknown(*field, reflection->GetEnumValue(message, field), path, violations);
    } else if (reflection->HasField(message, field)) {
      CheckMessage(reflection->GetMessage(message, field), path + ".", depth + 1, violations);
    }
  }
}

}  // namespace

absl::Status CheckKnownEnums(const Message& message) {
  FieldViolations violations;
  CheckMessage(message, "", 0, violations);
  return violations.ToStatus();
}

}  // namespace interplan::api
