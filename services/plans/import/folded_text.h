// A paragraph folded for matching: lowercase ASCII without accents ("Số:" ->
// "so:", "Đắk Lắk" -> "dak lak"), punctuation kept (dashes and quotes as
// ASCII), and for every folded byte the byte of the original it comes from,
// so that what a pattern finds in the folded text can be cut from the
// original with its accents.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_FOLDED_TEXT_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_FOLDED_TEXT_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace interplan::plans::import {

class FoldedText {
 public:
  explicit FoldedText(absl::string_view original);

  const std::string& folded() const { return folded_; }
  const std::string& original() const { return original_; }

  // The original text of folded bytes [begin, end), trimmed of spaces.
  std::string Original(size_t begin, size_t end) const;
  // The original byte where folded byte `pos` starts (original size at end).
  size_t OriginalOffset(size_t pos) const;

 private:
  std::string original_;
  std::string folded_;
  std::vector<size_t> origin_;  // one per folded byte, plus the end
};

// The folded form alone.
std::string Fold(absl::string_view text);

// True when `text` starts with a capital letter (ASCII, or a Vietnamese
// capital: Đ, Ă, Â, Ê, Ô, Ơ, Ư and the capitals with tone marks).
bool StartsWithCapital(absl::string_view text);

// `text` without spaces and the punctuation ",.;:" at either end.
std::string TrimPunct(absl::string_view text);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_FOLDED_TEXT_H_
