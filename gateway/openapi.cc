#include "gateway/openapi.h"

#include <cctype>
#include <initializer_list>
#include <map>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/http/query_params.h"
#include "common/logging/log.h"
#include "gateway/proto_query.h"

namespace interplan::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Struct;
using google::protobuf::Value;

Value Str(const std::string& s) {
  Value v;
  v.set_string_value(s);
  return v;
}

Value Obj(std::initializer_list<std::pair<std::string, Value>> fields) {
  Value v;
  auto& map = *v.mutable_struct_value()->mutable_fields();
  for (const auto& [name, value] : fields) map[name] = value;
  return v;
}

Value Arr(const std::vector<Value>& items) {
  Value v;
  google::protobuf::ListValue& list = *v.mutable_list_value();  // [] when empty
  for (const Value& item : items) *list.add_values() = item;
  return v;
}

Value Bool(bool b) {
  Value v;
  v.set_bool_value(b);
  return v;
}

void Set(Value& object, const std::string& name, Value value) {
  (*object.mutable_struct_value()->mutable_fields())[name] = std::move(value);
}

Value Ref(const std::string& where) { return Obj({{"$ref", Str(where)}}); }

Value SchemaRef(const Descriptor& type, Struct& schemas) {
  if (schemas.fields().count(type.full_name()) == 0) {
    (*schemas.mutable_fields())[type.full_name()] = Value();  // placeholder: cycles end here
    Value schema = MessageSchema(type, schemas);
    (*schemas.mutable_fields())[type.full_name()] = std::move(schema);
  }
  return Ref(absl::StrCat("#/components/schemas/", type.full_name()));
}

// The schema of one value of `field` (an element, when repeated).
Value ValueSchema(const FieldDescriptor& field, Struct& schemas) {
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_UINT32:
      return Obj({{"type", Str("integer")}, {"format", Str("int32")}});
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT64:
      return Obj({{"type", Str("string")}, {"format", Str("int64")}});
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      return Obj({{"type", Str("number")}});
    case FieldDescriptor::CPPTYPE_BOOL:
      return Obj({{"type", Str("boolean")}});
    case FieldDescriptor::CPPTYPE_STRING:
      if (field.type() == FieldDescriptor::TYPE_BYTES) {
        return Obj({{"type", Str("string")}, {"format", Str("byte")}});
      }
      return Obj({{"type", Str("string")}});
    case FieldDescriptor::CPPTYPE_ENUM: {
      std::vector<Value> names;
      for (int i = 0; i < field.enum_type()->value_count(); ++i) {
        names.push_back(Str(field.enum_type()->value(i)->name()));
      }
      return Obj({{"type", Str("string")}, {"enum", Arr(names)}});
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const std::string& name = field.message_type()->full_name();
      if (name == "google.protobuf.Timestamp") {
        return Obj({{"type", Str("string")}, {"format", Str("date-time")}});
      }
      if (name == "google.protobuf.Duration" || name == "google.protobuf.FieldMask") {
        return Obj({{"type", Str("string")}});
      }
      return SchemaRef(*field.message_type(), schemas);
    }
  }
  return Obj({});
}

Value FieldSchema(const FieldDescriptor& field, Struct& schemas) {
  if (field.is_map()) {
    return Obj(
        {{"type", Str("object")},
         {"additionalProperties", ValueSchema(*field.message_type()->map_value(), schemas)}});
  }
  if (field.is_repeated()) {
    return Obj({{"type", Str("array")}, {"items", ValueSchema(field, schemas)}});
  }
  return ValueSchema(field, schemas);
}

Value ErrorSchema() {
  std::vector<Value> codes;
  for (int code = 0; code <= 16; ++code) {
    codes.push_back(Str(absl::StatusCodeToString(static_cast<absl::StatusCode>(code))));
  }
  Value detail = Obj({{"type", Str("object")},
                      {"required", Arr({Str("@type")})},
                      {"properties", Obj({{"@type", Obj({{"type", Str("string")}})}})}});
  Value error = Obj(
      {{"type", Str("object")},
       {"required", Arr({Str("code"), Str("message"), Str("status"), Str("details")})},
       {"additionalProperties", Bool(false)},
       {"properties",
        Obj({{"code", Obj({{"type", Str("integer")}, {"description", Str("The HTTP status.")}})},
             {"message", Obj({{"type", Str("string")}})},
             {"status", Obj({{"type", Str("string")}, {"enum", Arr(codes)}})},
             {"details", Obj({{"type", Str("array")}, {"items", detail}})}})}});
  return Obj({{"type", Str("object")},
              {"description", Str("Google's JSON error shape; details are google.rpc details "
                                  "(BadRequest, ErrorInfo, ResourceInfo, RetryInfo...).")},
              {"required", Arr({Str("error")})},
              {"additionalProperties", Bool(false)},
              {"properties", Obj({{"error", error}})}});
}

