// Cross-origin access for browser applications of other ministries
// (https://fetch.spec.whatwg.org/#http-cors-protocol), by an allow-list of
// origins: off (no CORS header at all) when the list is empty. A request
// from a listed origin gets Access-Control-Allow-Origin naming it (never
// "*": the API takes credentials), and a preflight (OPTIONS with
// Access-Control-Request-Method) on a routed path is answered 204 with the
// methods and headers a caller may use. An origin not listed gets no CORS
// header, so the browser keeps the answer from the page.
#ifndef INTERPLAN_COMMON_HTTP_CORS_H_
#define INTERPLAN_COMMON_HTTP_CORS_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/http/http_message.h"

namespace interplan::http {

class CorsPolicy {
 public:
  CorsPolicy() = default;  // off
  // From a comma-separated list of origins ("https://a.gov.vn,https://b.gov.vn");
  // INVALID_ARGUMENT naming an entry that is not scheme://host[:port].
  static absl::StatusOr<CorsPolicy> FromList(absl::string_view origins);

  bool enabled() const { return !origins_.empty(); }

  // Adds the CORS headers `request` earns to `response` (none when off or
  // when its origin is not listed). `expose` names response headers a page
  // may read beyond the CORS-safelisted ones.
  void Decorate(const HttpRequest& request, const std::vector<std::string>& expose,
                HttpResponse& response) const;

  // The answer to a preflight of `request` on a path that answers
  // `methods` ("GET, HEAD"): 204 with the Access-Control-Allow-* headers
  // for a listed origin, 403 in the JSON error shape otherwise.
  HttpResponse Preflight(const HttpRequest& request, absl::string_view methods) const;

 private:
  std::set<std::string> origins_;
};

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_CORS_H_
