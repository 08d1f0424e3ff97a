#include "common/api/text_fields.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "common/text/clean_text.h"
#include "google/protobuf/descriptor.h"

namespace interplan {
namespace {

using google::protobuf::FieldDescriptor;

std::string Join(const std::string& path, const std::string& name) {
  return path.empty() ? name : absl::StrCat(path, ".", name);
}

}  // namespace

void CleanTextFields(google::protobuf::Message* message, const std::string& path,
                     FieldViolations& violations) {
  const google::protobuf::Reflection* reflection = message->GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(*message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string field_path = Join(path, field->name());
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(*message, field); ++i) {
          std::string scratch;
          const std::string& text =
              reflection->GetRepeatedStringReference(*message, field, i, &scratch);
          absl::StatusOr<std::string> clean = text::CleanText(text);
          if (clean.ok()) {
            if (*clean != text) reflection->SetRepeatedString(message, field, i, *clean);
          } else {
            violations.Add(absl::StrCat(field_path, "[", i, "]"),
                           std::string(clean.status().message()));
          }
        }
      } else {
        std::string scratch;
        const std::string& text = reflection->GetStringReference(*message, field, &scratch);
        absl::StatusOr<std::string> clean = text::CleanText(text);
        if (clean.ok()) {
          if (*clean != text) reflection->SetString(message, field, *clean);
        } else {
          violations.Add(field_path, std::string(clean.status().message()));
        }
      }
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE && !field->is_map()) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(*message, field); ++i) {
          CleanTextFields(reflection->MutableRepeatedMessage(message, field, i),
                          absl::StrCat(field_path, "[", i, "]"), violations);
        }
      } else {
        CleanTextFields(reflection->MutableMessage(message, field), field_path, violations);
      }
    }
  }
}

}  // namespace interplan
