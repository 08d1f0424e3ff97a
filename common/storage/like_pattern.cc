#include "common/storage/like_pattern.h"

namespace interplan::storage {

std::string LikeEscape(absl::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') escaped.push_back('\\');
    escaped.push_back(c);
  }
  return escaped;
}

}  // namespace interplan::storage
