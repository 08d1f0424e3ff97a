// Reporting duties as plans word them: "báo cáo kết quả về Sở Nội vụ trước
// ngày 15/12 hằng năm", "báo cáo 6 tháng trước ngày 5/6 và báo cáo năm
// trước ngày 5/12", "định kỳ 6 tháng, hằng năm", "báo cáo đột xuất",
// "theo quy định": kind, period, due date or yearly due day, the due as
// written, who reports and to whom.
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_REPORTING_READER_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_REPORTING_READER_H_

#include <string>
#include <vector>

#include "interplan/plans/v1/plans.pb.h"
#include "services/plans/import/parse_context.h"

namespace interplan::plans::import {

// What the plan's period says about years: first and last year (0 when
// unknown).
struct PlanYears {
  int first = 0;
  int last = 0;
};

// The requirements one sentence states. `reporter` is the agency the
// sentence belongs to ("agencies/..."; empty when none), `reporter_words`
// the group it addresses when not one agency.
std::vector<v1::ReportingRequirement> ReportingOfSentence(const std::string& sentence,
                                                          const std::string& reporter,
                                                          const std::string& reporter_words,
                                                          const PlanYears& years,
                                                          ParseContext& context, int paragraph);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_REPORTING_READER_H_
