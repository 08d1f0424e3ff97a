// "Tổ chức thực hiện": one Assignment per agency paragraph ("1. Sở Lao
// động - Thương binh và Xã hội:" and its duties, "7. Sở Thông tin và
// Truyền thông: Chỉ đạo ...", "Đề nghị Ban Tuyên giáo Tỉnh ủy ..."), the
// agency resolved, requested when the plan only asks ("Đề nghị"), a group
// kept as written ("UBND các huyện, thị xã, thành phố"), and the other
// agencies its duties name.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_ASSIGNMENT_READER_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_ASSIGNMENT_READER_H_

#include <string>
#include <vector>

#include "interplan/plans/v1/plans.pb.h"
#include "services/plans/import/document_outline.h"
#include "services/plans/import/parse_context.h"

namespace interplan::plans::import {

// One assignment with the paragraphs its duties come from.
struct ReadAssignment {
  v1::Assignment assignment;
  std::vector<int> paragraphs;
};

std::vector<ReadAssignment> ReadAssignments(const OutlineNode& node, const std::string& code,
                                            ParseContext& context);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_ASSIGNMENT_READER_H_
