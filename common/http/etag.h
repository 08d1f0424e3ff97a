// Conditional GET (RFC 9110 section 13.1.2): weak entity tags and the
// If-None-Match comparison that turns a repeated read into 304 Not
// Modified.
#ifndef INTERPLAN_COMMON_HTTP_ETAG_H_
#define INTERPLAN_COMMON_HTTP_ETAG_H_

#include <string>

#include "absl/strings/string_view.h"
#include "common/http/http_message.h"

namespace interplan::http {

// W/"<hex of `what`'s 64-bit FNV-1a hash>": weak, because a gzip-compressed
// body and the plain one carry the same tag.
std::string WeakEtag(absl::string_view what);

// "<hex of `what`'s 64-bit FNV-1a hash>": strong, for bytes served exactly
// as hashed (a file and its precompressed copy are told apart by Vary).
std::string StrongEtag(absl::string_view what);

// Whether `request`'s If-None-Match ("*" or a list of tags, compared
// weakly) matches `etag`.
bool IfNoneMatchMatches(const HttpRequest& request, absl::string_view etag);

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_ETAG_H_
