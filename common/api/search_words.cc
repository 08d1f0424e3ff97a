#include "common/api/search_words.h"

#include "absl/strings/str_split.h"
#include "common/errors/errors.h"
#include "common/text/clean_text.h"
#include "common/text/search_fold.h"

namespace interplan {

absl::StatusOr<std::vector<std::string>> SearchWords(absl::string_view query,
                                                     absl::string_view field) {
  absl::StatusOr<std::string> clean = text::CleanText(query);
  if (!clean.ok())
    return InvalidFieldError(std::string(field), std::string(clean.status().message()));
  std::vector<std::string> words =
      absl::StrSplit(text::FoldForSearch(*clean), ' ', absl::SkipEmpty());
  return words;
}

}  // namespace interplan
