#include "common/api/resource_name.h"

#include <mutex>

#include "absl/random/random.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors/errors.h"
#include "common/text/search_fold.h"

namespace interplan {

absl::StatusOr<std::string> ParseResourceName(absl::string_view name, absl::string_view collection,
                                              absl::string_view field) {
  const std::string prefix = absl::StrCat(collection, "/");
  if (name.empty()) {
    return InvalidFieldError(std::string(field), absl::StrCat("is required (", prefix, "{id})"));
  }
  if (!absl::StartsWith(name, prefix) || name.size() == prefix.size() ||
      absl::StrContains(name.substr(prefix.size()), "/")) {
    return InvalidFieldError(
        std::string(field),
        absl::StrCat("\"", name, "\" is not a name of the form ", prefix, "{id}"));
  }
  return std::string(name.substr(prefix.size()));
}

std::string ResourceName(absl::string_view collection, absl::string_view id) {
  return absl::StrCat(collection, "/", id);
}

bool IsValidResourceId(absl::string_view id) {
  if (id.size() < 2 || id.size() > 63) return false;
  if (id.front() < 'a' || id.front() > 'z' || id.back() == '-') return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string GenerateResourceId(absl::string_view words) {
  std::string slug;
  for (char c : text::FoldForSearch(words)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug += c;
    } else if (c == ' ' && !slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  if (slug.empty() || slug.front() < 'a' || slug.front() > 'z') slug = "r-" + slug;
  if (slug.size() > 40) slug.resize(40);
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  static absl::BitGen* random = new absl::BitGen;
  static std::mutex* mu = new std::mutex;
  std::lock_guard<std::mutex> lock(*mu);
  constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
  std::string suffix;
  for (int i = 0; i < 6; ++i) suffix += kAlphabet[absl::Uniform(*random, 0, 32)];
  return absl::StrCat(slug, "-", suffix);
}

}  // namespace interplan
