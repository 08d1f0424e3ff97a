// ComparePlans: how close a draft plan (what the document importer made of
// a document) is to what a careful person made of the same document, field
// by field, per field group, as counts from which precision (matched /
// drafted) and recall (matched / expected) follow. For the import benchmark
// and the parser's tests; the rules are generic (no per-document cases).
//
// Every filled field of every item counts once: an item of the draft that
// pairs with no item of the fixture lowers precision by all its fields, a
// fixture item nobody drafted lowers recall by all its fields, and a paired
// item's field matches when it is equal after normalisation. Text is
// compared folded (text::FoldForSearch: accents, case, punctuation and
// whitespace runs); document numbers also without a leading "Số".
//
// Items are paired one to one, greedily, best score first (ties: the pair
// whose codes are equal, then the pair closest in document order):
//   legal bases  by number, else by title when neither has a number;
//   sections     by code;
//   tasks        by word overlap of title + content: Dice coefficient of
//                the folded word sets >= kTaskSimilarity;
//   targets      by indicator, or by word overlap of description + text
//                >= kTaskSimilarity;
//   budget lines by source, then level, amount and description;
//   reporting    by the fields below and the description's word overlap;
//   assignments  by agency.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_PLAN_COMPARISON_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_PLAN_COMPARISON_H_

#include <array>
#include <string>

#include "absl/strings/string_view.h"
#include "interplan/plans/v1/plans.pb.h"

namespace interplan::plans::import {

// Two texts are about the same thing when the Dice coefficient of their
// folded word sets (2|A∩B| / (|A|+|B|)) is at least this.
inline constexpr double kTaskSimilarity = 0.5;

enum class FieldGroup {
  kHeader,        // document_number, issue_date, place, issuer, title, period, unit
  kLegalBases,    // one item per reference: number (and title), date
  kSections,      // code, title
  kTasks,         // one item per task
  kTaskAgencies,  // lead, each coordinating and each requested agency
  kTargets,       // indicator, value, comparison, unit
  kBudget,        // source, level, amount
  kReporting,     // kind, period/recurrence, due date, each reporter, recipient
  kAssignments,   // agency with its role
};
inline constexpr int kFieldGroupCount = 9;

// "header", "legal bases", ...
absl::string_view FieldGroupName(FieldGroup group);

// Fields that match, and how many the draft and the fixture fill.
struct GroupScore {
  int matched = 0;
  int drafted = 0;
  int expected = 0;

  // 1 when there is nothing to be wrong about (nothing drafted / expected).
  double Precision() const { return drafted == 0 ? 1.0 : 1.0 * matched / drafted; }
  double Recall() const { return expected == 0 ? 1.0 : 1.0 * matched / expected; }
  void Add(const GroupScore& other) {
    matched += other.matched;
    drafted += other.drafted;
    expected += other.expected;
  }
};

struct PlanComparison {
  std::array<GroupScore, kFieldGroupCount> groups;

  GroupScore& operator[](FieldGroup g) { return groups[static_cast<int>(g)]; }
  const GroupScore& operator[](FieldGroup g) const { return groups[static_cast<int>(g)]; }
  void Add(const PlanComparison& other) {
    for (int i = 0; i < kFieldGroupCount; ++i) groups[i].Add(other.groups[i]);
  }
};

PlanComparison ComparePlans(const v1::Plan& draft, const v1::Plan& fixture);

// The Dice coefficient of the folded word sets of `a` and `b` (1 when both
// are empty).
double WordSimilarity(absl::string_view a, absl::string_view b);

// A document number as compared: folded, without a leading "Số"
// ("Số: 38/KH-UBND" -> "38 kh ubnd").
std::string NormalisedDocumentNumber(absl::string_view number);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_PLAN_COMPARISON_H_
