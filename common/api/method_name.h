// The full gRPC name of a method ("/interplan.plans.v1.PlanService/CreatePlan")
// found from its request type in the generated descriptors, so that no
// handler types a method's name: every method of the suite takes a request
// message of its own, declared in the file of its service.
#ifndef INTERPLAN_COMMON_API_METHOD_NAME_H_
#define INTERPLAN_COMMON_API_METHOD_NAME_H_

#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace interplan {

// The method of the services in `request_type`'s file whose input is
// `request_type`; "" when there is none or more than one (a request type
// shared by two methods names neither).
absl::string_view MethodNameFor(const google::protobuf::Descriptor& request_type);

inline absl::string_view MethodNameFor(const google::protobuf::Message& request) {
  return MethodNameFor(*request.GetDescriptor());
}

}  // namespace interplan

#endif  // INTERPLAN_COMMON_API_METHOD_NAME_H_
