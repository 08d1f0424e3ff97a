// The parts of a plan that say what is to be done ("Nội dung", "Nhiệm vụ
// và giải pháp", numbered parts of their own) as Sections and Tasks: a "1."
// heading is a section; its "a)", "(1)", "-" items, or its paragraphs, are
// its tasks (one paragraph: the section is its own task); an item with
// items of its own is a section again. "- Nội dung:", "- Cơ quan thực
// hiện:", "- Thời gian thực hiện:" lines are fields of the tasks beside
// them, not tasks. A "Mục tiêu" part holds targets (target_reader.h).
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_TASK_READER_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_TASK_READER_H_

#include <string>

#include "interplan/plans/v1/plans.pb.h"
#include "services/plans/import/document_outline.h"
#include "services/plans/import/parse_context.h"

namespace interplan::plans::import {

// The section `node` heads, coded `code` ("II", "II.1"); `field` is its
// path in the API ("plan.sections[0]").
v1::Section ReadTaskSection(const OutlineNode& node, const std::string& code,
                            const std::string& field, ParseContext& context);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_TASK_READER_H_
