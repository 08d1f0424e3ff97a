// Quantified targets as a "Mục tiêu" / "Chỉ tiêu" part words them: "Đến
// cuối năm 2020 đạt 70% cán bộ ...; 50% người dân ... được truyền thông
// ...", "phấn đấu đạt ít nhất 80% ...", "giảm xuống dưới 110 ...": value,
// unit, comparison words (common/model/target_comparison.h decides the
// comparison), the population and indicator wording, the due year, and
// the catalogue indicator closest to the wording.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_TARGET_READER_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_TARGET_READER_H_

#include <string>
#include <vector>

#include "interplan/plans/v1/plans.pb.h"
#include "services/plans/import/parse_context.h"

namespace interplan::plans::import {

// The targets one sentence states, without indicators resolved.
std::vector<v1::Target> TargetsOfSentence(const std::string& sentence);

// Adds to `section` the targets of paragraphs `paragraphs`, coded
// "<code>-a", "<code>-b" ..., with their indicators resolved.
void ReadTargets(const std::vector<int>& paragraphs, const std::string& code,
                 const std::string& field, v1::Section* section, ParseContext& context);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_TARGET_READER_H_
