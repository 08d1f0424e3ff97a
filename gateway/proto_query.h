// A request message read from an HTTP query string by reflection: each
// singular field of a scalar, enum or google.type.Date type is a query
// parameter named after the field (snake_case, or lowerCamelCase as in
// the JSON mapping), so every HTTP read takes exactly the parameters of
// the gRPC request it stands for.
//
// Values: integers in decimal, booleans "true"/"false" (or "1"/"0"),
// enums by value name ("PLAN_STATUS_ISSUED", or without the enum's prefix,
// "issued", in any case), dates as YYYY-MM-DD.
#ifndef INTERPLAN_GATEWAY_PROTO_QUERY_H_
#define INTERPLAN_GATEWAY_PROTO_QUERY_H_

#include <map>
#include <set>
#include <string>

#include "common/errors/errors.h"
#include "common/http/query_params.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace interplan::gateway {

// The fields of `request` that are query parameters, by name.
std::set<std::string> QueryFieldsOf(const google::protobuf::Descriptor& request);

// Whether `field` is a google.type.Date (a date parameter).
bool IsDateField(const google::protobuf::FieldDescriptor& field);

// Sets the fields of `request` named in `params`; what cannot be read is
// added to `violations` under the parameter's name. `collections` maps a
// field to the collection its values are names in ("unit" -> "units"), so
// that a bare id is accepted: unit=51 is read as "units/51".
void FillFromQuery(const http::QueryParams& params,
                   const std::map<std::string, std::string>& collections,
                   google::protobuf::Message& request, FieldViolations& violations);

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_PROTO_QUERY_H_
