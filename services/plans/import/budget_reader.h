// "Kinh phí thực hiện": one BudgetLine per source a clause names (state
// budget "ngân sách nhà nước", national target programmes "chương trình
// mục tiêu quốc gia", donors "tài trợ, viện trợ", "các nguồn hợp pháp
// khác" and "xã hội hóa", each agency's own budget "dự toán ... của các
// sở, ngành"), with the level ("cấp tỉnh"), the status (committed when
// "đã giao", "đã bố trí") and the amount when stated ("500 triệu đồng").
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_BUDGET_READER_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_BUDGET_READER_H_

#include <string>
#include <vector>

#include "interplan/plans/v1/plans.pb.h"

namespace interplan::plans::import {

// The lines of one paragraph of a budget part; `unit_level` (1 province,
// 2 district, 3 commune, 0 unknown) gives the level of "ngân sách địa
// phương".
std::vector<v1::BudgetLine> BudgetLinesOf(const std::string& paragraph, int unit_level);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_BUDGET_READER_H_
