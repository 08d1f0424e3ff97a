// ReadZipMember: one member of a zip archive held in memory, read with
// libzip under the zip bomb limits. The whole archive's central directory is
// checked before anything is inflated, and the reading itself stops as soon
// as more bytes come out than allowed, whatever the archive declares.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_ZIP_MEMBER_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_ZIP_MEMBER_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interplan::plans::import {

struct ZipLimits {
  size_t max_member_bytes;   // a member's declared and actual uncompressed size
  size_t max_total_bytes;    // the sum of all members' declared sizes
  int max_ratio;             // uncompressed : compressed, for a member or the whole
  size_t ratio_floor_bytes;  // members smaller than this are not held to max_ratio
  int max_members;
};

// The limits for a .docx: kMaxExtractedBytes, 100:1, 10,000 members.
ZipLimits DocxZipLimits();

// The bytes of member `name` of `archive`. InvalidArgument for a damaged
// archive, a missing member, or an archive over `limits` (a zip bomb).
absl::StatusOr<std::string> ReadZipMember(absl::string_view archive, absl::string_view name,
                                          const ZipLimits& limits);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_ZIP_MEMBER_H_
