// Assembles the ministry's views from the four services: one concurrent
// round of calls per view (and a second, small one to place units of an
// older hierarchy), then the rows. A service that fails or is late leaves
// its section empty and marked unavailable, with the reason; the rest of
// the view is still there.
#ifndef INTERPLAN_GATEWAY_VIEW_BUILDER_H_
#define INTERPLAN_GATEWAY_VIEW_BUILDER_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/call/principal.h"
#include "common/clients/agencies_client.h"
#include "common/clients/campaigns_client.h"
#include "common/clients/plans_client.h"
#include "common/clients/reporting_client.h"
#include "gateway/fanout.h"
#include "gateway/overview_answers.h"
#include "interplan/gateway/v1/gateway.pb.h"

namespace interplan::gateway {

// The clients of the four services a view is assembled from; not owned,
// they outlive the ViewBuilder.
struct ServiceClients {
  AgenciesClient& agencies;
  PlansClient& plans;
  ReportingClient& reporting;
  CampaignsClient& campaigns;
};

// Who a view is built for (unset with --auth=off).
using Caller = std::optional<auth::Principal>;

class ViewBuilder {
 public:
  // `key_indicators`: the indicator codes the overviews show.
  ViewBuilder(const ServiceClients& clients, std::vector<std::string> key_indicators);

  // Bad arguments are INVALID_ARGUMENT; anything a service does is in the
  // view's sections instead. `deadline` bounds the whole view.
  // `caller`, when known, is carried on to the services, which answer
  // what it may read.
  absl::StatusOr<v1::Overview> NationalOverview(const v1::GetNationalOverviewRequest& request,
                                                absl::CivilDay today, absl::Time deadline,
                                                const Caller& caller = std::nullopt);
  absl::StatusOr<v1::Overview> ProvinceOverview(const v1::GetProvinceOverviewRequest& request,
                                                absl::CivilDay today, absl::Time deadline,
                                                const Caller& caller = std::nullopt);
  absl::StatusOr<v1::IndicatorProgress> IndicatorProgress(
      const v1::GetIndicatorProgressRequest& request, absl::CivilDay today, absl::Time deadline,
      const Caller& caller = std::nullopt);
  absl::StatusOr<v1::AgencyWorkload> AgencyWorkload(const v1::GetAgencyWorkloadRequest& request,
                                                    absl::Time deadline,
                                                    const Caller& caller = std::nullopt);

 private:
  struct Scope;
  struct OverviewCalls;
  // An overview: gather the answers, index the rows, fill each section.
  absl::StatusOr<v1::Overview> Build(const Scope& scope, absl::Time deadline);
  // The one round of calls of an overview; a unit that does not exist on
  // as_of is INVALID_ARGUMENT.
  absl::StatusOr<OverviewAnswers> GatherOverview(const Scope& scope, absl::Time deadline);
  void StartUnitCalls(const Scope& scope, Fanout* fanout, OverviewCalls* calls);
  void StartPlanCalls(const Scope& scope, Fanout* fanout, OverviewCalls* calls);
  void StartComplianceCalls(const Scope& scope, Fanout* fanout, OverviewCalls* calls);
  void StartIndicatorCalls(const Scope& scope, Fanout* fanout, OverviewCalls* calls);
  void StartCampaignCall(const Scope& scope, Fanout* fanout, OverviewCalls* calls);
  // An unknown key indicator does not make the reporting section
  // unavailable (it is logged once instead).
  void ExcuseUnknownIndicators(const OverviewCalls& calls);
  OverviewAnswers TakeAnswers(const Scope& scope, OverviewCalls* calls);
  // The province of the as_of hierarchy each unit of an older hierarchy
  // (its code on `older_day`) went to, through succession; remembered
  // (history does not change). A failed lookup is merged into `sections`.
  std::map<std::string, std::string> PlaceOlderUnits(
      const std::vector<std::string>& codes, absl::CivilDay older_day, absl::Time deadline,
      google::protobuf::RepeatedPtrField<v1::SectionStatus>* sections);

  // Logs once per code that a key indicator is not in the catalogue.
  void WarnUnknownIndicator(const std::string& code);

  AgenciesClient& agencies_;
  PlansClient& plans_;
  ReportingClient& reporting_;
  CampaignsClient& campaigns_;
  const std::vector<std::string> key_indicators_;
  std::mutex mu_;
  // "code@day" -> province later ("": none)
  std::map<std::string, std::string> placed_ ABSL_GUARDED_BY(mu_);
  std::set<std::string> warned_ ABSL_GUARDED_BY(mu_);  // unknown key indicators logged
};

}  // namespace interplan::gateway

#endif  // INTERPLAN_GATEWAY_VIEW_BUILDER_H_
