#include "common/api/enum_names.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace interplan::api {

std::string EnumValuePrefix(const google::protobuf::EnumDescriptor& descriptor) {
  std::string prefix;
  const std::string& name = descriptor.name();
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool word_start = i > 0 && absl::ascii_isupper(c) &&
                            (absl::ascii_islower(name[i - 1]) || absl::ascii_isdigit(name[i - 1]));
    if (word_start) prefix += '_';
    prefix += absl::ascii_toupper(c);
  }
  return prefix + "_";
}

std::string ShortEnumName(const google::protobuf::EnumDescriptor& descriptor, int number) {
  const google::protobuf::EnumValueDescriptor* value = descriptor.FindValueByNumber(number);
  if (value == nullptr) return absl::StrCat(number);
  const std::string prefix = EnumValuePrefix(descriptor);
  const std::string& name = value->name();
  return absl::StartsWith(name, prefix) && name.size() > prefix.size() ? name.substr(prefix.size())
                                                                       : name;
}

std::optional<int> ParseEnumName(const google::protobuf::EnumDescriptor& descriptor,
                                 absl::string_view text) {
  const std::string upper = absl::StrReplaceAll(absl::AsciiStrToUpper(text), {{"-", "_"}});
  if (upper.empty()) return std::nullopt;
  const google::protobuf::EnumValueDescriptor* value = descriptor.FindValueByName(upper);
  if (value == nullptr) {
    value = descriptor.FindValueByName(absl::StrCat(EnumValuePrefix(descriptor), upper));
  }
  if (value == nullptr) return std::nullopt;
  return value->number();
}

}  // namespace interplan::api
