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
  auto by_method = by_path->second.find(std::string(method));
  if (by_method != by_path->second.end()) return {&by_method->second, 200, ""};
  std::vector<absl::string_view> allowed;
  for (const auto& [name, handler] : by_path->second) allowed.push_back(name);
  return {nullptr, 405, absl::StrJoin(allowed, ", ")};
}

std::vector<std::string> Router::Paths() const {
  std::vector<std::string> paths;
  for (const auto& [path, methods] : routes_) paths.push_back(path);
  return paths;
}

}  // namespace interplan::http
