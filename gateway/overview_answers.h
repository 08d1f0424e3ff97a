// What the services answered for one overview, gathered by the fan-out:
// plain messages, each absent when its call failed (or, for the Action
// Month, when there is none that year). Filling the view's sections from
// it needs no process and no network.
#ifndef INTERPLAN_GATEWAY_OVERVIEW_ANSWERS_H_
#define INTERPLAN_GATEWAY_OVERVIEW_ANSWERS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "interplan/agencies/v1/units.pb.h"
#include "interplan/campaigns/v1/campaigns.pb.h"
#include "interplan/gateway/v1/gateway.pb.h"
#include "interplan/plans/v1/plans.pb.h"
#include "interplan/reporting/v1/reporting.pb.h"

namespace interplan::gateway {

struct OverviewAnswers {
  // The scope of the view.
  int year = 0;
  absl::CivilDay as_of;
  std::string unit_code;  // "" for the nation

  // The rows: the provinces, or the province's units.
  std::optional<agencies::v1::ListUnitsResponse> rows;
  // The province itself (never set for the nation).
  std::optional<agencies::v1::Unit> unit;
  std::optional<plans::v1::ListPlanDigestsResponse> digests;

  struct PeriodCompliance {
    std::string period;  // "2022-H1", "2022"
    std::optional<reporting::v1::Compliance> compliance;
  };
  std::vector<PeriodCompliance> compliance;

  struct KeyIndicator {
    std::string code;  // "NSGE-1.1"
    std::optional<reporting::v1::Indicator> indicator;
    std::optional<reporting::v1::Rollup> rollup;
  };
  std::vector<KeyIndicator> key_indicators;

  // The Action Month of the year.
  std::optional<campaigns::v1::CampaignSummary> campaign;

  // Which services answered, and why the others did not.
  google::protobuf::RepeatedPtrField<v1::SectionStatus> sections;

  bool national() const { return unit_code.empty(); }
  // "units/79", or "" for the nation.
  std::string unit_name() const { return national() ? "" : "units/" + unit_code; }
};

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_OVERVIEW_ANSWERS_H_
