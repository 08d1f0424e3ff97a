#include "common/http/router.h"

#include <utility>

#include "absl/strings/str_join.h"

namespace interplan::http {

void Router::Add(std::string method, std::string path, Handler handler) {
  routes_[std::move(path)][std::move(method)] = std::move(handler);
}

Router::Match Router::Find(absl::string_view method, absl::string_view path) const {
  auto by_path = routes_.find(path);
  if (by_path == routes_.end()) return {nullptr, 404, ""};
  const auto& methods = by_path->second;
  auto by_method = methods.find(std::string(method));
  // HEAD is GET without the body (the server drops it).
  if (by_method == methods.end() && method == "HEAD") by_method = methods.find("GET");
  if (by_method != methods.end()) return {&by_method->second, 200, ""};
  std::vector<absl::string_view> allowed;
  for (const auto& [name, handler] : methods) {
    allowed.push_back(name);
    if (name == "GET" && methods.count("HEAD") == 0) allowed.push_back("HEAD");
  }
  return {nullptr, 405, absl::StrJoin(allowed, ", ")};
}

std::vector<std::string> Router::Paths() const {
  std::vector<std::string> paths;
  for (const auto& [path, methods] : routes_) paths.push_back(path);
  return paths;
}

}  // namespace interplan::http
