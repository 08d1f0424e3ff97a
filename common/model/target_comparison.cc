#include "common/model/target_comparison.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "common/text/search_fold.h"

namespace interplan::plans {
namespace {

// A comparison phrase, folded for search (no accents, lower case), and
// what it means.
struct Wording {
  absl::string_view folded;
  v1::TargetComparison comparison;
};

constexpr Wording kWordings[] = {
    {"it nhat", v1::TARGET_COMPARISON_AT_LEAST},
    {"toi thieu", v1::TARGET_COMPARISON_AT_LEAST},
    {"tren", v1::TARGET_COMPARISON_AT_LEAST},
    {"tro len", v1::TARGET_COMPARISON_AT_LEAST},
    {"khong duoi", v1::TARGET_COMPARISON_AT_LEAST},
    {"khong it hon", v1::TARGET_COMPARISON_AT_LEAST},
    {"tang len", v1::TARGET_COMPARISON_AT_LEAST},  // "tăng lên 50%": to 50%
    {"nang len", v1::TARGET_COMPARISON_AT_LEAST},
    {"duoi", v1::TARGET_COMPARISON_AT_MOST},
    {"xuong duoi", v1::TARGET_COMPARISON_AT_MOST},
    {"giam xuong duoi", v1::TARGET_COMPARISON_AT_MOST},
    {"con duoi", v1::TARGET_COMPARISON_AT_MOST},
    {"khong qua", v1::TARGET_COMPARISON_AT_MOST},
    {"khong vuot qua", v1::TARGET_COMPARISON_AT_MOST},
    {"toi da", v1::TARGET_COMPARISON_AT_MOST},
    {"khong cao hon", v1::TARGET_COMPARISON_AT_MOST},
    {"khong tren", v1::TARGET_COMPARISON_AT_MOST},
    {"giam xuong", v1::TARGET_COMPARISON_AT_MOST},  // "giảm xuống 111": to 111
    {"giam xuong con", v1::TARGET_COMPARISON_AT_MOST},
    {"giam con", v1::TARGET_COMPARISON_AT_MOST},
    {"khoang", v1::TARGET_COMPARISON_ABOUT},
    {"vao khoang", v1::TARGET_COMPARISON_ABOUT},
    {"xap xi", v1::TARGET_COMPARISON_ABOUT},
    {"chung", v1::TARGET_COMPARISON_ABOUT},
    {"bang", v1::TARGET_COMPARISON_EXACTLY},
    {"dung", v1::TARGET_COMPARISON_EXACTLY},
    {"dung bang", v1::TARGET_COMPARISON_EXACTLY},
    {"tang", v1::TARGET_COMPARISON_INCREASE_BY},
    {"tang them", v1::TARGET_COMPARISON_INCREASE_BY},
    {"giam", v1::TARGET_COMPARISON_DECREASE_BY},
    {"giam them", v1::TARGET_COMPARISON_DECREASE_BY},
    {"giam bot", v1::TARGET_COMPARISON_DECREASE_BY},
};

// Removes the words `prefix` (folded) from the front of `folded`.
bool StripWords(absl::string_view prefix, absl::string_view& folded) {
  if (folded == prefix) {
    folded = absl::string_view();
    return true;
  }
  if (absl::StartsWith(folded, prefix) && folded.size() > prefix.size() &&
      folded[prefix.size()] == ' ') {
    folded.remove_prefix(prefix.size() + 1);
    return true;
  }
  return false;
}

}  // namespace

std::vector<v1::TargetComparison> ComparisonsOfWords(absl::string_view words) {
  const std::string folded_words = text::FoldForSearch(words);
  absl::string_view folded = folded_words;
  if (folded.empty()) return {};
  // "Phấn đấu" (strive to) and "đạt" (reach) lead into the comparison;
  // alone they mean reaching the value at least.
  bool striving = StripWords("phan dau", folded);
  striving = StripWords("dat", folded) || striving;
  if (folded.empty()) {
    return striving ? std::vector<v1::TargetComparison>{v1::TARGET_COMPARISON_AT_LEAST}
                    : std::vector<v1::TargetComparison>{};
  }
  for (const Wording& wording : kWordings) {
    if (wording.folded != folded) continue;
    switch (wording.comparison) {
      case v1::TARGET_COMPARISON_INCREASE_BY:
        return {v1::TARGET_COMPARISON_INCREASE_BY, v1::TARGET_COMPARISON_INCREASE_BY_SHARE};
      case v1::TARGET_COMPARISON_DECREASE_BY:
        return {v1::TARGET_COMPARISON_DECREASE_BY, v1::TARGET_COMPARISON_DECREASE_BY_SHARE};
      default:
        return {wording.comparison};
    }
  }
  return {};
}

bool FillComparisonFromWords(v1::Target* target) {
  if (target->comparison() != v1::TARGET_COMPARISON_UNSPECIFIED) return false;
  const std::vector<v1::TargetComparison> meant = ComparisonsOfWords(target->comparison_words());
  if (meant.size() != 1) return false;
  target->set_comparison(meant.front());
  return true;
}

void FillComparisonsFromWords(v1::Plan* plan) {
  std::vector<v1::Section*> sections;
  for (v1::Section& section : *plan->mutable_sections()) sections.push_back(&section);
  while (!sections.empty()) {
    v1::Section* section = sections.back();
    sections.pop_back();
    for (v1::Target& target : *section->mutable_targets()) FillComparisonFromWords(&target);
    for (v1::Section& sub : *section->mutable_sections()) sections.push_back(&sub);
  }
}

bool ComparisonAgreesWithWords(const v1::Target& target) {
  if (target.comparison() == v1::TARGET_COMPARISON_UNSPECIFIED) return true;
  const std::vector<v1::TargetComparison> meant = ComparisonsOfWords(target.comparison_words());
  return meant.empty() || std::find(meant.begin(), meant.end(), target.comparison()) != meant.end();
}

std::string ComparisonPhrase(v1::TargetComparison comparison) {
  switch (comparison) {
    case v1::TARGET_COMPARISON_AT_LEAST:
      return "at least";
    case v1::TARGET_COMPARISON_AT_MOST:
      return "at most";
    case v1::TARGET_COMPARISON_ABOUT:
      return "about";
    case v1::TARGET_COMPARISON_EXACTLY:
      return "exactly";
    case v1::TARGET_COMPARISON_INCREASE_BY:
      return "increase by";
    case v1::TARGET_COMPARISON_DECREASE_BY:
      return "decrease by";
    case v1::TARGET_COMPARISON_INCREASE_BY_SHARE:
      return "increase by share";
    case v1::TARGET_COMPARISON_DECREASE_BY_SHARE:
      return "decrease by share";
    default:
      return "";
  }
}

}  // namespace interplan::plans
