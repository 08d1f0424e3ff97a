// Filling an overview from what the services answered: its header, then
// one step per section (plans, compliance, key indicators, the Action
// Month), each putting a unit's figures in its row and adding them to the
// totals. Plain logic over messages, no network.
#ifndef INTERPLAN_GATEWAY_OVERVIEW_SECTIONS_H_
#define INTERPLAN_GATEWAY_OVERVIEW_SECTIONS_H_

#include "gateway/overview_answers.h"
#include "gateway/overview_rows.h"
#include "interplan/gateway/v1/gateway.pb.h"

namespace interplan::gateway {

// Year, as_of, unit, display name and sections; no rows yet.
v1::Overview StartOverview(const OverviewAnswers& answers);

// Plans, drafts, tasks, the latest plan and the agencies assigned; in
// every row (with zeros) when the plans service answered.
void FillPlans(const OverviewAnswers& answers, const OverviewRows& rows);

// The submission counts of each period, in every row.
void FillCompliance(const OverviewAnswers& answers, const OverviewRows& rows);

// Each key indicator named once in `overview`, and its figures in every
// row; the province's own row holds what is beyond its children.
void FillKeyIndicators(const OverviewAnswers& answers, const OverviewRows& rows,
                       v1::Overview* overview);

// The Action Month's figures; the province's own row holds what no child
// holds.
void FillActionMonth(const OverviewAnswers& answers, const OverviewRows& rows);

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_OVERVIEW_SECTIONS_H_
