#include "tests/support/json_schema.h"

#include <cmath>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"

namespace interplan::testing {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// Deeper than any answer: a "$ref" loop in a bad document ends here.
constexpr int kMaxDepth = 64;

const std::set<std::string>& KnownKeywords() {
  static const auto* known =
      new std::set<std::string>{"$ref",  "type", "properties", "required",   "additionalProperties",
                                "items", "enum", "format",     "description"};
  return *known;
}

const Value* Field(const Struct& object, const std::string& name) {
  auto it = object.fields().find(name);
  return it == object.fields().end() ? nullptr : &it->second;
}

std::string KindName(const Value& value) {
  switch (value.kind_case()) {
    case Value::kNullValue:
      return "null";
    case Value::kNumberValue:
      return "number";
    case Value::kStringValue:
      return "string";
    case Value::kBoolValue:
      return "boolean";
    case Value::kStructValue:
      return "object";
    case Value::kListValue:
      return "array";
    default:
      return "nothing";
  }
}

bool HasType(const Value& value, const std::string& type) {
  if (type == "integer") {
    return value.kind_case() == Value::kNumberValue &&
           std::floor(value.number_value()) == value.number_value();
  }
  return KindName(value) == type;
}

bool IsDigits(absl::string_view s) {
  absl::ConsumePrefix(&s, "-");
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The problem with string `s` in `format`, or "".
std::string FormatProblem(const std::string& s, const std::string& format) {
  if (format == "int64") return IsDigits(s) ? "" : "is not an int64 in a string";
  if (format == "date") {
    const bool ok = s.size() == 10 && s[4] == '-' && s[7] == '-' && IsDigits(s.substr(0, 4)) &&
                    IsDigits(s.substr(5, 2)) && IsDigits(s.substr(8, 2));
    return ok ? "" : "is not a YYYY-MM-DD date";
  }
  if (format == "date-time") {
    return s.size() >= 20 && s[10] == 'T' && absl::EndsWith(s, "Z") ? ""
                                                                    : "is not an RFC 3339 UTC time";
  }
  return "";  // int32, byte: the type says enough
}

}  // namespace

absl::StatusOr<Value> ParseJson(absl::string_view text) {
  Value value;
  auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(text.data(), text.size()), &value);
  if (!parsed.ok())
    return absl::InvalidArgumentError(absl::StrCat("not JSON: ", parsed.ToString()));
  return value;
}

const Value* JsonPointer(const Value& root, absl::string_view pointer) {
  const Value* at = &root;
  if (pointer.empty()) return at;
  if (!absl::ConsumePrefix(&pointer, "/")) return nullptr;
  for (absl::string_view token : absl::StrSplit(pointer, '/')) {
    const std::string name = absl::StrReplaceAll(token, {{"~1", "/"}, {"~0", "~"}});
    if (at->kind_case() == Value::kListValue) {
      int index = -1;
      if (!absl::SimpleAtoi(name, &index) || index < 0 || index >= at->list_value().values_size()) {
        return nullptr;
      }
      at = &at->list_value().values(index);
      continue;
    }
    if (at->kind_case() != Value::kStructValue) return nullptr;
    at = Field(at->struct_value(), name);
    if (at == nullptr) return nullptr;
  }
  return at;
}

std::vector<std::string> JsonSchemaValidator::Validate(const Value& value,
                                                       const Value& schema) const {
  std::vector<std::string> problems;
  Check(value, schema, "", 0, problems);
  return problems;
}

void JsonSchemaValidator::Check(const Value& value, const Value& schema, const std::string& where,
                                int depth, std::vector<std::string>& problems) const {
  const std::string at = where.empty() ? "/" : where;
  if (depth > kMaxDepth) {
    problems.push_back(absl::StrCat(at, ": the schema nests too deep"));
    return;
  }
  if (schema.kind_case() != Value::kStructValue) {
    problems.push_back(absl::StrCat(at, ": the schema is not an object"));
    return;
  }
  const Struct& s = schema.struct_value();
  for (const auto& [keyword, unused] : s.fields()) {
    if (KnownKeywords().count(keyword) == 0) {
      problems.push_back(absl::StrCat(at, ": the schema uses \"", keyword,
                                      "\", which this validator does not check"));
    }
  }
  if (const Value* ref = Field(s, "$ref")) {
    absl::string_view pointer = ref->string_value();
    if (!absl::ConsumePrefix(&pointer, "#")) {
      problems.push_back(absl::StrCat(at, ": $ref ", ref->string_value(), " is not local"));
      return;
    }
    const Value* target = JsonPointer(document_, pointer);
    if (target == nullptr) {
      problems.push_back(absl::StrCat(at, ": $ref ", ref->string_value(), " leads nowhere"));
      return;
    }
    return Check(value, *target, where, depth + 1, problems);
  }
  if (const Value* type = Field(s, "type"); type != nullptr) {
    if (!HasType(value, type->string_value())) {
      problems.push_back(
          absl::StrCat(at, ": ", KindName(value), " where ", type->string_value(), " is due"));
      return;
    }
  }
  if (const Value* values = Field(s, "enum"); values != nullptr) {
    bool listed = false;
    for (const Value& v : values->list_value().values()) {
      listed = listed || (value.kind_case() == Value::kStringValue &&
                          v.string_value() == value.string_value());
    }
    if (!listed)
      problems.push_back(absl::StrCat(at, ": \"", value.string_value(), "\" is not listed"));
  }
  if (const Value* format = Field(s, "format");
      format != nullptr && value.kind_case() == Value::kStringValue) {
    if (std::string p = FormatProblem(value.string_value(), format->string_value()); !p.empty()) {
      problems.push_back(absl::StrCat(at, ": \"", value.string_value(), "\" ", p));
    }
  }
  if (value.kind_case() == Value::kListValue) {
    if (const Value* items = Field(s, "items")) {
      for (int i = 0; i < value.list_value().values_size(); ++i) {
        Check(value.list_value().values(i), *items, absl::StrCat(where, "/", i), depth + 1,
              problems);
      }
    }
  }
  if (value.kind_case() == Value::kStructValue) {
    CheckObject(value.struct_value(), s, where, depth, problems);
  }
}

void JsonSchemaValidator::CheckObject(const Struct& value, const Struct& schema,
                                      const std::string& where, int depth,
                                      std::vector<std::string>& problems) const {
  const Value* properties = Field(schema, "properties");
  const Value* additional = Field(schema, "additionalProperties");
  if (const Value* required = Field(schema, "required")) {
    for (const Value& name : required->list_value().values()) {
      if (Field(value, name.string_value()) == nullptr) {
        problems.push_back(absl::StrCat(where.empty() ? "/" : where, ": \"", name.string_value(),
                                        "\" is missing"));
      }
    }
  }
  for (const auto& [name, member] : value.fields()) {
    const std::string member_at = absl::StrCat(where, "/", name);
    const Value* declared =
        properties == nullptr ? nullptr : Field(properties->struct_value(), name);
    if (declared != nullptr) {
      Check(member, *declared, member_at, depth + 1, problems);
    } else if (additional != nullptr && additional->kind_case() == Value::kBoolValue) {
      if (!additional->bool_value()) {
        problems.push_back(absl::StrCat(member_at, ": not a property the schema names"));
      }
    } else if (additional != nullptr) {
      Check(member, *additional, member_at, depth + 1, problems);
    }
  }
}

}  // namespace interplan::testing
