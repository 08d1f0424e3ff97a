// A validator for the subset of JSON Schema the gateway's OpenAPI
// document uses (gateway/openapi.cc), for tests that hold real answers to
// it: "$ref" (to "#/..." in the document), "type" (object, array, string,
// integer, number, boolean), "properties", "required",
// "additionalProperties" (false or a schema), "items", "enum" (of
// strings) and "format" date, date-time and int64 (a string of digits).
// Any other keyword is reported, so that the document cannot quietly use
// one this validator ignores. JSON is read with protobuf's parser into
// google.protobuf.Value.
#ifndef INTERPLAN_TESTS_SUPPORT_JSON_SCHEMA_H_
#define INTERPLAN_TESTS_SUPPORT_JSON_SCHEMA_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/struct.pb.h"

namespace interplan::testing {

// Any JSON text as a Value; INVALID_ARGUMENT when it is not JSON.
absl::StatusOr<google::protobuf::Value> ParseJson(absl::string_view text);

// The value at `pointer` ("/paths/~1v1~1plans/get", "/rows/0/unit": RFC
// 6901, array elements by index) of `root`; null when there is none.
const google::protobuf::Value* JsonPointer(const google::protobuf::Value& root,
                                           absl::string_view pointer);

class JsonSchemaValidator {
 public:
  // `document` holds the schemas "$ref"s point into.
  explicit JsonSchemaValidator(google::protobuf::Value document) : document_(std::move(document)) {}

  // What is wrong with `value` against `schema`, each "<where>: <what>"
  // (where is a JSON pointer into the value); empty when it conforms.
  std::vector<std::string> Validate(const google::protobuf::Value& value,
                                    const google::protobuf::Value& schema) const;

 private:
  void Check(const google::protobuf::Value& value, const google::protobuf::Value& schema,
             const std::string& where, int depth, std::vector<std::string>& problems) const;
  void CheckObject(const google::protobuf::Struct& value, const google::protobuf::Struct& schema,
                   const std::string& where, int depth, std::vector<std::string>& problems) const;

  google::protobuf::Value document_;
};

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_JSON_SCHEMA_H_
