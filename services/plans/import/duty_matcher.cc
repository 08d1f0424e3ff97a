#include "services/plans/import/duty_matcher.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/text/search_fold.h"

namespace interplan::plans::import {

std::set<std::string> WordPairs(const std::string& text) {
  std::vector<std::string> words =
      absl::StrSplit(text::FoldForSearch(text), ' ', absl::SkipEmpty());
  std::set<std::string> pairs;
  for (size_t i = 0; i + 1 < words.size() && pairs.size() < 5000; ++i) {
    pairs.insert(absl::StrCat(words[i], " ", words[i + 1]));
  }
  return pairs;
}

void DutyMatcher::AddDuty(const std::string& agency, const std::string& text) {
  if (agency.empty() || duties_.size() >= 2000) return;
  Duty duty{agency, WordPairs(text)};
  if (duty.pairs.size() >= 3) duties_.push_back(std::move(duty));
}

std::optional<DutyMatcher::Match> DutyMatcher::Best(const std::string& task,
                                                    double min_share) const {
  std::set<std::string> pairs = WordPairs(task);
  if (pairs.size() < 3) return std::nullopt;
  Match best, second;
  for (const Duty& duty : duties_) {
    size_t shared = 0;
    for (const std::string& pair : pairs) shared += duty.pairs.count(pair);
    double share = static_cast<double>(shared) / pairs.size();
    if (share > best.share) {
      if (duty.agency != best.agency) second = best;
      best = Match{duty.agency, share};
    } else if (duty.agency != best.agency && share > second.share) {
      second = Match{duty.agency, share};
    }
  }
  // A clear winner: well above the threshold and ahead of any other agency.
  if (best.share < min_share || second.share > best.share * 0.8) return std::nullopt;
  return best;
}

}  // namespace interplan::plans::import
