// Which reader a document goes to: its media type first, then its file
// name's extension, then its first bytes. Old binary Word files and anything
// that is not a document are refused with what to do instead.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_DOCUMENT_FORMAT_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_DOCUMENT_FORMAT_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/plans/import/document_text.h"

namespace interplan::plans::import {

// A media type or extension that names no format Interplan reads (e.g.
// "application/octet-stream", "ke-hoach") is passed over, not refused.
absl::StatusOr<DocumentFormat> ChooseDocumentFormat(absl::string_view content,
                                                    absl::string_view file_name,
                                                    absl::string_view media_type);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_DOCUMENT_FORMAT_H_
