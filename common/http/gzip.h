// Response compression: whether a request accepts gzip (its
// Accept-Encoding, with q-values), and gzip itself (zlib's deflate with the
// gzip wrapper, RFC 1952).
#ifndef INTERPLAN_COMMON_HTTP_GZIP_H_
#define INTERPLAN_COMMON_HTTP_GZIP_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/http/http_message.h"

namespace interplan::http {

// Whether `request`'s Accept-Encoding names gzip (or "*") with a q-value
// above zero.
bool AcceptsGzip(const HttpRequest& request);

// `bytes` gzip-compressed; INTERNAL when zlib fails.
absl::StatusOr<std::string> Gzip(absl::string_view bytes);

// `response` compressed with "Content-Encoding: gzip" when `request`
// accepts it and the body is worth it (at least `min_bytes`); always with
// "Vary: Accept-Encoding", since the body depends on it.
void CompressIfAccepted(const HttpRequest& request, HttpResponse& response,
                        size_t min_bytes = 1024);

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_GZIP_H_
