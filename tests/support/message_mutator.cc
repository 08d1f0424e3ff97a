#include "tests/support/message_mutator.h"

#include <limits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"

namespace interplan::testing {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr int kMaxDepth = 4;

const std::vector<std::string>& InterestingStrings() {
  static const auto* strings = new std::vector<std::string>{"",
                                                            "units/51",
                                                            "units/79",
                                                            "units/75",
                                                            "units/51/522",
                                                            "agencies/moha",
                                                            "agencies/quang-ngai-so-noi-vu",
                                                            "agencies/dong-nai-so-noi-vu",
                                                            "plans/quang-ngai-2022",
                                                            "plans/",
                                                            "campaigns/action-month-2022",
                                                            "obligations/x",
                                                            "reports/1",
                                                            "indicators/BDG01",
                                                            "2022",
                                                            "2022-H1",
                                                            "2019/2020",
                                                            "2022-Q5",
                                                            "réq",
                                                            "%",
                                                            "_",
                                                            "\\",
                                                            "'; DROP TABLE plans;--",
                                                            "Sở Nội vụ",
                                                            "a\nb",
                                                            std::string("nul\0inside", 10),
                                                            "../../etc/passwd",
                                                            std::string(300, 'x'),
                                                            "\xe2\x80\xae",
                                                            "agencies/*",
                                                            "units/-1",
                                                            "*"};
  return *strings;
}

}  // namespace

void MessageMutator::Fill(Message& message) { FillMessage(message, 0); }

void MessageMutator::FillMessage(Message& message, int depth) {
  const google::protobuf::Descriptor* descriptor = message.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    if (!OneIn(2)) continue;
    FillField(message, *descriptor->field(i), depth);
  }
}

void MessageMutator::FillField(Message& message, const FieldDescriptor& field, int depth) {
  if (field.is_repeated()) {
    const size_t count = Below(4);
    for (size_t i = 0; i < count; ++i) AddRepeated(message, field, depth);
    return;
  }
  const Reflection* reflection = message.GetReflection();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      reflection->SetString(&message, &field, RandomString());
      break;
    case FieldDescriptor::CPPTYPE_INT32:
      reflection->SetInt32(&message, &field, static_cast<int32_t>(RandomInteger()));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      reflection->SetInt64(&message, &field, RandomInteger());
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      reflection->SetUInt32(&message, &field, static_cast<uint32_t>(RandomInteger()));
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      reflection->SetUInt64(&message, &field, static_cast<uint64_t>(RandomInteger()));
      break;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      reflection->SetDouble(&message, &field, static_cast<double>(RandomInteger()) / 7.0);
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
      reflection->SetFloat(&message, &field, static_cast<float>(RandomInteger()) / 7.0f);
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      reflection->SetBool(&message, &field, OneIn(2));
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      reflection->SetEnumValue(&message, &field, RandomEnumNumber(field));
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (depth < kMaxDepth) FillMessage(*reflection->MutableMessage(&message, &field), depth + 1);
      break;
  }
}

void MessageMutator::AddRepeated(Message& message, const FieldDescriptor& field, int depth) {
  const Reflection* reflection = message.GetReflection();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      reflection->AddString(&message, &field, RandomString());
      break;
    case FieldDescriptor::CPPTYPE_INT32:
      reflection->AddInt32(&message, &field, static_cast<int32_t>(RandomInteger()));
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      reflection->AddInt64(&message, &field, RandomInteger());
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      reflection->AddEnumValue(&message, &field, RandomEnumNumber(field));
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (depth < kMaxDepth) FillMessage(*reflection->AddMessage(&message, &field), depth + 1);
      break;
    default:
      break;  // no repeated field of another type in the suite's protos
  }
}

std::string MessageMutator::RandomString() {
  const std::vector<std::string>& strings = InterestingStrings();
  if (!OneIn(4)) return strings[Below(strings.size())];
  std::string text;
  const size_t length = Below(24);
  for (size_t i = 0; i < length; ++i) text.push_back(static_cast<char>(0x20 + Below(0x5f)));
  return text;
}

