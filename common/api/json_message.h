// Reads a message from protobuf JSON (what a client writes by hand: a plan,
// a report, agencies) and, when the JSON does not fit the message, names
// where as the writer wrote it: "plan.sections[0].sections[1].targets[1]
// .comparison: no such field in interplan.plans.v1.Target". protobuf's own
// parser does the reading; its error paths repeat the indexes of nested
// lists ("sections[0][0][0]"), so the place is found again here by walking
// the JSON beside the message's descriptor.
#ifndef INTERPLAN_COMMON_API_JSON_MESSAGE_H_
#define INTERPLAN_COMMON_API_JSON_MESSAGE_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace interplan {

// Parses `json` into `out` (cleared first); unknown fields are errors.
// INVALID_ARGUMENT on failure, whose message starts with the path of the
// first object that does not fit (its fields in name order) and, where a
// value stands in place of an object, the shape expected ("a date is
// written as an object, e.g. {"year": 2023, ...}"); or, for a text that
// is not JSON at all, "not JSON: line L, column C: what was expected".
absl::Status ReadJsonMessage(absl::string_view json, google::protobuf::Message* out);

}  // namespace interplan

#endif  // INTERPLAN_COMMON_API_JSON_MESSAGE_H_
