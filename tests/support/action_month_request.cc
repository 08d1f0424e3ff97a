#include "tests/support/action_month_request.h"

#include "absl/strings/str_cat.h"

namespace interplan::testing {

campaigns::v1::CreateCampaignRequest ActionMonthRequest(int year) {
  campaigns::v1::CreateCampaignRequest request;
  request.set_campaign_id(absl::StrCat("action-month-", year));
  request.set_request_id(absl::StrCat("create-am-", year));
  campaigns::v1::Campaign* c = request.mutable_campaign();
  c->set_display_name(absl::StrCat(
      "Tháng hành động vì bình đẳng giới và phòng, chống bạo lực trên cơ sở giới năm ", year));
  c->set_kind(campaigns::v1::CAMPAIGN_KIND_ACTION_MONTH_GENDER_EQUALITY);
  c->set_theme(absl::StrCat("Chủ đề thử nghiệm ", year));
  c->set_organiser(year >= 2025 ? "agencies/moha" : "agencies/molisa");
  c->set_series("action-month");
  c->set_year(year);
  campaigns::v1::Recurrence* r = c->mutable_recurrence();
  r->set_start_month(11);
  r->set_start_day(15);
  r->set_end_month(12);
  r->set_end_day(15);
  return request;
}

}  // namespace interplan::testing
