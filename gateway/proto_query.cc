#include "gateway/proto_query.h"

#include <cstdint>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/api/enum_names.h"
#include "common/time/date.h"
#include "common/time/validity.h"
#include "google/type/date.pb.h"

namespace interplan::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

bool IsQueryField(const FieldDescriptor& field) {
  if (field.is_repeated()) return false;
  return field.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || IsDateField(field);
}

// The value of `type` named `text`: its name, in full or without the
// enum's prefix (api::ParseEnumName: "issued" for PLAN_STATUS_ISSUED), or
// its number.
const EnumValueDescriptor* EnumValueOf(const EnumDescriptor& type, absl::string_view text) {
  if (std::optional<int> named = api::ParseEnumName(type, text); named.has_value()) {
    return type.FindValueByNumber(*named);
  }
  int number = 0;
  if (absl::SimpleAtoi(text, &number)) return type.FindValueByNumber(number);
  return nullptr;
}

// Sets one field from its parameter's text; the problem, or "".
std::string SetField(const FieldDescriptor& field, const std::string& text, Message& request) {
  const Reflection& reflection = *request.GetReflection();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      reflection.SetString(&request, &field, text);
      return "";
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t value = 0;
      if (!absl::SimpleAtoi(text, &value)) return "is not a whole number";
      reflection.SetInt32(&request, &field, value);
      return "";
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t value = 0;
      if (!absl::SimpleAtoi(text, &value)) return "is not a whole number";
      reflection.SetInt64(&request, &field, value);
      return "";
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t value = 0;
      if (!absl::SimpleAtoi(text, &value)) return "is not a whole number of zero or more";
      reflection.SetUInt32(&request, &field, value);
      return "";
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t value = 0;
      if (!absl::SimpleAtoi(text, &value)) return "is not a whole number of zero or more";
      reflection.SetUInt64(&request, &field, value);
      return "";
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      double value = 0;
      if (!absl::SimpleAtod(text, &value)) return "is not a number";
      if (field.cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
        reflection.SetDouble(&request, &field, value);
      } else {
        reflection.SetFloat(&request, &field, static_cast<float>(value));
      }
      return "";
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool value = false;
      if (!absl::SimpleAtob(text, &value)) return "is not true or false";
      reflection.SetBool(&request, &field, value);
      return "";
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const EnumValueDescriptor* value = EnumValueOf(*field.enum_type(), text);
      if (value == nullptr) return absl::StrCat("is not a value of ", field.enum_type()->name());
      reflection.SetEnum(&request, &field, value);
      return "";
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      absl::StatusOr<absl::CivilDay> day = time::ParseDate(text);
      if (!day.ok()) return std::string(day.status().message());
      google::type::Date date;
      time::DayToProto(*day, &date);
      reflection.MutableMessage(&request, &field)->CopyFrom(date);
      return "";
    }
  }
  return "cannot be given in a query";
}

}  // namespace

bool IsDateField(const FieldDescriptor& field) {
  return field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
         field.message_type()->full_name() == "google.type.Date";
}

std::set<std::string> QueryFieldsOf(const Descriptor& request) {
  std::set<std::string> names;
  for (int i = 0; i < request.field_count(); ++i) {
    if (IsQueryField(*request.field(i))) names.insert(request.field(i)->name());
  }
  return names;
}

void FillFromQuery(const http::QueryParams& params,
                   const std::map<std::string, std::string>& collections, Message& request,
                   FieldViolations& violations) {
  const Descriptor& type = *request.GetDescriptor();
  for (const auto& [name, text] : params.values()) {
    const FieldDescriptor* field = type.FindFieldByName(name);
    if (field == nullptr || !IsQueryField(*field) || text.empty()) continue;
    std::string value = text;
    if (auto collection = collections.find(name);
        collection != collections.end() && !absl::StartsWith(value, collection->second + "/")) {
      value = absl::StrCat(collection->second, "/", value);
    }
    if (std::string problem = SetField(*field, value, request); !problem.empty()) {
      violations.Add(name, absl::StrCat("\"", text, "\" ", problem));
    }
  }
}

}  // namespace interplan::gateway