Value Parameter(const HttpRead& read, const FieldDescriptor& field, Struct& schemas) {
  std::string description =
      absl::StrCat("The request's ", field.name(), " (", read.request->full_name(), ")");
  const std::string camel = http::LowerCamelCase(field.name());
  if (camel != field.name()) absl::StrAppend(&description, "; also accepted as ", camel);
  if (auto collection = read.collections.find(field.name()); collection != read.collections.end()) {
    absl::StrAppend(&description, "; a bare id is read as ", collection->second, "/<id>");
  }
  Value schema = IsDateField(field) ? Obj({{"type", Str("string")}, {"format", Str("date")}})
                                    : ValueSchema(field, schemas);
  return Obj({{"name", Str(field.name())},
              {"in", Str("query")},
              {"required", Bool(read.required.count(field.name()) > 0)},
              {"description", Str(description + ".")},
              {"schema", schema}});
}

Value Parameters(const HttpRead& read, Struct& schemas) {
  std::vector<Value> parameters;
  for (const std::string& name : QueryFieldsOf(*read.request)) {
    parameters.push_back(Parameter(read, *read.request->FindFieldByName(name), schemas));
  }
  if (!read.table.empty()) {
    parameters.push_back(Obj(
        {{"name", Str("format")},
         {"in", Str("query")},
         {"required", Bool(false)},
         {"description",
          Str(absl::StrCat("csv: the rows of ", read.table,
                           " as CSV (UTF-8 with a byte-order mark); json (default): all of it."))},
         {"schema", Obj({{"type", Str("string")}, {"enum", Arr({Str("json"), Str("csv")})}})}}));
  }
  return Arr(parameters);
}

Value ErrorResponses(Value responses) {
  for (const char* status : {"400", "401", "403", "404", "default"}) {
    Set(responses, status, Ref("#/components/responses/Error"));
  }
  return responses;
}

Value CachingHeaders() {
  return Obj({{"ETag", Obj({{"schema", Obj({{"type", Str("string")}})}})},
              {"Cache-Control", Obj({{"schema", Obj({{"type", Str("string")}})}})}});
}

// The GET and HEAD operations of one path.
Value PathItem(const std::string& id, const std::string& summary, Value parameters, Value content,
               bool secured) {
  Value get = Obj(
      {{"operationId", Str(absl::StrCat("get", id))},
       {"summary", Str(summary)},
       {"parameters", parameters},
       {"responses",
        ErrorResponses(Obj({{"200", Obj({{"description", Str("The answer.")},
                                         {"headers", CachingHeaders()},
                                         {"content", content}})},
                            {"304", Obj({{"description", Str("Not modified since the ETag sent in "
                                                             "If-None-Match.")}})}}))}});
  Value head =
      Obj({{"operationId", Str(absl::StrCat("head", id))},
           {"summary", Str(absl::StrCat(summary, " (headers only)"))},
           {"parameters", parameters},
           {"responses",
            ErrorResponses(
                Obj({{"200", Obj({{"description", Str("The GET answer's headers, no body.")}})},
                     {"304", Obj({{"description", Str("Not modified.")}})}}))}});
  if (!secured) {
    Set(get, "security", Arr({}));
    Set(head, "security", Arr({}));
  }
  return Obj({{"get", get}, {"head", head}});
}

// "/v1/overview/national" -> "V1OverviewNational".
std::string OperationId(const std::string& path) {
  std::string id;
  bool upper = true;
  for (char c : path) {
    if (c == '/' || c == '-' || c == '.' || c == '_') {
      upper = true;
      continue;
    }
    id.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    upper = false;
  }
  return id;
}

Value Content(const std::string& type, Value schema) {
  return Obj({{type, Obj({{"schema", std::move(schema)}})}});
}

void AddServiceRoutes(Struct& paths) {
  Value health = Obj({{"type", Str("object")},
                      {"required", Arr({Str("status"), Str("cache")})},
                      {"additionalProperties", Bool(false)},
                      {"properties", Obj({{"status", Obj({{"type", Str("string")}})},
                                          {"cache", Obj({{"type", Str("string")}})}})}});
  auto& map = *paths.mutable_fields();
  map["/openapi.json"] =
      PathItem("OpenApi", "This document.", Arr({}),
               Content("application/json", Obj({{"type", Str("object")}})), false);
  map["/healthz"] = PathItem("Health", "Whether the gateway serves, and with its cache.", Arr({}),
                             Content("application/json", health), false);
  map["/metrics"] = PathItem("Metrics", "Prometheus metrics.", Arr({}),
                             Content("text/plain", Obj({{"type", Str("string")}})), false);
}

