// The words of a List method's accent-insensitive `query`: cleaned, folded
// for search (common/text/search_fold.h) and split on spaces, so "Đồng  Nai"
// and "dong nai" ask for the same names.
#ifndef INTERPLAN_COMMON_API_SEARCH_WORDS_H_
#define INTERPLAN_COMMON_API_SEARCH_WORDS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace interplan {

// The folded words of `query` (none for an empty query); INVALID_ARGUMENT
// naming `field` when it is not clean text (bad UTF-8, control characters).
absl::StatusOr<std::vector<std::string>> SearchWords(absl::string_view query,
                                                     absl::string_view field = "query");

}  // namespace interplan

#endif  // INTERPLAN_COMMON_API_SEARCH_WORDS_H_
