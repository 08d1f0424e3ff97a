// A stable 64-bit fingerprint of a protobuf message: the same content gives
// the same value in every process and release (FNV-1a over the
// deterministic serialization), so it can be stored and compared later.
#ifndef INTERPLAN_COMMON_API_FINGERPRINT_H_
#define INTERPLAN_COMMON_API_FINGERPRINT_H_

#include <cstdint>
#include <initializer_list>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace interplan {

uint64_t Fnv1a64(absl::string_view bytes);

// Fingerprint of `message` with the named top-level fields cleared.
uint64_t MessageFingerprint(const google::protobuf::Message& message,
                            std::initializer_list<const char*> ignored_fields = {});

// The message serialized deterministically (map entries in key order).
std::string DeterministicBytes(const google::protobuf::Message& message);

}  // namespace interplan

#endif  // INTERPLAN_COMMON_API_FINGERPRINT_H_
