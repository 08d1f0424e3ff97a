#include "common/http/gzip.h"

#include <zlib.h>

#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace interplan::http {
namespace {

// zlib's windowBits for a gzip wrapper around the deflate stream.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kMemoryLevel = 8;

}  // namespace

bool AcceptsGzip(const HttpRequest& request) {
  auto header = request.headers.find("accept-encoding");
  if (header == request.headers.end()) return false;
  for (absl::string_view coding : absl::StrSplit(header->second, ',')) {
    std::vector<absl::string_view> parts = absl::StrSplit(coding, ';');
    const std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(parts[0]));
    if (name != "gzip" && name != "x-gzip" && name != "*") continue;
    double q = 1;
    for (size_t i = 1; i < parts.size(); ++i) {
      absl::string_view parameter = absl::StripAsciiWhitespace(parts[i]);
      if (absl::ConsumePrefix(&parameter, "q=") && !absl::SimpleAtod(parameter, &q)) q = 0;
    }
    if (q > 0) return true;
  }
  return false;
}

absl::StatusOr<std::string> Gzip(absl::string_view bytes) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, kMemoryLevel,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return absl::InternalError("zlib: deflateInit2 failed");
  }
  std::string out(deflateBound(&stream, bytes.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return absl::InternalError("zlib: deflate did not finish");
  return out;
}

void CompressIfAccepted(const HttpRequest& request, HttpResponse& response, size_t min_bytes) {
  response.headers.emplace_back("Vary", "Accept-Encoding");
  if (response.body.size() < min_bytes || !AcceptsGzip(request)) return;
  absl::StatusOr<std::string> compressed = Gzip(response.body);
  if (!compressed.ok()) return;  // sent as it is
  response.body = *std::move(compressed);
  response.headers.emplace_back("Content-Encoding", "gzip");
}

}  // namespace interplan::http
