#include "common/http/etag.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/api/fingerprint.h"

namespace interplan::http {
namespace {

// The opaque part of a tag, without W/ and quotes.
absl::string_view Opaque(absl::string_view tag) {
  tag = absl::StripAsciiWhitespace(tag);
  absl::ConsumePrefix(&tag, "W/");
  absl::ConsumePrefix(&tag, "\"");
  absl::ConsumeSuffix(&tag, "\"");
  return tag;
}

}  // namespace

std::string WeakEtag(absl::string_view what) { return absl::StrCat("W/", StrongEtag(what)); }

std::string StrongEtag(absl::string_view what) {
  return absl::StrCat("\"", absl::Hex(Fnv1a64(what), absl::kZeroPad16), "\"");
}

bool IfNoneMatchMatches(const HttpRequest& request, absl::string_view etag) {
  auto header = request.headers.find("if-none-match");
  if (header == request.headers.end()) return false;
  if (absl::StripAsciiWhitespace(header->second) == "*") return true;
  for (absl::string_view tag : absl::StrSplit(header->second, ',')) {
    if (Opaque(tag) == Opaque(etag)) return true;
  }
  return false;
}

}  // namespace interplan::http
