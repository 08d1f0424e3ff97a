#include "common/api/fingerprint.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace interplan {

uint64_t Fnv1a64(absl::string_view bytes) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string DeterministicBytes(const google::protobuf::Message& message) {
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeToCodedStream(&coded);
  coded.Trim();
  return bytes;
}

uint64_t MessageFingerprint(const google::protobuf::Message& message,
                            std::initializer_list<const char*> ignored_fields) {
  if (ignored_fields.size() == 0) {
    return Fnv1a64(
        absl::StrCat(message.GetDescriptor()->full_name(), "\n", DeterministicBytes(message)));
  }
  std::unique_ptr<google::protobuf::Message> copy(message.New());
  copy->CopyFrom(message);
  for (const char* name : ignored_fields) {
    const google::protobuf::FieldDescriptor* field = copy->GetDescriptor()->FindFieldByName(name);
    if (field != nullptr) copy->GetReflection()->ClearField(copy.get(), field);
  }
  return Fnv1a64(absl::StrCat(copy->GetDescriptor()->full_name(), "\n", DeterministicBytes(*copy)));
}

}  // namespace interplan
