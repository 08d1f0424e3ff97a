// The OpenAPI 3 description of the gateway's HTTP face, served at
// /openapi.json: made when the routes are registered from the same
// HttpRead values that serve them, and the proto descriptors of their
// requests and answers, so it names every parameter a route takes and the
// exact JSON each answers (proto3's JSON mapping: lowerCamelCase names,
// int64 as strings, enums by name; every field without presence always
// present), and cannot drift from the code.
#ifndef INTERPLAN_GATEWAY_OPENAPI_H_
#define INTERPLAN_GATEWAY_OPENAPI_H_

#include <string>
#include <vector>

#include "gateway/http_read.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/struct.pb.h"

namespace interplan::gateway {

// The document, as JSON.
std::string OpenApiDocument(const std::vector<HttpRead>& reads);

// The JSON Schema of `type`'s JSON form, with "$ref"s to
// "#/components/schemas/<full name>" for the messages it uses, each added
// to `schemas` (by full name).
google::protobuf::Value MessageSchema(const google::protobuf::Descriptor& type,
                                      google::protobuf::Struct& schemas);

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_OPENAPI_H_
