// A folder of static files (a web page and its assets) served by the HTTP
// server: every regular file under the folder, read once at start-up, on
// the path it has there ("/app.js", "/vendor/chart.umd.js"), and
// "index.html" on "/" as well. Each answer carries a strong ETag (the
// bytes' hash) and "Cache-Control: no-cache", so a browser revalidates and
// gets 304 while the files are unchanged; gzip (compressed once, at load)
// when the client accepts it; and headers that keep the page to its own
// origin (Content-Security-Policy: default-src 'self', nosniff, no
// framing, no referrer).
#ifndef INTERPLAN_COMMON_HTTP_STATIC_FILES_H_
#define INTERPLAN_COMMON_HTTP_STATIC_FILES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/http/http_message.h"

namespace interplan::http {

class HttpServer;

// One file as it is served.
struct StaticFile {
  std::string path;          // "/app.js"
  std::string content_type;  // by extension
  std::string body;
  std::string gzipped;  // empty when not worth it
  std::string etag;
};

// Every regular file under `folder` (hidden files and folders skipped);
// NOT_FOUND naming the folder when it is missing or not a folder,
// INVALID_ARGUMENT naming a file whose type the server does not know.
absl::StatusOr<std::vector<StaticFile>> ReadStaticFiles(const std::string& folder);

// The answer to `request` for `file`: 200, or 304 when If-None-Match
// names its tag.
HttpResponse ServeStaticFile(const StaticFile& file, const HttpRequest& request);

// Registers GET (and HEAD) for each of `files`, and "/" for "/index.html"
// when there is one. Call before the server starts.
void AddStaticRoutes(HttpServer& server, std::vector<StaticFile> files);

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_STATIC_FILES_H_
