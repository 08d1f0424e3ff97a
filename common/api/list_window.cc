#include "common/api/list_window.h"

#include <utility>

#include "absl/status/statusor.h"
#include "common/api/page_token.h"

namespace interplan {

ListWindow ListWindow::Of(const google::protobuf::Message& request, int32_t page_size,
                          absl::string_view page_token, int default_size, int max_size,
                          FieldViolations* violations) {
  const uint64_t fingerprint = FilterFingerprint(request);
  absl::StatusOr<int> size = EffectivePageSize(page_size, default_size, max_size);
  violations->AddFrom("", size.status());
  absl::StatusOr<std::string> after = DecodePageToken(page_token, fingerprint);
  violations->AddFrom("", after.status());
  return ListWindow(size.ok() ? *size : default_size, after.ok() ? std::move(*after) : "",
                    fingerprint);
}

std::string ListWindow::TokenAfter(absl::string_view last_key) const {
  return EncodePageToken(fingerprint_, last_key);
}

}  // namespace interplan
