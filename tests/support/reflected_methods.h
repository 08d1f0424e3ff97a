// Every unary gRPC method a running server offers, learnt from the server
// itself through server reflection: the services it lists, their files
// (with every file they import) built into a descriptor pool of our own,
// so that request messages can be made and parsed for any method without
// the test being compiled against its proto.
#ifndef INTERPLAN_TESTS_SUPPORT_REFLECTED_METHODS_H_
#define INTERPLAN_TESTS_SUPPORT_REFLECTED_METHODS_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"

namespace interplan::testing {

class ReflectedMethods {
 public:
  struct Method {
    std::string path;  // "/interplan.plans.v1.PlanService/CreatePlan"
    const google::protobuf::Descriptor* request = nullptr;
  };

  // Asks the server on `channel`; the reflection and health services
  // themselves are left out, and so are streaming methods.
  static absl::StatusOr<std::unique_ptr<ReflectedMethods>> Fetch(
      const std::shared_ptr<grpc::Channel>& channel);

  const std::vector<Method>& methods() const { return methods_; }
  // An empty request message of `method`, owned by the caller.
  std::unique_ptr<google::protobuf::Message> NewRequest(const Method& method);

 private:
  ReflectedMethods() = default;

  google::protobuf::DescriptorPool pool_;
  google::protobuf::DynamicMessageFactory factory_{&pool_};
  std::vector<Method> methods_;
};

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_REFLECTED_METHODS_H_
