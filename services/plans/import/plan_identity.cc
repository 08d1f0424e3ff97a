#include "services/plans/import/plan_identity.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "re2/re2.h"
#include "services/plans/import/folded_text.h"

namespace interplan::plans::import {

std::vector<std::string> UnitPhrases(const std::string& text) {
  static const LazyRE2 kType = {R"((?:^|[^a-z])(tinh|thanh pho|quan|huyen|thi xa|tp\.?)\s+)"};
  FoldedText folded(text);
  const std::string& f = folded.folded();
  std::vector<std::string> phrases;
  size_t pos = 0;
  re2::StringPiece m;
  while (pos < f.size() && phrases.size() < 20 &&
         kType->Match(f, pos, f.size(), RE2::UNANCHORED, &m, 1)) {
    size_t begin = m.data() - f.data();
    size_t at = begin + m.size();
    while (at < f.size() && f[at] == ' ') ++at;
    // The name: capitalised words (or a number: "Quận 1").
    size_t end = at;
    int words = 0;
    while (end < f.size() && words < 5) {
      size_t word_end = end;
      while (word_end < f.size() &&
             (std::isalnum(static_cast<unsigned char>(f[word_end])) || f[word_end] == '\'')) {
        ++word_end;
      }
      if (word_end == end) break;
      std::string original = folded.Original(end, word_end);
      bool capital = StartsWithCapital(original) ||
                     (!original.empty() && std::isdigit(static_cast<unsigned char>(original[0])));
      if (!capital) break;
      end = word_end;
      ++words;
      while (end < f.size() && f[end] == ' ') ++end;
    }
    if (words > 0) phrases.push_back(TrimPunct(folded.Original(begin, end)));
    pos = at;
  }
  return phrases;
}

std::string PeriodOf(const std::string& text) {
  static const LazyRE2 kPeriod = {
      R"((?:nam|giai doan|nhiem ky|den nam)\s+((?:19|20)\d\d)(?:\s*-\s*((?:19|20)\d\d))?)"};
  std::string f = Fold(text);
  std::string first, last;
  if (!RE2::PartialMatch(f, *kPeriod, &first, &last)) return "";
  return last.empty() || last == first ? first : absl::StrCat(first, "/", last);
}

std::optional<AgencyMention> IssuerInPreamble(const std::string& preamble,
                                              const ResolveContext& context) {
  static const LazyRE2 kIssues = {R"((?:ban hanh|xay dung|trien khai)\s+ke hoach)"};
  FoldedText text(preamble);
  const std::string& f = text.folded();
  re2::StringPiece m;
  if (!kIssues->Match(f, 0, f.size(), RE2::UNANCHORED, &m, 1)) return std::nullopt;
  size_t at = m.data() - f.data();
  size_t clause = at;
  while (clause > 0 && f[clause - 1] != ';' && f[clause - 1] != '.' && f[clause - 1] != ',' &&
         f[clause - 1] != ':') {
    --clause;
  }
  for (size_t pos = clause; pos < at; ++pos) {
    if (!StartsAgencyName(text, pos)) continue;
    std::optional<AgencyMention> mention = ReadAgencyAt(text, pos, at, context);
    if (mention.has_value() && mention->resolution.has_value()) return mention;
  }
  return std::nullopt;
}

}  // namespace interplan::plans::import
