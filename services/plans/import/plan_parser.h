// Reads a Vietnamese administrative plan (Decree 30/2020/NĐ-CP format: the
// number line, place and date, "KẾ HOẠCH" and its title, legal bases, headed
// parts, tasks with their lead and coordinating agencies, targets, budget,
// reporting, "Tổ chức thực hiện", the signature and "Nơi nhận") into a draft
// interplan.plans.v1.Plan, and lists what it recognised, guessed, could not
// resolve or found missing, each with the paragraph it comes from.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_PLAN_PARSER_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_PLAN_PARSER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "interplan/plans/v1/plans.pb.h"
#include "services/plans/import/document_text.h"
#include "services/plans/import/reference_resolver.h"

namespace interplan::plans::import {

struct Finding {
  enum class Kind { kRecognised, kGuessed, kUnresolved, kMissing };
  Kind kind;
  std::string field;   // "plan.sections[1].tasks[0].lead", as the API names fields
  std::string words;   // the words it came from ("Sở Lao động - Thương binh và Xã hội")
  int paragraph = -1;  // index into DocumentText::paragraphs, -1 when none (missing)
  double confidence = 0;  // 0..1
  std::string note;       // what to check, in a sentence
};

struct ParsedPlan {
  plans::v1::Plan plan;  // draft: as much as was understood, in the fixture format
  std::vector<Finding> findings;
};

// INVALID_ARGUMENT when the text is not a plan at all (no paragraphs, no
// "KẾ HOẠCH" or "QUYẾT ĐỊNH" and no headed parts). Bounded work: linear in
// the text, plus a bounded number of resolver calls per paragraph.
absl::StatusOr<ParsedPlan> ParsePlanDocument(const DocumentText& text, ReferenceResolver& resolver);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_PLAN_PARSER_H_