// `value` as JSON indented by two spaces per level, object keys sorted, so
// that the document reads well and is the same byte for byte each time.
void AppendJson(const Value& value, int depth, std::string& out) {
  const std::string inner(2 * (depth + 1), ' ');
  const std::string outer(2 * depth, ' ');
  switch (value.kind_case()) {
    case Value::kStringValue:
      AppendJsonString(value.string_value(), &out);
      return;
    case Value::kBoolValue:
      out += value.bool_value() ? "true" : "false";
      return;
    case Value::kNumberValue:
      absl::StrAppend(&out, value.number_value());
      return;
    case Value::kListValue: {
      if (value.list_value().values_size() == 0) {
        out += "[]";
        return;
      }
      out += "[\n";
      for (int i = 0; i < value.list_value().values_size(); ++i) {
        out += inner;
        AppendJson(value.list_value().values(i), depth + 1, out);
        out += i + 1 < value.list_value().values_size() ? ",\n" : "\n";
      }
      absl::StrAppend(&out, outer, "]");
      return;
    }
    case Value::kStructValue: {
      const std::map<std::string, const Value*> sorted = [&] {
        std::map<std::string, const Value*> fields;
        for (const auto& [name, field] : value.struct_value().fields()) fields[name] = &field;
        return fields;
      }();
      if (sorted.empty()) {
        out += "{}";
        return;
      }
      out += "{\n";
      size_t written = 0;
      for (const auto& [name, field] : sorted) {
        out += inner;
        AppendJsonString(name, &out);
        out += ": ";
        AppendJson(*field, depth + 1, out);
        out += ++written < sorted.size() ? ",\n" : "\n";
      }
      absl::StrAppend(&out, outer, "}");
      return;
    }
    default:
      out += "null";
  }
}

}  // namespace

Value MessageSchema(const Descriptor& type, Struct& schemas) {
  Value properties = Obj({});
  std::vector<Value> required;
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor& field = *type.field(i);
    Set(properties, field.json_name(), FieldSchema(field, schemas));
    // Printed even when empty (always_print_primitive_fields): every field
    // without presence.
    if (!field.has_presence()) required.push_back(Str(field.json_name()));
  }
  Value schema = Obj(
      {{"type", Str("object")}, {"properties", properties}, {"additionalProperties", Bool(false)}});
  if (!required.empty()) Set(schema, "required", Arr(required));
  return schema;
}

std::string OpenApiDocument(const std::vector<HttpRead>& reads) {
  Struct schemas;
  Struct paths;
  for (const HttpRead& read : reads) {
    Value content = Content("application/json", SchemaRef(*read.answer, schemas));
    if (!read.table.empty()) {
      Set(content, "text/csv", Obj({{"schema", Obj({{"type", Str("string")}})}}));
    }
    (*paths.mutable_fields())[read.path] =
        PathItem(OperationId(read.path), read.summary, Parameters(read, schemas), content, true);
  }
  AddServiceRoutes(paths);
  (*schemas.mutable_fields())["Error"] = ErrorSchema();
  Value paths_value;
  *paths_value.mutable_struct_value() = paths;
  Value schemas_value;
  *schemas_value.mutable_struct_value() = schemas;
  Value document =
      Obj({{"openapi", Str("3.0.3")},
           {"info", Obj({{"title", Str("Interplan gateway HTTP API")},
                         {"version", Str("v1")},
                         {"description", Str("Reads of the Interplan suite over HTTP/JSON; the "
                                             "conventions are in docs/http.md.")}})},
           {"security", Arr({Obj({{"bearer", Arr({})}})})},
           {"paths", paths_value},
           {"components",
            Obj({{"securitySchemes",
                  Obj({{"bearer", Obj({{"type", Str("http")},
                                       {"scheme", Str("bearer")},
                                       {"description", Str("An Interplan API key.")}})}})},
                 {"schemas", schemas_value},
                 {"responses",
                  Obj({{"Error",
                        Obj({{"description", Str("An error, in Google's JSON error shape.")},
                             {"content", Content("application/json",
                                                 Ref("#/components/schemas/Error"))}})}})}})}});
  std::string json;
  AppendJson(document, 0, json);
  json += "\n";
  return json;
}

}  // namespace interplan::gateway
