#include "common/api/method_name.h"

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/node_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace interplan {
namespace {

// The search over the file's services, without memory.
std::string FindMethodName(const google::protobuf::Descriptor& request_type) {
  const google::protobuf::FileDescriptor* file = request_type.file();
  std::string found;
  int matches = 0;
  for (int s = 0; s < file->service_count(); ++s) {
    const google::protobuf::ServiceDescriptor* service = file->service(s);
    for (int m = 0; m < service->method_count(); ++m) {
      const google::protobuf::MethodDescriptor* method = service->method(m);
      if (method->input_type() != &request_type) continue;
      ++matches;
      found = absl::StrCat("/", service->full_name(), "/", method->name());
    }
  }
  return matches == 1 ? found : "";
}

// Names found so far; descriptors live as long as the process.
class MethodNames {
 public:
  absl::string_view For(const google::protobuf::Descriptor& request_type) {
    absl::MutexLock lock(&mu_);
    auto it = names_.find(&request_type);
    if (it == names_.end()) {
      it = names_.emplace(&request_type, FindMethodName(request_type)).first;
    }
    return it->second;  // a node map: the string stays where it is
  }

 private:
  absl::Mutex mu_;
  absl::node_hash_map<const google::protobuf::Descriptor*, std::string> names_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

absl::string_view MethodNameFor(const google::protobuf::Descriptor& request_type) {
  static MethodNames* names = new MethodNames();
  return names->For(request_type);
}

}  // namespace interplan
