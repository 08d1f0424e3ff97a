// How a plan words a target's comparison ("phấn đấu đạt", "dưới", "khoảng",
// "tăng thêm") and which interplan.plans.v1.TargetComparison the words
// mean. Pure functions, shared by the plans service (which fills and
// checks a target's comparison) and whatever reads plan text.
#ifndef INTERPLAN_COMMON_MODEL_TARGET_COMPARISON_H_
#define INTERPLAN_COMMON_MODEL_TARGET_COMPARISON_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "interplan/plans/v1/plans.pb.h"

namespace interplan::plans {

// The comparisons `words` (the comparison as the plan writes it, in any
// case, with or without accents) can mean; empty when the words are not a
// comparison this function knows. One element when the words decide:
//   "Phấn đấu đạt", "ít nhất", "tối thiểu", "đạt", "trên"  -> AT_LEAST
//   "dưới", "xuống dưới", "không quá", "tối đa"            -> AT_MOST
//   "khoảng", "xấp xỉ"                                       -> ABOUT
//   "bằng", "đúng"                                           -> EXACTLY
// Two for "tăng" / "giảm" (by an amount or by a share of the baseline:
// the words alone do not say which), the amount first. "Phấn đấu" in front
// changes nothing ("phấn đấu giảm xuống dưới" is AT_MOST).
std::vector<v1::TargetComparison> ComparisonsOfWords(absl::string_view words);

// Sets `target`'s comparison from its comparison_words when it has none
// and the words mean exactly one; returns whether it did.
bool FillComparisonFromWords(v1::Target* target);

// FillComparisonFromWords on every target of `plan`, as the plans service
// stores it (so a client can tell a file it pushed from what is stored).
void FillComparisonsFromWords(v1::Plan* plan);

// False when `target` has both a comparison and words that mean something
// else; true when either is missing or the words are unknown.
bool ComparisonAgreesWithWords(const v1::Target& target);

// "at least", "at most", "about", "exactly", "increase by", "decrease by",
// "increase by share", "decrease by share"; "" when unspecified.
std::string ComparisonPhrase(v1::TargetComparison comparison);

}  // namespace interplan::plans

#endif  // INTERPLAN_COMMON_MODEL_TARGET_COMPARISON_H_
