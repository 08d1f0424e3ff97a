// Who and what a plan is about, from its title, header and preamble: the
// unit it covers ("trên địa bàn tỉnh Quảng Ngãi", "quận Gò Vấp"), its period
// ("năm 2021", "năm 2019 – 2020", "giai đoạn 2021-2025") and its issuer
// (the header's body lines, the preamble's "X ban hành Kế hoạch", the sign
// in the number "/KH-UBND", a "CHỦ TỊCH" signature).
#ifndef INTERPLAN_SERVICES_PLANS_IMPORT_PLAN_IDENTITY_H_
#define INTERPLAN_SERVICES_PLANS_IMPORT_PLAN_IDENTITY_H_

#include <optional>
#include <string>
#include <vector>

#include "services/plans/import/agency_mentions.h"
#include "services/plans/import/reference_resolver.h"

namespace interplan::plans::import {

// The unit words after "tỉnh", "thành phố", "quận", "huyện", "thị xã" in
// `text` ("tỉnh Đồng Nai"), in order.
std::vector<std::string> UnitPhrases(const std::string& text);

// "2021", "2019/2020" from the first "năm 2021", "năm 2019 - 2020",
// "giai đoạn 2021-2025" in `text`; empty when none.
std::string PeriodOf(const std::string& text);

// The agency a preamble says issues the plan ("Ủy ban nhân dân tỉnh ban
// hành Kế hoạch ...", "Ban Vì sự tiến bộ của phụ nữ tỉnh xây dựng kế
// hoạch"), when it says.
std::optional<AgencyMention> IssuerInPreamble(const std::string& preamble,
                                              const ResolveContext& context);

}  // namespace interplan::plans::import

#endif  // INTERPLAN_SERVICES_PLANS_IMPORT_PLAN_IDENTITY_H_
