// LIKE patterns built from text a user gave or a store holds: the text's
// own '%', '_' and '\' match themselves, on SQLite and PostgreSQL alike.
//
//   params.push_back(absl::StrCat("% ", LikeEscape(word), "%"));
//   absl::StrAppend(&where, " AND search_name LIKE $3", kLikeEscapeClause);
#ifndef INTERPLAN_COMMON_STORAGE_LIKE_PATTERN_H_
#define INTERPLAN_COMMON_STORAGE_LIKE_PATTERN_H_

#include <string>

#include "absl/strings/string_view.h"

namespace interplan::storage {

// Follows every LIKE whose pattern holds LikeEscape()d text.
inline constexpr absl::string_view kLikeEscapeClause = " ESCAPE '\\'";

// `text` with '\', '%' and '_' preceded by '\'.
std::string LikeEscape(absl::string_view text);

}  // namespace interplan::storage

#endif  // INTERPLAN_COMMON_STORAGE_LIKE_PATTERN_H_
