// Search folding: the accent- and case-insensitive key that lets "dong nai"
// find "Đồng Nai", and prefix matching of a folded query against folded text.
#ifndef INTERPLAN_COMMON_TEXT_SEARCH_FOLD_H_
#define INTERPLAN_COMMON_TEXT_SEARCH_FOLD_H_

#include <string>

#include "absl/strings/string_view.h"

namespace interplan::text {

// The search key of `valid_utf8`: canonically decomposed, with nonspacing and
// enclosing marks (accents, Vietnamese tone marks) dropped, đ/Đ and a few
// other Latin letters that have no decomposition (ø, ł, æ, œ, ß) spelled in
// ASCII, lowercased, and every run of characters that are not letters or
// digits (spaces, punctuation, hyphens, quotes) turned into a single space,
// with none at either end.
//   FoldForSearch("Sở Lao động - Thương binh và Xã hội tỉnh Đồng Nai")
//       == "so lao dong thuong binh va xa hoi tinh dong nai"
//   FoldForSearch("ĐẮK LẮK") == "dak lak"
// Ill-formed UTF-8 is treated as U+FFFD, which separates words.
std::string FoldForSearch(absl::string_view valid_utf8);

// True when every word of `folded_query` is a prefix of some word of
// `folded_text`; both are FoldForSearch results. An empty query matches
// everything. "tinh dong" and "so lao dong dong nai" match the text above,
// "so ld" does not.
bool MatchesFoldedQuery(absl::string_view folded_text, absl::string_view folded_query);

// MatchesFoldedQuery of FoldForSearch(text) and FoldForSearch(query).
bool MatchesQuery(absl::string_view text, absl::string_view query);

}  // namespace interplan::text

#endif  // INTERPLAN_COMMON_TEXT_SEARCH_FOLD_H_
