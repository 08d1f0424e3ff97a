#include "common/api/json_message.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/api/json_syntax.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace interplan {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Value;

// Parses `json` into `out` as protobuf's JSON parser does, unknown fields
// refused.
absl::Status Parse(absl::string_view json, google::protobuf::Message* out) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(std::string(json), out, options);
  if (status.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(std::string(status.message()));
}

// The parser's message without the path it puts first ("(a.b[0]) ", ": ").
std::string WithoutParserPath(absl::string_view message) {
  if (!message.empty() && message.front() == '(') {
    const size_t close = message.find(") ");
    if (close != absl::string_view::npos) message.remove_prefix(close + 2);
  }
  // A message about the root has an empty path: ": Root element must be ...".
  if (absl::StartsWith(message, ": ")) message.remove_prefix(2);
  return std::string(message);
}

// Whether `value` (an object) fails to parse as a `type`; `error` is then
// the parser's message.
bool Fails(const Value& value, const Descriptor& type, std::string* error) {
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(value, &json).ok()) return false;
  std::unique_ptr<google::protobuf::Message> message(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(&type)->New());
  absl::Status status = Parse(json, message.get());
  if (status.ok()) return false;
  *error = WithoutParserPath(status.message());
  return true;
}

// The field a JSON key names: its JSON name or its proto name.
const FieldDescriptor* FieldNamed(const Descriptor& type, const std::string& key) {
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor* field = type.field(i);
    if (field->json_name() == key || field->name() == key) return field;
  }
  return nullptr;
}

// Messages whose JSON is not an object of their fields (timestamps,
// Struct, wrappers ...): the parser's message is as precise as it gets.
bool IsWellKnown(const Descriptor& type) { return type.file()->package() == "google.protobuf"; }

// The keys of a JSON object in name order, so the first problem reported
// is the same on every run.
std::vector<std::string> SortedKeys(const google::protobuf::Struct& object) {
  std::vector<std::string> keys;
  for (const auto& [key, unused] : object.fields()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  return keys;
}

// The elements of `value` for `field`, each with its path below `path`.
std::vector<std::pair<const Value*, std::string>> ElementsOf(const FieldDescriptor& field,
                                                             const Value& value,
                                                             const std::string& path) {
  std::vector<std::pair<const Value*, std::string>> elements;
  if (field.is_map() && value.has_struct_value()) {
    for (const std::string& key : SortedKeys(value.struct_value())) {
      elements.push_back(
          {&value.struct_value().fields().at(key), absl::StrCat(path, "[", key, "]")});
    }
  } else if (field.is_repeated() && value.has_list_value()) {
    for (int i = 0; i < value.list_value().values_size(); ++i) {
      elements.push_back({&value.list_value().values(i), absl::StrCat(path, "[", i, "]")});
    }
  } else {
    elements.push_back({&value, path});
  }
  return elements;
}

// A date message (interplan.type.v1.PartialDate, google.type.Date): its
// fields are year, month and day.
bool IsDate(const Descriptor& type) {
  return type.field_count() == 3 && type.FindFieldByName("year") != nullptr &&
         type.FindFieldByName("month") != nullptr && type.FindFieldByName("day") != nullptr;
}

// What a JSON value is, for a message saying it is the wrong kind.
std::string Describe(const Value& value) {
  switch (value.kind_case()) {
    case Value::kStringValue: {
      std::string text = value.string_value();
      if (text.size() > 40) text = absl::StrCat(text.substr(0, 40), "...");
      return absl::StrCat("the string \"", text, "\"");
    }
    case Value::kNumberValue:
      return absl::StrCat("the number ", value.number_value());
    case Value::kBoolValue:
      return value.bool_value() ? "true" : "false";
    case Value::kListValue:
      return "a list";
    default:
      return "null";
  }
}

// "expected ... not <value>": the shape a `type` is written in, with an
// example for dates.
std::string ExpectedObject(const Descriptor& type, const Value& value) {
  if (IsDate(type)) {
    return absl::StrCat(
        "a date is written as an object, e.g. {\"year\": 2023, \"month\": 3, \"day\": 1} "
        "(day, or month and day, left out for a month or a year), not ",
        Describe(value));
  }
  std::vector<std::string> fields;
  for (int i = 0; i < type.field_count() && i < 6; ++i) {
    fields.push_back(absl::StrCat("\"", type.field(i)->json_name(), "\": ..."));
  }
  if (type.field_count() > 6) fields.push_back("...");
  return absl::StrCat("expected an object like {", absl::StrJoin(fields, ", "), "}, not ",
                      Describe(value));
}

// Where `value`, which does not parse as a `type` (the parser said
// `error`), goes wrong: the deepest object on the way that fails by
// itself, or the first unknown key.
std::string Locate(const Value& value, const Descriptor& type, const std::string& path,
                   const std::string& error) {
  if (!value.has_struct_value() || IsWellKnown(type)) {
    return path.empty() ? error : absl::StrCat(path, ": ", error);
  }
  for (const std::string& key : SortedKeys(value.struct_value())) {
    const std::string field_path = path.empty() ? key : absl::StrCat(path, ".", key);
    const FieldDescriptor* field = FieldNamed(type, key);
    if (field == nullptr) {
      return absl::StrCat(field_path, ": no such field in ", type.full_name());
    }
    const Descriptor* element_type = field->message_type();
    if (field->is_map()) element_type = field->message_type()->map_value()->message_type();
    if (element_type == nullptr) continue;
    for (const auto& [element, element_path] :
         ElementsOf(*field, value.struct_value().fields().at(key), field_path)) {
      if (!element->has_struct_value() && !element->has_null_value() &&
          !IsWellKnown(*element_type)) {
        return absl::StrCat(element_path, ": ", ExpectedObject(*element_type, *element));
      }
      std::string element_error;
      if (Fails(*element, *element_type, &element_error)) {
        return Locate(*element, *element_type, element_path, element_error);
      }
    }
  }
  return path.empty() ? error : absl::StrCat(path, ": ", error);
}

}  // namespace

absl::Status ReadJsonMessage(absl::string_view json, google::protobuf::Message* out) {
  out->Clear();
  absl::Status parsed = Parse(json, out);
  if (parsed.ok()) return parsed;
  Value document;
  if (!google::protobuf::util::JsonStringToMessage(std::string(json), &document).ok()) {
    std::optional<JsonSyntaxError> syntax = FindJsonSyntaxError(json);
    if (!syntax.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("not JSON: ", WithoutParserPath(parsed.message())));
    }
    return absl::InvalidArgumentError(absl::StrCat("not JSON: line ", syntax->line, ", column ",
                                                   syntax->column, ": ", syntax->message));
  }
  return absl::InvalidArgumentError(
      Locate(document, *out->GetDescriptor(), "", WithoutParserPath(parsed.message())));
}

}  // namespace interplan