int64_t MessageMutator::RandomInteger() {
  static const int64_t kInteresting[] = {0,
                                         1,
                                         -1,
                                         2,
                                         7,
                                         12,
                                         31,
                                         100,
                                         1000,
                                         2022,
                                         2019,
                                         9999,
                                         10000,
                                         65536,
                                         -2147483648LL,
                                         2147483647,
                                         std::numeric_limits<int64_t>::max(),
                                         std::numeric_limits<int64_t>::min()};
  if (OneIn(3)) return static_cast<int64_t>(random_());
  return kInteresting[Below(sizeof(kInteresting) / sizeof(kInteresting[0]))];
}

int MessageMutator::RandomEnumNumber(const FieldDescriptor& field) {
  const google::protobuf::EnumDescriptor* type = field.enum_type();
  if (OneIn(5)) return OneIn(2) ? 999 : -1;
  return type->value(static_cast<int>(Below(type->value_count())))->number();
}

std::string MessageMutator::MutateBytes(std::string bytes) {
  const size_t edits = 1 + Below(4);
  for (size_t e = 0; e < edits; ++e) {
    const size_t at = Below(bytes.size() + 1);
    switch (Below(7)) {
      case 0:
        if (at < bytes.size()) bytes[at] = static_cast<char>(bytes[at] ^ (1 << Below(8)));
        break;
      case 1:
        if (at < bytes.size()) bytes[at] = static_cast<char>(OneIn(2) ? 0xff : Below(256));
        break;
      case 2:
        bytes.insert(at, std::string(1 + Below(4), static_cast<char>(Below(256))));
        break;
      case 3:
        bytes.erase(at, 1 + Below(8));
        break;
      case 4:
        if (at < bytes.size())
          bytes.insert(Below(bytes.size() + 1), bytes.substr(at, 1 + Below(16)));
        break;
      case 5:
        bytes.resize(at);
        break;
      default:  // a field of random number and wire type
        bytes.push_back(static_cast<char>(Below(256)));
        bytes.push_back(static_cast<char>(Below(128)));
        break;
    }
  }
  return bytes;
}

std::string MessageMutator::MutateJson(std::string text) {
  static const char* kValues[] = {"99999999999999999999",
                                  "-1",
                                  "1e999",
                                  "0.5",
                                  "null",
                                  "true",
                                  "\"\"",
                                  "\"r\\u00e9q\"",
                                  "\"%\"",
                                  "\"\\ud800\"",
                                  "[]",
                                  "{}",
                                  "\"units/51\"",
                                  "\"UNKNOWN_VALUE\"",
                                  "999",
                                  "\"2022-13-45\""};
  const size_t edits = 1 + Below(3);
  for (size_t e = 0; e < edits; ++e) {
    if (OneIn(4)) {
      text = MutateBytes(std::move(text));
      continue;
    }
    // Replace the value after a random ':' (up to the next ',' or '}').
    const size_t colon = text.find(':', Below(text.size() + 1));
    if (colon == std::string::npos) continue;
    size_t end = colon + 1;
    int nesting = 0;
    bool quoted = false;
    for (; end < text.size(); ++end) {
      const char c = text[end];
      if (quoted) {
        if (c == '\\')
          ++end;
        else if (c == '"')
          quoted = false;
      } else if (c == '"') {
        quoted = true;
      } else if (c == '{' || c == '[') {
        ++nesting;
      } else if (c == '}' || c == ']') {
        if (nesting-- == 0) break;
      } else if (c == ',' && nesting == 0) {
        break;
      }
    }
    text.replace(colon + 1, end - colon - 1,
                 absl::StrCat(" ", kValues[Below(sizeof(kValues) / sizeof(kValues[0]))]));
  }
  return text;
}

}  // namespace interplan::testing
