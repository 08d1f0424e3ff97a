// A generic check of any request, from its message descriptor: every enum
// field — at any depth, in nested messages, repeated fields and maps —
// holds a value its enum declares. proto3 enums are open: a number the
// schema does not know parses and would otherwise be stored as is.
#ifndef INTERPLAN_COMMON_API_KNOWN_ENUMS_H_
#define INTERPLAN_COMMON_API_KNOWN_ENUMS_H_

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace interplan::api {

// OK when every enum value in `message` is declared; otherwise
// INVALID_ARGUMENT with one field violation per unknown value, named by its
// path ("plan.tasks[2].kind", "budgets[\"2022\"].source").
absl::Status CheckKnownEnums(const google::protobuf::Message& message);

}  // namespace interplan::api

#endif  // INTERPLAN_COMMON_API_KNOWN_ENUMS_H_
