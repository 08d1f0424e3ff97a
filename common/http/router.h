// The HTTP server's routes: exact (method, path) pairs to handlers, and
// what to answer for a path or a method nobody handles.
#ifndef INTERPLAN_COMMON_HTTP_ROUTER_H_
#define INTERPLAN_COMMON_HTTP_ROUTER_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/http/http_message.h"

namespace interplan::http {

// Runs on a worker thread, possibly on several at once.
using Handler = std::function<HttpResponse(const HttpRequest&)>;

class Router {
 public:
  // What a request's method and path lead to.
  struct Match {
    const Handler* handler = nullptr;  // null: answer `status`
    int status = 200;                  // 404 (no such path) or 405 (no such method)
    std::string allow;                 // for 405: "GET, POST"
  };

  // Registering a pair again replaces its handler.
  void Add(std::string method, std::string path, Handler handler);

  // `path` is compared as sent, before percent-decoding. HEAD goes to the
  // GET handler unless one is registered for HEAD itself; Allow lists HEAD
  // wherever GET is.
  Match Find(absl::string_view method, absl::string_view path) const;

  // Every routed path, sorted.
  std::vector<std::string> Paths() const;

 private:
  // path -> method -> handler.
  std::map<std::string, std::map<std::string, Handler>, std::less<>> routes_;
};

}  // namespace interplan::http

#endif  // INTERPLAN_COMMON_HTTP_ROUTER_H_
