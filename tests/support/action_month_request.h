// The Action Month instance of a year as a client sends it to
// interplan-campaigns, shared by the campaigns logic, integration and
// access tests.
#ifndef INTERPLAN_TESTS_SUPPORT_ACTION_MONTH_REQUEST_H_
#define INTERPLAN_TESTS_SUPPORT_ACTION_MONTH_REQUEST_H_

#include "interplan/campaigns/v1/campaigns.pb.h"

namespace interplan::testing {

// Series "action-month", recurrence 15/11-15/12, no dates (the service
// computes them), campaign id "action-month-<year>", request id
// "create-am-<year>", theme "Chủ đề thử nghiệm <year>". The organiser is
// the ministry of the time: MOLISA until February 2025, then the Ministry
// of Home Affairs.
campaigns::v1::CreateCampaignRequest ActionMonthRequest(int year);

}  // namespace interplan::testing

#endif  // INTERPLAN_TESTS_SUPPORT_ACTION_MONTH_REQUEST_H_
