#include "common/http/static_files.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/http/etag.h"
#include "common/http/gzip.h"
#include "common/http/http_server.h"

namespace interplan::http {
namespace {

namespace fs = std::filesystem;

// Content types by extension: what a dashboard is made of.
const std::map<std::string, std::string>& ContentTypes() {
  static const auto* types = new std::map<std::string, std::string>{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
  };
  return *types;
}

// Text compresses; images mostly do not.
bool WorthCompressing(const std::string& content_type) {
  return absl::StartsWith(content_type, "text/") || absl::StrContains(content_type, "json") ||
         absl::StrContains(content_type, "svg");
}

bool Hidden(const fs::path& relative) {
  for (const fs::path& part : relative) {
    if (absl::StartsWith(part.string(), ".")) return true;
  }
  return false;
}

absl::StatusOr<StaticFile> ReadOne(const fs::path& folder, const fs::path& file) {
  auto type = ContentTypes().find(file.extension().string());
  if (type == ContentTypes().end()) {
    return absl::InvalidArgumentError(absl::StrCat(file.string(),
                                                   ": the HTTP server does not know the type of \"",
                                                   file.extension().string(), "\" files"));
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) return absl::NotFoundError(absl::StrCat(file.string(), ": cannot be read"));
  StaticFile served;
  served.path = "/" + fs::relative(file, folder).generic_string();
  served.content_type = type->second;
  served.body = bytes.str();
  served.etag = StrongEtag(served.body);
  if (served.body.size() >= 1024 && WorthCompressing(served.content_type)) {
    absl::StatusOr<std::string> gzipped = Gzip(served.body);
    if (gzipped.ok() && gzipped->size() < served.body.size()) served.gzipped = *std::move(gzipped);
  }
  return served;
}

void AddCommonHeaders(const StaticFile& file, HttpResponse& response) {
  response.headers.emplace_back("ETag", file.etag);
  response.headers.emplace_back("Cache-Control", "no-cache");
  response.headers.emplace_back("Vary", "Accept-Encoding");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
}

}  // namespace

absl::StatusOr<std::vector<StaticFile>> ReadStaticFiles(const std::string& folder) {
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    return absl::NotFoundError(absl::StrCat(folder, ": no such folder"));
  }
  std::vector<StaticFile> files;
  for (auto it = fs::recursive_directory_iterator(folder, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    const fs::path relative = fs::relative(it->path(), folder);
    if (Hidden(relative)) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    absl::StatusOr<StaticFile> file = ReadOne(folder, it->path());
    if (!file.ok()) return file.status();
    files.push_back(*std::move(file));
  }
  if (error) return absl::NotFoundError(absl::StrCat(folder, ": ", error.message()));
  return files;
}

HttpResponse ServeStaticFile(const StaticFile& file, const HttpRequest& request) {
  HttpResponse response{200, file.content_type, "", {}};
  if (IfNoneMatchMatches(request, file.etag)) {
    response = HttpResponse{304, "", "", {}};
  } else if (!file.gzipped.empty() && AcceptsGzip(request)) {
    response.body = file.gzipped;
    response.headers.emplace_back("Content-Encoding", "gzip");
  } else {
    response.body = file.body;
  }
  AddCommonHeaders(file, response);
  if (absl::StartsWith(file.content_type, "text/html")) {
    // The page talks to its own origin only: no CDN, no other site.
    response.headers.emplace_back("Content-Security-Policy",
                                  "default-src 'self'; img-src 'self' data:; "
                                  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    response.headers.emplace_back("Referrer-Policy", "no-referrer");
    response.headers.emplace_back("X-Frame-Options", "DENY");
  }
  return response;
}

void AddStaticRoutes(HttpServer& server, std::vector<StaticFile> files) {
  for (StaticFile& file : files) {
    auto shared = std::make_shared<const StaticFile>(std::move(file));
    auto handler = [shared](const HttpRequest& r) { return ServeStaticFile(*shared, r); };
    if (shared->path == "/index.html") server.Handle("GET", "/", handler);
    server.Handle("GET", shared->path, handler);
  }
}

}  // namespace interplan::http
